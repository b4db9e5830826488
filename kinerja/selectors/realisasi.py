"""Reads of realisasi and umpan balik: target vs realisasi per RHK and indikator for one SKP and one
periodic window, with the cumulative realisasi up to that window and the feedback threads.
Constant number of queries whatever the number of RHK, indikator and messages."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from kinerja.models import BuktiDukung, Indikator, PeriodeEvaluasi, Realisasi, Rhk, Skp, UmpanBalik
from kinerja.permissions import can_view_kinerja_skp, log_reviewer_ids
from kinerja.rules import Berakhlak, capaian_persen
from kinerja.selectors.delegasi import atasan_ids_for
from kinerja.selectors.skp import skp_in_force_q
from pegawai.models import User
from pegawai.permissions import pegawai_visible_q


@dataclass
class IndikatorRow:
    indikator: Indikator
    realisasi: Realisasi | None
    kumulatif: Decimal | None

    @property
    def persen(self) -> Decimal | None:
        """Realisasi of this window as a percentage of the (annual) target."""
        angka = self.realisasi.realisasi_angka if self.realisasi else None
        return capaian_persen(self.indikator.target_angka, angka)

    @property
    def persen_kumulatif(self) -> Decimal | None:
        """Realisasi up to and including this window as a percentage of the annual target."""
        return capaian_persen(self.indikator.target_angka, self.kumulatif)


@dataclass
class RhkRow:
    rhk: Rhk
    indikator: list[IndikatorRow] = field(default_factory=list)
    umpan_balik: list[UmpanBalik] = field(default_factory=list)


@dataclass
class PerilakuRow:
    kode: str
    label: str
    ekspektasi_khusus: str
    umpan_balik: list[UmpanBalik] = field(default_factory=list)


@dataclass
class RealisasiTable:
    skp: Skp
    window: PeriodeEvaluasi
    rhk: list[RhkRow]
    perilaku: list[PerilakuRow]


def skp_for_kinerja(*, user: User, skp_id: int) -> Skp:
    """The SKP when the user may see its realisasi and feedback; raises Skp.DoesNotExist otherwise."""
    skp = Skp.objects.select_related("pegawai", "periode", "pejabat_penilai").get(pk=skp_id)
    me = user.pegawai_or_none
    substitutes = atasan_ids_for(me, timezone.localdate()) if me is not None else set()
    if not can_view_kinerja_skp(user, skp, substitutes):
        raise Skp.DoesNotExist
    return skp


def windows_of(skp: Skp) -> QuerySet[PeriodeEvaluasi]:
    return PeriodeEvaluasi.objects.filter(periode_id=skp.periode_id).order_by("nomor")


def current_window_of(windows, today):
    """The window to open by default: the one containing `today`; between windows or after the last,
    the latest one already started; before the first, the first. None when there are none."""
    windows = sorted(windows, key=lambda w: w.mulai)
    started = [w for w in windows if w.mulai <= today]
    for w in started:
        if today <= w.selesai:
            return w
    if started:
        return started[-1]
    return windows[0] if windows else None


def realisasi_table_for(*, skp: Skp, window: PeriodeEvaluasi) -> RealisasiTable:
    """RHK -> indikator rows (target, realisasi, cumulative, %, evidence) and threads. 7 queries."""
    indikator = list(
        Indikator.objects.filter(rhk__skp=skp)
        .select_related("rhk")
        .order_by("rhk__jenis", "rhk__urutan", "rhk_id", "urutan", "id")
    )
    realisasi = {
        r.indikator_id: r
        for r in Realisasi.objects.filter(indikator__rhk__skp=skp, periode_evaluasi=window).prefetch_related(
            Prefetch("bukti", queryset=BuktiDukung.objects.order_by("id"))
        )
    }
    kumulatif = dict(
        Realisasi.objects.filter(
            indikator__rhk__skp=skp,
            periode_evaluasi__periode_id=window.periode_id,
            periode_evaluasi__nomor__lte=window.nomor,
            realisasi_angka__isnull=False,
        )
        .values_list("indikator_id")
        .annotate(total=Sum("realisasi_angka"))
        .order_by()
    )
    threads: dict[object, list[UmpanBalik]] = defaultdict(list)
    for ub in (
        UmpanBalik.objects.filter(skp=skp, periode_evaluasi=window)
        .select_related("author")
        .order_by("created_at", "id")
    ):
        threads[ub.rhk_id or ub.perilaku].append(ub)
    rows: dict[int, RhkRow] = {}
    for ind in indikator:
        row = rows.setdefault(ind.rhk_id, RhkRow(rhk=ind.rhk, umpan_balik=threads.get(ind.rhk_id, [])))
        row.indikator.append(IndikatorRow(ind, realisasi.get(ind.pk), kumulatif.get(ind.pk)))
    # RHK without indikator still get a row (and a feedback thread).
    for rhk in Rhk.objects.filter(skp=skp).exclude(pk__in=list(rows)).order_by("jenis", "urutan", "id"):
        rows[rhk.pk] = RhkRow(rhk=rhk, umpan_balik=threads.get(rhk.pk, []))
    ekspektasi = dict(skp.perilaku.values_list("kode", "ekspektasi_khusus"))
    perilaku = [
        PerilakuRow(kode, label, ekspektasi.get(kode, ""), threads.get(kode, [])) for kode, label in Berakhlak.choices
    ]
    return RealisasiTable(skp=skp, window=window, rhk=list(rows.values()), perilaku=perilaku)


def skp_kinerja_list_for(*, user: User) -> QuerySet[Skp]:
    """SKPs in force whose realisasi the user may open: own, subordinates' (by hirarki) and those the
    user substitutes for; admins see their scope. Newest year first."""
    me = user.pegawai_or_none
    q = pegawai_visible_q(user, prefix="pegawai__")
    if me is not None:
        ids = log_reviewer_ids(me, atasan_ids_for(me, timezone.localdate()))
        q |= Q(pejabat_penilai_id__in=ids) | Q(pegawai__atasan_id__in=ids)
    return (
        Skp.objects.filter(q, skp_in_force_q())
        .select_related("pegawai", "periode")
        .order_by("-periode__tahun", "pegawai__hirarki", "pegawai__nama")
    )
