"""Public announcement page and the XLSX export of a published ranking (masked, recomputable)."""

import io

import openpyxl
from django.urls import reverse
from django.utils import timezone

from rekrutmen import scoring, services
from rekrutmen.models import Lamaran
from tests.rekrutmen.factories import LamaranFactory, PelamarFactory


def _ranked(formasi, n=4):
    rows = [
        LamaranFactory(
            formasi=formasi,
            nomor_peserta=f"N{i}",
            twk=100,
            tiu=100,
            tkp=200 - i,
            pelamar=PelamarFactory(nama=f"Budi Santoso {i}", nik=f"36740117059{i:05d}"),
        )
        for i in range(n)
    ]
    services.ranking_apply(seleksi_id=formasi.seleksi_id, tahap="skd", formasi_range=(formasi.pk, formasi.pk))
    return rows


def test_unpublished_stage_is_404_for_everyone(client, formasi, panitia):
    _ranked(formasi)
    url = reverse("rekrutmen:pengumuman", args=[formasi.seleksi_id, "skd"])
    assert client.get(url).status_code == 404
    client.force_login(panitia)
    assert client.get(url).status_code == 404
    assert client.get(reverse("rekrutmen:pengumuman", args=[formasi.seleksi_id, "apa"])).status_code == 404


def test_public_page_masks_names_and_nik_with_pinned_queries(client, formasi, django_assert_num_queries):
    _ranked(formasi)
    formasi.seleksi.skd_published_at = timezone.now()
    formasi.seleksi.save()
    url = reverse("rekrutmen:pengumuman", args=[formasi.seleksi_id, "skd"])
    with django_assert_num_queries(2):  # the seleksi, the rows joined with pelamar and formasi (anonymous: no session)
        page = client.get(url).content.decode()
    assert "B*** S*** 0***" in page and "************00000" not in page and "************0001" in page
    assert "Budi Santoso" not in page and "3674011705900001" not in page
    assert page.count("Lolos ke SKB") == 4 + 0  # 4 ranked rows within 3 x 2


def test_xlsx_export_lets_anyone_recompute_the_order(client, formasi, orang_lain):
    rows = _ranked(formasi, n=8)
    formasi.seleksi.skd_published_at = timezone.now()
    formasi.seleksi.save()
    client.force_login(orang_lain)
    r = client.get(
        reverse("export", args=["rekrutmen.peringkat"]),
        {"seleksi": formasi.seleksi_id, "tahap": "skd", "format": "xlsx"},
    )
    assert r.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    data = list(ws.iter_rows(values_only=True))
    header, body = data[0], data[1:]
    assert len(body) == len(rows)
    col = {h: i for i, h in enumerate(header)}
    peserta = [
        {"twk": int(b[col["TWK"]]), "tiu": int(b[col["TIU"]]), "tkp": int(b[col["TKP"]]), "no": b[col["Nomor peserta"]]}
        for b in body
    ]
    assert [p["no"] for p in scoring.urutkan(peserta)] == [b[col["Nomor peserta"]] for b in body]
    assert all("Budi" not in str(v) for b in body for v in b)


def test_export_of_unpublished_stage_is_404(client, formasi, orang_lain):
    _ranked(formasi)
    client.force_login(orang_lain)
    r = client.get(
        reverse("export", args=["rekrutmen.peringkat"]),
        {"seleksi": formasi.seleksi_id, "tahap": "skd", "format": "xlsx"},
    )
    assert r.status_code == 404
    assert Lamaran.objects.filter(peringkat_skd__isnull=False).count() == 4


def test_announcement_pdf_job_text_reads_back_masked_and_sealed(
    client, formasi, panitia, settings, tmp_path, django_capture_on_commit_callbacks
):
    import subprocess

    from common import verification
    from common.models import Job

    settings.MEDIA_ROOT = str(tmp_path)
    _ranked(formasi)
    client.force_login(panitia)
    url = reverse("rekrutmen:pengumuman_pdf", args=[formasi.seleksi_id])
    r = client.post(url, {"tahap": "skd"}, follow=True)
    assert "belum diumumkan" in r.content.decode() and not Job.objects.exists()
    formasi.seleksi.skd_published_at = timezone.now()
    formasi.seleksi.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"tahap": "skd"})
    job = Job.objects.get()
    assert job.status == Job.Status.DONE, job.error
    path = job.result_file.path
    text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, check=True, text=True).stdout
    assert "Pengumuman hasil SKD" in text and "B*** S*** 0***" in text and "************0001" in text
    assert "Budi Santoso" not in text
    doc = verification.DokumenTerverifikasi.objects.get(kind="rekrutmen.pengumuman")
    assert doc.code in text.replace("-", "") or verification.display_code(doc.code) in text
    with open(path, "rb") as f:
        assert verification.matches(doc, f.read())
