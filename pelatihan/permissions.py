"""pelatihan's access rules: training programmes and participation (pelatihan imports only pegawai).

Built on pegawai.permissions (roles and org scope) like kinerja/permissions.py; see docs/permissions.md.
The app has no models yet, so every scope matches nothing (fail closed) until its rules land: a scope
function returns a Q, never None, and only admin BKN may get `Q()`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from pegawai.permissions import nothing_q

if TYPE_CHECKING:
    from pegawai.models import User


def pelatihan_visible_q(viewer: User) -> Q:
    """The pelatihan rows `viewer` may read. Nothing until the app's rules are written."""
    return nothing_q()
