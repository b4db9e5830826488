"""Certificates: the PDF text read back, its public verification page (name, programme and date
only), a forged code, and bulk generation per run as a job with progress, safe to run twice."""

import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from common.jobs import job_run, start_job
from common.models import DokumenTerverifikasi, Job
from pegawai.permissions import Peran
from pelatihan import services as svc
from pelatihan.models import Angkatan
from pelatihan.pdf import sertifikat_context, sertifikat_queryset
from tests.pegawai.factories import PegawaiFactory, UserFactory
from tests.pelatihan.factories import AngkatanFactory, ProgramFactory


@pytest.fixture
def pengelola(unit_opd):
    return PegawaiFactory(unit_kerja=unit_opd, nama="Pengelola", user=UserFactory(peran=[Peran.PENGELOLA_PELATIHAN]))


@pytest.fixture
def selesai(pegawai, penilai, pengelola, instansi):
    angkatan = AngkatanFactory(
        program=ProgramFactory(instansi=instansi, nama="Pelatihan Analisis Data", jp=24), kuota=3
    )
    a = svc.pendaftaran_usulkan(angkatan=angkatan, pegawai=pegawai, actor=penilai.user)
    b = svc.pendaftaran_usulkan(
        angkatan=angkatan, pegawai=PegawaiFactory(unit_kerja=pegawai.unit_kerja, atasan=penilai), actor=penilai.user
    )
    svc.angkatan_selesaikan(
        angkatan=angkatan,
        hasil={a.pk: svc.Hasil(Decimal(88), True), b.pk: svc.Hasil(Decimal(50), False)},
        actor=pengelola.user,
    )
    return angkatan, a, b


def _text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout


def test_certificate_pdf_carries_name_programme_jp_and_code(selesai, media, client):
    _angkatan, a, b = selesai
    p = svc.sertifikat_render(pendaftaran_id=a.pk)
    assert svc.sertifikat_render(pendaftaran_id=b.pk) is None  # did not pass: no certificate
    text = _text(p.sertifikat_file.path)
    assert "SERTIFIKAT" in text and "Staf Bidang" in text and "Pelatihan Analisis Data" in text
    assert "24 JP" in text and p.pegawai.nip in text
    doc = DokumenTerverifikasi.objects.get(code=p.sertifikat_kode)
    assert doc.kind == "pelatihan.sertifikat" and doc.sha256
    assert f"{doc.code[:5]}-{doc.code[5:]}" in text
    # the public page: name, programme and date; no NIP, unit or score
    page = client.get(reverse("verifikasi", args=[p.sertifikat_kode])).content.decode()
    assert "Staf Bidang" in page and "Pelatihan Analisis Data" in page
    assert p.pegawai.nip not in page and p.pegawai.unit_kerja.nama not in page and "88" not in page
    # the stored file is the sealed one
    with open(p.sertifikat_file.path, "rb") as f:
        response = client.post(reverse("verifikasi", args=[p.sertifikat_kode]), {"berkas": f})
    assert 'data-hasil="asli"' in response.content.decode()


def test_second_render_keeps_the_first_code_and_file(selesai, media):
    _angkatan, a, _b = selesai
    first = svc.sertifikat_render(pendaftaran_id=a.pk)
    again = svc.sertifikat_render(pendaftaran_id=a.pk)
    assert (again.sertifikat_kode, again.sertifikat_file.name) == (first.sertifikat_kode, first.sertifikat_file.name)
    assert DokumenTerverifikasi.objects.filter(kind="pelatihan.sertifikat").count() == 1


def test_forged_code_is_a_clear_404(client, db):
    response = client.get(reverse("verifikasi", args=["ZZZZZ-ZZZZZ"]))
    assert response.status_code == 404
    assert "tidak ditemukan" in response.content.decode()


def test_bulk_certificates_job_with_progress_runs_once(selesai, pengelola, media):
    angkatan, a, _b = selesai
    job = start_job(owner=pengelola.user, kind="pelatihan.sertifikat_angkatan", params={"angkatan_id": angkatan.pk})
    job_run(job_id=job.pk)
    job_run(job_id=job.pk)  # a duplicate delivery does nothing
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and (job.progress_done, job.progress_total) == (1, 1)
    a.refresh_from_db()
    assert a.sertifikat_kode
    assert DokumenTerverifikasi.objects.filter(kind="pelatihan.sertifikat").count() == 1


def test_bulk_job_refuses_other_instansi_and_unfinished_runs(selesai, admin_lain, pengelola, instansi, media):
    angkatan, _a, _b = selesai
    job = start_job(owner=admin_lain.user, kind="pelatihan.sertifikat_angkatan", params={"angkatan_id": angkatan.pk})
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "tidak ditemukan" in job.error
    open_run = AngkatanFactory(program=ProgramFactory(instansi=instansi))
    job = start_job(owner=pengelola.user, kind="pelatihan.sertifikat_angkatan", params={"angkatan_id": open_run.pk})
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "sudah selesai" in job.error
    assert Angkatan.objects.get(pk=open_run.pk).status == Angkatan.Status.OPEN


def test_certificate_context_is_one_query(selesai, django_assert_num_queries):
    _angkatan, a, _b = selesai
    with django_assert_num_queries(1):
        ctx = sertifikat_context(sertifikat_queryset().get(pk=a.pk))
    assert ctx["program"] == "Pelatihan Analisis Data" and ctx["jp"] == 24
