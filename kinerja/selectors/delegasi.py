"""Plt/Plh delegation reads: whose approvals an actor currently performs."""

from __future__ import annotations

import datetime as dt

from kinerja.models import DelegasiPersetujuan
from pegawai.models import Pegawai


def atasan_ids_for(actor: Pegawai, on_date: dt.date) -> set[int]:
    """Ids of the atasan whose approvals `actor` performs on `on_date` as Plt/Plh (one indexed query)."""
    return set(
        DelegasiPersetujuan.objects.filter(penerima=actor, mulai__lte=on_date, selesai__gte=on_date).values_list(
            "atasan_id", flat=True
        )
    )


def delegasi_list_for(*, instansi_id: int | None):
    """Delegations of one instansi (None: all, for admin BKN), newest first, with both pegawai."""
    qs = DelegasiPersetujuan.objects.select_related("atasan", "penerima")
    if instansi_id is not None:
        qs = qs.filter(atasan__instansi_id=instansi_id)
    return qs.order_by("-mulai", "-id")
