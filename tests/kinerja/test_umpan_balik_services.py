"""Umpan balik: the atasan side opens threads per RHK and per BerAKHLAK value; the ASN replies."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from common.models import Notifikasi
from kinerja.models import UmpanBalik
from kinerja.services.umpan_balik import umpan_balik_add
from tests.kinerja.log_helpers import current_window, setup_skp
from tests.pegawai.factories import PegawaiFactory


@pytest.fixture
def ctx(pegawai):
    skp, rhk, _ind = setup_skp(pegawai)
    return skp, rhk, current_window(skp.periode)


def test_atasan_comments_on_an_rhk_and_the_asn_replies(pegawai, penilai, ctx):
    skp, rhk, w = ctx
    umpan_balik_add(actor=penilai, skp_id=skp.pk, window_id=w.pk, rhk_id=rhk.pk, isi="Tambahkan notulen rapat.")
    assert Notifikasi.objects.filter(penerima=pegawai.user, jenis="umpan_balik").count() == 1
    umpan_balik_add(actor=pegawai, skp_id=skp.pk, window_id=w.pk, rhk_id=rhk.pk, isi="Siap, sudah saya lampirkan.")
    assert Notifikasi.objects.filter(penerima=penilai.user, jenis="umpan_balik").count() == 1
    assert list(UmpanBalik.objects.filter(rhk=rhk).values_list("author_id", flat=True)) == [penilai.pk, pegawai.pk]


def test_threads_per_berakhlak_value(pegawai, penilai, ctx):
    skp, _rhk, w = ctx
    umpan_balik_add(actor=penilai, skp_id=skp.pk, window_id=w.pk, perilaku="kolaboratif", isi="Aktif di tim.")
    # the ASN cannot open a thread on another value, only reply to an existing one
    with pytest.raises(PermissionDenied):
        umpan_balik_add(actor=pegawai, skp_id=skp.pk, window_id=w.pk, perilaku="adaptif", isi="Saya adaptif.")
    umpan_balik_add(actor=pegawai, skp_id=skp.pk, window_id=w.pk, perilaku="kolaboratif", isi="Terima kasih.")
    assert UmpanBalik.objects.filter(perilaku="kolaboratif").count() == 2


def test_strangers_and_colleagues_cannot_post(pegawai, ctx):
    skp, rhk, w = ctx
    colleague = PegawaiFactory(unit_kerja=pegawai.unit_kerja, atasan=pegawai.atasan)
    with pytest.raises(PermissionDenied):
        umpan_balik_add(actor=colleague, skp_id=skp.pk, window_id=w.pk, rhk_id=rhk.pk, isi="Halo")
    assert not UmpanBalik.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"rhk_id": None, "perilaku": ""}, "__all__"),
        ({"perilaku": "tidak_ada"}, "perilaku"),
        ({"isi": "   "}, "isi"),
    ],
)
def test_bad_feedback_input(penilai, ctx, kwargs, field):
    skp, rhk, w = ctx
    args = {"rhk_id": rhk.pk, "perilaku": "", "isi": "Baik", **kwargs}
    if "perilaku" in kwargs and kwargs["perilaku"]:
        args["rhk_id"] = None
    with pytest.raises(ValidationError) as exc:
        umpan_balik_add(actor=penilai, skp_id=skp.pk, window_id=w.pk, **args)
    assert field in exc.value.message_dict


def test_rhk_of_another_skp_is_refused(penilai, ctx):
    skp, _rhk, w = ctx
    _s, other_rhk, _i = setup_skp(penilai)
    with pytest.raises(ValidationError) as exc:
        umpan_balik_add(actor=penilai, skp_id=skp.pk, window_id=w.pk, rhk_id=other_rhk.pk, isi="x")
    assert "rhk" in exc.value.message_dict
