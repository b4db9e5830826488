"""pelatihan's access rules (pelatihan imports only pegawai), built on pegawai.permissions like
kinerja/permissions.py; see docs/permissions.md.

- the catalogue (Program, Angkatan) is public within its instansi: every pegawai may read its own
  instansi's programmes to register; admin BKN reads all;
- a pengelola pelatihan or an admin instansi manages the catalogue, enrolments, attendance and external
  JP of their own instansi;
- an enrolment or an external JP is visible to its pegawai, their (indirect) atasan, and the managers
  of the instansi; everybody else gets nothing (fail closed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from pegawai.permissions import Peran, has_peran, is_admin_bkn, is_admin_instansi, nothing_q, subordinates_q

if TYPE_CHECKING:
    from pegawai.models import Pegawai, User


def is_pengelola_pelatihan(user: User) -> bool:
    return has_peran(user, Peran.PENGELOLA_PELATIHAN) and user.pegawai_or_none is not None


def managed_pelatihan_q(user: User, field: str) -> Q:
    """Rows whose instansi (`field`) the user manages for training: all for admin BKN, their own
    instansi for a pengelola pelatihan or admin instansi, nothing for anyone else."""
    if is_admin_bkn(user):
        return Q()
    if is_pengelola_pelatihan(user) or is_admin_instansi(user):
        return Q(**{field: user.pegawai.instansi_id})
    return nothing_q()


def can_manage_pelatihan(user: User, instansi_id: int) -> bool:
    if is_admin_bkn(user):
        return True
    return (is_pengelola_pelatihan(user) or is_admin_instansi(user)) and user.pegawai.instansi_id == instansi_id


def program_visible_q(viewer: User, prefix: str = "") -> Q:
    if is_admin_bkn(viewer):
        return Q()
    me = viewer.pegawai_or_none
    if me is None:
        return nothing_q()
    return Q(**{f"{prefix}instansi_id": me.instansi_id})


def angkatan_visible_q(viewer: User) -> Q:
    return program_visible_q(viewer, prefix="program__")


def _own_or_team_q(viewer: User, prefix: str) -> Q:
    me = viewer.pegawai_or_none
    if me is None:
        return nothing_q()
    return Q(**{f"{prefix}pk": me.pk}) | subordinates_q(me, prefix=prefix)


def pendaftaran_visible_q(viewer: User) -> Q:
    if is_admin_bkn(viewer):
        return Q()  # explicit: `X | Q()` is X in Django, so "or everything" cannot be OR-ed in
    return _own_or_team_q(viewer, "pegawai__") | managed_pelatihan_q(viewer, "angkatan__program__instansi_id")


def jp_eksternal_visible_q(viewer: User) -> Q:
    if is_admin_bkn(viewer):
        return Q()  # explicit: `X | Q()` is X in Django, so "or everything" cannot be OR-ed in
    return _own_or_team_q(viewer, "pegawai__") | managed_pelatihan_q(viewer, "pegawai__instansi_id")


def kebutuhan_visible_q(viewer: User) -> Q:
    if is_admin_bkn(viewer):
        return Q()  # explicit: `X | Q()` is X in Django, so "or everything" cannot be OR-ed in
    return _own_or_team_q(viewer, "pegawai__") | managed_pelatihan_q(viewer, "instansi_id")


def pegawai_ledger_q(viewer: User) -> Q:
    """Whose JP ledger the viewer reads (on Pegawai): self, subordinates, the managed instansi."""
    if is_admin_bkn(viewer):
        return Q()
    return _own_or_team_q(viewer, "") | managed_pelatihan_q(viewer, "instansi_id")


def pelatihan_visible_q(viewer: User) -> Q:
    """Kept for the registry of app scopes: the programmes `viewer` may read."""
    return program_visible_q(viewer)


def is_atasan_of(actor: Pegawai, pegawai: Pegawai) -> bool:
    """Direct or indirect atasan (by the hirarki path), never oneself."""
    return actor.pk != pegawai.pk and bool(actor.hirarki) and pegawai.hirarki.startswith(actor.hirarki)


def can_approve_pendaftaran(actor: User, status: str, pegawai: Pegawai) -> bool:
    """The atasan decides a self-registration; only while it waits for that decision."""
    me = actor.pegawai_or_none
    if me is None or status != "requested":
        return False
    return is_atasan_of(me, pegawai)


def can_nominate(actor: User, pegawai: Pegawai) -> bool:
    me = actor.pegawai_or_none
    return me is not None and is_atasan_of(me, pegawai)


def can_verify_jp_eksternal(actor: User, status: str, pegawai: Pegawai) -> bool:
    if status != "submitted":
        return False
    if actor.pegawai_or_none is not None and actor.pegawai.pk == pegawai.pk:
        return False  # nobody verifies their own certificate
    return can_manage_pelatihan(actor, pegawai.instansi_id)
