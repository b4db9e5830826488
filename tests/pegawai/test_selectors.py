"""Selectors: scoping, filters and the unit tree's head counts, each in a fixed number of queries."""

import pytest

from pegawai import selectors
from pegawai.models import Pegawai
from tests.pegawai.factories import PegawaiFactory, UnitKerjaFactory


def test_pegawai_list_joins_its_relations(admin_bkd, pegawai, penilai, django_assert_num_queries):
    user = admin_bkd.user
    user.peran_set  # noqa: B018 - roles are loaded once per request, not per row
    with django_assert_num_queries(1):
        rows = [
            (p.nama_lengkap, p.unit_kerja.nama, p.atasan and p.atasan.nama)
            for p in selectors.pegawai_list_for(viewer=user)
        ]
    assert len(rows) == 4


def test_subtree_filter_includes_descendant_units(admin_bkd, unit_opd, unit_bidang, pegawai, penilai, atasan_penilai):
    seksi = UnitKerjaFactory(instansi=unit_opd.instansi, parent=unit_bidang)
    deep = PegawaiFactory(unit_kerja=seksi)
    ids = set(selectors.pegawai_list_for(viewer=admin_bkd.user, unit_kerja=unit_bidang).values_list("pk", flat=True))
    assert ids == {pegawai.pk, penilai.pk, deep.pk}
    assert atasan_penilai.pk not in ids


def test_search_by_nip_with_separators_and_by_name(admin_bkd, pegawai):
    printed = pegawai.nip_format  # "19860926 201505 1 001"
    assert list(selectors.pegawai_list_for(viewer=admin_bkd.user, q=printed)) == [pegawai]
    assert list(selectors.pegawai_list_for(viewer=admin_bkd.user, q="staf bid")) == [pegawai]


def test_tim_for_direct_and_indirect(atasan_penilai, penilai, pegawai):
    assert set(selectors.tim_for(atasan=atasan_penilai)) == {penilai, pegawai}
    assert list(selectors.tim_for(atasan=atasan_penilai, langsung_saja=True)) == [penilai]
    assert list(selectors.tim_for(atasan=pegawai)) == []


def test_unit_tree_counts_active_pegawai_only(pegawai, unit_opd, unit_bidang, django_assert_num_queries):
    PegawaiFactory(unit_kerja=unit_bidang, kedudukan="pensiun")
    user = pegawai.user
    user.pegawai_or_none, user.peran_set  # noqa: B018 - loaded once per request
    with django_assert_num_queries(2):  # units, then one grouped COUNT
        (root,) = selectors.unit_tree_for(viewer=user)
    # OPD: its head; bidang: penilai and pegawai; the retired one is not counted anywhere.
    assert (root["jumlah"], root["total"]) == (1, 3)
    assert (root["children"][0]["jumlah"], root["children"][0]["total"]) == (2, 2)


@pytest.mark.parametrize("role", ["akun_tanpa_pegawai"])
def test_an_account_without_pegawai_sees_nothing(request, role, pegawai, unit_opd):
    user = request.getfixturevalue(role)
    assert not selectors.pegawai_list_for(viewer=user).exists()
    assert not selectors.unit_kerja_list_for(viewer=user).exists()
    assert selectors.unit_tree_for(viewer=user) == []
    assert Pegawai.objects.exists()
