"""Exporter registry (common.exporters), the generic export view and API, and inert spreadsheet cells
(common.spreadsheet, defect 3). Files are read back with openpyxl / csv, never compared as bytes."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from common.exporters import Exporter, exporter_for, exporters
from common.models import Job
from common.spreadsheet import Spreadsheet
from pegawai.exporters import PegawaiDirektoriExporter
from tests.pegawai.factories import PegawaiFactory

pytestmark = pytest.mark.django_db

FORMULAS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", '=HYPERLINK("http://evil.example","klik")']


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _xlsx(content: bytes):
    return load_workbook(io.BytesIO(content))  # full mode: cell.data_type is available


def _csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


# --- common.spreadsheet ---------------------------------------------------------------------------


def test_xlsx_text_that_looks_like_a_formula_is_stored_as_text():
    book = Spreadsheet("xlsx")
    sheet = book.sheet("Uji")
    sheet.append(FORMULAS)
    sheet.append([42, 1.5, timezone.localdate(), None, "bersih\x07"])
    ws = _xlsx(book.getvalue()).active
    for cell, text in zip(ws[1], FORMULAS, strict=True):
        assert cell.data_type == "s", cell.coordinate
        assert cell.value == text
    numbers = ws[2]
    assert numbers[0].value == 42 and numbers[0].data_type == "n"  # numbers stay numbers
    assert numbers[4].value == "bersih"  # a control character XLSX cannot hold is dropped, no 500


def test_csv_cells_starting_with_formula_characters_get_the_neutralising_prefix():
    book = Spreadsheet("csv")
    sheet = book.sheet("Uji")
    sheet.append([*FORMULAS, "-12", "Budi"])
    row = _csv(book.getvalue())[0]
    assert row[:4] == ["'=1+1", "'+1+1", "'-1+1", "'@SUM(A1)"]
    assert row[4].startswith("'=HYPERLINK")
    assert row[5:] == ["-12", "Budi"]  # a plain negative number and a name are left alone


def test_csv_has_one_sheet_and_formats_are_checked():
    book = Spreadsheet("csv")
    book.sheet("a")
    with pytest.raises(ValueError):
        book.sheet("b")
    with pytest.raises(ValueError):
        Spreadsheet("pdf")


# --- defect 3 end to end: the directory export ----------------------------------------------------


@pytest.fixture
def jahat(unit_bidang):
    return PegawaiFactory(
        unit_kerja=unit_bidang, nama="=1+1", gelar_depan="@SUM(A1)", tempat_lahir="+HYPERLINK(1)", gelar_belakang=""
    )


def test_directory_xlsx_writes_names_from_people_as_text(client, admin_bkd, jahat):
    client.force_login(admin_bkd.user)
    response = client.get(reverse("pegawai:export", args=["xlsx"]))
    ws = _xlsx(response.content).active
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[header.index("NIP")].value == jahat.nip)
    nama = row[header.index("Nama")]
    assert (nama.value, nama.data_type) == ("=1+1", "s")
    assert row[header.index("Tempat lahir")].data_type == "s"
    assert all(c.data_type != "f" for r in ws.iter_rows() for c in r)


def test_directory_csv_neutralises_formulas(client, admin_bkd, jahat):
    client.force_login(admin_bkd.user)
    rows = _csv(client.get(reverse("pegawai:export", args=["csv"])).content)
    header = rows[0]
    row = next(r for r in rows[1:] if r[header.index("NIP")] == jahat.nip)
    assert row[header.index("Nama")] == "'=1+1"
    assert row[header.index("Gelar depan")] == "'@SUM(A1)"
    assert row[header.index("Tempat lahir")] == "'+HYPERLINK(1)"


def test_kinerja_log_text_is_inert_in_its_xlsx(client, pegawai):
    from tests.kinerja.factories import LogHarianFactory, PeriodeFactory, RhkFactory, SkpFactory
    from tests.kinerja.log_helpers import current_window

    periode = PeriodeFactory(instansi=pegawai.instansi, tahun=timezone.localdate().year)
    window = current_window(periode)
    rhk = RhkFactory(skp=SkpFactory(pegawai=pegawai, periode=periode, status="approved"), deskripsi="=2+2")
    LogHarianFactory(rhk=rhk, tanggal=timezone.localdate(), kegiatan="=HYPERLINK(1)")
    client.force_login(pegawai.user)
    response = client.get(reverse("kinerja:export_pegawai_xlsx", args=[pegawai.pk]), {"window": window.pk})
    logs = _xlsx(response.content)["Log harian"]
    cells = [c for r in logs.iter_rows(min_row=2) for c in r if c.value in ("=2+2", "=HYPERLINK(1)")]
    assert len(cells) == 2 and all(c.data_type == "s" for c in cells)


# --- registry and generic view --------------------------------------------------------------------


def test_apps_declare_exporters_by_class():
    assert {"pegawai.direktori", "kinerja.kepatuhan", "kinerja.pegawai"} <= set(exporters())
    assert isinstance(exporter_for("pegawai.direktori"), PegawaiDirektoriExporter)

    class Tertutup(Exporter):
        identifier = "tests.tertutup"

    assert exporters()["tests.tertutup"] is Tertutup
    assert Tertutup().allowed(None) is False  # fail closed by default


def test_generic_view_shows_the_form_then_exports(client, admin_bkd, pegawai):
    client.force_login(admin_bkd.user)
    url = reverse("export", args=["pegawai.direktori"])
    page = client.get(url)
    assert page.status_code == 200 and 'name="format"' in page.content.decode()
    response = client.get(url, {"format": "csv", "golongan": pegawai.golongan})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert pegawai.nip in {r[0] for r in _csv(response.content)[1:]}


def test_generic_view_bad_parameters_are_400_with_indonesian_field_errors(client, admin_bkd):
    client.force_login(admin_bkd.user)
    response = client.get(reverse("export", args=["pegawai.direktori"]), {"format": "pdf", "golongan": "X/z"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Masukkan pilihan yang valid" in html
    assert "id_format-error" in html and "id_golongan-error" in html


def test_unknown_exporter_is_404_and_anonymous_goes_to_login(client, pegawai):
    assert client.get(reverse("export", args=["pegawai.direktori"])).status_code == 302
    client.force_login(pegawai.user)
    assert client.get(reverse("export", args=["tidak.ada"])).status_code == 404


def test_exporter_denials(client, pegawai, penilai, pegawai_lain):
    client.force_login(pegawai.user)
    # not an admin: the compliance board export is not for them
    assert client.get(reverse("export", args=["kinerja.kepatuhan"]), {"format": "xlsx"}).status_code == 403
    # someone outside their scope (another instansi, their own atasan): as if it did not exist
    for other in (pegawai_lain, penilai):
        r = client.get(reverse("export", args=["kinerja.pegawai"]), {"format": "xlsx", "pegawai": other.pk})
        assert r.status_code == 404, other
    r = client.get(reverse("export", args=["kinerja.pegawai"]), {"format": "xlsx", "pegawai": pegawai.pk})
    assert r.status_code == 200


def test_admin_of_one_instansi_cannot_pick_another_for_the_board(client, admin_bkd, instansi_lain):
    client.force_login(admin_bkd.user)
    url = reverse("export", args=["kinerja.kepatuhan"])
    assert client.get(url, {"format": "xlsx", "instansi": instansi_lain.pk}).status_code == 404
    assert client.get(url, {"format": "xlsx"}).status_code == 200


def test_a_big_export_runs_as_a_job_and_is_downloaded_by_its_owner(
    client, admin_bkd, unit_bidang, monkeypatch, django_capture_on_commit_callbacks
):
    PegawaiFactory.create_batch(3, unit_kerja=unit_bidang)
    monkeypatch.setattr(PegawaiDirektoriExporter, "inline_max_rows", 2)
    client.force_login(admin_bkd.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("pegawai:export", args=["csv"]))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.owner, job.kind, job.status) == (admin_bkd.user, "common.export", Job.Status.DONE)
    assert job.params == {"exporter": "pegawai.direktori", "data": {"format": ["csv"]}}
    download = client.get(reverse("jobs:download", args=[job.pk]))
    rows = _csv(b"".join(download.streaming_content))
    assert len(rows) == 1 + 4  # header, the admin and the 3 others of the instansi
    assert job.result_filename.startswith("pegawai-") and job.result_filename.endswith(".csv")
    assert job.label == "Ekspor: Direktori pegawai"
    assert "Ekspor: Direktori pegawai" in client.get(reverse("jobs:list")).content.decode()


def test_api_starts_an_export_job(client, admin_bkd, django_capture_on_commit_callbacks):
    client.force_login(admin_bkd.user)
    url = reverse("api_export", args=["pegawai.direktori"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"format": "xlsx", "golongan": "III/a"}, content_type="application/json")
    assert response.status_code == 202
    body = response.json()
    job = Job.objects.get(pk=body["id"])
    assert job.status == Job.Status.DONE and job.result_filename.endswith(".xlsx")
    assert body["page_url"] == reverse("jobs:detail", args=[job.pk])


def test_api_export_denials_and_bad_input(client, pegawai, pegawai_lain):
    client.force_login(pegawai.user)
    bad = client.post(
        reverse("api_export", args=["pegawai.direktori"]), {"format": "pdf"}, content_type="application/json"
    )
    assert bad.status_code == 400 and "format" in bad.json()
    assert (
        client.post(reverse("api_export", args=["tidak.ada"]), {}, content_type="application/json").status_code == 404
    )
    forbidden = client.post(
        reverse("api_export", args=["kinerja.kepatuhan"]), {"format": "xlsx"}, content_type="application/json"
    )
    assert forbidden.status_code == 403
    hidden = client.post(
        reverse("api_export", args=["kinerja.pegawai"]),
        {"format": "xlsx", "pegawai": pegawai_lain.pk},
        content_type="application/json",
    )
    assert hidden.status_code == 404
    assert not Job.objects.exists()


def test_export_job_rechecks_access_when_it_runs(admin_bkd):
    """Queued as an admin, run after the role was taken away: the job fails, no file is written."""
    from common.jobs import job_run

    job = Job.objects.create(
        owner=admin_bkd.user, kind="common.export", params={"exporter": "kinerja.kepatuhan", "data": {}}
    )
    admin_bkd.user.groups.clear()
    admin_bkd.user.__dict__.pop("peran_set", None)
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "tidak lagi berhak" in job.error
    assert not job.result_file
