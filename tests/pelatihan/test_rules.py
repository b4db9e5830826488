"""pelatihan.rules: JP arithmetic, pinned to the domain table, with every edge."""

import json
from pathlib import Path

import pytest

from pelatihan import rules

TABLES = json.loads((Path(__file__).parents[1] / "fixtures" / "domain_tables.json").read_text())


def test_constants_match_domain_table():
    t = TABLES["pengembangan_kompetensi"]
    assert rules.MIN_JP_PER_TAHUN == t["min_jp_per_year"] == 20
    assert rules.MENIT_PER_JP == t["minutes_per_jp"] == 45


@pytest.mark.parametrize(
    ("menit", "jp"),
    [(0, 0), (1, 0), (44, 0), (45, 1), (46, 1), (89, 1), (90, 2), (900, 20), (899, 19), (45 * 1000, 1000)],
)
def test_jp_dari_menit_counts_completed_units(menit, jp):
    assert rules.jp_dari_menit(menit) == jp


@pytest.mark.parametrize("bad", [-1, -45, 1.5, "90", None, True])
def test_jp_dari_menit_refuses_bad_minutes(bad):
    with pytest.raises(ValueError, match="menit"):
        rules.jp_dari_menit(bad)


@pytest.mark.parametrize(("total", "kurang"), [(0, 20), (1, 19), (19, 1), (20, 0), (21, 0), (500, 0)])
def test_kurang_jp(total, kurang):
    assert rules.kurang_jp(total) == kurang


def test_kurang_jp_other_target_and_negative_total():
    assert rules.kurang_jp(5, target=10) == 5
    with pytest.raises(ValueError, match="-1"):
        rules.kurang_jp(-1)


@pytest.mark.parametrize(("total", "persen"), [(-3, 0), (0, 0), (1, 5), (10, 50), (19, 95), (20, 100), (45, 100)])
def test_persen_target(total, persen):
    assert rules.persen_target(total) == persen


@pytest.mark.parametrize("jp", [1, 2, 20, 999, 1000])
def test_validasi_jp_accepts_plausible(jp):
    assert rules.validasi_jp(jp) == jp


@pytest.mark.parametrize(("bad", "shown"), [(0, "0"), (-5, "-5"), (1001, "1001"), (5000, "5000")])
def test_validasi_jp_refuses_zero_negative_and_absurd_naming_the_value(bad, shown):
    with pytest.raises(ValueError, match=shown):
        rules.validasi_jp(bad)


@pytest.mark.parametrize("bad", [2.5, "20", None, False])
def test_validasi_jp_refuses_non_integers(bad):
    with pytest.raises(ValueError, match="bilangan bulat"):
        rules.validasi_jp(bad)


@pytest.mark.parametrize(("kuota", "terisi", "sisa"), [(10, 0, 10), (10, 9, 1), (10, 10, 0), (10, 12, 0), (0, 0, 0)])
def test_sisa_kursi(kuota, terisi, sisa):
    assert rules.sisa_kursi(kuota, terisi) == sisa


def test_choices_cover_the_issue_vocabulary():
    assert set(rules.JenisProgram.values) == {
        "latsar_cpns",
        "pka",
        "pkp",
        "pkn_ii",
        "pkn_i",
        "teknis",
        "fungsional",
        "seminar",
        "workshop",
        "e_learning",
    }
    assert set(rules.BidangKompetensi.values) == {"manajerial", "sosial_kultural", "teknis"}
