"""Services of e-Kinerja II: periodic rating, annual rating, calibration, finalisation with the
distribution pattern, reopening, keberatan within 14 days. Denials as well as grants."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from common.history import history_of
from kinerja import rules
from kinerja.models import (
    EvaluasiPeriodik,
    EvaluasiTahunan,
    PolaDistribusi,
    PredikatUnit,
    RatingPerilaku,
    RatingRhk,
    pola_distribusi,
)
from kinerja.services import evaluasi as svc
from kinerja.services.errors import KinerjaError, StateError
from tests.kinerja.factories import PeriodeFactory
from tests.kinerja.skp_helpers import approved, skp_for
from tests.pegawai.factories import PegawaiFactory

JAKARTA = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def skp_ok(pegawai, penilai):
    return approved(skp_for(pegawai), penilai)


def _window(skp, nomor=1):
    return skp.periode.windows.get(nomor=nomor)


# --- pola distribusi table ----------------------------------------------------------------------


def test_seeded_pattern_table_equals_the_rule(db):
    assert pola_distribusi() == rules.POLA_DISTRIBUSI


def test_an_admin_correction_of_the_table_changes_the_check(db, pola_seeded):
    PolaDistribusi.objects.filter(predikat_organisasi="istimewa", jenis="maks").update(persen=50)
    jumlah = {"sangat_baik": 6, "baik": 4}
    assert rules.cek_distribusi("istimewa", jumlah) == []  # 60% <= the reference's 70%
    assert len(rules.cek_distribusi("istimewa", jumlah, pola_distribusi())) == 1  # > the corrected 50%


def test_pattern_row_with_unknown_predikat_is_refused_by_clean(db):
    row = PolaDistribusi(predikat_organisasi="baik", jenis="maks", predikat="baik,luar_biasa", persen=10)
    with pytest.raises(ValidationError) as exc:
        row.full_clean()
    assert "luar_biasa" in str(exc.value.message_dict["predikat"])


# --- periodic -----------------------------------------------------------------------------------


def test_penilai_rates_a_window_and_the_predikat_follows_the_rule(skp_ok, penilai):
    rhk = skp_ok.rhk.first()
    ev = svc.evaluasi_periodik_rate(
        actor=penilai, skp=skp_ok, window=_window(skp_ok), rating_hasil="di_atas", rating_perilaku="sesuai",
        rating_rhk={rhk.pk: "di_atas"}, rating_perilaku_item={"akuntabel": "sesuai"}, umpan_balik=" Bagus ",
    )  # fmt: skip
    assert ev.predikat == rules.predikat_kinerja("di_atas", "sesuai") == "baik"
    assert ev.umpan_balik == "Bagus" and ev.status == EvaluasiPeriodik.Status.DRAFT
    assert RatingRhk.objects.get(evaluasi=ev).rating == "di_atas"
    assert RatingPerilaku.objects.get(evaluasi=ev).kode == "akuntabel"
    # a second save replaces, it does not pile up
    svc.evaluasi_periodik_rate(
        actor=penilai, skp=skp_ok, window=_window(skp_ok), rating_hasil="sesuai", rating_perilaku="sesuai",
        rating_rhk={rhk.pk: "sesuai"},
    )  # fmt: skip
    assert EvaluasiPeriodik.objects.count() == 1 and RatingRhk.objects.count() == 1
    assert RatingPerilaku.objects.count() == 0


def test_rating_someone_you_do_not_supervise_is_denied(skp_ok, atasan_penilai, pegawai):
    for actor in (atasan_penilai, pegawai):  # the atasan's atasan, the pegawai themself
        with pytest.raises(PermissionDenied):
            svc.evaluasi_periodik_rate(
                actor=actor, skp=skp_ok, window=_window(skp_ok), rating_hasil="sesuai", rating_perilaku="sesuai"
            )
    assert not EvaluasiPeriodik.objects.exists()


def test_plt_of_the_penilai_may_rate(skp_ok, penilai, unit_bidang):
    from kinerja.models import DelegasiPersetujuan

    plt = PegawaiFactory(unit_kerja=unit_bidang)
    DelegasiPersetujuan.objects.create(
        atasan=penilai, penerima=plt, mulai=dt.date(2026, 1, 1), selesai=dt.date(2026, 12, 31)
    )
    ev = svc.evaluasi_periodik_rate(
        actor=plt, skp=skp_ok, window=_window(skp_ok), rating_hasil="sesuai", rating_perilaku="sesuai",
        substitute_for={penilai.pk},
    )  # fmt: skip
    assert ev.penilai == plt


def test_unapproved_skp_cannot_be_rated(pegawai, penilai):
    skp = skp_for(pegawai)
    with pytest.raises(KinerjaError, match="SKP belum disetujui"):
        svc.evaluasi_periodik_rate(
            actor=penilai, skp=skp, window=_window(skp), rating_hasil="sesuai", rating_perilaku="sesuai"
        )
    assert not EvaluasiPeriodik.objects.exists()


def test_unknown_rating_values_name_the_field_and_save_nothing(skp_ok, penilai):
    rhk = skp_ok.rhk.first()
    with pytest.raises(ValidationError) as exc:
        svc.evaluasi_periodik_rate(
            actor=penilai, skp=skp_ok, window=_window(skp_ok), rating_hasil="luar_biasa", rating_perilaku="sesuai",
            rating_rhk={rhk.pk: "hebat", 999999: "sesuai"}, rating_perilaku_item={"jujur": "sesuai"},
        )  # fmt: skip
    errors = exc.value.message_dict
    assert "luar_biasa" in errors["rating_hasil"][0]
    assert len(errors["rating_rhk"]) == 2 and "rating_perilaku_item" in errors
    assert not EvaluasiPeriodik.objects.exists()


def test_window_of_another_year_is_refused(skp_ok, penilai, pegawai):
    other = PeriodeFactory(instansi=pegawai.instansi, tahun=2025)
    with pytest.raises(ValidationError) as exc:
        svc.evaluasi_periodik_rate(
            actor=penilai, skp=skp_ok, window=other.windows.first(), rating_hasil="sesuai", rating_perilaku="sesuai"
        )
    assert "periode_evaluasi" in exc.value.message_dict


def test_final_periodic_evaluation_is_immutable(skp_ok, penilai):
    kw = dict(actor=penilai, skp=skp_ok, window=_window(skp_ok), rating_perilaku="sesuai")
    svc.evaluasi_periodik_rate(rating_hasil="sesuai", final=True, **kw)
    with pytest.raises(StateError, match="sudah final"):
        svc.evaluasi_periodik_rate(rating_hasil="di_atas", **kw)
    assert EvaluasiPeriodik.objects.get().rating_hasil == "sesuai"


# --- annual -------------------------------------------------------------------------------------


@pytest.fixture
def periode(pegawai):
    return PeriodeFactory(instansi=pegawai.instansi)


@pytest.fixture
def tahunan(periode, pegawai, penilai, atasan_penilai, unit_bidang):
    return EvaluasiTahunan.objects.create(
        pegawai=pegawai, periode=periode, unit_kerja=unit_bidang, penilai=penilai, atasan_penilai=atasan_penilai
    )


def test_annual_rating_by_the_penilai_only(tahunan, penilai, atasan_penilai):
    with pytest.raises(PermissionDenied):
        svc.evaluasi_tahunan_rate(
            actor=atasan_penilai, evaluasi=tahunan, rating_hasil="sesuai", rating_perilaku="sesuai"
        )
    ev = svc.evaluasi_tahunan_rate(actor=penilai, evaluasi=tahunan, rating_hasil="di_bawah", rating_perilaku="sesuai")
    assert ev.predikat == "butuh_perbaikan"


def test_unit_head_rating_hasil_follows_the_unit(tahunan, penilai):
    EvaluasiTahunan.objects.filter(pk=tahunan.pk).update(is_kepala_unit=True, rating_hasil="sesuai")
    with pytest.raises(ValidationError) as exc:
        svc.evaluasi_tahunan_rate(actor=penilai, evaluasi=tahunan, rating_hasil="di_atas", rating_perilaku="di_atas")
    assert "rating_hasil" in exc.value.message_dict
    ev = svc.evaluasi_tahunan_rate(actor=penilai, evaluasi=tahunan, rating_hasil="sesuai", rating_perilaku="di_atas")
    assert ev.predikat == "baik"


def test_calibration_needs_a_reason_and_keeps_it_in_the_history(tahunan, admin_bkd, admin_lain):
    with pytest.raises(ValidationError):
        svc.evaluasi_tahunan_calibrate(
            user=admin_bkd.user, evaluasi=tahunan, rating_hasil="sesuai", rating_perilaku="sesuai", alasan=" "
        )
    with pytest.raises(PermissionDenied):  # the admin of another instansi
        svc.evaluasi_tahunan_calibrate(
            user=admin_lain.user, evaluasi=tahunan, rating_hasil="sesuai", rating_perilaku="sesuai", alasan="x"
        )
    svc.evaluasi_tahunan_calibrate(
        user=admin_bkd.user, evaluasi=tahunan, rating_hasil="di_atas", rating_perilaku="di_atas", alasan="Kurva unit"
    )
    latest = history_of(tahunan).first()
    assert latest.predikat == "sangat_baik"
    assert "Kurva unit" in latest.history_change_reason


def _unit_with(periode, unit, penilai, predikat_list):
    for predikat in predikat_list:
        EvaluasiTahunan.objects.create(
            pegawai=PegawaiFactory(unit_kerja=unit, atasan=penilai), periode=periode, unit_kerja=unit,
            penilai=penilai, rating_hasil="sesuai", rating_perilaku="sesuai", predikat=predikat,
        )  # fmt: skip


def test_finalise_outside_the_pattern_needs_a_justification(periode, unit_opd, atasan_penilai, admin_bkd):
    PredikatUnit.objects.create(unit_kerja=unit_opd, tahun=periode.tahun, predikat="baik")
    _unit_with(periode, unit_opd, atasan_penilai, ["baik"] * 4)  # 100% baik, none butuh perbaikan
    with pytest.raises(ValidationError) as exc:
        svc.unit_finalise(user=admin_bkd.user, unit=unit_opd, periode_id=periode.pk)
    assert len(exc.value.message_dict["justifikasi"]) == 3  # the request + the two departures
    assert not EvaluasiTahunan.objects.filter(status="final").exists()
    departures = svc.unit_finalise(user=admin_bkd.user, unit=unit_opd, periode_id=periode.pk, justifikasi="Unit kecil")
    assert len(departures) == 2
    assert EvaluasiTahunan.objects.filter(unit_kerja=unit_opd, status="final").count() == 4
    pu = PredikatUnit.objects.get(unit_kerja=unit_opd)
    assert pu.justifikasi == "Unit kecil" and pu.finalised_at is not None


def test_finalise_conforming_unit_without_justification(periode, unit_opd, atasan_penilai, admin_bkd, admin_lain):
    PredikatUnit.objects.create(unit_kerja=unit_opd, tahun=periode.tahun, predikat="baik")
    _unit_with(periode, unit_opd, atasan_penilai, ["baik", "baik", "sangat_baik", "butuh_perbaikan"])
    with pytest.raises(PermissionDenied):
        svc.unit_finalise(user=admin_lain.user, unit=unit_opd, periode_id=periode.pk)
    assert svc.unit_finalise(user=admin_bkd.user, unit=unit_opd, periode_id=periode.pk) == []
    with pytest.raises(StateError):
        svc.unit_finalise(user=admin_bkd.user, unit=unit_opd, periode_id=periode.pk)


def test_finalise_refuses_unrated_rows_and_missing_predikat_organisasi(periode, unit_opd, atasan_penilai, admin_bkd):
    _unit_with(periode, unit_opd, atasan_penilai, [""])
    with pytest.raises(KinerjaError, match="predikat kinerja organisasi"):
        svc.unit_finalise(user=admin_bkd.user, unit=unit_opd, periode_id=periode.pk)
    PredikatUnit.objects.create(unit_kerja=unit_opd, tahun=periode.tahun, predikat="baik")
    with pytest.raises(KinerjaError, match="belum dinilai"):
        svc.unit_finalise(user=admin_bkd.user, unit=unit_opd, periode_id=periode.pk)


def test_final_annual_is_immutable_until_reopened_with_a_reason(tahunan, penilai, admin_bkd):
    EvaluasiTahunan.objects.filter(pk=tahunan.pk).update(status="final")
    with pytest.raises(StateError):
        svc.evaluasi_tahunan_rate(actor=penilai, evaluasi=tahunan, rating_hasil="sesuai", rating_perilaku="sesuai")
    with pytest.raises(ValidationError):
        svc.evaluasi_tahunan_reopen(user=admin_bkd.user, evaluasi=tahunan, alasan="")
    ev = svc.evaluasi_tahunan_reopen(user=admin_bkd.user, evaluasi=tahunan, alasan="Salah input")
    assert ev.status == "reopened"
    assert "Salah input" in history_of(tahunan).first().history_change_reason
    svc.evaluasi_tahunan_rate(actor=penilai, evaluasi=tahunan, rating_hasil="sesuai", rating_perilaku="sesuai")


# --- keberatan ----------------------------------------------------------------------------------


def _final_on(tahunan, day):
    EvaluasiTahunan.objects.filter(pk=tahunan.pk).update(
        status="final", rating_hasil="di_bawah", rating_perilaku="sesuai", predikat="butuh_perbaikan",
        finalised_at=dt.datetime(day.year, day.month, day.day, 10, tzinfo=JAKARTA),
    )  # fmt: skip


def test_keberatan_on_day_14_is_accepted_and_decided_by_the_atasan_penilai(tahunan, pegawai, penilai, atasan_penilai):
    _final_on(tahunan, dt.date(2027, 1, 5))
    with time_machine.travel(dt.datetime(2027, 1, 19, 23, 0, tzinfo=JAKARTA)):
        ev = svc.keberatan_ajukan(actor=pegawai, evaluasi=tahunan, alasan="Target sudah tercapai")
    assert ev.keberatan_status == "filed"
    with pytest.raises(PermissionDenied):  # the pejabat penilai does not decide on their own rating
        svc.keberatan_putus(actor=penilai, evaluasi=tahunan, diterima=True, keputusan="ok")
    ev = svc.keberatan_putus(
        actor=atasan_penilai, evaluasi=tahunan, diterima=True, keputusan="Bukti cukup", rating_hasil="sesuai"
    )
    assert (ev.keberatan_status, ev.predikat) == ("accepted", "baik")
    with pytest.raises(StateError):
        svc.keberatan_putus(actor=atasan_penilai, evaluasi=tahunan, diterima=False, keputusan="lagi")


def test_keberatan_after_14_days_is_refused(tahunan, pegawai):
    _final_on(tahunan, dt.date(2027, 1, 5))
    with (
        time_machine.travel(dt.datetime(2027, 1, 20, 8, 0, tzinfo=JAKARTA)),
        pytest.raises(KinerjaError, match="14 hari") as exc,
    ):
        svc.keberatan_ajukan(actor=pegawai, evaluasi=tahunan, alasan="Terlambat")
    assert exc.value.field == "alasan"
    assert EvaluasiTahunan.objects.get(pk=tahunan.pk).keberatan_status == ""


def test_keberatan_only_by_the_pegawai_on_a_final_result(tahunan, pegawai, penilai):
    with pytest.raises(StateError, match="sudah final"):
        svc.keberatan_ajukan(actor=pegawai, evaluasi=tahunan, alasan="x")
    _final_on(tahunan, dt.date(2027, 1, 5))
    with time_machine.travel(dt.datetime(2027, 1, 6, tzinfo=JAKARTA)):
        with pytest.raises(PermissionDenied):
            svc.keberatan_ajukan(actor=penilai, evaluasi=tahunan, alasan="x")
        with pytest.raises(ValidationError):
            svc.keberatan_ajukan(actor=pegawai, evaluasi=tahunan, alasan="  ")


def test_admin_corrects_the_pattern_and_a_bad_code_is_a_form_error(client, db, pola_seeded):
    from django.urls import reverse

    from tests.pegawai.factories import UserFactory

    row = PolaDistribusi.objects.get(predikat_organisasi="istimewa")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:kinerja_poladistribusi_change", args=[row.pk])
    data = {
        "predikat_organisasi": "istimewa",
        "urutan": 0,
        "jenis": "maks",
        "predikat": "sangat_baik, hebat",
        "persen": 60,
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "hebat" in response.content.decode()
    assert client.post(url, {**data, "predikat": "sangat_baik"}).status_code == 302
    assert pola_distribusi()["istimewa"][0].persen == 60


@pytest.fixture
def pola_seeded(db):
    """The pattern table as its data migration seeds it (a transactional browser test that ran earlier
    on the same worker flushes every table, seeded rows included)."""
    import importlib

    from django.apps import apps as django_apps

    importlib.import_module("kinerja.migrations.0009_seed_pola_distribusi").seed(django_apps, None)
