"""Who may see which service unit's survey results, built on pegawai's roles (fails closed).

Citizens fill the public form without an account; results are for the unit's pengelola survei, the
admin instansi of its instansi and admin BKN. Anyone else sees nothing: an out-of-scope unit is a 404.
"""

from __future__ import annotations

from django.db.models import Q

from pegawai.permissions import Peran, has_peran, is_admin_bkn, is_admin_instansi, managed_instansi_q, nothing_q


def unit_layanan_visible_q(user) -> Q:
    if not getattr(user, "is_authenticated", False):
        return nothing_q()
    if is_admin_bkn(user):
        return Q()
    q = nothing_q()
    if is_admin_instansi(user):
        q |= managed_instansi_q(user, "instansi_id")
    if has_peran(user, Peran.PENGELOLA_SURVEI):
        q |= Q(pengelola=user)
    return q


def can_view_survei(user) -> bool:
    """Whether the results section exists for this user at all (navigation)."""
    return is_admin_bkn(user) or is_admin_instansi(user) or has_peran(user, Peran.PENGELOLA_SURVEI)


def can_moderate_saran(user, unit) -> bool:
    """The unit's own pengelola and the admin instansi of its instansi hide or show saran (never delete);
    admin BKN reads every instansi but moderates none."""
    if not getattr(user, "is_authenticated", False) or is_admin_bkn(user):
        return False
    if is_admin_instansi(user) and user.pegawai.instansi_id == unit.instansi_id:
        return True
    return has_peran(user, Peran.PENGELOLA_SURVEI) and unit.pengelola.filter(pk=user.pk).exists()
