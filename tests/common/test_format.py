"""common.format: one number and date format (defect 10), and the {% load common %} filters."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

from common import format as fmt


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("12.5"), "12,5%"),
        (Decimal("12.50"), "12,5%"),
        (Decimal("20.8333"), "20,8%"),
        (Decimal("20.85"), "20,9%"),  # half up, not banker's rounding
        (100, "100,0%"),
        (0, "0,0%"),
        (Decimal("1234.56"), "1.234,6%"),
        (Decimal("-3.25"), "-3,3%"),
        (None, "–"),
        ("bukan angka", "–"),
    ],
)
def test_persen_has_one_format(value, expected):
    assert fmt.persen(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("12.50"), "12,5"), (Decimal("3"), "3"), (Decimal("1234567.891"), "1.234.567,89"), (None, "–")],
)
def test_angka_uses_a_decimal_comma_and_drops_trailing_zeros(value, expected):
    assert fmt.angka(value) == expected


def test_tanggal_is_dd_mm_yyyy_and_datetimes_use_jakarta_time():
    assert fmt.tanggal(dt.date(2026, 3, 9)) == "09/03/2026"
    late_utc = dt.datetime(2026, 3, 9, 20, 0, tzinfo=ZoneInfo("UTC"))  # 03:00 on the 10th in Jakarta
    assert fmt.tanggal(late_utc) == "10/03/2026"
    assert fmt.tanggal(None) == "–"


def test_rasio_persen_of_nobody_is_none():
    assert fmt.rasio_persen(3, 4) == Decimal(75)
    assert fmt.rasio_persen(0, 0) is None


def test_template_filters():
    out = Template(
        "{% load common %}{{ p|persen }} {{ d|tanggal }} {{ n|angka }} {{ 3|rasio:4|persen }} {{ 150|lebar_bar }} {{ 2|kali:26 }}"
    ).render(Context({"p": Decimal("12.50"), "d": dt.date(2026, 1, 2), "n": Decimal("2.50")}))
    assert out == "12,5% 02/01/2026 2,5 75,0% 100.0 52"


@pytest.mark.django_db
def test_error_messages_show_dates_as_pages_do(pegawai):
    """A log in the future: the message names today as dd/mm/yyyy, not ISO."""
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from kinerja.services import log as log_service
    from tests.kinerja.log_helpers import log_data, setup_skp

    _skp, rhk, _ind = setup_skp(pegawai)
    today = timezone.localdate()
    data = log_service.LogData.from_dict(log_data(rhk, tanggal=today + dt.timedelta(days=1)))
    with pytest.raises(ValidationError) as exc:
        log_service.log_create(pegawai=pegawai, data=data)
    message = " ".join(exc.value.message_dict["tanggal"])
    assert today.strftime("%d/%m/%Y") in message and today.isoformat() not in message


def test_nip_conflict_message_uses_the_page_date_format():
    from pegawai import rules

    parts = rules.parse_nip("199001012015031001")
    errors = rules.nip_conflicts(parts, tanggal_lahir=dt.date(1990, 1, 2), jenis_kelamin=None)
    assert "02/01/1990" in errors["tanggal_lahir"] and "01/01/1990" in errors["tanggal_lahir"]
