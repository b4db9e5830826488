"""rekrutmen's access rules (rekrutmen imports only pegawai), built on pegawai.permissions.

Three kinds of people use the app, apart from admin BKN who sees everything:
- panitia seleksi (group ``Peran.PANITIA_SELEKSI``, a pegawai of an instansi): the formasi of their own
  instansi and the applications to them; they decide MS/TMS and sanggah and enter scores;
- pelamar (a User with a ``Pelamar``, no Pegawai): only their own applications;
- anyone else: nothing (the public sees only published announcements, which need no scope).
Every scope returns a Q, never None; an unknown role matches nothing (fail closed), so a lookup through
the scoped queryset makes anything outside the scope a 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from pegawai.permissions import Peran, has_peran, is_admin_bkn, nothing_q

if TYPE_CHECKING:
    from pegawai.models import User
    from rekrutmen.models import Lamaran


def panitia_instansi_id(user: User) -> int | None:
    """The instansi a panitia seleksi works for; None for everyone else (admin BKN included)."""
    if not has_peran(user, Peran.PANITIA_SELEKSI):
        return None
    pegawai = user.pegawai_or_none
    return pegawai.instansi_id if pegawai is not None else None


def is_panitia(user: User) -> bool:
    return is_admin_bkn(user) or panitia_instansi_id(user) is not None


def formasi_managed_q(user: User, prefix: str = "") -> Q:
    """The formasi `user` manages (``prefix`` "formasi__" scopes applications)."""
    if is_admin_bkn(user):
        return Q()
    instansi_id = panitia_instansi_id(user)
    if instansi_id is not None:
        return Q(**{f"{prefix}instansi_id": instansi_id})
    return nothing_q()


def lamaran_visible_q(user: User) -> Q:
    """Applications `user` may read: managed ones, and a pelamar's own."""
    if is_admin_bkn(user):
        return Q()  # not OR'ed below: Q() | x is x, not "everything"
    q = formasi_managed_q(user, prefix="formasi__")
    if getattr(user, "is_authenticated", False):
        q |= Q(pelamar__user_id=user.pk)
    return q


def can_manage_lamaran(user: User, lamaran: Lamaran) -> bool:
    """Decide MS/TMS and sanggah, enter scores: panitia of the formasi's instansi, admin BKN."""
    if is_admin_bkn(user):
        return True
    instansi_id = panitia_instansi_id(user)
    return instansi_id is not None and lamaran.formasi.instansi_id == instansi_id


def can_manage_seleksi(user: User) -> bool:
    """Seleksi-wide steps (announce administrasi, run the ranking, publish a stage). The ranking is
    deterministic, so who starts it cannot change a result; publication is the panitia's act."""
    return is_panitia(user)


def is_own_lamaran(user: User, lamaran: Lamaran) -> bool:
    return getattr(user, "is_authenticated", False) and lamaran.pelamar.user_id == user.pk
