"""Writes of e-Kinerja II: periodic rating, annual rating, calibration, unit finalisation, reopening and
keberatan (PermenPANRB 6/2022; PP 30/2019 Pasal 59). Every service is atomic, validates before it
writes, and keeps each step with its reason in the history (docs/evaluasi.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from common.history import record_history, set_history_actor
from kinerja import rules
from kinerja.models import (
    EvaluasiPeriodik,
    EvaluasiTahunan,
    PeriodeEvaluasi,
    PredikatUnit,
    RatingPerilaku,
    RatingRhk,
    Skp,
    pola_distribusi,
)
from kinerja.permissions import (
    can_decide_keberatan,
    can_file_keberatan,
    can_manage_evaluasi,
    can_rate_tahunan,
    is_skp_penilai,
)
from kinerja.selectors.skp import skp_in_force_for
from kinerja.services.errors import KinerjaError, StateError
from pegawai.models import Pegawai, UnitKerja, User

# PP 30/2019 Pasal 59: at the latest 14 (calendar) days after the pegawai received the result.
BATAS_KEBERATAN_HARI = 14


def _rating(value: str, field: str) -> str:
    if value not in rules.Rating.values:
        raise ValidationError(
            {
                field: [
                    _("Rating %(v)s tidak dikenal: pilih Di Atas, Sesuai atau Di Bawah Ekspektasi.")
                    % {"v": repr(value)}
                ]
            }
        )
    return value


def _reason(alasan: str, field: str = "alasan") -> str:
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError({field: [_("Alasan wajib diisi.")]})
    return alasan


# --- periodic -----------------------------------------------------------------------------------


@transaction.atomic
def evaluasi_periodik_rate(
    *,
    actor: Pegawai,
    skp: Skp,
    window: PeriodeEvaluasi,
    rating_hasil: str,
    rating_perilaku: str,
    rating_rhk: Mapping[int, str] | None = None,
    rating_perilaku_item: Mapping[str, str] | None = None,
    umpan_balik: str = "",
    final: bool = False,
    substitute_for: Iterable[int] = (),
) -> EvaluasiPeriodik:
    """Rate one window of an approved SKP in force (draft, or final: then immutable). The pejabat
    penilai or their Plt/Plh only; every rating one of rules.Rating; predikat by the rule."""
    if not is_skp_penilai(actor, skp, substitute_for):
        raise PermissionDenied
    if skp.status != Skp.Status.APPROVED:
        raise KinerjaError(_("SKP belum disetujui: hanya SKP yang disetujui yang dapat dinilai."))
    if window.periode_id != skp.periode_id:
        raise ValidationError({"periode_evaluasi": [_("Periode evaluasi bukan bagian dari periode SKP ini.")]})
    in_force = skp_in_force_for(pegawai_id=skp.pegawai_id, periode_id=skp.periode_id)
    if in_force is None or in_force.pk != skp.pk:
        raise KinerjaError(_("SKP ini bukan SKP yang berlaku untuk periode tersebut."))
    errors: dict[str, list[str]] = {}
    for field, value in (("rating_hasil", rating_hasil), ("rating_perilaku", rating_perilaku)):
        if value not in rules.Rating.values:
            errors[field] = [
                _("Rating %(v)s tidak dikenal: pilih Di Atas, Sesuai atau Di Bawah Ekspektasi.") % {"v": repr(value)}
            ]
    rhk_ids = set(skp.rhk.values_list("pk", flat=True))
    for rhk_id, value in (rating_rhk or {}).items():
        if int(rhk_id) not in rhk_ids:
            errors.setdefault("rating_rhk", []).append(_("RHK %(id)s bukan bagian dari SKP ini.") % {"id": rhk_id})
        elif value not in rules.Rating.values:
            errors.setdefault("rating_rhk", []).append(
                _("Rating RHK %(id)s tidak dikenal: %(v)s.") % {"id": rhk_id, "v": repr(value)}
            )
    for kode, value in (rating_perilaku_item or {}).items():
        if kode not in rules.Berakhlak.values:
            errors.setdefault("rating_perilaku_item", []).append(
                _("Nilai BerAKHLAK tidak dikenal: %(k)s.") % {"k": repr(kode)}
            )
        elif value not in rules.Rating.values:
            errors.setdefault("rating_perilaku_item", []).append(
                _("Rating perilaku %(k)s tidak dikenal: %(v)s.") % {"k": kode, "v": repr(value)}
            )
    if errors:
        raise ValidationError(errors)

    ev = EvaluasiPeriodik.objects.select_for_update().filter(pegawai_id=skp.pegawai_id, periode_evaluasi=window).first()
    if ev is not None and ev.status == EvaluasiPeriodik.Status.FINAL:
        raise StateError(_("Evaluasi periode ini sudah final dan tidak dapat diubah."))
    ev = ev or EvaluasiPeriodik(pegawai_id=skp.pegawai_id, periode_evaluasi=window)
    ev.skp = skp
    ev.penilai = actor
    ev.rating_hasil = rating_hasil
    ev.rating_perilaku = rating_perilaku
    ev.predikat = rules.predikat_kinerja(rating_hasil, rating_perilaku)
    ev.umpan_balik = (umpan_balik or "").strip()
    ev.status = EvaluasiPeriodik.Status.FINAL if final else EvaluasiPeriodik.Status.DRAFT
    ev.rated_at = timezone.now()
    set_history_actor(ev, reason=_("Dinilai (final)") if final else _("Dinilai (draf)"))
    ev.save()
    # Item ratings: replaced as a whole (deterministic output, no pile-up on a second save).
    RatingRhk.objects.filter(evaluasi=ev).delete()
    RatingPerilaku.objects.filter(evaluasi=ev).delete()
    RatingRhk.objects.bulk_create(
        RatingRhk(evaluasi=ev, rhk_id=int(k), rating=v) for k, v in (rating_rhk or {}).items()
    )
    RatingPerilaku.objects.bulk_create(
        RatingPerilaku(evaluasi=ev, kode=k, rating=v) for k, v in (rating_perilaku_item or {}).items()
    )
    return ev


# --- annual -------------------------------------------------------------------------------------


def _set_ratings(ev: EvaluasiTahunan, rating_hasil: str, rating_perilaku: str) -> None:
    ev.rating_hasil = _rating(rating_hasil, "rating_hasil")
    ev.rating_perilaku = _rating(rating_perilaku, "rating_perilaku")
    ev.predikat = rules.predikat_kinerja(ev.rating_hasil, ev.rating_perilaku)
    ev.rated_at = timezone.now()


def _locked(ev: EvaluasiTahunan) -> EvaluasiTahunan:
    return EvaluasiTahunan.objects.select_for_update().select_related("periode").get(pk=ev.pk)


@transaction.atomic
def evaluasi_tahunan_rate(
    *,
    actor: Pegawai,
    evaluasi: EvaluasiTahunan,
    rating_hasil: str,
    rating_perilaku: str,
    catatan: str = "",
    substitute_for: Iterable[int] = (),
) -> EvaluasiTahunan:
    """The pejabat penilai's annual rating. A unit head's Rating Hasil Kerja is the unit's capaian
    (set by the annual run from the predikat organisasi): it cannot be rated by hand."""
    ev = _locked(evaluasi)
    if ev.status == EvaluasiTahunan.Status.FINAL:
        raise StateError(_("Evaluasi tahunan sudah final dan tidak dapat diubah."))
    if not can_rate_tahunan(actor, ev, substitute_for):
        raise PermissionDenied
    if ev.is_kepala_unit and ev.rating_hasil and rating_hasil != ev.rating_hasil:
        raise ValidationError(
            {"rating_hasil": [_("Rating hasil kerja kepala unit mengikuti capaian kinerja unitnya.")]}
        )
    _set_ratings(ev, rating_hasil, rating_perilaku)
    ev.catatan = (catatan or "").strip()
    set_history_actor(ev, reason=_("Dinilai"))
    ev.save()
    return ev


@transaction.atomic
def evaluasi_tahunan_calibrate(
    *, user: User, evaluasi: EvaluasiTahunan, rating_hasil: str, rating_perilaku: str, alasan: str
) -> EvaluasiTahunan:
    """Calibration against the distribution pattern: an admin of the instansi changes the ratings of a
    non-final evaluation, always with a written reason (kept in the history)."""
    ev = _locked(evaluasi)
    if not can_manage_evaluasi(user, ev.periode.instansi_id):
        raise PermissionDenied
    if ev.status == EvaluasiTahunan.Status.FINAL:
        raise StateError(_("Evaluasi tahunan sudah final: buka kembali dahulu dengan alasan."))
    alasan = _reason(alasan)
    _set_ratings(ev, rating_hasil, rating_perilaku)
    set_history_actor(ev, reason=_("Kalibrasi: %(a)s") % {"a": alasan})
    ev.save()
    return ev


@transaction.atomic
def evaluasi_tahunan_reopen(*, user: User, evaluasi: EvaluasiTahunan, alasan: str) -> EvaluasiTahunan:
    """final -> reopened by an admin, with a written reason in the history (conditional UPDATE)."""
    alasan = _reason(alasan)
    if not can_manage_evaluasi(user, evaluasi.periode.instansi_id):
        raise PermissionDenied
    changed = EvaluasiTahunan.objects.filter(pk=evaluasi.pk, status=EvaluasiTahunan.Status.FINAL).update(
        status=EvaluasiTahunan.Status.REOPENED, finalised_at=None, updated_at=timezone.now()
    )
    if changed != 1:
        raise StateError(_("Hanya evaluasi yang sudah final yang dapat dibuka kembali."))
    record_history(
        EvaluasiTahunan.objects.filter(pk=evaluasi.pk), user=user, reason=_("Dibuka kembali: %(a)s") % {"a": alasan}
    )
    evaluasi.refresh_from_db()
    return evaluasi


# --- unit: predikat organisasi, distribution, finalisation ---------------------------------------


@transaction.atomic
def predikat_unit_set(
    *, user: User, unit: UnitKerja, tahun: int, predikat: str, sumber: str = "entered"
) -> PredikatUnit:
    """Set the unit's predikat kinerja organisasi for a year (before the unit is finalised)."""
    if not can_manage_evaluasi(user, unit.instansi_id):
        raise PermissionDenied
    if predikat not in rules.PredikatOrganisasi.values:
        raise ValidationError({"predikat": [_("Predikat organisasi tidak dikenal: %(v)s.") % {"v": repr(predikat)}]})
    if sumber not in PredikatUnit.Sumber.values:
        raise ValidationError({"sumber": [_("Sumber predikat tidak dikenal: %(v)s.") % {"v": repr(sumber)}]})
    pu = PredikatUnit.objects.select_for_update().filter(unit_kerja=unit, tahun=tahun).first()
    if pu is not None and pu.finalised_at is not None:
        raise StateError(_("Unit ini sudah difinalisasi untuk tahun tersebut."))
    pu = pu or PredikatUnit(unit_kerja=unit, tahun=tahun)
    pu.predikat, pu.sumber = predikat, sumber
    pu.save()
    return pu


def distribusi_unit(*, unit: UnitKerja, periode_id: int) -> dict[str, int]:
    """Head count per employee predikat of a unit's annual evaluations (one grouped query); the key
    "" counts those not rated yet."""
    rows = (
        EvaluasiTahunan.objects.filter(periode_id=periode_id, unit_kerja=unit)
        .values("predikat")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r["predikat"]: r["n"] for r in rows}


@transaction.atomic
def unit_finalise(*, user: User, unit: UnitKerja, periode_id: int, justifikasi: str = "") -> list[str]:
    """Finalise every annual evaluation of a unit. All must be rated; a distribution departing from the
    pattern (rules.cek_distribusi with the admin's table) needs a written justification. Returns the
    departures that were justified."""
    if not can_manage_evaluasi(user, unit.instansi_id):
        raise PermissionDenied
    from kinerja.models import Periode

    periode = Periode.objects.get(pk=periode_id, instansi_id=unit.instansi_id)
    pu = PredikatUnit.objects.select_for_update().filter(unit_kerja=unit, tahun=periode.tahun).first()
    if pu is None:
        raise KinerjaError(_("Tetapkan dahulu predikat kinerja organisasi unit ini."), field="predikat")
    if pu.finalised_at is not None:
        raise StateError(_("Unit ini sudah difinalisasi untuk tahun tersebut."))
    jumlah = distribusi_unit(unit=unit, periode_id=periode_id)
    belum = jumlah.pop("", 0)
    if belum:
        raise KinerjaError(_("Masih ada %(n)d pegawai yang belum dinilai di unit ini.") % {"n": belum})
    penyimpangan = rules.cek_distribusi(pu.predikat, jumlah, pola_distribusi())
    justifikasi = (justifikasi or "").strip()
    if penyimpangan and not justifikasi:
        raise ValidationError(
            {"justifikasi": [_("Distribusi predikat menyimpang dari pola; tuliskan justifikasinya.")] + penyimpangan}
        )
    now = timezone.now()
    qs = EvaluasiTahunan.objects.filter(periode_id=periode_id, unit_kerja=unit).exclude(
        status=EvaluasiTahunan.Status.FINAL
    )
    ids = list(qs.values_list("pk", flat=True))
    EvaluasiTahunan.objects.filter(pk__in=ids).update(
        status=EvaluasiTahunan.Status.FINAL, finalised_at=now, updated_at=now
    )
    record_history(EvaluasiTahunan.objects.filter(pk__in=ids), user=user, reason=_("Finalisasi unit"))
    pu.justifikasi = justifikasi if penyimpangan else ""
    pu.finalised_at, pu.finalised_by = now, user
    set_history_actor(pu, reason=_("Finalisasi unit"))
    pu.save()
    return penyimpangan


# --- keberatan (PP 30/2019 Pasal 59) -------------------------------------------------------------


def batas_keberatan(evaluasi: EvaluasiTahunan) -> dt.date | None:
    """The last day a keberatan may be filed: 14 calendar days after the result (finalised_at, local)."""
    if evaluasi.finalised_at is None:
        return None
    return timezone.localdate(evaluasi.finalised_at) + dt.timedelta(days=BATAS_KEBERATAN_HARI)


@transaction.atomic
def keberatan_ajukan(*, actor: Pegawai, evaluasi: EvaluasiTahunan, alasan: str) -> EvaluasiTahunan:
    ev = _locked(evaluasi)
    if not can_file_keberatan(actor, ev):
        if ev.pegawai_id != actor.pk:
            raise PermissionDenied
        raise StateError(_("Keberatan hanya dapat diajukan atas hasil evaluasi yang sudah final."))
    if ev.keberatan_status:
        raise StateError(_("Keberatan atas evaluasi ini sudah diajukan."))
    alasan = _reason(alasan)
    batas = batas_keberatan(ev)
    if batas is not None and timezone.localdate() > batas:
        raise KinerjaError(
            _("Batas waktu keberatan (14 hari sejak hasil diterima, %(d)s) sudah lewat.")
            % {"d": batas.strftime("%d-%m-%Y")},
            field="alasan",
        )
    if ev.atasan_penilai_id is None:
        raise KinerjaError(_("Atasan pejabat penilai belum ditetapkan; hubungi admin kepegawaian."))
    ev.keberatan_status = EvaluasiTahunan.Keberatan.FILED
    ev.keberatan_alasan = alasan
    ev.keberatan_at = timezone.now()
    set_history_actor(ev, reason=_("Keberatan diajukan"))
    ev.save()
    return ev


@transaction.atomic
def keberatan_putus(
    *,
    actor: Pegawai,
    evaluasi: EvaluasiTahunan,
    diterima: bool,
    keputusan: str,
    rating_hasil: str = "",
    rating_perilaku: str = "",
) -> EvaluasiTahunan:
    """The atasan pejabat penilai decides (final). Accepting may change the ratings, hence the predikat."""
    ev = _locked(evaluasi)
    if not can_decide_keberatan(actor, ev):
        if ev.atasan_penilai_id != actor.pk:
            raise PermissionDenied
        raise StateError(_("Tidak ada keberatan yang menunggu keputusan."))
    keputusan = _reason(keputusan, "keputusan")
    if diterima:
        _set_ratings(ev, rating_hasil or ev.rating_hasil, rating_perilaku or ev.rating_perilaku)
    ev.keberatan_status = EvaluasiTahunan.Keberatan.ACCEPTED if diterima else EvaluasiTahunan.Keberatan.REJECTED
    ev.keberatan_keputusan = keputusan
    ev.keberatan_diputus_oleh = actor
    ev.keberatan_diputus_at = timezone.now()
    set_history_actor(ev, reason=_("Keputusan keberatan: %(k)s") % {"k": keputusan})
    ev.save()
    return ev
