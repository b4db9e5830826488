"""e-Kinerja II pages: the atasan's rating form (evidence, denials, bad input as a 400 form), the ASN's
results, the admin's unit distribution with finalisation; query counts pinned (no N+1)."""

import pytest
from django.urls import reverse

from kinerja.models import EvaluasiPeriodik, EvaluasiTahunan, LogHarian, PredikatUnit, UmpanBalik
from tests.kinerja.factories import PeriodeFactory
from tests.kinerja.skp_helpers import approved, skp_for
from tests.pegawai.factories import PegawaiFactory


@pytest.fixture
def skp_ok(pegawai, penilai):
    return approved(skp_for(pegawai), penilai)


def _url(skp, nomor=1):
    window = skp.periode.windows.get(nomor=nomor)
    return reverse("kinerja:evaluasi_periodik_rate", args=[skp.pk, window.pk])


def test_penilai_sees_evidence_and_rates(client, skp_ok, penilai):
    rhk = skp_ok.rhk.first()
    window = skp_ok.periode.windows.get(nomor=1)
    UmpanBalik.objects.create(skp=skp_ok, periode_evaluasi=window, rhk=rhk, author=penilai, isi="Percepat laporan")
    LogHarian.objects.create(
        pegawai=skp_ok.pegawai, rhk=rhk, tanggal=window.mulai, kegiatan="Menyusun laporan Januari",
        jam_mulai="08:00", jam_selesai="10:00",
    )  # fmt: skip
    client.force_login(penilai.user)
    page = client.get(_url(skp_ok))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Percepat laporan" in html and "Menyusun laporan Januari" in html
    response = client.post(
        _url(skp_ok),
        {
            "rating_hasil": "di_atas",
            "rating_perilaku": "di_atas",
            f"rhk_{rhk.pk}": "di_atas",
            "perilaku_loyal": "sesuai",
            "umpan_balik": "Baik",
        },
    )
    assert response.status_code == 302
    ev = EvaluasiPeriodik.objects.get()
    assert ev.predikat == "sangat_baik" and ev.rating_rhk.get().rating == "di_atas"


def test_unknown_rating_is_a_400_form_error_and_nothing_saved(client, skp_ok, penilai):
    client.force_login(penilai.user)
    response = client.post(_url(skp_ok), {"rating_hasil": "luar_biasa", "rating_perilaku": "sesuai"})
    assert response.status_code == 400
    assert "rating_hasil" in response.context["form"].errors
    assert not EvaluasiPeriodik.objects.exists()


def test_unapproved_skp_gives_a_clear_error(client, pegawai, penilai):
    skp = skp_for(pegawai)
    client.force_login(penilai.user)
    response = client.post(_url(skp), {"rating_hasil": "sesuai", "rating_perilaku": "sesuai"})
    assert response.status_code == 400
    assert "SKP belum disetujui" in response.content.decode()
    assert not EvaluasiPeriodik.objects.exists()


def test_rating_someone_you_do_not_supervise_is_denied(client, skp_ok, atasan_penilai, pegawai_lain, unit_bidang):
    # visible (indirect atasan) but not theirs to rate: 403
    client.force_login(atasan_penilai.user)
    assert client.get(_url(skp_ok)).status_code == 403
    # out of scope (a colleague, another instansi): 404
    for other in (PegawaiFactory(unit_kerja=unit_bidang), pegawai_lain):
        client.force_login(other.user)
        assert client.get(_url(skp_ok)).status_code == 404
        assert client.post(_url(skp_ok), {"rating_hasil": "sesuai", "rating_perilaku": "sesuai"}).status_code == 404
    assert not EvaluasiPeriodik.objects.exists()


def test_rating_form_query_count_does_not_grow_with_evidence(client, skp_ok, penilai, django_assert_num_queries):
    rhk = skp_ok.rhk.first()
    window = skp_ok.periode.windows.get(nomor=1)
    url = _url(skp_ok)
    client.force_login(penilai.user)
    client.get(url)  # warm the session
    # session, user, pegawai, delegations, groups, SKP, window, RHK, realisasi, logs, umpan balik,
    # existing rating, is_atasan, unread notifications
    with django_assert_num_queries(14):
        client.get(url)
    for i in range(5):
        UmpanBalik.objects.create(skp=skp_ok, periode_evaluasi=window, rhk=rhk, author=penilai, isi=f"ub {i}")
        LogHarian.objects.create(
            pegawai=skp_ok.pegawai,
            rhk=rhk,
            tanggal=window.mulai,
            kegiatan=f"log {i}",
            jam_mulai="08:00",
            jam_selesai="09:00",
        )
    with django_assert_num_queries(14):  # more evidence, same queries
        client.get(url)


def test_asn_sees_own_results_only(client, skp_ok, penilai, pegawai, unit_bidang, django_assert_num_queries):
    window = skp_ok.periode.windows.get(nomor=1)
    EvaluasiPeriodik.objects.create(
        skp=skp_ok, periode_evaluasi=window, pegawai=pegawai, penilai=penilai, rating_hasil="sesuai",
        rating_perilaku="sesuai", predikat="baik", umpan_balik="Pertahankan", status="final",
    )  # fmt: skip
    client.force_login(pegawai.user)
    client.get(reverse("kinerja:evaluasi_saya"))
    with django_assert_num_queries(8):
        html = client.get(reverse("kinerja:evaluasi_saya")).content.decode()
    assert "Pertahankan" in html
    colleague = PegawaiFactory(unit_kerja=unit_bidang)
    client.force_login(colleague.user)
    assert "Pertahankan" not in client.get(reverse("kinerja:evaluasi_saya")).content.decode()


def _unit_rows(periode, unit, atasan, predikat_list):
    for predikat in predikat_list:
        EvaluasiTahunan.objects.create(
            pegawai=PegawaiFactory(unit_kerja=unit, atasan=atasan), periode=periode, unit_kerja=unit,
            rating_hasil="sesuai", rating_perilaku="sesuai", predikat=predikat,
        )  # fmt: skip


def test_admin_unit_page_shows_distribution_and_finalises_with_justification(
    client, admin_bkd, unit_opd, atasan_penilai, django_assert_num_queries
):
    periode = PeriodeFactory(instansi=unit_opd.instansi)
    PredikatUnit.objects.create(unit_kerja=unit_opd, tahun=periode.tahun, predikat="baik")
    _unit_rows(periode, unit_opd, atasan_penilai, ["baik"] * 3)
    url = reverse("kinerja:evaluasi_unit", args=[unit_opd.pk, periode.pk])
    client.force_login(admin_bkd.user)
    client.get(url)
    with django_assert_num_queries(11):
        page = client.get(url)
    html = page.content.decode()
    assert "<svg" in html and "3 (100.0%)" in html
    assert "mengharuskan ada pegawai" in html  # the departure is shown
    _unit_rows(periode, unit_opd, atasan_penilai, ["baik"] * 3)
    with django_assert_num_queries(11):  # more rows, same queries
        client.get(url)
    response = client.post(url, {"justifikasi": ""})
    assert response.status_code == 400
    assert "justifikasi" in response.context["form"].errors
    assert not EvaluasiTahunan.objects.filter(status="final").exists()
    assert client.post(url, {"justifikasi": "Unit baru dibentuk"}).status_code == 302
    assert EvaluasiTahunan.objects.filter(status="final").count() == 6


def test_unit_page_is_404_outside_the_admin_scope(client, admin_lain, pegawai, unit_opd):
    periode = PeriodeFactory(instansi=unit_opd.instansi)
    url = reverse("kinerja:evaluasi_unit", args=[unit_opd.pk, periode.pk])
    for user in (admin_lain.user, pegawai.user):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"justifikasi": "x"}).status_code == 404
