"""WeasyPrint contexts of survei's documents: the counter poster and the SKM report."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import mark_safe

from survei.models import UnitLayanan


def form_url(unit: UnitLayanan) -> str:
    """The public form's absolute address (SITE_URL: the public host), printed and encoded in the QR."""
    return f"{settings.SITE_URL.rstrip('/')}{reverse('skm:form', args=[unit.kode])}"


def qr_svg(data: str) -> str:
    """The QR code as inline SVG: vector, so it stays sharp at any print size (no raster image)."""
    import segno

    # segno's output contains only its own path data, never the (escaped-by-encoding) payload text.
    return mark_safe(segno.make(data, error="m").svg_inline(scale=10, border=2, omitsize=True))  # noqa: S308


def poster_context(unit: UnitLayanan) -> dict:
    url = form_url(unit)
    return {"unit": unit, "instansi": unit.instansi.nama, "url": url, "qr_svg": qr_svg(url)}
