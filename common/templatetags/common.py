"""{% load common %}: the filters of common.format (one number and date format) and a bar width."""

from django import template

from common import format as fmt

register = template.Library()

register.filter("persen", fmt.persen)
register.filter("angka", fmt.angka)
register.filter("tanggal", fmt.tanggal)


@register.filter
def rasio(bagian, total):
    """{{ n|rasio:total }}: n of total as a percentage number (None when total is 0)."""
    return fmt.rasio_persen(bagian or 0, total)


@register.filter
def lebar_bar(x) -> str:
    """A percentage clamped to 0..100 as an SVG width ("37.5"): bars never overflow their track."""
    d = fmt._decimal(x)
    if d is None:
        return "0"
    return f"{min(max(d, 0), 100):.1f}"


@register.filter
def kali(a, b) -> int:
    """{{ forloop.counter0|kali:24 }}: integer product, for coordinates of server-rendered SVG charts."""
    try:
        return int(a) * int(b)
    except (TypeError, ValueError):
        return 0
