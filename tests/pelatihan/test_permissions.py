"""pelatihan.permissions: every role of the cast, grants and denials."""

import pytest

from pegawai.permissions import Peran
from pelatihan import permissions as perm
from pelatihan import services as svc
from pelatihan.models import Angkatan, JpEksternal, Pendaftaran, Program
from tests.pegawai.factories import PegawaiFactory, UserFactory
from tests.pelatihan.factories import AngkatanFactory, ProgramFactory


@pytest.fixture
def pengelola(unit_opd):
    return PegawaiFactory(unit_kerja=unit_opd, nama="Pengelola", user=UserFactory(peran=[Peran.PENGELOLA_PELATIHAN]))


@pytest.fixture
def enrolment(pegawai, instansi):
    angkatan = AngkatanFactory(program=ProgramFactory(instansi=instansi))
    return svc.pendaftaran_daftar(angkatan=angkatan, actor=pegawai.user)


def _sees(user, model, q):
    return set(model.objects.filter(q).values_list("pk", flat=True))


def test_catalogue_is_visible_within_the_instansi_only(enrolment, pegawai, pegawai_lain, admin_bkn, akun_tanpa_pegawai):
    pk = enrolment.angkatan.program_id
    assert _sees(pegawai.user, Program, perm.program_visible_q(pegawai.user)) == {pk}
    assert _sees(pegawai_lain.user, Program, perm.program_visible_q(pegawai_lain.user)) == set()
    assert _sees(akun_tanpa_pegawai, Program, perm.program_visible_q(akun_tanpa_pegawai)) == set()
    assert _sees(admin_bkn, Angkatan, perm.angkatan_visible_q(admin_bkn)) == {enrolment.angkatan_id}


def test_enrolment_visible_to_self_atasan_and_managers_only(
    enrolment, pegawai, penilai, atasan_penilai, admin_bkd, pengelola, pegawai_lain, admin_lain, akun_tanpa_pegawai
):
    colleague = PegawaiFactory(unit_kerja=pegawai.unit_kerja, atasan=penilai)
    for who in (pegawai, penilai, atasan_penilai, admin_bkd, pengelola):
        assert _sees(who.user, Pendaftaran, perm.pendaftaran_visible_q(who.user)) == {enrolment.pk}, who
    for user in (colleague.user, pegawai_lain.user, admin_lain.user, akun_tanpa_pegawai):
        assert _sees(user, Pendaftaran, perm.pendaftaran_visible_q(user)) == set(), user


def test_only_the_atasan_decides_and_only_while_requested(enrolment, pegawai, penilai, atasan_penilai, admin_bkd):
    assert perm.can_approve_pendaftaran(penilai.user, "requested", pegawai)
    assert perm.can_approve_pendaftaran(atasan_penilai.user, "requested", pegawai)  # indirect atasan
    assert not perm.can_approve_pendaftaran(pegawai.user, "requested", pegawai)  # not oneself
    assert not perm.can_approve_pendaftaran(admin_bkd.user, "requested", pegawai)
    assert not perm.can_approve_pendaftaran(penilai.user, "approved", pegawai)


def test_manager_predicates(pegawai, pengelola, admin_bkd, admin_lain, admin_bkn, instansi):
    assert perm.can_manage_pelatihan(pengelola.user, instansi.pk)
    assert perm.can_manage_pelatihan(admin_bkd.user, instansi.pk)
    assert perm.can_manage_pelatihan(admin_bkn, instansi.pk)
    assert not perm.can_manage_pelatihan(admin_lain.user, instansi.pk)
    assert not perm.can_manage_pelatihan(pegawai.user, instansi.pk)
    assert perm.can_verify_jp_eksternal(pengelola.user, "submitted", pegawai)
    assert not perm.can_verify_jp_eksternal(pengelola.user, "verified", pegawai)
    assert not perm.can_verify_jp_eksternal(pengelola.user, "submitted", pengelola)  # own certificate
    assert not perm.can_verify_jp_eksternal(admin_lain.user, "submitted", pegawai)


def test_jp_eksternal_scope_fails_closed(pegawai, pegawai_lain, akun_tanpa_pegawai):
    assert _sees(akun_tanpa_pegawai, JpEksternal, perm.jp_eksternal_visible_q(akun_tanpa_pegawai)) == set()
    from pegawai.models import Pegawai

    assert not Pegawai.objects.filter(perm.pegawai_ledger_q(akun_tanpa_pegawai)).exists()
    assert set(Pegawai.objects.filter(perm.pegawai_ledger_q(pegawai_lain.user))) == {pegawai_lain}


def test_admin_bkn_sees_every_enrolment_and_ledger(enrolment, admin_bkn, pegawai_lain):
    # regression: `nothing_q() | Q()` is nothing in Django, so admin BKN once saw no row at all
    from pegawai.models import Pegawai

    assert _sees(admin_bkn, Pendaftaran, perm.pendaftaran_visible_q(admin_bkn)) == {enrolment.pk}
    assert Pegawai.objects.filter(perm.pegawai_ledger_q(admin_bkn)).count() == Pegawai.objects.count()
    assert Pegawai.objects.filter(perm.pegawai_ledger_q(admin_bkn), pk=pegawai_lain.pk).exists()
