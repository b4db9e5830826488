"""The single home for roles and access rules (STYLE §1).

Roles are Django groups named by `Peran` values; "atasan" is not a group but derived from the data
(someone has subordinates). Scoping helpers return Q objects that every selector, view and API uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from pegawai.models import Pegawai, User


class Peran(models.TextChoices):
    ADMIN_BKN = "admin_bkn", _("Admin BKN")
    ADMIN_INSTANSI = "admin_instansi", _("Admin instansi (BKPSDM)")
    PENGELOLA_PELATIHAN = "pengelola_pelatihan", _("Pengelola pelatihan")
    PANITIA_SELEKSI = "panitia_seleksi", _("Panitia seleksi")
    PENGELOLA_SURVEI = "pengelola_survei", _("Pengelola survei")


def has_peran(user: User, peran: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return peran in user.peran_set


def is_admin_bkn(user: User) -> bool:
    return bool(getattr(user, "is_superuser", False)) or has_peran(user, Peran.ADMIN_BKN)


def is_admin_instansi(user: User) -> bool:
    return has_peran(user, Peran.ADMIN_INSTANSI) and user.pegawai_or_none is not None


def is_admin(user: User) -> bool:
    """Any administrative scope over employee records (BKN: all instansi; BKPSDM: its own)."""
    return is_admin_bkn(user) or is_admin_instansi(user)


def admin_instansi_id(user: User) -> int | None:
    """The instansi an admin instansi may manage, or None for BKN (everything) / non-admins."""
    if is_admin_bkn(user):
        return None
    pegawai = user.pegawai_or_none
    return pegawai.instansi_id if pegawai is not None and is_admin_instansi(user) else None


def subordinates_q(atasan: Pegawai, prefix: str = "") -> Q:
    """Direct and indirect subordinates of `atasan` (excluding atasan), by the hirarki path."""
    return Q(**{f"{prefix}hirarki__startswith": atasan.hirarki}) & ~Q(**{f"{prefix}pk": atasan.pk})


def pegawai_visible_q(user: User, prefix: str = "") -> Q:
    """Which pegawai rows `user` may read. `prefix` lets other apps scope via a relation ("pegawai__")."""
    if is_admin_bkn(user):
        return Q()
    me = user.pegawai_or_none
    if me is None:
        return Q(pk__in=[])  # an account with no pegawai and no admin role sees nobody
    if is_admin_instansi(user):
        return Q(**{f"{prefix}instansi_id": me.instansi_id})
    return Q(**{f"{prefix}pk": me.pk}) | Q(**{f"{prefix}hirarki__startswith": me.hirarki})


def unit_kerja_visible_q(user: User) -> Q:
    if is_admin_bkn(user):
        return Q()
    me = user.pegawai_or_none
    if me is None:
        return Q(pk__in=[])
    # Everyone may see their own instansi's organisation chart (it is public within the instansi).
    return Q(instansi_id=me.instansi_id)


def pegawai_pickable_q(user: User) -> Q:
    """Whom `user` may pick in a people picker (atasan, Plt/Plh, koreksi): name, NIP, jabatan and unit
    are the instansi's organisation chart, public within the instansi (like unit_kerja_visible_q),
    so an ASN can name their real atasan; nobody outside the viewer's instansi ever appears."""
    if is_admin_bkn(user):
        return Q()
    me = user.pegawai_or_none
    if me is None:
        return Q(pk__in=[])
    return Q(instansi_id=me.instansi_id)


def can_view_pegawai(user: User, pegawai: Pegawai) -> bool:
    if is_admin_bkn(user):
        return True
    me = user.pegawai_or_none
    if me is None:
        return False
    if is_admin_instansi(user):
        return pegawai.instansi_id == me.instansi_id
    return pegawai.pk == me.pk or pegawai.hirarki.startswith(me.hirarki)


def can_edit_pegawai(user: User, pegawai: Pegawai | None = None) -> bool:
    """Only admins change employee records; an admin instansi only inside their instansi."""
    if is_admin_bkn(user):
        return True
    if not is_admin_instansi(user):
        return False
    return pegawai is None or pegawai.instansi_id == user.pegawai.instansi_id


def can_manage_instansi(user: User, instansi_id: int) -> bool:
    if is_admin_bkn(user):
        return True
    return is_admin_instansi(user) and user.pegawai.instansi_id == instansi_id


def can_import_pegawai(user: User) -> bool:
    return is_admin(user)


def is_atasan(user: User) -> bool:
    """Derived from the data: the user's pegawai supervises at least one active pegawai."""
    me = user.pegawai_or_none
    if me is None:
        return False
    cached = getattr(me, "_is_atasan", None)
    if cached is None:
        cached = me.bawahan.exists()
        me._is_atasan = cached
    return cached


# --- kinerja: log ---
# Daily logs (LogHarian), their evidence, realisasi and umpan balik. Status values are plain strings
# so this module never imports kinerja models. `substitute_for` is the set of atasan ids the actor
# currently replaces as Plt/Plh (kinerja.selectors.delegasi.atasan_ids_for).

LOG_EDITABLE_STATUSES = frozenset({"draft", "rejected"})


def log_visible_q(user: User, substitute_for: Iterable[int] = ()) -> Q:
    """Logs `user` may read: own and subordinates' (by hirarki), the subordinates of an atasan they
    substitute for, the whole instansi for an admin instansi, everything for admin BKN."""
    if is_admin_bkn(user):
        return Q()
    if user.pegawai_or_none is None:
        return Q(pk__in=[])
    q = pegawai_visible_q(user, prefix="pegawai__")
    ids = list(substitute_for)
    if ids:
        q |= Q(pegawai__atasan_id__in=ids)
    return q


def log_reviewer_ids(actor: Pegawai, substitute_for: Iterable[int] = ()) -> set[int]:
    """The atasan ids whose direct subordinates' logs `actor` may approve: own, plus Plt/Plh."""
    return {actor.pk, *substitute_for}


def can_edit_log(actor: Pegawai | None, log) -> bool:
    """Only the owner, and only before approval (draft, or rejected and being fixed)."""
    if actor is None:
        return False
    if log.pegawai_id != actor.pk:
        return False
    return log.status in LOG_EDITABLE_STATUSES


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


# --- kinerja: dashboard ---
# Dashboards, XLSX exports and Plt/Plh delegation. Kedudukan values are plain strings (pegawai.rules
# Kedudukan) so this section stays model-free.

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


def can_export_kinerja_pegawai(user: User, pegawai: Pegawai) -> bool:
    """A pegawai's logs and realisasi as XLSX: the pegawai, their atasan chain, their instansi's admin."""
    return can_view_pegawai(user, pegawai)


def can_manage_delegasi(user: User, instansi_id: int) -> bool:
    """Plt/Plh delegations are set by the admin instansi (or admin BKN)."""
    return can_manage_instansi(user, instansi_id)


# --- kinerja: skp ---
# SKP planning: periode, SKP workflow, templates, koreksi atasan, matriks peran hasil. Status values
# are plain strings (kinerja.models.Skp.Status) so this section stays model-free. `substitute_for` is
# the set of atasan ids the actor currently replaces as Plt/Plh (kinerja.selectors.delegasi).

SKP_EDITABLE_STATUSES = frozenset({"draft", "returned"})


def skp_visible_q(user: User, substitute_for: Iterable[int] = ()) -> Q:
    """SKP rows `user` may read: own and subordinates' (by hirarki), those they assess as pejabat
    penilai (also as Plt/Plh), the whole instansi for an admin instansi, everything for admin BKN."""
    if is_admin_bkn(user):
        return Q()
    me = user.pegawai_or_none
    if me is None:
        return Q(pk__in=[])
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


def can_manage_periode(user: User, instansi_id: int) -> bool:
    return can_manage_instansi(user, instansi_id)


def can_manage_skp_template(user: User, instansi_id: int) -> bool:
    return can_manage_instansi(user, instansi_id)


def koreksi_visible_q(user: User) -> Q:
    """The koreksi atasan queue: an admin instansi sees their instansi's flags, admin BKN all."""
    if is_admin_bkn(user):
        return Q()
    if is_admin_instansi(user):
        return Q(pegawai__instansi_id=user.pegawai.instansi_id)
    me = user.pegawai_or_none
    return Q(pegawai_id=me.pk) if me is not None else Q(pk__in=[])


def can_resolve_koreksi(user: User, pegawai: Pegawai) -> bool:
    return can_edit_pegawai(user, pegawai)


def can_view_matriks(user: User, instansi_id: int) -> bool:
    """The matriks peran hasil is the organisation's plan: visible inside the instansi and to admins."""
    if is_admin_bkn(user):
        return True
    me = user.pegawai_or_none
    return me is not None and me.instansi_id == instansi_id
