"""One number and date format for pages, error messages and exports (Bahasa Indonesia): a decimal
comma, one decimal place for percentages ("12,5%"), dates as dd/mm/yyyy. Pure functions: no ORM.

Use these instead of `%`-formatting, `floatformat` variations or `isoformat()` in anything a person
reads; machine formats (API JSON, dedup keys, <input type="date"> values) stay ISO."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

KOSONG = "–"


def _decimal(x) -> Decimal | None:
    if x is None or x == "":
        return None
    try:
        return x if isinstance(x, Decimal) else Decimal(str(x))
    except (InvalidOperation, ValueError):
        return None


def angka(x, desimal: int = 2) -> str:
    """A number with a decimal comma and dot thousands, trailing zeros dropped: 1.234,5 / 12 / 0,25."""
    d = _decimal(x)
    if d is None:
        return KOSONG
    q = d.quantize(Decimal(1).scaleb(-desimal), rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    whole, _, frac = f"{abs(q):f}".partition(".")
    whole = f"{int(whole):,}".replace(",", ".")
    frac = frac.rstrip("0")
    return f"{sign}{whole},{frac}" if frac else f"{sign}{whole}"


def persen(x) -> str:
    """A percentage with exactly one decimal: 12,5% / 100,0% / 0,0%; "–" when there is none."""
    d = _decimal(x)
    if d is None:
        return KOSONG
    q = d.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    whole, _, frac = f"{abs(q):f}".partition(".")
    return f"{sign}{int(whole):,}".replace(",", ".") + f",{frac or '0'}%"


def rasio_persen(bagian, total) -> Decimal | None:
    """`bagian` of `total` as a percentage (Decimal), None when total is 0 (no one to count)."""
    if not total:
        return None
    return Decimal(bagian) * 100 / Decimal(total)


def tanggal(d) -> str:
    """dd/mm/yyyy; a datetime is shown as its date in the current time zone."""
    if d is None or d == "":
        return KOSONG
    if isinstance(d, dt.datetime):
        from django.utils import timezone

        d = timezone.localtime(d) if timezone.is_aware(d) else d
        d = d.date()
    return f"{d:%d/%m/%Y}"
