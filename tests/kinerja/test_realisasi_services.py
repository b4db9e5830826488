"""Realisasi: set-based refresh from approved logs (unit match), manual entry with evidence."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kinerja.models import LogHarian, Periode, PeriodeEvaluasi, Realisasi
from kinerja.selectors.realisasi import realisasi_table_for
from kinerja.services import realisasi as svc
from kinerja.services.errors import StateError
from tests.kinerja.factories import IndikatorFactory, LogHarianFactory, RhkFactory
from tests.kinerja.log_helpers import current_window, png_bytes, setup_skp, upload
from tests.pegawai.factories import PegawaiFactory

pytest_plugins = ["tests.kinerja.log_helpers"]
pytestmark = pytest.mark.usefixtures("media")


def _approved(rhk, window, jumlah, satuan, status=LogHarian.Status.APPROVED):
    return LogHarianFactory(rhk=rhk, tanggal=window.mulai, output_jumlah=jumlah, output_satuan=satuan, status=status)


def test_refresh_sums_approved_logs_whose_unit_matches(pegawai):
    skp, rhk, ind = setup_skp(pegawai, satuan="Dokumen")
    other_ind = IndikatorFactory(rhk=rhk, satuan="kegiatan", target_angka=4)
    text_ind = IndikatorFactory(rhk=rhk, satuan="", target_angka=None, target_teks="Tepat waktu")
    w = current_window(skp.periode)
    _approved(rhk, w, Decimal("2.5"), " dokumen ")
    _approved(rhk, w, Decimal("1"), "DOKUMEN")
    _approved(rhk, w, Decimal("9"), "dokumen", status=LogHarian.Status.SUBMITTED)  # not approved
    _approved(rhk, w, Decimal("1"), "kegiatan")
    earlier = PeriodeEvaluasi.objects.filter(periode=skp.periode).exclude(pk=w.pk).first()
    LogHarianFactory(rhk=rhk, tanggal=earlier.mulai, output_satuan="dokumen", status="approved", output_jumlah=50)
    assert svc.realisasi_refresh(skp_ids=[skp.pk], window=w) == 2
    got = dict(Realisasi.objects.filter(periode_evaluasi=w).values_list("indikator_id", "realisasi_angka"))
    assert got == {ind.pk: Decimal("3.50"), other_ind.pk: Decimal("1.00")}
    assert not Realisasi.objects.filter(indikator=text_ind).exists()


def test_refresh_is_set_based_for_many_skps(pegawai, django_assert_num_queries):
    skp0, rhk0, ind0 = setup_skp(pegawai)
    w = current_window(skp0.periode)
    # colleagues in the same instansi share the performance year and its windows
    others = [setup_skp(PegawaiFactory(unit_kerja=pegawai.unit_kerja)) for _ in range(5)]
    for _skp, rhk, _ind in others:
        _approved(rhk, w, 1, "dokumen")
    _approved(rhk0, w, 4, "dokumen")
    # aggregate, indikator, stored rows, one upsert, history (one SELECT + one INSERT)
    with django_assert_num_queries(6):
        written = svc.realisasi_refresh(skp_ids=[skp0.pk, *(s.pk for s, _r, _i in others)], window=w)
    assert written == 6
    assert Realisasi.objects.get(indikator=ind0).realisasi_angka == 4
    assert sorted(Realisasi.objects.values_list("realisasi_angka", flat=True)) == [1] * 5 + [4]


def test_refresh_never_overwrites_a_manual_value(pegawai):
    skp, rhk, ind = setup_skp(pegawai)
    w = current_window(skp.periode)
    svc.realisasi_set_manual(
        actor=pegawai, indikator_id=ind.pk, window_id=w.pk, angka=Decimal(7), files=[upload("b.png", png_bytes())]
    )
    _approved(rhk, w, 3, "dokumen")
    svc.realisasi_refresh(skp_ids=[skp.pk], window=w)
    real = Realisasi.objects.get(indikator=ind, periode_evaluasi=w)
    assert (real.sumber, real.realisasi_angka, real.bukti.count()) == ("manual", Decimal(7), 1)
    real = svc.realisasi_use_logs(actor=pegawai, indikator_id=ind.pk, window_id=w.pk)
    assert (real.sumber, real.realisasi_angka) == ("log", Decimal(3))


def test_manual_realisasi_needs_evidence_and_a_non_negative_value(pegawai):
    skp, _rhk, ind = setup_skp(pegawai)
    w = current_window(skp.periode)
    with pytest.raises(ValidationError) as exc:
        svc.realisasi_set_manual(actor=pegawai, indikator_id=ind.pk, window_id=w.pk, angka=Decimal(2))
    assert "bukti dukung" in exc.value.message_dict["files"][0]
    assert not Realisasi.objects.exists()
    with pytest.raises(ValidationError):
        svc.realisasi_set_manual(
            actor=pegawai, indikator_id=ind.pk, window_id=w.pk, angka=Decimal(-1), link="https://contoh.go.id/a"
        )
    with pytest.raises(ValidationError):
        svc.realisasi_set_manual(actor=pegawai, indikator_id=ind.pk, window_id=w.pk, link="https://contoh.go.id/a")
    real = svc.realisasi_set_manual(
        actor=pegawai, indikator_id=ind.pk, window_id=w.pk, teks="Selesai tepat waktu", link="https://contoh.go.id/a"
    )
    assert real.sumber == "manual" and real.bukti.get().link == "https://contoh.go.id/a"


def test_manual_realisasi_only_by_the_owner_in_an_open_window(pegawai, penilai):
    skp, _rhk, ind = setup_skp(pegawai)
    w = current_window(skp.periode)
    with pytest.raises(PermissionDenied):
        svc.realisasi_set_manual(actor=penilai, indikator_id=ind.pk, window_id=w.pk, angka=1, link="https://a.id/x")
    PeriodeEvaluasi.objects.filter(pk=w.pk).update(status=Periode.Status.CLOSED)
    with pytest.raises(StateError):
        svc.realisasi_set_manual(actor=pegawai, indikator_id=ind.pk, window_id=w.pk, angka=1, link="https://a.id/x")


def test_table_shows_percentages_and_cumulative_in_constant_queries(pegawai, django_assert_num_queries):
    skp, rhk, ind = setup_skp(pegawai, target=10)
    windows = list(skp.periode.windows.order_by("nomor"))
    for w, n in zip(windows[:2], (2, 3), strict=True):
        Realisasi.objects.create(indikator=ind, periode_evaluasi=w, realisasi_angka=n)
    with django_assert_num_queries(7):
        t = realisasi_table_for(skp=skp, window=windows[1])
    row = t.rhk[0].indikator[0]
    assert (row.persen, row.kumulatif, row.persen_kumulatif) == (Decimal("30.00"), Decimal(5), Decimal("50.00"))
    assert len(t.perilaku) == 7
    for _ in range(4):
        IndikatorFactory(rhk=RhkFactory(skp=skp))
    with django_assert_num_queries(7):
        t = realisasi_table_for(skp=skp, window=windows[1])
    assert sum(len(r.indikator) for r in t.rhk) == 5
