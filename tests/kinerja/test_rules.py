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


# --- distribution pattern (SE MenPANRB 3/2023) and angka kredit (PermenPANRB 1/2023) -----------------

P = rules.Predikat
ORG = rules.PredikatOrganisasi


def _n(sb=0, b=0, bp=0, k=0, sk=0):
    return {P.SANGAT_BAIK: sb, P.BAIK: b, P.BUTUH_PERBAIKAN: bp, P.KURANG: k, P.SANGAT_KURANG: sk}


def test_pattern_is_seeded_from_the_reference_table():
    ref = domain_tables()["kurva_distribusi"]["rules"]
    name = {"KURANG_MISCONDUCT": P.KURANG}

    def code(c):
        return name.get(c) or P[c]

    for org_code, rule in ref.items():
        syarat = set(rules.POLA_DISTRIBUSI[ORG[org_code]])
        expected = set()
        if "dominant" in rule:
            expected.add(rules.SyaratDistribusi("maks", (code(rule["dominant"]),), rule["dominant_max_pct"]))
        if "must_exist_any_of" in rule:
            expected.add(rules.SyaratDistribusi("ada", tuple(code(c) for c in rule["must_exist_any_of"])))
        for c, pct in rule.get("min_pct", {}).items():
            expected.add(rules.SyaratDistribusi("min", (code(c),), pct))
        for c, pct in rule.get("max_pct", {}).items():
            expected.add(rules.SyaratDistribusi("maks", (code(c),), pct))
        if "min_pct_combined" in rule:
            comb = rule["min_pct_combined"]
            expected.add(rules.SyaratDistribusi("min", tuple(code(c) for c in comb["of"]), comb["pct"]))
        assert syarat == expected, org_code


@pytest.mark.parametrize(
    "org,jumlah,n_departures",
    [
        (ORG.ISTIMEWA, _n(sb=7, b=3), 0),  # exactly 70 %
        (ORG.ISTIMEWA, _n(sb=71, b=29), 1),  # 71 %
        (ORG.ISTIMEWA, _n(sb=0, sk=10), 0),  # "max": nothing else required
        (ORG.BAIK, _n(b=7, bp=3), 0),
        (ORG.BAIK, _n(b=7, k=1, sb=2), 0),  # kurang also satisfies "there must be"
        (ORG.BAIK, _n(b=7, sb=3), 1),  # nobody butuh perbaikan / kurang
        (ORG.BAIK, _n(b=8, bp=2), 1),  # 80 % baik
        (ORG.BAIK, _n(b=10), 2),
        (ORG.BUTUH_PERBAIKAN, _n(bp=6, sb=1, b=3), 0),  # 60 % and 10 %: both at the edge
        (ORG.BUTUH_PERBAIKAN, _n(bp=59, sb=10, b=31), 1),
        (ORG.BUTUH_PERBAIKAN, _n(bp=60, sb=11, b=29), 1),
        (ORG.KURANG, _n(k=6, bp=1, sb=1, b=2), 0),
        (ORG.KURANG, _n(k=6, bp=0, sb=1, b=3), 1),  # butuh perbaikan under 10 %
        (ORG.KURANG, _n(k=5, bp=1, sb=2, b=2), 2),  # kurang 50 %, sangat baik 20 %
        (ORG.SANGAT_KURANG, _n(sk=6, k=1, b=3), 0),
        (ORG.SANGAT_KURANG, _n(sk=6, bp=1, b=3), 0),  # the combined minimum: either counts
        (ORG.SANGAT_KURANG, _n(sk=6, b=4), 1),
        (ORG.SANGAT_KURANG, _n(sk=6, k=1, b=2, sb=1), 1),  # no sangat baik at all
        (ORG.SANGAT_KURANG, _n(sk=59, k=10, b=31), 1),
    ],
)
def test_cek_distribusi_at_and_around_every_threshold(org, jumlah, n_departures):
    got = rules.cek_distribusi(org, jumlah)
    assert len(got) == n_departures, got
    assert all(isinstance(s, str) and s for s in got)


def test_cek_distribusi_sentences_name_the_predikat_count_and_limit():
    (msg,) = rules.cek_distribusi("istimewa", {"sangat_baik": 8, "baik": 2})
    assert "Sangat Baik" in msg and "8 dari 10" in msg and "80,0%" in msg and "70%" in msg and "Istimewa" in msg
    (msg,) = rules.cek_distribusi("baik", {"baik": 7, "sangat_baik": 3})
    assert "Butuh Perbaikan" in msg and "Kurang/Misconduct" in msg
    msgs = rules.cek_distribusi("sangat_kurang", {"sangat_kurang": 10, "sangat_baik": 1})
    assert any("tidak membolehkan" in m for m in msgs)


def test_cek_distribusi_missing_keys_count_as_zero_and_an_empty_unit_conforms():
    assert rules.cek_distribusi("istimewa", {}) == []
    assert rules.cek_distribusi("istimewa", {"baik": 3}) == []
    assert rules.cek_distribusi("baik", {"baik": 0}) == []


def test_cek_distribusi_uses_a_corrected_pattern_when_given():
    pola = {**rules.POLA_DISTRIBUSI, "istimewa": (rules.SyaratDistribusi("maks", ("sangat_baik",), 80),)}
    assert rules.cek_distribusi("istimewa", _n(sb=8, b=2), pola=pola) == []
    assert len(rules.cek_distribusi("istimewa", _n(sb=8, b=2))) == 1


@pytest.mark.parametrize(
    "org,jumlah",
    [
        ("luar_biasa", {}),
        ("Istimewa", {}),
        ("istimewa", {"misconduct": 1}),
        ("istimewa", {"baik": -1}),
        ("istimewa", {"baik": 1.5}),
        ("istimewa", {"baik": True}),
    ],
)
def test_cek_distribusi_rejects_unknown_values(org, jumlah):
    with pytest.raises(ValueError):
        rules.cek_distribusi(org, jumlah)


def test_angka_kredit_percentages_match_the_reference():
    ref = domain_tables()["jf_angka_kredit"]["persen_predikat"]
    name = {"KURANG_MISCONDUCT": P.KURANG}
    for code, pct in ref.items():
        predikat = name.get(code) or P[code]
        assert rules.angka_kredit(predikat, 100) == Decimal(pct)


@pytest.mark.parametrize(
    "predikat,koef,expected",
    [
        ("sangat_baik", Decimal("12.5"), Decimal("18.75")),
        ("baik", Decimal("12.5"), Decimal("12.5")),
        ("butuh_perbaikan", 25, Decimal("18.75")),
        ("kurang", Decimal("37.5"), Decimal("18.75")),
        ("sangat_kurang", 50, Decimal("12.5")),
        ("sangat_baik", 5, Decimal("7.5")),
        ("baik", 12.5, Decimal("12.5")),
        ("butuh_perbaikan", "12.5", Decimal("9.375")),
        ("baik", 0, Decimal(0)),
    ],
)
def test_angka_kredit_is_exact(predikat, koef, expected):
    got = rules.angka_kredit(predikat, koef)
    assert isinstance(got, Decimal) and got == expected


@pytest.mark.parametrize(
    "predikat,koef",
    [
        ("cukup", 10),
        ("baik", -1),
        ("baik", "abc"),
        ("baik", None),
        ("baik", True),
        ("baik", Decimal("NaN")),
        ("baik", float("inf")),
    ],
)
def test_angka_kredit_rejects_bad_values(predikat, koef):
    with pytest.raises(ValueError):
        rules.angka_kredit(predikat, koef)
