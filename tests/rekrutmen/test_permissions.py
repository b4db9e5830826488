"""rekrutmen.permissions: role x object matrix; everything outside the scope matches nothing."""

import pytest

from rekrutmen import permissions as rp
from rekrutmen.models import Formasi, Lamaran
from tests.rekrutmen.factories import LamaranFactory, PelamarFactory


@pytest.fixture
def rows(formasi, formasi_lain, akun_pelamar):
    return {
        "own": LamaranFactory(formasi=formasi, pelamar=PelamarFactory(user=akun_pelamar)),
        "same_instansi": LamaranFactory(formasi=formasi),
        "other_instansi": LamaranFactory(formasi=formasi_lain),
    }


def _visible(user):
    return set(Lamaran.objects.filter(rp.lamaran_visible_q(user)).values_list("pk", flat=True))


def test_lamaran_scope_per_role(rows, panitia, akun_pelamar, admin_bkn, orang_lain, admin_bkd, pegawai):
    ids = {k: v.pk for k, v in rows.items()}
    assert _visible(admin_bkn) == set(ids.values())
    assert _visible(panitia) == {ids["own"], ids["same_instansi"]}
    assert _visible(akun_pelamar) == {ids["own"]}
    for user in (orang_lain, admin_bkd.user, pegawai.user):  # admin instansi is not panitia
        assert _visible(user) == set(), user


def test_anonymous_sees_nothing(rows):
    from django.contrib.auth.models import AnonymousUser

    assert _visible(AnonymousUser()) == set()
    assert not Formasi.objects.filter(rp.formasi_managed_q(AnonymousUser())).exists()


def test_formasi_managed_only_by_panitia_of_the_instansi(formasi, formasi_lain, panitia, admin_bkn, akun_pelamar):
    assert set(Formasi.objects.filter(rp.formasi_managed_q(panitia))) == {formasi}
    assert set(Formasi.objects.filter(rp.formasi_managed_q(admin_bkn))) == {formasi, formasi_lain}
    assert not Formasi.objects.filter(rp.formasi_managed_q(akun_pelamar)).exists()


def test_can_manage_lamaran_matrix(rows, panitia, admin_bkn, akun_pelamar, orang_lain):
    assert rp.can_manage_lamaran(panitia, rows["same_instansi"])
    assert not rp.can_manage_lamaran(panitia, rows["other_instansi"])
    assert rp.can_manage_lamaran(admin_bkn, rows["other_instansi"])
    assert not rp.can_manage_lamaran(akun_pelamar, rows["own"])  # an applicant never decides
    assert not rp.can_manage_lamaran(orang_lain, rows["own"])
    assert rp.is_own_lamaran(akun_pelamar, rows["own"]) and not rp.is_own_lamaran(orang_lain, rows["own"])
    assert rp.can_manage_seleksi(panitia) and rp.can_manage_seleksi(admin_bkn)
    assert not rp.can_manage_seleksi(akun_pelamar) and not rp.can_manage_seleksi(orang_lain)


def test_panitia_group_without_pegawai_gets_nothing(db, rows):
    from pegawai.permissions import Peran
    from tests.pegawai.factories import UserFactory

    user = UserFactory(peran=[Peran.PANITIA_SELEKSI])
    assert _visible(user) == set()
    assert not rp.can_manage_lamaran(user, rows["same_instansi"])
