"""Pelatihan pages: the ASN registers, the atasan approves; scoping (404), denials (403), errors
shown as messages (never a 500), query counts pinned."""

import pytest
from django.urls import reverse

from pelatihan import services as svc
from pelatihan.models import Angkatan, Pendaftaran
from tests.pegawai.factories import PegawaiFactory
from tests.pelatihan.factories import AngkatanFactory, ProgramFactory

S = Pendaftaran.Status


@pytest.fixture
def angkatan(instansi):
    return AngkatanFactory(program=ProgramFactory(instansi=instansi, nama="Pelatihan Jurnalistik"), kuota=1)


def test_asn_sees_progress_and_registers_then_atasan_approves(client, pegawai, penilai, angkatan):
    client.force_login(pegawai.user)
    page = client.get(reverse("pelatihan:index"))
    html = page.content.decode()
    assert page.status_code == 200 and "Pelatihan Jurnalistik" in html and 'aria-valuenow="0"' in html
    response = client.post(reverse("pelatihan:daftar", args=[angkatan.pk]), follow=True)
    assert "diajukan ke atasan" in response.content.decode()
    p = Pendaftaran.objects.get()
    assert p.status == S.REQUESTED

    client.force_login(penilai.user)
    html = client.get(reverse("pelatihan:index")).content.decode()
    assert f"menunggu-{p.pk}" in html
    response = client.post(reverse("pelatihan:putuskan", args=[p.pk]), {"aksi": "setujui"}, follow=True)
    assert "disetujui" in response.content.decode()
    p.refresh_from_db()
    assert p.status == S.APPROVED and p.disetujui_oleh == penilai


def test_full_run_waitlists_and_closed_run_is_a_message_not_a_500(client, pegawai, angkatan):
    other = PegawaiFactory(unit_kerja=pegawai.unit_kerja, atasan=pegawai.atasan)
    svc.pendaftaran_daftar(angkatan=angkatan, actor=other.user)
    client.force_login(pegawai.user)
    response = client.post(reverse("pelatihan:daftar", args=[angkatan.pk]), follow=True)
    assert "daftar tunggu" in response.content.decode()
    closed = AngkatanFactory(program=angkatan.program, status=Angkatan.Status.CLOSED)
    response = client.post(reverse("pelatihan:daftar", args=[closed.pk]), follow=True)
    assert response.status_code == 200 and "tidak dibuka" in response.content.decode()
    assert not Pendaftaran.objects.filter(angkatan=closed).exists()


def test_other_instansi_run_is_404(client, pegawai_lain, angkatan):
    client.force_login(pegawai_lain.user)
    assert client.post(reverse("pelatihan:daftar", args=[angkatan.pk])).status_code == 404
    assert not Pendaftaran.objects.exists()


def test_decision_denials(client, pegawai, penilai, pegawai_lain, admin_bkd, angkatan):
    p = svc.pendaftaran_daftar(angkatan=angkatan, actor=pegawai.user)
    url = reverse("pelatihan:putuskan", args=[p.pk])
    client.force_login(pegawai.user)  # visible (own) but not theirs to approve
    assert client.post(url, {"aksi": "setujui"}).status_code == 403
    client.force_login(pegawai_lain.user)  # not visible at all
    assert client.post(url, {"aksi": "setujui"}).status_code == 404
    client.force_login(admin_bkd.user)  # sees it, but approval is the atasan's
    assert client.post(url, {"aksi": "setujui"}).status_code == 403
    assert client.get(url).status_code == 405
    p.refresh_from_db()
    assert p.status == S.REQUESTED


def test_anonymous_goes_to_login(client, db):
    assert client.get(reverse("pelatihan:index")).status_code == 302


def test_index_query_count_is_pinned_and_does_not_grow(client, pegawai, penilai, instansi, django_assert_num_queries):
    for _ in range(4):
        staf = PegawaiFactory(unit_kerja=pegawai.unit_kerja, atasan=penilai)
        a = AngkatanFactory(program=ProgramFactory(instansi=instansi), kuota=10)
        svc.pendaftaran_daftar(angkatan=a, actor=staf.user)
    client.force_login(penilai.user)
    client.get(reverse("pelatihan:index"))  # warm the session and role caches
    # 12 queries (session, roles, ledger, lists, the nav's badges), whatever the number of rows
    with django_assert_num_queries(12):
        html = client.get(reverse("pelatihan:index")).content.decode()
    assert html.count('<li id="menunggu-') == 4 and html.count('<li id="angkatan-') == 4
    for _ in range(3):
        staf = PegawaiFactory(unit_kerja=pegawai.unit_kerja, atasan=penilai)
        svc.pendaftaran_daftar(angkatan=AngkatanFactory(program=ProgramFactory(instansi=instansi)), actor=staf.user)
    with django_assert_num_queries(12):
        html = client.get(reverse("pelatihan:index")).content.decode()
    assert html.count('<li id="menunggu-') == 7
