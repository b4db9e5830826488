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
