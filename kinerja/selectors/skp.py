"""Reads of SKP planning: scoped by kinerja.permissions, joined, no N+1."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from common.history import HistoryStep, history_steps
from kinerja import rules
from kinerja.models import (
    Indikator,
    KoreksiAtasan,
    PerilakuKerja,
    Periode,
    PeriodeEvaluasi,
    Rhk,
    Skp,
    SkpTemplate,
)
from kinerja.permissions import (
    koreksi_visible_q,
    periode_visible_q,
    skp_penilai_ids,
    skp_template_visible_q,
    skp_visible_q,
)
from kinerja.selectors.delegasi import atasan_ids_for
from pegawai.models import Pegawai, UnitKerja, User
from pegawai.permissions import is_admin_bkn


def window_for(instansi_id: int, tanggal: dt.date) -> tuple[PeriodeEvaluasi | None, bool]:
    """The periodic window covering `tanggal` in the instansi's year (with its periode) and whether a
    log may be written in it: both the window and the year must be open (one query)."""
    window = (
        PeriodeEvaluasi.objects.select_related("periode")
        .filter(periode__instansi_id=instansi_id, mulai__lte=tanggal, selesai__gte=tanggal)
        .order_by("mulai")
        .first()
    )
    if window is None:
        return None, False
    return window, window.status == Periode.Status.OPEN and window.periode.status == Periode.Status.OPEN


def substitutes_of(user: User) -> set[int]:
    me = user.pegawai_or_none
    return atasan_ids_for(me, timezone.localdate()) if me is not None else set()


def periode_list_for(*, user: User) -> QuerySet[Periode]:
    """Years of the user's instansi (admin BKN: all), newest first, with windows prefetched."""
    qs = Periode.objects.select_related("instansi").prefetch_related(
        Prefetch("windows", queryset=PeriodeEvaluasi.objects.order_by("nomor"))
    )
    qs = qs.filter(periode_visible_q(user))
    if is_admin_bkn(user):
        return qs.order_by("-tahun", "instansi__nama")
    return qs.order_by("-tahun")


def skp_in_force_q(prefix: str = "") -> Q:
    """THE SKP of a pegawai in a periode, as a filter (exactly one row per pegawai and periode):
    the latest approved version, else the current draft. "Buat versi baru" makes a draft copy
    (is_current) while the approved version it came from stays in force (for logs, realisasi,
    dashboards, compliance) until the copy is approved; planning pages edit the current version.

    Every older version was approved (a new version is only made from an approved one), so the
    approved version in force is either the current one, or the one whose successor is current and
    not yet approved. `prefix` is the path to the Skp ("rhk__skp__"). Joins only forward and
    one-to-one relations: no subquery, no duplicate rows."""
    p = prefix
    approved = Skp.Status.APPROVED
    return (
        Q(**{f"{p}is_current": True, f"{p}status": approved})
        | Q(**{f"{p}is_current": True, f"{p}previous__isnull": True})
        | Q(
            **{
                f"{p}is_current": False,
                f"{p}status": approved,
                f"{p}next_version__is_current": True,
                f"{p}next_version__status__in": [s for s in Skp.Status.values if s != approved],
            }
        )
    )


def skp_in_force_for(*, pegawai_id: int, periode_id: int) -> Skp | None:
    """The SKP in force of one pegawai in one periode (one query), see skp_in_force_q."""
    return Skp.objects.filter(skp_in_force_q(), pegawai_id=pegawai_id, periode_id=periode_id).first()


def skp_list_for(
    *,
    user: User,
    substitute_for: set[int] | None = None,
    periode_id: int | None = None,
    status: str = "",
    pegawai_id: int | None = None,
    current_only: bool = True,
) -> QuerySet[Skp]:
    """SKP the user may read, joined with pegawai, penilai and periode (one query when listed)."""
    subs = substitutes_of(user) if substitute_for is None else substitute_for
    qs = Skp.objects.filter(skp_visible_q(user, subs)).select_related(
        "pegawai", "pejabat_penilai", "periode", "jabatan", "unit_kerja"
    )
    if current_only:
        qs = qs.filter(is_current=True)
    if periode_id:
        qs = qs.filter(periode_id=periode_id)
    if status:
        qs = qs.filter(status=status)
    if pegawai_id:
        qs = qs.filter(pegawai_id=pegawai_id)
    return qs.order_by("-periode__tahun", "pegawai__nama", "-version")


def skp_approval_list_for(*, actor: Pegawai, substitute_for: set[int] = frozenset()) -> QuerySet[Skp]:
    """Submitted current SKP whose pejabat penilai is the actor (or whom they substitute for)."""
    return (
        Skp.objects.filter(
            pejabat_penilai_id__in=skp_penilai_ids(actor, substitute_for),
            status=Skp.Status.SUBMITTED,
            is_current=True,
        )
        .select_related("pegawai", "periode", "jabatan", "unit_kerja")
        .order_by("submitted_at", "id")
    )


def _rhk_prefetch() -> Prefetch:
    return Prefetch(
        "rhk",
        queryset=Rhk.objects.select_related("rhk_atasan")
        .prefetch_related(Prefetch("indikator", queryset=Indikator.objects.order_by("urutan", "id")))
        .order_by("jenis", "urutan", "id"),
    )


def skp_detail_qs() -> QuerySet[Skp]:
    """An SKP with everything its page, API and PDF show (4 queries in all)."""
    return Skp.objects.select_related(
        "pegawai",
        "pegawai__jabatan",
        "pegawai__unit_kerja",
        "pejabat_penilai",
        "pejabat_penilai__jabatan",
        "pejabat_penilai__unit_kerja",
        "atasan_pejabat_penilai",
        "periode",
        "periode__instansi",
        "jabatan",
        "unit_kerja",
        "approved_by",
    ).prefetch_related(_rhk_prefetch(), Prefetch("perilaku", queryset=PerilakuKerja.objects.order_by("id")))


def skp_detail_for(*, user: User, pk: int, substitute_for: set[int] | None = None) -> Skp | None:
    subs = substitutes_of(user) if substitute_for is None else substitute_for
    return skp_detail_qs().filter(skp_visible_q(user, subs)).filter(pk=pk).first()


def skp_history(skp: Skp) -> list[HistoryStep]:
    """Who created, submitted, returned (with the note), approved or replaced this SKP version, and
    when, oldest first (one query; edits inside a state are not steps)."""
    return history_steps(skp, related=("history_user__pegawai",))


def skp_versions(skp: Skp) -> QuerySet[Skp]:
    return Skp.objects.filter(pegawai_id=skp.pegawai_id, periode_id=skp.periode_id).order_by("-version")


def rhk_atasan_options(skp: Skp) -> QuerySet[Rhk]:
    """RHK the SKP's RHK may intervene: those of the pejabat penilai's current SKP, same periode."""
    if not skp.pejabat_penilai_id:
        return Rhk.objects.none()
    return Rhk.objects.filter(
        skp__pegawai_id=skp.pejabat_penilai_id, skp__periode_id=skp.periode_id, skp__is_current=True
    ).order_by("jenis", "urutan", "id")


def perilaku_rows(skp: Skp) -> list[dict]:
    """The seven BerAKHLAK rows with panduan and ekspektasi khusus (uses the prefetched perilaku)."""
    by_kode = {p.kode: p for p in skp.perilaku.all()}
    rows = []
    for kode, label in rules.Berakhlak.choices:
        p = by_kode.get(kode)
        rows.append(
            {
                "kode": kode,
                "label": label,
                "panduan": rules.PANDUAN_PERILAKU[kode],
                "ekspektasi_khusus": p.ekspektasi_khusus if p else "",
            }
        )
    return rows


def template_list_for(*, user: User) -> QuerySet[SkpTemplate]:
    qs = SkpTemplate.objects.filter(skp_template_visible_q(user))
    return qs.select_related("jabatan").prefetch_related("rhk__indikator")


def koreksi_list_for(*, user: User, status: str = KoreksiAtasan.Status.OPEN) -> QuerySet[KoreksiAtasan]:
    qs = KoreksiAtasan.objects.filter(koreksi_visible_q(user)).select_related(
        "pegawai", "pegawai__unit_kerja", "atasan_tercatat", "usulan_atasan"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("created_at", "id")


# --- matriks peran hasil ------------------------------------------------------------------------


@dataclass
class MatriksNode:
    rhk: Rhk
    pegawai: Pegawai
    flagged: bool = False
    children: list[MatriksNode] = field(default_factory=list)


@dataclass
class Matriks:
    unit: UnitKerja
    periode: Periode
    roots: list[MatriksNode]
    flagged: list[MatriksNode]
    tanpa_skp: list[Pegawai]
    jumlah_rhk: int


def matriks_for(*, unit: UnitKerja, periode: Periode) -> Matriks:
    """The cascading tree of the unit subtree in 2 queries: the pegawai of the subtree, then the RHK
    of their current SKP in the periode. A root is an RHK of a pegawai whose atasan is outside the
    subtree (the head); an RHK of anyone else must intervene an RHK of someone in the tree, else it
    is flagged ("mendukung apa pun tidak")."""
    people = list(
        Pegawai.objects.aktif()
        .filter(unit_kerja__path__startswith=unit.path)
        .select_related("jabatan")
        .order_by("hirarki")
    )
    by_id = {p.pk: p for p in people}
    rhks = list(
        Rhk.objects.filter(skp__periode=periode, skp__is_current=True, skp__pegawai_id__in=list(by_id))
        .select_related("skp")
        .order_by("skp__pegawai__hirarki", "jenis", "urutan", "id")
    )
    nodes = {r.pk: MatriksNode(rhk=r, pegawai=by_id[r.skp.pegawai_id]) for r in rhks}
    roots: list[MatriksNode] = []
    flagged: list[MatriksNode] = []
    for node in nodes.values():
        is_top = node.pegawai.atasan_id not in by_id
        parent = nodes.get(node.rhk.rhk_atasan_id) if node.rhk.rhk_atasan_id else None
        if parent is not None:
            parent.children.append(node)
        elif is_top:
            roots.append(node)
        else:
            node.flagged = True
            flagged.append(node)
    with_skp = {r.skp.pegawai_id for r in rhks}
    return Matriks(
        unit=unit,
        periode=periode,
        roots=roots,
        flagged=flagged,
        tanpa_skp=[p for p in people if p.pk not in with_skp],
        jumlah_rhk=len(rhks),
    )
