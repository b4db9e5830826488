"""Plt/Plh delegation reads: whose approvals an actor currently performs."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from kinerja.models import DelegasiPersetujuan
from kinerja.permissions import delegasi_visible_q
from pegawai.models import Pegawai, User


def atasan_ids_for(actor: Pegawai, on_date: dt.date) -> set[int]:
    """Ids of the atasan whose approvals `actor` performs on `on_date` as Plt/Plh (one indexed query)."""
    return set(
        DelegasiPersetujuan.objects.filter(penerima=actor, mulai__lte=on_date, selesai__gte=on_date).values_list(
            "atasan_id", flat=True
        )
    )


def delegasi_list_for(*, user: User) -> QuerySet[DelegasiPersetujuan]:
    """The delegations `user` manages (kinerja.permissions.delegasi_visible_q: admin BKN all, admin
    instansi their instansi, anyone else none), newest first, with both pegawai."""
    qs = DelegasiPersetujuan.objects.filter(delegasi_visible_q(user)).select_related("atasan", "penerima")
    return qs.order_by("-mulai", "-id")
