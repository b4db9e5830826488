"""Reads of daily logs (LogHarian): scoped by kinerja.permissions, joined, no N+1."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import ngettext

from common.history import HistoryStep, history_steps
from kinerja.models import BuktiDukung, LogHarian, Periode, PeriodeEvaluasi, Rhk, Skp
from kinerja.permissions import log_reviewer_ids, log_visible_q
from kinerja.selectors.delegasi import atasan_ids_for
from kinerja.selectors.skp import skp_in_force_q
from kinerja.selectors.skp import window_for as window_and_state
from pegawai.models import Pegawai, User


def window_for(instansi_id: int, tanggal: dt.date) -> PeriodeEvaluasi | None:
    """The periodic window of the instansi's performance year covering `tanggal` (with its periode).
    One lookup for the whole app: kinerja.selectors.skp.window_for (one query)."""
    return window_and_state(instansi_id, tanggal)[0]


def window_is_open(window: PeriodeEvaluasi) -> bool:
    return window.status == Periode.Status.OPEN and window.periode.status == Periode.Status.OPEN


def _bukti_prefetch() -> Prefetch:
    return Prefetch("bukti", queryset=BuktiDukung.objects.order_by("id"))


def log_list_for(
    *,
    user: User,
    pegawai_id: int | None = None,
    status: str = "",
    dari: dt.date | None = None,
    sampai: dt.date | None = None,
    rhk_id: int | None = None,
) -> QuerySet[LogHarian]:
    """Logs the user may read, newest first, with owner, RHK and evidence (2 queries when listed)."""
    me = user.pegawai_or_none
    substitutes = atasan_ids_for(me, timezone.localdate()) if me is not None else set()
    qs = (
        LogHarian.objects.filter(log_visible_q(user, substitutes))
        .select_related("pegawai", "rhk")
        .prefetch_related(_bukti_prefetch())
    )
    if pegawai_id:
        qs = qs.filter(pegawai_id=pegawai_id)
    if status:
        qs = qs.filter(status=status)
    if dari:
        qs = qs.filter(tanggal__gte=dari)
    if sampai:
        qs = qs.filter(tanggal__lte=sampai)
    if rhk_id:
        qs = qs.filter(rhk_id=rhk_id)
    return qs.order_by("-tanggal", "-jam_mulai", "-id")


def log_detail_for(*, user: User, pk: int) -> LogHarian:
    """Raises LogHarian.DoesNotExist when the user may not read it (pages answer 404)."""
    return log_list_for(user=user).select_related("reviewed_by", "rhk__skp").get(pk=pk)


def log_history(log: LogHarian) -> list[HistoryStep]:
    """Who created, submitted, returned (with the note) and approved the log, and when: one query.
    The caller has already checked the viewer may read the log."""
    return history_steps(log, related=("history_user__pegawai",))


def approval_queue_for(*, actor: Pegawai, on_date: dt.date | None = None) -> QuerySet[LogHarian]:
    """Submitted logs of the direct subordinates of the actor and of the atasan they substitute for,
    oldest first (the longest-waiting on top). Uses the pegawai_atasan_idx and log_pegawai indexes."""
    reviewer_ids = log_reviewer_ids(actor, atasan_ids_for(actor, on_date or timezone.localdate()))
    return (
        LogHarian.objects.filter(
            status=LogHarian.Status.SUBMITTED,
            pegawai_id__in=Pegawai.objects.filter(atasan_id__in=reviewer_ids).values("pk"),
        )
        .select_related("pegawai", "rhk")
        .prefetch_related(_bukti_prefetch())
        .order_by("submitted_at", "id")
    )


@dataclass(frozen=True)
class Umur:
    """How long a log has waited for review."""

    hari: int
    jam: int

    @property
    def label(self) -> str:
        if self.hari:
            return ngettext("%(n)d hari", "%(n)d hari", self.hari) % {"n": self.hari}
        return ngettext("%(n)d jam", "%(n)d jam", self.jam) % {"n": self.jam}


def umur(submitted_at: dt.datetime | None, now: dt.datetime | None = None) -> Umur:
    if submitted_at is None:
        return Umur(0, 0)
    delta = (now or timezone.now()) - submitted_at
    seconds = max(int(delta.total_seconds()), 0)
    return Umur(seconds // 86400, seconds // 3600)


def rhk_choices_for(*, pegawai: Pegawai) -> QuerySet[Rhk]:
    """RHK a pegawai may log against: those of their SKP in force in every open performance year
    (a draft of a new version does not replace the approved one before its approval). Any SKP
    status counts (see docs/keputusan-domain.md, kinerja: log harian)."""
    return (
        Rhk.objects.filter(
            skp_in_force_q("skp__"),
            skp__pegawai=pegawai,
            skp__periode__status=Periode.Status.OPEN,
        )
        .select_related("skp__periode")
        .prefetch_related("indikator")
        .order_by("-skp__periode__tahun", "jenis", "urutan", "id")
    )


def current_skp_for(*, pegawai: Pegawai, tanggal: dt.date) -> Skp | None:
    return (
        Skp.objects.filter(
            skp_in_force_q(), pegawai=pegawai, periode__mulai__lte=tanggal, periode__selesai__gte=tanggal
        )
        .select_related("periode")
        .first()
    )
