"""Edges of kinerja.rules that mutation testing found untested (docs/mutasi.md). No database."""

import datetime as dt
from decimal import Decimal

import pytest

from kinerja import rules


def test_unknown_rating_message_names_both_ratings():
    with pytest.raises(ValueError, match=r"^rating tidak dikenal: 'luar_biasa', 'sesuai'$"):
        rules.predikat_kinerja("luar_biasa", "sesuai")


def test_unknown_jenis_periodik_message_names_it():
    with pytest.raises(ValueError, match=r"^jenis periodik tidak dikenal: 'semesteran'$"):
        rules.periodic_windows(2026, "semesteran")


def test_monthly_windows_are_numbered_and_start_on_the_first():
    ws = rules.periodic_windows(2026, rules.JenisPeriodik.BULANAN)
    assert [w.nomor for w in ws] == list(range(1, 13))
    assert [w.mulai for w in ws] == [dt.date(2026, m, 1) for m in range(1, 13)]
    assert ws[0].label == "Januari 2026" and ws[11].selesai == dt.date(2026, 12, 31)


def test_quarterly_windows_are_numbered_one_to_four():
    ws = rules.periodic_windows(2026, rules.JenisPeriodik.TRIWULANAN)
    assert [w.nomor for w in ws] == [1, 2, 3, 4]
    assert [(w.mulai, w.selesai) for w in ws[1:3]] == [
        (dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        (dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
    ]


def test_capaian_persen_with_a_target_of_one():
    assert rules.capaian_persen(Decimal("1"), Decimal("1")) == Decimal("100.00")
    assert rules.capaian_persen(Decimal("0.5"), Decimal("1")) == Decimal("200.00")


def test_capaian_persen_rounds_half_up_not_half_even():
    # 1 / 800 = 0.125 %: half-up gives 0.13 (half-even, Decimal's default, would give 0.12).
    assert rules.capaian_persen(Decimal("800"), Decimal("1")) == Decimal("0.13")
    assert rules.capaian_persen(Decimal("8"), Decimal("0.01")) == Decimal("0.13")


def test_working_days_between_consecutive_weekdays_is_one():
    mon, tue = dt.date(2026, 3, 9), dt.date(2026, 3, 10)
    assert rules.working_days_between(mon, tue) == 1
    assert rules.working_days_between(mon, mon) == 0


def test_subtract_several_working_days_counts_each_one():
    wed = dt.date(2026, 3, 11)
    assert rules.subtract_working_days(wed, 2) == dt.date(2026, 3, 9)  # Monday
    assert rules.subtract_working_days(wed, 3) == dt.date(2026, 3, 6)  # over the weekend to Friday
    assert rules.subtract_working_days(wed, 0) == wed
