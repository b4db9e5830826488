"""survei.ikm against PermenPANRB 14/2017 (../shared/domain/survei.md, tables.json): no database."""

from decimal import Decimal
from fractions import Fraction

import pytest

from survei import ikm
from tests.domain import domain_tables

SEMUA = [4] * 9


def test_unsur_codes_and_names_follow_the_reference_order():
    ref = domain_tables()["ikm_unsur"]["values"]
    assert tuple((u["code"], u["name"]) for u in ref) == ikm.UNSUR


def test_every_answer_4_gives_exactly_100_with_weights_of_one_ninth():
    hasil = ikm.hitung_ikm([SEMUA, SEMUA])
    assert hasil.ikm == Decimal("100.00")  # 0,111 would give 99,90 and 0,11 99,00
    assert hasil.mutu == "A" and hasil.kinerja == "Sangat Baik"
    assert hasil.nrr == (Decimal("4.00"),) * 9
    assert hasil.jumlah_responden == 2


def test_every_answer_1_gives_25_and_d():
    hasil = ikm.hitung_ikm([[1] * 9])
    assert (hasil.ikm, hasil.mutu, hasil.kinerja) == (Decimal("25.00"), "D", "Tidak Baik")


def test_nrr_per_unsur_and_index_of_mixed_answers():
    rows = [[4, 3, 2, 1, 4, 3, 2, 1, 4], [2, 3, 4, 1, 4, 1, 2, 3, 4]]
    hasil = ikm.hitung_ikm(rows)
    assert hasil.nrr == tuple(
        Decimal(x) for x in ["3.00", "3.00", "3.00", "1.00", "4.00", "2.00", "2.00", "2.00", "4.00"]
    )
    # sum of NRR = 24 -> 24/9 * 25 = 66.666... -> 66.67
    assert hasil.ikm == Decimal("66.67")
    assert hasil.mutu == "C"


def test_a_blank_unsur_drops_out_of_that_unsurs_nrr_only():
    rows = [[4] * 9, [2] + [None] * 8]
    hasil = ikm.hitung_ikm(rows)
    assert hasil.nrr[0] == Decimal("3.00")  # (4 + 2) / 2
    assert hasil.nrr[1:] == (Decimal("4.00"),) * 8  # 4 / 1, the blank does not count as 0
    # (3 + 8 * 4) / 9 * 25 = 97.222... -> 97.22
    assert hasil.ikm == Decimal("97.22")
    assert hasil.jumlah_responden == 2


def test_an_unsur_nobody_answered_has_no_nrr_and_the_weights_still_sum_to_one():
    hasil = ikm.hitung_ikm([[4, 4, 4, None, 4, 4, 4, 4, 4]])
    assert hasil.nrr[3] is None
    assert hasil.ikm == Decimal("100.00")


def test_results_are_rounded_half_up_only_at_the_end():
    # NRR 3.125 (answers 4,3,3,3,3,3,3,3 on U1 over 8 respondents) rounds to 3.13, not 3.12
    rows = [[4] + [3] * 8] + [[3] * 9 for _ in range(7)]
    hasil = ikm.hitung_ikm(rows)
    assert hasil.nrr[0] == Decimal("3.13")
    # exact index: (3.125 + 8*3)/9*25 = 75.3472.. -> 75.35; rounding each NRR first would give 75.36
    assert hasil.ikm == Decimal("75.35")
    assert ikm.bulatkan(Fraction(7625, 100)) == Decimal("76.25")
    assert ikm.bulatkan(Fraction(76605, 1000)) == Decimal("76.61")  # half up, not to even
    assert ikm.bulatkan(Fraction(76604999, 1000000)) == Decimal("76.60")


@pytest.mark.parametrize(
    "bad",
    [[0] + [4] * 8, [5] + [4] * 8, [4.0] + [4] * 8, ["4"] + [4] * 8, [True] + [4] * 8, [4] * 8, [4] * 10, "444444444"],
)
def test_malformed_respondents_raise_value_error_naming_the_value(bad):
    with pytest.raises(ValueError) as exc:
        ikm.hitung_ikm([SEMUA, bad])
    assert "responden ke-2" in str(exc.value)


def test_no_answer_at_all_raises():
    with pytest.raises(ValueError):
        ikm.hitung_ikm([])
    with pytest.raises(ValueError):
        ikm.hitung_ikm([[None] * 9])


@pytest.mark.parametrize(
    "nilai,mutu",
    [
        ("25", "D"),
        ("25.00", "D"),
        ("64.99", "D"),
        ("64.994", "D"),
        ("64.995", "C"),
        ("65", "C"),
        ("65.00", "C"),
        ("76.60", "C"),
        ("76.604", "C"),
        ("76.605", "B"),
        ("76.61", "B"),
        ("88.30", "B"),
        ("88.304", "B"),
        ("88.305", "A"),
        ("88.31", "A"),
        ("100", "A"),
        (76.605, "B"),
        (65, "C"),
        (Decimal("88.31"), "A"),
    ],
)
def test_mutu_pelayanan_bands_exactly_as_the_interval_table(nilai, mutu):
    assert ikm.mutu_pelayanan(nilai) == mutu


def test_interval_bands_match_the_reference_table():
    bands = domain_tables()["ikm_interval"]["bands"]
    for band in bands:
        lo, hi = Decimal(str(band["nik_min"])).quantize(Decimal("0.01")), Decimal(str(band["nik_max"]))
        assert ikm.mutu_pelayanan(lo) == band["mutu"]
        assert ikm.mutu_pelayanan(hi) == band["mutu"]
        assert ikm.kinerja_unit(band["mutu"]) == band["kinerja"]


@pytest.mark.parametrize("bad", ["24.99", "100.01", -1, "abc", None, True, float("nan"), "inf"])
def test_mutu_pelayanan_refuses_values_outside_25_100(bad):
    with pytest.raises(ValueError):
        ikm.mutu_pelayanan(bad)


def test_kinerja_unit_refuses_unknown_grade():
    with pytest.raises(ValueError):
        ikm.kinerja_unit("E")


def test_ukuran_sampel_reproduces_every_row_of_krejcie_morgan():
    for populasi, sampel in domain_tables()["krejcie_morgan"]["rows"]:
        assert ikm.ukuran_sampel(populasi) == sampel, populasi


@pytest.mark.parametrize("populasi,sampel", [(1, 1), (2, 2), (9, 9), (100_000, 383), (10_000_000, 384)])
def test_ukuran_sampel_between_and_beyond_rows(populasi, sampel):
    assert ikm.ukuran_sampel(populasi) == sampel


@pytest.mark.parametrize("bad", [0, -5, 10.0, "100", None, True])
def test_ukuran_sampel_refuses_non_positive_or_non_integer(bad):
    with pytest.raises(ValueError):
        ikm.ukuran_sampel(bad)


def test_ikm_from_sums_and_counts_equals_the_per_respondent_path():
    rows = [[4, 3, 2, 1, 4, 3, 2, 1, 4], [2, None, 4, 1, 4, 1, 2, 3, 4], [3, 3, 3, 3, None, 3, 3, 3, 3]]
    jumlah = [sum(r[i] for r in rows if r[i] is not None) for i in range(9)]
    banyak = [sum(1 for r in rows if r[i] is not None) for i in range(9)]
    assert ikm.ikm_dari_jumlah(jumlah, banyak, len(rows)) == ikm.hitung_ikm(rows)


@pytest.mark.parametrize(
    "jumlah,banyak",
    [
        ([4] * 8, [1] * 9),
        ([5] + [4] * 8, [1] * 9),
        ([0] + [4] * 8, [1] * 9),
        ([4] * 9, [-1] + [1] * 8),
        ([0] * 9, [0] * 9),
    ],
)
def test_ikm_from_sums_refuses_impossible_aggregates(jumlah, banyak):
    with pytest.raises(ValueError):
        ikm.ikm_dari_jumlah(jumlah, banyak, 1)
