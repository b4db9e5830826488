"""kinerja's access rules: SKP, daily logs, realisasi, umpan balik, dashboards, exports, Plt/Plh
delegation and koreksi atasan (STYLE §1). Built on pegawai.permissions' roles and org scope; every
scope function fails closed (a Q matching nothing for an unknown or plain role, `Q()` only for admin
BKN). Status values are plain strings so this module imports no model. `substitute_for` is the set
of atasan ids the actor currently replaces as Plt/Plh (kinerja.selectors.delegasi.atasan_ids_for).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Q

from pegawai.permissions import (
    can_edit_pegawai,
    can_manage_instansi,
    can_view_pegawai,
    is_admin_bkn,
    is_admin_instansi,
    is_atasan,
    managed_instansi_q,
    nothing_q,
    pegawai_visible_q,
)

if TYPE_CHECKING:
    from pegawai.models import Pegawai, User


# --- log ---
# Daily logs (LogHarian), their evidence, realisasi and umpan balik.

LOG_EDITABLE_STATUSES = frozenset({"draft", "rejected"})


def log_visible_q(user: User, substitute_for: Iterable[int] = ()) -> Q:
    """Logs `user` may read: own and subordinates' (by hirarki), the subordinates of an atasan they
    substitute for, the whole instansi for an admin instansi, everything for admin BKN."""
    if is_admin_bkn(user):
        return Q()
    if user.pegawai_or_none is None:
        return nothing_q()
    q = pegawai_visible_q(user, prefix="pegawai__")
    ids = list(substitute_for)
    if ids:
        q |= Q(pegawai__atasan_id__in=ids)
    return q


def log_reviewer_ids(actor: Pegawai, substitute_for: Iterable[int] = ()) -> set[int]:
    """The atasan ids whose direct subordinates' logs `actor` may approve: own, plus Plt/Plh."""
    return {actor.pk, *substitute_for}


def is_log_owner(actor: Pegawai | None, log) -> bool:
    """Owner-only actions (edit, submit, delete): a visible log of someone else answers 403."""
    return actor is not None and log.pegawai_id == actor.pk


def can_edit_log(actor: Pegawai | None, log) -> bool:
    """Only the owner, and only before approval (draft, or rejected and being fixed)."""
    if not is_log_owner(actor, log):
        return False
    return log.status in LOG_EDITABLE_STATUSES


def can_submit_log(actor: Pegawai | None, log) -> bool:
    """The owner sends a draft or rejected log to the atasan; anyone else who can see it may not."""
    return can_edit_log(actor, log)


def can_review_log(actor: Pegawai | None, log, substitute_for: Iterable[int] = ()) -> bool:
    """The direct atasan of the log's owner (or their Plt/Plh) reviews a submitted log."""
    if actor is None:
        return False
    if log.status != "submitted":
        return False
    return log.pegawai.atasan_id in log_reviewer_ids(actor, substitute_for)


def is_skp_supervisor(actor: Pegawai | None, skp, substitute_for: Iterable[int] = ()) -> bool:
    """The atasan side of an SKP: its pejabat penilai, the owner's current atasan, or their Plt/Plh."""
    if actor is None:
        return False
    ids = log_reviewer_ids(actor, substitute_for)
    return skp.pejabat_penilai_id in ids or skp.pegawai.atasan_id in ids


def can_view_kinerja_skp(user: User, skp, substitute_for: Iterable[int] = ()) -> bool:
    """Realisasi and umpan balik of an SKP: whoever may see its owner, plus the atasan side."""
    return can_view_pegawai(user, skp.pegawai) or is_skp_supervisor(user.pegawai_or_none, skp, substitute_for)


def can_edit_realisasi(actor: Pegawai | None, skp) -> bool:
    """Manual realisasi (with evidence) is entered by the SKP's owner."""
    return actor is not None and skp.pegawai_id == actor.pk


def can_post_umpan_balik(actor: Pegawai | None, skp, substitute_for: Iterable[int] = (), thread_exists=False) -> bool:
    """The atasan side opens and continues a thread; the owner replies to an existing one."""
    if is_skp_supervisor(actor, skp, substitute_for):
        return True
    return actor is not None and skp.pegawai_id == actor.pk and thread_exists


# --- dashboard, exports, delegasi ---
# Kedudukan values are plain strings (pegawai.rules Kedudukan) so this section stays model-free.

# Only these are counted on the compliance board: pegawai on leave (cltn, tugas_belajar,
# diberhentikan_sementara) or gone (pensiun, meninggal, berhenti) are left out (docs/keputusan-domain.md).
COMPLIANCE_KEDUDUKAN = ("aktif",)


def can_view_atasan_dashboard(user: User, substitute_for: Iterable[int] = ()) -> bool:
    """The team board: anyone who supervises someone, or substitutes (Plt/Plh) for an atasan now."""
    if user.pegawai_or_none is None:
        return False
    return bool(list(substitute_for)) or is_atasan(user)


def can_view_compliance_board(user: User, instansi_id: int) -> bool:
    """The compliance board of an instansi: its admin instansi, or admin BKN."""
    return can_manage_instansi(user, instansi_id)


def kinerja_export_pegawai_q(user: User) -> Q:
    """Pegawai whose logs and realisasi `user` may export: the same rows as can_export_kinerja_pegawai."""
    return pegawai_visible_q(user)


def can_export_kinerja_pegawai(user: User, pegawai: Pegawai) -> bool:
    """A pegawai's logs and realisasi as XLSX: the pegawai, their atasan chain, their instansi's admin."""
    return can_view_pegawai(user, pegawai)


def delegasi_visible_q(user: User) -> Q:
    """Plt/Plh delegations an admin manages, by the replaced atasan's instansi; nobody else sees the list."""
    return managed_instansi_q(user, field="atasan__instansi_id")


def can_manage_delegasi(user: User, instansi_id: int) -> bool:
    """Plt/Plh delegations are set by the admin instansi (or admin BKN)."""
    return can_manage_instansi(user, instansi_id)


# --- skp ---
# SKP planning: periode, SKP workflow, templates, koreksi atasan, matriks peran hasil.

SKP_EDITABLE_STATUSES = frozenset({"draft", "returned"})


def skp_visible_q(user: User, substitute_for: Iterable[int] = ()) -> Q:
    """SKP rows `user` may read: own and subordinates' (by hirarki), those they assess as pejabat
    penilai (also as Plt/Plh), the whole instansi for an admin instansi, everything for admin BKN."""
    if is_admin_bkn(user):
        return Q()
    me = user.pegawai_or_none
    if me is None:
        return nothing_q()
    q = pegawai_visible_q(user, prefix="pegawai__") | Q(pejabat_penilai_id=me.pk)
    ids = list(substitute_for)
    if ids:
        q |= Q(pejabat_penilai_id__in=ids)
    return q


def skp_penilai_ids(actor: Pegawai, substitute_for: Iterable[int] = ()) -> set[int]:
    """The pejabat penilai ids `actor` acts as: self plus the atasan they substitute for (Plt/Plh)."""
    return {actor.pk, *substitute_for}


def is_skp_penilai(actor: Pegawai | None, skp, substitute_for: Iterable[int] = ()) -> bool:
    """`actor` is the SKP's pejabat penilai (or their Plt/Plh), whatever the SKP's state."""
    return actor is not None and skp.pejabat_penilai_id in skp_penilai_ids(actor, substitute_for)


def is_skp_owner(actor: Pegawai | None, skp) -> bool:
    """Owner-only actions (edit, submit, revise): a visible SKP of someone else answers 403."""
    return actor is not None and skp.pegawai_id == actor.pk


def can_edit_skp(actor: Pegawai | None, skp) -> bool:
    """The owner edits the current version, only in draft or after it was returned."""
    if actor is None or skp.pegawai_id != actor.pk:
        return False
    return skp.is_current and skp.status in SKP_EDITABLE_STATUSES


def can_submit_skp(actor: Pegawai | None, skp) -> bool:
    return can_edit_skp(actor, skp)


def can_approve_skp(actor: Pegawai | None, skp, substitute_for: Iterable[int] = ()) -> bool:
    """The SKP's pejabat penilai (or their Plt/Plh) approves or returns a submitted current SKP."""
    if skp.status != "submitted" or not skp.is_current:
        return False
    return is_skp_penilai(actor, skp, substitute_for)


def can_return_skp(actor: Pegawai | None, skp, substitute_for: Iterable[int] = ()) -> bool:
    return can_approve_skp(actor, skp, substitute_for)


def can_edit_ekspektasi(actor: Pegawai | None, skp, substitute_for: Iterable[int] = ()) -> bool:
    """Ekspektasi khusus per BerAKHLAK value is the pejabat penilai's, until the SKP is approved."""
    if not skp.is_current or skp.status == "approved":
        return False
    return is_skp_penilai(actor, skp, substitute_for)


def can_revise_skp(actor: Pegawai | None, skp) -> bool:
    """A change after approval: the owner opens a new version of the current approved SKP."""
    if actor is None or skp.pegawai_id != actor.pk:
        return False
    return skp.is_current and skp.status == "approved"


def periode_visible_q(user: User, prefix: str = "") -> Q:
    """Performance years (and, with prefix "periode__", their windows) `user` may see: their own
    instansi's, every one for admin BKN, none for an account without pegawai."""
    if is_admin_bkn(user):
        return Q()
    me = user.pegawai_or_none
    if me is None:
        return nothing_q()
    return Q(**{f"{prefix}instansi_id": me.instansi_id})


def can_manage_periode(user: User, instansi_id: int) -> bool:
    return can_manage_instansi(user, instansi_id)


def can_manage_skp_template(user: User, instansi_id: int) -> bool:
    return can_manage_instansi(user, instansi_id)


def koreksi_visible_q(user: User) -> Q:
    """The koreksi atasan queue: an admin instansi sees their instansi's flags, admin BKN all, a
    pegawai their own flags, an account without pegawai nothing."""
    if is_admin_bkn(user) or is_admin_instansi(user):
        return managed_instansi_q(user, field="pegawai__instansi_id")
    me = user.pegawai_or_none
    return Q(pegawai_id=me.pk) if me is not None else nothing_q()


def can_resolve_koreksi(user: User, pegawai: Pegawai) -> bool:
    return can_edit_pegawai(user, pegawai)


def can_view_matriks(user: User, instansi_id: int) -> bool:
    """The matriks peran hasil is the organisation's plan: visible inside the instansi and to admins."""
    if is_admin_bkn(user):
        return True
    me = user.pegawai_or_none
    return me is not None and me.instansi_id == instansi_id


def skp_template_visible_q(user: User) -> Q:
    """SKP templates an admin manages (by the jabatan's instansi); nobody else lists them."""
    return managed_instansi_q(user, field="jabatan__instansi_id")
