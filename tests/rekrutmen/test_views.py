"""Rekrutmen pages: applicant registration and status, panitia pages; denials are 404; pinned queries."""

import datetime as dt
import uuid

import pytest
import time_machine
from django.urls import reverse

from rekrutmen import services
from rekrutmen.models import Lamaran, Pelamar
from tests.rekrutmen.factories import LamaranFactory, PelamarFactory

NIK = "3674011705980001"


@pytest.fixture
def now_registering():
    with time_machine.travel(dt.datetime(2024, 9, 1, 3, tzinfo=dt.UTC), tick=False):
        yield


def test_placeholder_replaced_index_routes_by_role(client, akun_pelamar, panitia, pegawai, seleksi):
    client.force_login(akun_pelamar)
    assert client.get(reverse("rekrutmen:index")).url == reverse("rekrutmen:daftar")
    client.force_login(panitia)
    assert client.get(reverse("rekrutmen:index")).url == reverse("rekrutmen:seleksi_list")
    client.force_login(pegawai.user)  # a pegawai without the role
    assert client.get(reverse("rekrutmen:index")).status_code == 404


def test_applicant_registers_in_two_steps_and_sees_the_submission(client, akun_pelamar, formasi, now_registering):
    client.force_login(akun_pelamar)
    bad = client.post(
        reverse("rekrutmen:daftar"),
        {
            "nik": NIK,
            "nama": "Budi",
            "tanggal_lahir": "1998-05-18",
            "jenis_kelamin": "L",
            "email": "b@contoh.id",
        },
    )
    assert bad.status_code == 200
    assert "tidak sesuai dengan tanggal lahir 18-05-1998" in bad.content.decode()
    assert not Pelamar.objects.exists()
    ok = client.post(
        reverse("rekrutmen:daftar"),
        {
            "nik": NIK,
            "nama": "Budi",
            "tanggal_lahir": "1998-05-17",
            "jenis_kelamin": "L",
            "email": "b@contoh.id",
        },
    )
    assert ok.status_code == 302
    page = client.get(reverse("rekrutmen:daftar")).content.decode()
    assert "Langkah 2 dari 2" in page and formasi.kode in page
    token = str(uuid.uuid4())
    data = {"formasi": formasi.pk, "pendidikan": "S1 Informatika", "ipk": "3,51", "client_token": token}
    r = client.post(reverse("rekrutmen:daftar"), data)
    assert r.status_code == 302, r.content.decode()
    assert client.post(reverse("rekrutmen:daftar"), data).url == reverse("rekrutmen:status")  # double submit
    assert Lamaran.objects.count() == 1
    status = client.get(reverse("rekrutmen:status")).content.decode()
    assert "Dikirim" in status and formasi.kode in status


def test_status_explains_passing_grade_rank_and_tie_break(
    client, akun_pelamar, formasi, panitia, django_assert_num_queries
):
    # all three total 375: TKP decides (rekrutmen.md §2.2)
    saya = LamaranFactory(formasi=formasi, pelamar=PelamarFactory(user=akun_pelamar), twk=100, tiu=100, tkp=175)
    LamaranFactory(formasi=formasi, twk=95, tiu=100, tkp=180)  # above me
    LamaranFactory(formasi=formasi, twk=105, tiu=100, tkp=170)  # below me
    services.ranking_apply(seleksi_id=formasi.seleksi_id, tahap="skd", formasi_range=(formasi.pk, formasi.pk))
    formasi.seleksi.skd_published_at = dt.datetime(2024, 10, 1, tzinfo=dt.UTC)
    formasi.seleksi.save()
    client.force_login(akun_pelamar)
    # session, user, own applications joined, the 2 ranking neighbours; navigation: pegawai, groups, notifications
    with django_assert_num_queries(8):
        page = client.get(reverse("rekrutmen:status")).content.decode()
    saya.refresh_from_db()
    assert "TWK Anda 100, memenuhi batas minimal 65." in page
    assert "TKP Anda 175, memenuhi batas minimal 166." in page
    assert saya.peringkat_skd == 2 and "berada di peringkat 2" in page
    assert "Ke SKB lolos peringkat 1 sampai 6" in page
    assert "peringkat 1; TKP-nya lebih tinggi (180 dibanding 175), sehingga ia di atas Anda." in page
    assert "peringkat 3; TKP Anda lebih tinggi (175 dibanding 170), sehingga Anda di atasnya." in page
    assert "Anda lolos ke SKB." in page


def test_panitia_pages_are_scoped_and_pinned(client, panitia, formasi, formasi_lain, django_assert_num_queries):
    for _ in range(5):
        LamaranFactory(formasi=formasi, status=Lamaran.Status.SUBMITTED)
    other = LamaranFactory(formasi=formasi_lain, status=Lamaran.Status.SUBMITTED)
    client.force_login(panitia)
    # session, user, groups, pegawai, the seleksi, the formasi with their counts; navigation: atasan?, notifications
    with django_assert_num_queries(8):
        page = client.get(reverse("rekrutmen:seleksi_detail", args=[formasi.seleksi_id]))
    assert formasi.kode in page.content.decode() and formasi_lain.kode not in page.content.decode()
    # session, user, groups, pegawai, the formasi, applicants joined with pelamar; navigation: atasan?, notifications
    with django_assert_num_queries(8):
        page = client.get(reverse("rekrutmen:formasi_detail", args=[formasi.pk]))
    assert page.content.decode().count('name="memenuhi"') == 5
    assert client.get(reverse("rekrutmen:formasi_detail", args=[formasi_lain.pk])).status_code == 404
    assert client.post(reverse("rekrutmen:verifikasi", args=[other.pk]), {"memenuhi": "1"}).status_code == 404
    assert Lamaran.objects.get(pk=other.pk).status == Lamaran.Status.SUBMITTED


def test_panitia_decides_tms_with_reason_from_the_page(client, panitia, formasi):
    lamaran = LamaranFactory(formasi=formasi, status=Lamaran.Status.SUBMITTED)
    client.force_login(panitia)
    r = client.post(reverse("rekrutmen:verifikasi", args=[lamaran.pk]), {"memenuhi": "0", "alasan": ""}, follow=True)
    assert "Alasan TMS wajib diisi." in r.content.decode()
    client.post(reverse("rekrutmen:verifikasi", args=[lamaran.pk]), {"memenuhi": "0", "alasan": "Ijazah D3"})
    assert Lamaran.objects.get(pk=lamaran.pk).status == Lamaran.Status.TMS


def test_ranking_run_from_the_page_and_refused_after_publication_without_reason(
    client, panitia, formasi, django_capture_on_commit_callbacks
):
    LamaranFactory(formasi=formasi, twk=100, tiu=100, tkp=200)
    client.force_login(panitia)
    url = reverse("rekrutmen:seleksi_detail", args=[formasi.seleksi_id])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"tahap": "skd"}).status_code == 302
    assert Lamaran.objects.get().peringkat_skd == 1
    services.hasil_publish(seleksi=formasi.seleksi, actor=panitia, tahap="skd")
    page = client.post(url, {"tahap": "skd", "alasan": ""}).content.decode()
    assert "koreksi wajib menyertakan alasan" in page


def test_applicant_and_stranger_are_denied_panitia_pages(client, akun_pelamar, orang_lain, formasi):
    lamaran = LamaranFactory(formasi=formasi, pelamar=PelamarFactory(user=akun_pelamar))
    for user in (akun_pelamar, orang_lain):
        client.force_login(user)
        assert client.get(reverse("rekrutmen:seleksi_list")).status_code == 404
        assert client.get(reverse("rekrutmen:formasi_detail", args=[formasi.pk])).status_code == 404
        assert client.post(reverse("rekrutmen:verifikasi", args=[lamaran.pk]), {"memenuhi": "1"}).status_code == 404
    client.force_login(orang_lain)  # someone else's sanggah
    assert client.post(reverse("rekrutmen:sanggah", args=[lamaran.pk]), {"alasan": "x"}).status_code == 404


def test_anonymous_is_sent_to_login(client):
    r = client.get(reverse("rekrutmen:status"))
    assert r.status_code == 302 and "login" in r.url


def test_publish_from_the_page_then_the_public_announcement_exists(client, panitia, formasi):
    LamaranFactory(formasi=formasi, twk=100, tiu=100, tkp=200)
    services.ranking_apply(seleksi_id=formasi.seleksi_id, tahap="skd", formasi_range=(formasi.pk, formasi.pk))
    client.force_login(panitia)
    r = client.post(reverse("rekrutmen:publikasi", args=[formasi.seleksi_id]), {"tahap": "akhir"}, follow=True)
    assert "Hasil SKD harus diumumkan sebelum hasil akhir." in r.content.decode()
    client.post(reverse("rekrutmen:publikasi", args=[formasi.seleksi_id]), {"tahap": "skd"})
    client.logout()
    assert client.get(reverse("rekrutmen:pengumuman", args=[formasi.seleksi_id, "skd"])).status_code == 200


def test_skd_upload_starts_a_job(client, panitia, formasi, settings, tmp_path, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from common.models import Job

    settings.MEDIA_ROOT = str(tmp_path)
    LamaranFactory(formasi=formasi, nomor_peserta="P1")
    client.force_login(panitia)
    url = reverse("rekrutmen:skd_impor", args=[formasi.seleksi_id])
    bad = client.post(url, {"berkas": SimpleUploadedFile("x.txt", b"a")}, follow=True)
    assert "Berkas harus berformat CSV atau XLSX." in bad.content.decode()
    csv = SimpleUploadedFile("cat.csv", b"nomor_peserta,twk,tiu,tkp\nP1,100,100,170\n")
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(url, {"berkas": csv})
    job = Job.objects.get()
    assert r.url == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    assert job.kind == "rekrutmen.skd_import_run" and job.status == Job.Status.DONE
    assert Lamaran.objects.get().twk == 100


def test_panitia_decides_a_sanggah_from_the_page_and_others_cannot(client, panitia, formasi, akun_pelamar):
    from django.utils import timezone

    lamaran = LamaranFactory(
        formasi=formasi,
        pelamar=PelamarFactory(user=akun_pelamar),
        status=Lamaran.Status.TMS,
        alasan_tms="x",
        sanggah_status=Lamaran.Sanggah.PENDING,
        sanggah_alasan="mohon diperiksa",
        sanggah_at=timezone.now(),
    )
    url = reverse("rekrutmen:sanggah_putuskan", args=[lamaran.pk])
    client.force_login(akun_pelamar)
    assert client.post(url, {"diterima": "1", "jawaban": "ya"}).status_code == 404
    assert client.post(reverse("rekrutmen:publikasi", args=[formasi.seleksi_id]), {"tahap": "skd"}).status_code == 404
    client.force_login(panitia)
    assert "mohon diperiksa" in client.get(reverse("rekrutmen:formasi_detail", args=[formasi.pk])).content.decode()
    client.post(url, {"diterima": "1", "jawaban": "Verifikator keliru"})
    lamaran.refresh_from_db()
    assert (lamaran.status, lamaran.sanggah_status) == ("ms", "accepted")
