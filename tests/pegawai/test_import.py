"""SIASN import through the service and `manage.py import_pegawai` (PostgreSQL in CI)."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from pegawai.imports import pegawai_import
from pegawai.models import Instansi, Jabatan, Pegawai, RiwayatPegawai, UnitKerja
from tests.pegawai.siasn_files import (
    COLUMNS_64,
    COLUMNS_69,
    INSTANSI_NAMA,
    SATKER_NAMA,
    UNOR_NAMA,
    csv_bytes,
    row,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

SITI = {"nip": "199001012015032002", "lahir": "01-01-1990", "jk": "F", "nama": "Siti Aminah"}


def _rows():
    return [
        row(),
        row(**SITI, gol_id="32", gol_nama="III/b", jenis_jabatan="4", jabatan="Pengadministrasi Umum",
            **{"UNOR ID": "", "UNOR NAMA": SATKER_NAMA}),
        row(nip="197003032000031003", lahir="03-03-1970", nama="Agus Salim", gol_id="42", gol_nama="IV/b",
            jenis_jabatan="1", jabatan="Kepala Dinas Komunikasi dan Informatika"),
    ]  # fmt: skip


def _state():
    return sorted(Pegawai.objects.values_list("nip", "golongan", "unit_kerja__nama", "jabatan__jenis", "updated_at"))


def test_67_column_csv_with_apostrophes_and_null_imports():
    result = pegawai_import(data=csv_bytes(_rows()), filename="export.csv")
    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    budi = Pegawai.objects.select_related("jabatan", "unit_kerja__parent", "instansi").get(nip="198502142010031001")
    assert (budi.nama, budi.gelar_depan, budi.gelar_belakang) == ("Budi Santoso", "", "S.Kom.")
    assert (budi.jenis_kelamin, budi.status, budi.golongan, budi.kedudukan) == ("L", "pns", "III/c", "aktif")
    assert budi.tanggal_lahir == dt.date(1985, 2, 14) and budi.tmt_golongan == dt.date(2020, 4, 1)
    assert (budi.jabatan.jenis, budi.jabatan.jenjang) == ("fungsional", "ahli_muda")
    assert budi.instansi.nama == INSTANSI_NAMA and budi.nomor_hp == "081234567890"
    # UNOR under its satuan kerja; paths rebuilt; new pegawai get no atasan and their own hirarki.
    assert budi.unit_kerja.nama == UNOR_NAMA and budi.unit_kerja.parent.nama == SATKER_NAMA
    assert budi.unit_kerja.path == f"/{budi.unit_kerja.parent_id}/{budi.unit_kerja_id}/"
    assert budi.atasan_id is None and budi.hirarki == f"/{budi.pk}/"
    siti = Pegawai.objects.select_related("unit_kerja", "jabatan").get(nip=SITI["nip"])
    assert siti.unit_kerja.nama == SATKER_NAMA and siti.unit_kerja.parent_id is None
    assert siti.jabatan.jenis == "pelaksana" and siti.jenis_kelamin == "P"
    agus = Pegawai.objects.select_related("jabatan").get(nip="197003032000031003")
    assert agus.jabatan.jenis == "jpt_pratama" and agus.batas_usia_pensiun == 60
    assert UnitKerja.objects.count() == 2 and Instansi.objects.count() == 1


def test_64_column_layout_imports():
    result = pegawai_import(data=csv_bytes(_rows(), columns=COLUMNS_64), filename="lama.csv")
    assert result.errors == [] and result.created == 3


def test_69_column_layout_uses_eselon():
    data = csv_bytes(
        [row(jenis_jabatan="1", jabatan="Kepala Bidang Aplikasi", **{"ESELON ID": "31"})], columns=COLUMNS_69
    )
    assert pegawai_import(data=data, filename="baru.csv").errors == []
    assert Pegawai.objects.get().jabatan.jenis == "administrator"


def test_pipe_delimited_file_imports():
    result = pegawai_import(data=csv_bytes(_rows(), delimiter="|", bom=False), filename="export.txt")
    assert result.errors == [] and result.created == 3
    assert Pegawai.objects.get(nip=SITI["nip"]).nama == "Siti Aminah"


def test_xlsx_with_excel_serial_dates_imports():
    result = pegawai_import(data=xlsx_bytes(_rows()), filename="export.xlsx")
    assert result.errors == [] and result.created == 3
    budi = Pegawai.objects.get(nip="198502142010031001")
    assert budi.tanggal_lahir == dt.date(1985, 2, 14) and budi.tmt_jabatan == dt.date(2022, 1, 1)


def test_bad_file_saves_nothing_and_reports_row_column_reason():
    rows = [
        row(),
        row(nip="19850214201003100X"),  # row 3: wrong NIP
        row(**{**SITI, "lahir": "02-01-1990"}),  # row 4: NIP/birth date conflict
        row(nip="197003032000031003", lahir="03-03-1970", gol_id="77", gol_nama=""),  # row 5: unknown golongan
        row(),  # row 6: duplicate NIP of row 2
    ]
    result = pegawai_import(data=csv_bytes(rows), filename="buruk.csv")
    assert [(e["baris"], e["kolom"]) for e in result.errors] == [
        (3, "NIP BARU"),
        (4, "TANGGAL LAHIR"),
        (5, "GOL AKHIR ID"),
        (6, "NIP BARU"),
    ]
    assert all(e["pesan"] for e in result.errors)
    assert "tidak sesuai dengan NIP" in result.errors[1]["pesan"]
    assert "ganda" in result.errors[3]["pesan"]
    assert not Pegawai.objects.exists()
    assert not UnitKerja.objects.exists() and not Instansi.objects.exists() and not Jabatan.objects.exists()


def test_second_import_changes_nothing():
    data = csv_bytes(_rows())
    pegawai_import(data=data, filename="a.csv")
    before = _state()
    result = pegawai_import(data=data, filename="a.csv")
    assert (result.created, result.updated, result.unchanged, result.riwayat) == (0, 0, 3, 0)
    assert _state() == before
    assert not RiwayatPegawai.objects.exists()
    assert UnitKerja.objects.count() == 2 and Jabatan.objects.count() == 3


def test_golongan_update_writes_history_and_keeps_atasan(admin_bkn):
    pegawai_import(data=csv_bytes(_rows()), filename="a.csv")
    budi = Pegawai.objects.get(nip="198502142010031001")
    agus = Pegawai.objects.get(nip="197003032000031003")
    Pegawai.objects.filter(pk=budi.pk).update(atasan=agus)
    rows = _rows()
    rows[0] = row(gol_id="34", gol_nama="III/d")
    result = pegawai_import(data=csv_bytes(rows), filename="b.csv", actor=admin_bkn)
    assert (result.created, result.updated, result.unchanged, result.riwayat) == (0, 1, 2, 1)
    budi.refresh_from_db()
    assert budi.golongan == "III/d" and budi.atasan_id == agus.pk
    h = RiwayatPegawai.objects.get()
    assert (h.pegawai_id, h.jenis, h.sumber, h.changed_by_id) == (budi.pk, "golongan", "import", admin_bkn.pk)
    assert (h.sebelum, h.sesudah) == ("Penata (III/c)", "Penata Tingkat I (III/d)")


def test_dry_run_saves_nothing_but_counts():
    result = pegawai_import(data=csv_bytes(_rows()), filename="a.csv", dry_run=True)
    assert result.errors == [] and result.created == 3 and len(result.preview) == 3
    assert result.preview[0]["aksi"] == "baru"
    assert not Pegawai.objects.exists() and not UnitKerja.objects.exists()


def test_existing_instansi_matched_by_name_and_admin_instansi_scope(admin_bkd, instansi, instansi_lain):
    # admin_bkd belongs to "Pemerintah Kota Tangerang Selatan" (kode TANGSEL): matched by name.
    foreign = row(**SITI, **{"INSTANSI KERJA ID": "X", "INSTANSI KERJA NAMA": instansi_lain.nama})
    result = pegawai_import(data=csv_bytes([row(), foreign]), filename="a.csv", actor=admin_bkd.user)
    assert [(e["baris"], e["kolom"]) for e in result.errors] == [(3, "INSTANSI KERJA NAMA")]
    assert "bukan instansi Anda" in result.errors[0]["pesan"]
    assert not Pegawai.objects.filter(nip__in=["198502142010031001", SITI["nip"]]).exists()
    result = pegawai_import(data=csv_bytes([row()]), filename="a.csv", actor=admin_bkd.user)
    assert result.errors == []
    assert Pegawai.objects.get(nip="198502142010031001").instansi_id == instansi.pk


def test_admin_instansi_cannot_update_pegawai_of_another_instansi(admin_bkd, pegawai_lain):
    data = csv_bytes([row(nip=pegawai_lain.nip, lahir=pegawai_lain.tanggal_lahir.strftime("%d-%m-%Y"),
                          jk="M" if pegawai_lain.jenis_kelamin == "L" else "F")])  # fmt: skip
    result = pegawai_import(data=data, filename="a.csv", actor=admin_bkd.user)
    assert [e["kolom"] for e in result.errors] == ["NIP BARU"]
    pegawai_lain.refresh_from_db()
    assert pegawai_lain.nama == "Pegawai Serang"


def test_junk_file_is_an_error_not_a_crash():
    result = pegawai_import(data=b"\x00\x01garbage", filename="x.csv")
    assert result.errors and result.errors[0]["baris"] == 1


# --- command ---------------------------------------------------------------------------------


def test_command_imports_and_exits_zero(tmp_path, capsys):
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes(_rows()))
    call_command("import_pegawai", str(path))
    assert "3 baru" in capsys.readouterr().out
    assert Pegawai.objects.count() == 3


def test_command_dry_run_saves_nothing(tmp_path, capsys):
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes(_rows()))
    call_command("import_pegawai", str(path), "--dry-run")
    assert "3 baru" in capsys.readouterr().out
    assert not Pegawai.objects.exists()


def test_command_bad_file_exits_non_zero_with_row_errors(tmp_path, capsys):
    path = tmp_path / "buruk.csv"
    path.write_bytes(csv_bytes([row(), row(nip="123")]))
    with pytest.raises(CommandError):
        call_command("import_pegawai", str(path))
    assert "Baris 3 [NIP BARU]" in capsys.readouterr().err
    assert not Pegawai.objects.exists()


def test_command_instansi_option_refuses_rows_of_other_instansi(tmp_path, capsys, instansi_lain):
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes(_rows()))
    with pytest.raises(CommandError):
        call_command("import_pegawai", str(path), "--instansi", "serang")
    assert "Baris 2 [INSTANSI KERJA NAMA]" in capsys.readouterr().err
    assert not Pegawai.objects.exists()
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("import_pegawai", str(path), "--instansi", "TIDAK-ADA")


def test_command_instansi_option_takes_rows_without_instansi_columns(tmp_path, capsys, instansi_lain):
    blank = {"INSTANSI KERJA ID": "null", "INSTANSI KERJA NAMA": "null"}
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes([r | blank for r in _rows()]))
    call_command("import_pegawai", str(path), "--instansi", "SERANG")
    assert set(Pegawai.objects.values_list("instansi__kode", flat=True)) == {"SERANG"}
    assert Pegawai.objects.count() == 3


def test_command_error_exits_with_status_one(tmp_path):
    # manage.py turns a CommandError into `sys.exit(returncode)`.
    path = tmp_path / "buruk.csv"
    path.write_bytes(csv_bytes([row(nip="123")]))
    with pytest.raises(CommandError) as exc:
        call_command("import_pegawai", str(path), "--dry-run")
    assert exc.value.returncode == 1
    with pytest.raises(CommandError):
        call_command("import_pegawai", str(tmp_path / "tidak-ada.csv"))


# --- web flow ----------------------------------------------------------------------------------


def _upload(client, data: bytes, name: str = "export.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    return client.post(reverse("pegawai:import"), {"berkas": SimpleUploadedFile(name, data)})


def test_web_upload_preview_confirm_runs_task_to_done(
    client, admin_bkn, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from pegawai.models import ImportJob

    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin_bkn)
    assert client.get(reverse("pegawai:import")).status_code == 200
    response = _upload(client, csv_bytes(_rows()))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("pegawai:import_job", args=[job.pk])
    assert (job.status, job.total, job.counts["created"], job.errors) == ("preview", 3, 3, [])
    assert not Pegawai.objects.exists()  # preview saves nothing
    page = client.get(reverse("pegawai:import_job", args=[job.pk])).content.decode()
    assert "Budi Santoso" in page and reverse("pegawai:import_confirm", args=[job.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pegawai:import_confirm", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.processed, job.counts["created"]) == ("done", 3, 3)
    assert job.started_at and job.finished_at
    assert Pegawai.objects.count() == 3
    progress = client.get(reverse("pegawai:import_progress", args=[job.pk])).content.decode()
    assert 'data-status="done"' in progress and "hx-trigger" not in progress
    # A second confirmation does nothing (the job is no longer a preview).
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pegawai:import_confirm", args=[job.pk]))
    assert Pegawai.objects.count() == 3 and ImportJob.objects.get().status == "done"


def test_running_job_page_polls_progress(client, admin_bkn, settings, tmp_path):
    from django.urls import reverse

    from pegawai.models import ImportJob

    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin_bkn)
    _upload(client, csv_bytes(_rows()))
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status="running", processed=2, total=3)
    page = client.get(reverse("pegawai:import_job", args=[job.pk])).content.decode()
    assert "hx-trigger" in page and reverse("pegawai:import_progress", args=[job.pk]) in page
    assert 'value="2"' in page


def test_web_bad_file_lists_errors_and_cannot_be_confirmed(client, admin_bkn, settings, tmp_path):
    from django.urls import reverse

    from pegawai.models import ImportJob

    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin_bkn)
    _upload(client, csv_bytes([row(), row(nip="123")]))
    job = ImportJob.objects.get()
    assert [(e["baris"], e["kolom"]) for e in job.errors] == [(3, "NIP BARU")]
    page = client.get(reverse("pegawai:import_job", args=[job.pk])).content.decode()
    assert "NIP BARU" in page and reverse("pegawai:import_confirm", args=[job.pk]) not in page
    client.post(reverse("pegawai:import_confirm", args=[job.pk]))
    assert ImportJob.objects.get().status == "preview" and not Pegawai.objects.exists()


def test_web_rejects_wrong_extension(client, admin_bkn):
    from pegawai.models import ImportJob

    client.force_login(admin_bkn)
    assert _upload(client, b"x", "foto.png").status_code == 400
    assert not ImportJob.objects.exists()


def test_plain_asn_gets_403_on_every_import_page(client, pegawai, admin_bkn, settings, tmp_path):
    from django.urls import reverse

    from pegawai.models import ImportJob

    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin_bkn)
    _upload(client, csv_bytes(_rows()))
    job = ImportJob.objects.get()
    client.force_login(pegawai.user if pegawai.user_id else _user_for(pegawai))
    assert client.get(reverse("pegawai:import")).status_code == 403
    assert _upload(client, csv_bytes(_rows())).status_code == 403
    for name in ("pegawai:import_job", "pegawai:import_progress"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 403
    assert client.post(reverse("pegawai:import_confirm", args=[job.pk])).status_code == 403
    assert ImportJob.objects.get().status == "preview"


def test_admin_instansi_cannot_see_another_admins_job(client, admin_bkd, admin_lain, settings, tmp_path):
    from django.urls import reverse

    from pegawai.models import ImportJob

    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin_lain.user)
    _upload(client, csv_bytes([row()]))
    job = ImportJob.objects.get()
    client.force_login(admin_bkd.user)
    assert client.get(reverse("pegawai:import_job", args=[job.pk])).status_code == 404


def test_admin_instansi_upload_of_foreign_rows_gets_errors(client, admin_bkd, instansi_lain, settings, tmp_path):
    from pegawai.models import ImportJob

    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin_bkd.user)
    foreign = row(**{"INSTANSI KERJA ID": "X", "INSTANSI KERJA NAMA": instansi_lain.nama})
    _upload(client, csv_bytes([foreign]))
    job = ImportJob.objects.get()
    assert [(e["baris"], e["kolom"]) for e in job.errors] == [(2, "INSTANSI KERJA NAMA")]


def _user_for(pegawai):
    from pegawai.services import pegawai_account_ensure

    return pegawai_account_ensure(pegawai=pegawai, password="rahasia-uji-123")


@pytest.mark.django_db(transaction=True)
def test_progress_is_written_outside_the_import_transaction():
    from django.db import connection, transaction

    from pegawai.imports import _progress_writer
    from pegawai.models import ImportJob

    job = ImportJob.objects.create(status="running", total=10, nama_berkas="x.csv")
    write, close = _progress_writer(job.pk)
    try:
        with transaction.atomic():
            write(5, 10)
            transaction.set_rollback(True)  # the import fails: its own writes vanish, progress stays
    finally:
        close()
    expected = 5 if connection.vendor == "postgresql" else 0
    assert ImportJob.objects.get(pk=job.pk).processed == expected


def test_update_of_many_field_kinds_is_written_exactly():
    pegawai_import(data=csv_bytes(_rows()), filename="x.csv")
    rows = _rows()
    rows[0].update(
        {
            "NAMA": "Budi Santoso Baru",
            "TMT GOLONGAN": "null",
            "TMT JABATAN": "05-06-2024",
            "JABATAN NAMA": "null",
            "JENIS JABATAN ID": "null",
            "UNOR ID": "",
            "UNOR NAMA": SATKER_NAMA,
            "KEDUDUKAN HUKUM ID": "03",
            "PNS ID": "FFFF0000FFFF0000FFFF0000FFFF0000",
        }
    )
    result = pegawai_import(data=csv_bytes(rows), filename="x.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2), result.errors
    budi = Pegawai.objects.select_related("unit_kerja").get(nip="198502142010031001")
    assert budi.nama == "Budi Santoso Baru" and budi.tmt_golongan is None
    assert budi.tmt_jabatan == dt.date(2024, 6, 5) and budi.jabatan_id is None
    assert budi.unit_kerja.nama == SATKER_NAMA and budi.kedudukan == "tugas_belajar"
    assert budi.siasn_id == "FFFF0000FFFF0000FFFF0000FFFF0000" and budi.batas_usia_pensiun == 58
    jenis = set(RiwayatPegawai.objects.filter(pegawai=budi).values_list("jenis", flat=True))
    assert jenis == {"jabatan", "unit_kerja", "kedudukan"}
    assert pegawai_import(data=csv_bytes(rows), filename="x.csv").updated == 0


def test_large_upload_is_checked_in_a_task_then_confirmed(
    client, admin_bkn, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from pegawai import imports
    from pegawai.models import ImportJob

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(imports, "PREVIEW_INLINE_MAX_BYTES", 10)  # every test file counts as large
    client.force_login(admin_bkn)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        _upload(client, csv_bytes(_rows()))
    job = ImportJob.objects.get()
    assert (job.status, job.counts, job.errors) == ("preview", {}, [])
    page = client.get(reverse("pegawai:import_job", args=[job.pk])).content.decode()
    assert "sedang diperiksa" in page and "hx-trigger" in page and "Konfirmasi impor" not in page
    with pytest.raises(imports.ImportJobStateError):
        imports.import_job_confirm(job=job)
    assert len(queued) == 1
    queued[0]()  # the preview task (eager)
    queued[0]()  # run twice: nothing changes
    job.refresh_from_db()
    assert (job.status, job.total, job.counts["created"], job.errors) == ("preview", 3, 3, [])
    assert not Pegawai.objects.exists()
    page = client.get(reverse("pegawai:import_job", args=[job.pk])).content.decode()
    assert "Konfirmasi impor" in page and "hx-trigger" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pegawai:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "done" and Pegawai.objects.count() == 3


def test_large_upload_with_errors_is_listed_after_the_check(
    client, admin_bkn, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    from pegawai import imports
    from pegawai.models import ImportJob

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(imports, "PREVIEW_INLINE_MAX_BYTES", 10)
    client.force_login(admin_bkn)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, csv_bytes([row(), row(nip="123")]))
    job = ImportJob.objects.get()
    assert [(e["baris"], e["kolom"]) for e in job.errors] == [(3, "NIP BARU")]
    with pytest.raises(imports.ImportJobStateError):
        imports.import_job_confirm(job=job)
    assert not Pegawai.objects.exists()


# --- defect 4: XLSX bomb, junk files, large files never parsed in the request --------------------


def _xlsx_bomb(inflated_mb: int = 64) -> bytes:
    """A real XLSX whose sheet is padded with `inflated_mb` MB of blanks: a small file that inflates
    to a huge one (the shape of the 644 KB / 400,000-row file of defect 4)."""
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([row()])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(info.filename, data)
                continue
            with bomb.open(info.filename, "w", force_zip64=True) as member:
                head, tail = data.split(b"</sheetData>", 1)
                member.write(head)
                chunk = b" " * (1024 * 1024)
                for _ in range(inflated_mb):
                    member.write(chunk)
                member.write(b"</sheetData>" + tail)
    return out.getvalue()


def test_xlsx_bomb_is_refused_from_its_zip_directory_without_parsing():
    from pegawai import siasn

    bomb = _xlsx_bomb()
    assert len(bomb) < 1024 * 1024  # small on disk
    with pytest.raises(siasn.SiasnFileError) as exc:
        siasn.read_rows(bomb, "bom.xlsx")
    # This message comes from the size check; a parsed sheet would have failed differently (or not).
    assert "mengembang menjadi 64 MB" in str(exc.value)
    result = pegawai_import(data=bomb, filename="bom.xlsx", dry_run=True)
    assert len(result.errors) == 1 and "ditolak" in result.errors[0]["pesan"]


def test_web_upload_of_an_xlsx_bomb_is_a_form_error_and_nothing_is_stored(client, admin_bkn, settings, tmp_path):
    from pegawai.models import ImportJob

    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin_bkn)
    response = _upload(client, _xlsx_bomb(), "bom.xlsx")
    assert response.status_code == 400
    assert "Berkas XLSX ditolak" in response.content.decode()
    assert not ImportJob.objects.exists() and not list(tmp_path.rglob("*.xlsx"))


def test_junk_rows_stop_after_the_error_limit_with_a_message(monkeypatch):
    from pegawai import imports

    monkeypatch.setattr(imports, "MAX_ROW_ERRORS", 5)
    junk = [row(nip=f"12{n}", nama=f"Junk {n}") for n in range(40)]
    result = pegawai_import(data=csv_bytes(junk), filename="junk.csv", dry_run=True)
    assert len(result.errors) == 5 + 1
    last = result.errors[-1]
    assert "dihentikan di baris 6 setelah 5 baris bermasalah" in last["pesan"]
    assert result.total == 5  # rows after the limit were never mapped
    assert not Pegawai.objects.exists()


def test_file_with_too_many_rows_is_refused(monkeypatch):
    from pegawai import siasn

    monkeypatch.setattr(siasn, "MAX_ROWS", 2)
    result = pegawai_import(data=csv_bytes(_rows()), filename="x.csv", dry_run=True)
    assert [e["baris"] for e in result.errors] == [1]
    assert "lebih dari 2 baris" in result.errors[0]["pesan"]


def test_small_xlsx_that_inflates_beyond_the_inline_limit_is_checked_in_a_task(
    admin_bkn, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    """What counts for "large" is the inflated size: a zip under the limit with a sheet over it is
    not parsed in the request."""
    from pegawai import imports

    settings.MEDIA_ROOT = tmp_path
    data = xlsx_bytes(_rows())
    monkeypatch.setattr(imports, "PREVIEW_INLINE_MAX_BYTES", len(data) + 1)  # the file itself is "small"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = imports.import_job_create(data=data, filename="x.xlsx", actor=admin_bkn)
    assert imports.import_job_is_checking(job) and len(callbacks) == 1
    callbacks[0]()
    job.refresh_from_db()
    assert (job.total, job.counts["created"], job.errors) == (3, 3, [])


# --- the import runs as common.Job kinds; its page shows the job progress partial ----------------


def test_confirmed_import_is_a_job_and_its_page_embeds_the_job_partial(
    client, admin_bkn, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from common.models import Job
    from pegawai.models import ImportJob

    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin_bkn)
    _upload(client, csv_bytes(_rows()))
    imp = ImportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post(reverse("pegawai:import_confirm", args=[imp.pk]))
    imp.refresh_from_db()
    run = imp.job
    assert (run.kind, run.owner, run.status, run.params) == (
        "pegawai.import_run",
        admin_bkn,
        Job.Status.QUEUED,
        {"import_id": imp.pk},
    )
    Job.objects.filter(pk=run.pk).update(status="running", progress_done=1, progress_total=3)
    html = client.get(reverse("pegawai:import_progress", args=[imp.pk])).content.decode()
    assert f'id="job-{run.pk}"' in html and 'hx-target="#status-impor"' in html
    assert f'hx-get="{reverse("pegawai:import_progress", args=[imp.pk])}"' in html
    assert html.count("hx-trigger") == 1  # one poller: the job partial, not the block too
    Job.objects.filter(pk=run.pk).update(status="queued")
    for callback in queued:
        callback()
    run.refresh_from_db()
    imp.refresh_from_db()
    assert run.status == Job.Status.DONE and imp.status == "done" and Pegawai.objects.count() == 3
    assert "hx-trigger" not in client.get(reverse("pegawai:import_progress", args=[imp.pk])).content.decode()


def test_an_import_that_fails_fails_its_job_with_the_reason(admin_bkn, settings, tmp_path):
    from django.core.files.base import ContentFile

    from common.jobs import job_run
    from common.models import Job
    from pegawai.models import ImportJob

    settings.MEDIA_ROOT = tmp_path
    imp = ImportJob(status="queued", nama_berkas="x.csv", created_by=admin_bkn)
    imp.file.save("x.csv", ContentFile(csv_bytes([row(), row(nip="123")])), save=False)
    imp.save()
    run = Job.objects.create(owner=admin_bkn, kind="pegawai.import_run", params={"import_id": imp.pk})
    job_run(job_id=run.pk)
    run.refresh_from_db()
    assert run.status == Job.Status.FAILED and "NIP" in run.error
    assert not Pegawai.objects.exists()
