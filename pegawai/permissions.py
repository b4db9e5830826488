"""Roles and org scope: "who may see whom" (STYLE §1). The base every app's permissions.py builds on.

Roles are Django groups named by `Peran` values; "atasan" is not a group but derived from the data
(someone has subordinates). Scope helpers return Q objects that every selector, view and API uses;
they fail closed: an unknown or plain role gets a Q matching nothing, only admin BKN gets `Q()`.
This module knows no other app: kinerja's rules live in kinerja/permissions.py (docs/permissions.md).
"""

from __future__ import annotations

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


def nothing_q() -> Q:
    """A Q that matches no row (Django answers it without a query). A fresh object each call."""
    return Q(pk__in=[])


def managed_instansi_q(user: User, field: str = "instansi_id") -> Q:
    """Rows an administrator manages, by their instansi `field` ("atasan__instansi_id", "pk" for
    Instansi itself): everything for admin BKN, their own instansi for an admin instansi, nothing
    for anyone else (fail closed)."""
    if is_admin_bkn(user):
        return Q()
    if is_admin_instansi(user):
        return Q(**{field: user.pegawai.instansi_id})
    return nothing_q()


def single_instansi_of(user: User) -> int | None:
    """The one instansi an admin instansi manages; None for everyone else, admin BKN included.
    None never means "everything": a caller that serves admin BKN checks `is_admin_bkn` itself."""
    if is_admin_bkn(user) or not is_admin_instansi(user):
        return None
    return user.pegawai.instansi_id


def subordinates_q(atasan: Pegawai, prefix: str = "") -> Q:
    """Direct and indirect subordinates of `atasan` (excluding atasan), by the hirarki path."""
    return Q(**{f"{prefix}hirarki__startswith": atasan.hirarki}) & ~Q(**{f"{prefix}pk": atasan.pk})


def pegawai_visible_q(user: User, prefix: str = "") -> Q:
    """Which pegawai rows `user` may read. `prefix` lets other apps scope via a relation ("pegawai__")."""
    if is_admin_bkn(user):
        return Q()
    me = user.pegawai_or_none
    if me is None:
        return nothing_q()  # an account with no pegawai and no admin role sees nobody
    if is_admin_instansi(user):
        return Q(**{f"{prefix}instansi_id": me.instansi_id})
    return Q(**{f"{prefix}pk": me.pk}) | Q(**{f"{prefix}hirarki__startswith": me.hirarki})


def unit_kerja_visible_q(user: User) -> Q:
    if is_admin_bkn(user):
        return Q()
    me = user.pegawai_or_none
    if me is None:
        return nothing_q()
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
