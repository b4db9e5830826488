"""The SKM report PDF (a common.jobs job, verification code and QR, read back with pdftotext) and the
raw answers exporter (survei.respon)."""

from __future__ import annotations

import csv
import hashlib
import io
import subprocess

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from common import verification
from common.models import DokumenTerverifikasi, Job
from pegawai.permissions import Peran
from survei import pdf as survei_pdf
from tests.pegawai.factories import PegawaiFactory, UserFactory
from tests.survei.factories import JenisLayananFactory, PeriodeSurveiFactory, ResponFactory, UnitLayananFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.SITE_URL = "https://kinerja.tangsel.go.id"


def pengelola_of(unit):
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=Peran.PENGELOLA_SURVEI)[0])
    unit.pengelola.add(user)
    return user


def answers(**over):
    a = {f"u{i}": 4 for i in range(1, 10)}
    a.update(over)
    return a


@pytest.fixture
def periode():
    p = PeriodeSurveiFactory(
        unit=UnitLayananFactory(kode="dukcapil-capil", nama="Loket Pencatatan Sipil"),
        nama="Semester II 2026",
        populasi=1800,
    )
    akta = JenisLayananFactory(unit=p.unit, nama="Akta Kelahiran")
    ResponFactory.create_batch(5, periode=p, jenis_layanan=akta, usia="26-35", **answers(u6=2, u7=3))
    ResponFactory(periode=p, saran="Petugas perlu lebih ramah", **answers(u6=1))
    ResponFactory(periode=p, saran="Saran yang disembunyikan", saran_disembunyikan=True, **answers())
    return p


def pdftotext(path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True)
    return " ".join(out.stdout.split())


def test_report_job_renders_the_regulation_shape_with_a_sealed_verification_code(
    client, periode, django_capture_on_commit_callbacks
):
    user = pengelola_of(periode.unit)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("survei:laporan", args=[periode.pk]))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == Job.Status.DONE and job.owner == user
    assert job.progress_done == job.progress_total == 4
    text = pdftotext(job.result_file.path)
    assert "LAPORAN HASIL SURVEI KEPUASAN MASYARAKAT" in text
    assert "Loket Pencatatan Sipil" in text and "Semester II 2026" in text
    assert "Populasi pengguna layanan 1800" in text
    assert "Sampel minimal (Krejcie–Morgan) 317" in text
    assert "Jumlah responden 7" in text
    # U6: (5x2 + 1 + 4) / 7 = 2.14, the lowest unsur
    assert "Unsur dengan nilai terendah adalah U6" in text and "2.14" in text.replace(",", ".")
    assert "Petugas perlu lebih ramah" in text
    assert "Saran yang disembunyikan" not in text  # moderated saran stay out of the report
    doc = DokumenTerverifikasi.objects.get()
    assert doc.kind == "survei.laporan_skm" and doc.subject == "Loket Pencatatan Sipil"
    assert f"Kode verifikasi: {verification.display_code(doc.code)}" in text
    assert f"https://kinerja.tangsel.go.id/v/{doc.code}/" in text
    with job.result_file.open("rb") as fh:
        assert doc.sha256 == hashlib.sha256(fh.read()).hexdigest()


def test_report_of_another_units_period_is_404(client, periode):
    client.force_login(pengelola_of(UnitLayananFactory()))
    assert client.post(reverse("survei:laporan", args=[periode.pk])).status_code == 404
    client.force_login(PegawaiFactory().user)
    assert client.post(reverse("survei:laporan", args=[periode.pk])).status_code == 404
    assert not Job.objects.exists()


def test_report_job_fails_cleanly_when_the_owner_lost_the_unit(client, periode, django_capture_on_commit_callbacks):
    user = pengelola_of(periode.unit)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("survei:laporan", args=[periode.pk]))
    periode.unit.pengelola.remove(user)
    for cb in callbacks:
        cb()
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert "tidak ditemukan" in job.error
    assert not DokumenTerverifikasi.objects.exists()


def test_report_context_has_a_fixed_query_count(periode, django_assert_num_queries):
    periode = type(periode).objects.select_related("unit__instansi").get(pk=periode.pk)
    # IKM, jenis layanan names, the GROUP BY per jenis layanan, four profile GROUP BYs, saran
    with django_assert_num_queries(8):
        context = survei_pdf.laporan_context(periode)
    assert context["hasil"].jumlah_responden == 7


# --- raw answers export ---------------------------------------------------------------------------


def export_url(**params):
    return reverse("export", args=["survei.respon"]) + "?" + "&".join(f"{k}={v}" for k, v in params.items())


def test_raw_export_streams_every_answer_as_csv_with_inert_saran(client, periode):
    ResponFactory(periode=periode, saran='=HYPERLINK("http://x")', **answers(u9=1))
    client.force_login(pengelola_of(periode.unit))
    response = client.get(export_url(periode=periode.pk, format="csv"))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["ID respon", "Waktu", "Jenis layanan", "U1"]
    assert len(rows) == 1 + 8
    assert sum(1 for r in rows[1:] if r[2] == "Akta Kelahiran") == 5
    assert any(r[-2].startswith("'=HYPERLINK") for r in rows[1:])  # never a formula
    assert sorted(r[3 + 5] for r in rows[1:]).count("2") == 5  # U6 column


def test_raw_export_xlsx_opens(client, periode):
    from openpyxl import load_workbook

    client.force_login(pengelola_of(periode.unit))
    response = client.get(export_url(periode=periode.pk, format="xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 1 + 7


def test_raw_export_is_scoped(client, periode):
    client.force_login(pengelola_of(UnitLayananFactory()))
    assert client.get(export_url(periode=periode.pk, format="csv")).status_code == 404
    assert client.get(export_url(periode="99999999", format="csv")).status_code == 404
    client.force_login(PegawaiFactory().user)
    assert client.get(export_url(periode=periode.pk, format="csv")).status_code == 403
