"""Writes of performance years (Periode) and their periodic windows (PeriodeEvaluasi)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kinerja import rules
from kinerja.models import Periode, PeriodeEvaluasi
from kinerja.services.errors import StateError
from pegawai.models import Instansi

STATUSES = {Periode.Status.OPEN, Periode.Status.CLOSED}


@transaction.atomic
def periode_create(*, instansi: Instansi, tahun: int, jenis_periodik: str) -> Periode:
    """Create the year of an instansi with its windows (12 months or 4 quarters, kinerja.rules).
    Raises ValidationError for a bad year/cadence or a year that already exists."""
    if jenis_periodik not in rules.JenisPeriodik.values:
        raise ValidationError({"jenis_periodik": [_("Jenis periode evaluasi tidak dikenal.")]})
    if not 2000 <= int(tahun) <= 2100:
        raise ValidationError({"tahun": [_("Tahun harus antara 2000 dan 2100.")]})
    if Periode.objects.filter(instansi=instansi, tahun=tahun).exists():
        raise ValidationError({"tahun": [_("Periode kinerja tahun ini sudah ada untuk instansi ini.")]})
    try:
        with transaction.atomic():
            periode = Periode.objects.create(
                instansi=instansi,
                tahun=tahun,
                jenis_periodik=jenis_periodik,
                mulai=dt.date(tahun, 1, 1),
                selesai=dt.date(tahun, 12, 31),
            )
    except IntegrityError:  # a concurrent create of the same year won
        raise ValidationError({"tahun": [_("Periode kinerja tahun ini sudah ada untuk instansi ini.")]}) from None
    PeriodeEvaluasi.objects.bulk_create(
        PeriodeEvaluasi(periode=periode, nomor=w.nomor, label=w.label, mulai=w.mulai, selesai=w.selesai)
        for w in rules.periodic_windows(tahun, jenis_periodik)
    )
    return periode


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise ValidationError({"status": [_("Status harus 'open' atau 'closed'.")]})


@transaction.atomic
def periode_set_status(*, periode: Periode, status: str) -> Periode:
    """Open or close a whole year (a closed year refuses logs whatever its windows say)."""
    _check_status(status)
    changed = Periode.objects.filter(pk=periode.pk).exclude(status=status).update(status=status)
    if changed != 1:
        raise StateError(_("Periode sudah berstatus tersebut."), field="status")
    periode.status = status
    return periode


@transaction.atomic
def window_set_status(*, window: PeriodeEvaluasi, status: str) -> PeriodeEvaluasi:
    """Open or close one periodic window."""
    _check_status(status)
    changed = PeriodeEvaluasi.objects.filter(pk=window.pk).exclude(status=status).update(status=status)
    if changed != 1:
        raise StateError(_("Periode evaluasi sudah berstatus tersebut."), field="status")
    window.status = status
    return window
