"""Working days (hari kerja): Monday to Friday, minus Indonesia's public holidays and cuti bersama
(the `holidays` package, categories "public" and "government"), minus the dates admins add as
HariLibur (national, or for one instansi). The one place every "N hari kerja" is computed.

The pure part (no database) takes the set of days off explicitly; the public functions below it load
that set in one query. docs/keputusan-domain.md explains the choice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from functools import lru_cache

import holidays as holidays_lib
from django.db.models import Q

# --- pure part --------------------------------------------------------------------------------------

# Public holidays ("public") and the joint leave days of the SKB 3 Menteri ("government": cuti bersama).
KATEGORI = ("public", "government")


@lru_cache(maxsize=64)
def _libur_paket(tahun: int) -> dict[dt.date, str]:
    return dict(holidays_lib.country_holidays("ID", years=tahun, language="id", categories=KATEGORI))


def libur_nasional(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    """Public holidays and cuti bersama in [start, end] with their Indonesian names."""
    result: dict[dt.date, str] = {}
    for tahun in range(start.year, end.year + 1):
        result.update({d: n for d, n in _libur_paket(tahun).items() if start <= d <= end})
    return result


def is_hari_kerja_pada(day: dt.date, libur: Collection[dt.date]) -> bool:
    return day.weekday() < 5 and day not in libur


def hari_kerja_antara_pada(start: dt.date, end: dt.date, libur: Collection[dt.date]) -> int:
    """Working days in the half-open range (start, end]: the days after `start` up to `end`."""
    if end <= start:
        return 0
    days, d = 0, start + dt.timedelta(days=1)
    while d <= end:
        days += is_hari_kerja_pada(d, libur)
        d += dt.timedelta(days=1)
    return days


def kurangi_hari_kerja_pada(day: dt.date, n: int, libur: Collection[dt.date]) -> dt.date:
    """The date n working days before `day` (so that hari_kerja_antara(result, day) == n on a working day)."""
    d = day
    while n > 0:
        d -= dt.timedelta(days=1)
        if is_hari_kerja_pada(d, libur):
            n -= 1
    return d


def _jangkauan(n: int) -> int:
    """Calendar days that surely hold n working days: weekends plus the longest run of days off
    (Idul Fitri with its cuti bersama is about ten)."""
    return n * 7 // 5 + 21


# --- with the admins' dates (one query) ---------------------------------------------------------------


def _instansi_id(instansi) -> int | None:
    return getattr(instansi, "pk", instansi)


def hari_libur(start: dt.date, end: dt.date, instansi=None) -> frozenset[dt.date]:
    """Every day off in [start, end] for `instansi` (an Instansi, its id, or None for national only):
    the package's dates plus HariLibur rows (one query)."""
    from pegawai.models import HariLibur  # the pure part above needs no models

    instansi_id = _instansi_id(instansi)
    scope = Q(instansi__isnull=True)
    if instansi_id is not None:
        scope |= Q(instansi_id=instansi_id)
    rows = HariLibur.objects.filter(scope, tanggal__gte=start, tanggal__lte=end).values_list("tanggal", flat=True)
    return frozenset(libur_nasional(start, end)) | frozenset(rows)


def is_hari_kerja(day: dt.date, instansi=None) -> bool:
    return is_hari_kerja_pada(day, hari_libur(day, day, instansi))


def hari_kerja_antara(start: dt.date, end: dt.date, instansi=None) -> int:
    """Working days after `start` up to and including `end`."""
    if end <= start:
        return 0
    return hari_kerja_antara_pada(start, end, hari_libur(start, end, instansi))


def kurangi_hari_kerja(day: dt.date, n: int, instansi=None) -> dt.date:
    """The date n working days before `day`, for `instansi`."""
    start = day - dt.timedelta(days=_jangkauan(n))
    while True:
        result = kurangi_hari_kerja_pada(day, n, hari_libur(start, day, instansi))
        if result >= start:
            return result
        start = result - dt.timedelta(days=_jangkauan(n))  # more days off than assumed: load further back
