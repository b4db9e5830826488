"""Form fields shared by the apps: what a page renders, it accepts back (STYLE §5b)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

_PLAIN = re.compile(r"^[+-]?\d+(\.\d+)?$")


def parse_decimal_input(raw: str, decimal_separator: str) -> str:
    """A number as a person types it, in plain "1234.5" form, or ValueError.

    Accepted: the active locale's rendering ("1.234,50" in Bahasa Indonesia, "1,234.50" in
    English) and the other convention too, so "24,00" and "24.00" are both 24. When both marks
    appear, the last one is the decimal mark. A single mark that is not the locale's decimal mark
    is read as a thousands mark only when exactly three digits follow ("1.000" = 1000 in
    Bahasa Indonesia), as Django's own sanitize_separators does; a 2-decimal target can never
    legitimately have three decimals, so nothing valid is misread."""
    s = raw.strip().replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    other = "." if decimal_separator == "," else ","
    if "," in s and "." in s:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        grouping = "." if dec == "," else ","
        s = s.replace(grouping, "").replace(dec, ".")
    elif s.count(decimal_separator) > 1 or s.count(other) > 1:
        s = s.replace(decimal_separator, "").replace(other, "")  # only grouping marks
    elif other in s and len(s.rsplit(other, 1)[1]) == 3:
        s = s.replace(other, "")
    else:
        s = s.replace(",", ".")
    if not _PLAIN.match(s):
        raise ValueError(raw)
    return s


class LocalizedDecimalField(forms.DecimalField):
    """A decimal rendered in the active locale ("24,00") that accepts that rendering back, and the
    plain "24.00" too (see parse_decimal_input). Rendered as text with a decimal keypad: a
    type=number input would refuse the comma in some browsers."""

    default_error_messages = {"invalid": _("Masukkan angka, misalnya 24 atau 24,50.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs.setdefault("inputmode", "decimal")
        return attrs

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, str):
            try:
                value = parse_decimal_input(value, get_format("DECIMAL_SEPARATOR"))
            except ValueError:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        try:
            return Decimal(str(value))
        except (InvalidOperation, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
