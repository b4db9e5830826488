"""SKD CAT import: CSV/XLSX, dry run, all-or-nothing with row errors, scoped to the panitia, as a job."""

import io

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from common.jobs import job_run, start_job
from common.models import Job
from rekrutmen import services
from rekrutmen.models import Lamaran
from rekrutmen.services import RekrutmenError
from tests.rekrutmen.factories import LamaranFactory


@pytest.fixture
def peserta(formasi, formasi_lain):
    rows = [LamaranFactory(formasi=formasi, nomor_peserta=f"P{i:03d}") for i in range(3)]
    rows.append(LamaranFactory(formasi=formasi, nomor_peserta="P-TMS", status=Lamaran.Status.TMS, alasan_tms="x"))
    rows.append(LamaranFactory(formasi=formasi_lain, nomor_peserta="P-BOGOR"))  # another instansi
    return rows


def _csv(*lines):
    return ("nomor_peserta,twk,tiu,tkp\n" + "\n".join(lines) + "\n").encode()


def _scores():
    return dict(Lamaran.objects.exclude(twk=None).values_list("nomor_peserta", "twk"))


def test_valid_csv_is_imported_and_recorded(peserta, panitia, seleksi):
    hasil = services.skd_import(
        seleksi=seleksi,
        actor=panitia,
        content=_csv("P000,100,100,170", "P001,65,80,166", "P002,0,0,0"),
        nama_berkas="cat.csv",
        dry_run=False,
    )
    assert hasil.applied and hasil.errors == []
    assert _scores() == {"P000": 100, "P001": 65, "P002": 0}
    assert Lamaran.objects.get(nomor_peserta="P000").history.first().history_change_reason == "impor SKD cat.csv"


def test_dry_run_writes_nothing(peserta, panitia, seleksi):
    hasil = services.skd_import(
        seleksi=seleksi, actor=panitia, content=_csv("P000,100,100,170"), nama_berkas="cat.csv", dry_run=True
    )
    assert (hasil.rows, hasil.errors, hasil.applied) == (1, [], False)
    assert _scores() == {}


def test_one_junk_row_keeps_every_row_out_and_each_error_names_row_and_column(peserta, panitia, seleksi):
    content = _csv(
        "P000,100,100,170",  # fine
        "P001,66,100,170",  # TWK not on the step
        "P002,100,180,170",  # TIU out of range
        "P000,100,100,170",  # twice
        "P999,100,100,170",  # unknown
        "P-TMS,100,100,170",  # not MS
        "P-BOGOR,100,100,170",  # another instansi's participant: unknown to this panitia
        ",100,100,170",
        "P001,abc,100,170",
    )
    hasil = services.skd_import(seleksi=seleksi, actor=panitia, content=content, nama_berkas="cat.csv", dry_run=False)
    got = [(e.baris, e.kolom, e.pesan) for e in hasil.errors]
    assert got == [
        (3, "twk", "nilai TWK harus kelipatan 5: 66"),
        (4, "tiu", "nilai TIU di luar rentang 0-175: 180"),
        (5, "nomor_peserta", "nomor peserta P000 muncul dua kali"),
        (6, "nomor_peserta", "nomor peserta P999 tidak dikenal di seleksi ini"),
        (7, "nomor_peserta", "peserta P-TMS tidak berstatus MS"),
        (8, "nomor_peserta", "nomor peserta P-BOGOR tidak dikenal di seleksi ini"),
        (9, "nomor_peserta", "nomor peserta kosong"),
        (10, "nomor_peserta", "nomor peserta P001 muncul dua kali"),
    ]
    assert not hasil.applied and _scores() == {}


def test_missing_column_and_unreadable_file(peserta, panitia, seleksi):
    hasil = services.skd_import(
        seleksi=seleksi, actor=panitia, content=b"nomor_peserta,twk\nP000,100\n", nama_berkas="x.csv", dry_run=False
    )
    assert [(e.baris, e.pesan) for e in hasil.errors] == [(1, "kolom tidak ada: tiu, tkp")]
    hasil = services.skd_import(
        seleksi=seleksi, actor=panitia, content=b"\x00junk", nama_berkas="x.xlsx", dry_run=False
    )
    assert [(e.baris, e.pesan) for e in hasil.errors] == [(1, "berkas tidak dapat dibaca sebagai CSV/XLSX")]


def test_xlsx_with_numeric_cells(peserta, panitia, seleksi):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["nomor_peserta", "twk", "tiu", "tkp"])
    ws.append(["P000", 100, 105.0, 170])
    buf = io.BytesIO()
    wb.save(buf)
    hasil = services.skd_import(
        seleksi=seleksi, actor=panitia, content=buf.getvalue(), nama_berkas="cat.xlsx", dry_run=False
    )
    assert hasil.applied
    assert Lamaran.objects.filter(nomor_peserta="P000", twk=100, tiu=105, tkp=170).exists()


def test_import_refused_after_publication(peserta, panitia, seleksi):
    from django.utils import timezone

    seleksi.skd_published_at = timezone.now()
    seleksi.save()
    with pytest.raises(RekrutmenError, match="sudah diumumkan"):
        services.skd_import(
            seleksi=seleksi, actor=panitia, content=_csv("P000,100,100,170"), nama_berkas="c.csv", dry_run=False
        )


def test_import_runs_as_a_job_and_junk_becomes_a_failed_job(peserta, panitia, seleksi, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    path = default_storage.save("rekrutmen/impor/cat.csv", ContentFile(_csv("P000,100,100,170", "P001,66,100,170")))
    job = start_job(owner=panitia, kind="rekrutmen.skd_import_run", params={"seleksi_id": seleksi.pk, "path": path})
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "1 baris salah, tidak ada yang disimpan: baris 3 twk: nilai TWK harus kelipatan 5: 66" in job.error
    assert _scores() == {}
    path = default_storage.save("rekrutmen/impor/cat2.csv", ContentFile(_csv("P000,100,100,170")))
    job = start_job(owner=panitia, kind="rekrutmen.skd_import_run", params={"seleksi_id": seleksi.pk, "path": path})
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and _scores() == {"P000": 100}
