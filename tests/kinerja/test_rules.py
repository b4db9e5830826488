"""kinerja.rules pinned against ../shared/domain/ (no database)."""

import datetime as dt
from decimal import Decimal

import pytest

from kinerja import rules
from tests.domain import domain_tables


def _matrix():
    return domain_tables()["predikat_matrix"]["cells"]


PREDIKAT_NAMES = {"KURANG_MISCONDUCT": rules.Predikat.KURANG}


@pytest.mark.parametrize("cell", _matrix(), ids=lambda c: f"{c['hasil_kerja']}-{c['perilaku']}")
def test_predikat_kinerja_matches_every_cell_of_the_table(cell):
    name = cell["predikat"]
    expected = PREDIKAT_NAMES[name] if name in PREDIKAT_NAMES else rules.Predikat[name]
    got = rules.predikat_kinerja(rules.Rating[cell["hasil_kerja"]], rules.Rating[cell["perilaku"]])
    assert got == expected


def test_predikat_matrix_has_nine_cells_and_rejects_unknown_ratings():
    assert len(_matrix()) == 9
    with pytest.raises(ValueError):
        rules.predikat_kinerja("luar_biasa", rules.Rating.SESUAI)


def test_quarterly_windows_cover_the_year_with_official_labels():
    ws = rules.periodic_windows(2026, rules.JenisPeriodik.TRIWULANAN)
    assert [w.label for w in ws] == [
        "Triwulan I 2026",
        "Triwulan II 2026",
        "Triwulan III 2026",
        "Triwulan IV-Akhir 2026",
    ]
    assert ws[0].mulai == dt.date(2026, 1, 1) and ws[-1].selesai == dt.date(2026, 12, 31)
    for a, b in zip(ws, ws[1:], strict=False):
        assert b.mulai == a.selesai + dt.timedelta(days=1)


def test_monthly_windows_handle_leap_february():
    ws = rules.periodic_windows(2028, rules.JenisPeriodik.BULANAN)
    assert len(ws) == 12
    assert ws[1].selesai == dt.date(2028, 2, 29) and ws[1].label == "Februari 2028"
    with pytest.raises(ValueError):
        rules.periodic_windows(2026, "semesteran")


@pytest.mark.parametrize(
    ("target", "realisasi", "expected"),
    [
        (Decimal("12"), Decimal("6"), Decimal("50.00")),
        (Decimal("3"), Decimal("1"), Decimal("33.33")),
        (Decimal("3"), Decimal("2"), Decimal("66.67")),
        (Decimal("10"), Decimal("15"), Decimal("150.00")),
        (Decimal("0"), Decimal("5"), None),
        (None, Decimal("5"), None),
        (Decimal("5"), None, None),
    ],
)
def test_capaian_persen(target, realisasi, expected):
    assert rules.capaian_persen(target, realisasi) == expected


def test_working_days_skip_weekends_and_holidays():
    fri, mon = dt.date(2026, 3, 6), dt.date(2026, 3, 9)
    assert rules.working_days_between(fri, mon) == 1
    assert rules.working_days_between(mon, fri) == 0
    holiday = frozenset({dt.date(2026, 3, 10)})
    assert rules.working_days_between(mon, dt.date(2026, 3, 13), holiday) == 3
    assert rules.subtract_working_days(mon, 1) == fri
    assert rules.subtract_working_days(dt.date(2026, 3, 11), 1, holiday) == mon


def test_every_berakhlak_value_has_three_panduan():
    assert set(rules.PANDUAN_PERILAKU) == set(rules.Berakhlak.values)
    assert len(rules.Berakhlak.values) == 7
    assert all(len(v) == 3 for v in rules.PANDUAN_PERILAKU.values())
