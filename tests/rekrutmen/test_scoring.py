"""rekrutmen.scoring against KepmenPANRB 321/2024 and PermenPANRB 6/2024 (../shared/domain/rekrutmen.md)."""

import datetime as dt
import random
from decimal import Decimal

import pytest

from rekrutmen import scoring
from tests.domain import domain_tables

NAMA = {
    "UMUM": "umum",
    "PUTRA_PUTRI_KALIMANTAN": "putra_putri_kalimantan",
    "LULUSAN_TERBAIK_CUMLAUDE": "lulusan_terbaik",
    "DIASPORA": "diaspora",
    "DISABILITAS": "disabilitas",
    "PUTRA_PUTRI_PAPUA": "putra_putri_papua",
}


def test_2024_parameters_match_the_reference():
    ref = domain_tables()["skd_2024"]
    p = scoring.PARAMETER_2024
    maks = {s["code"]: s["max"] for s in ref["subtests"]}
    assert (p.twk_maks, p.tiu_maks, p.tkp_maks, p.skd_maks) == (maks["TWK"], maks["TIU"], maks["TKP"], ref["max_total"])
    assert p.kelipatan_skb == ref["skb_quota_multiplier"]
    assert set(NAMA.values()) == set(scoring.JENIS_FORMASI) == set(p.ambang)
    for kode, rule in ref["passing"].items():
        ambang = p.ambang[NAMA[kode]]
        if "TWK" in rule:
            assert ambang == scoring.AmbangSubtes(twk=rule["TWK"], tiu=rule["TIU"], tkp=rule["TKP"])
        else:
            assert ambang == scoring.AmbangTotal(total=rule["total_min"], tiu=rule["TIU_min"])


@pytest.mark.parametrize("jenis", ["umum", "putra_putri_kalimantan"])
@pytest.mark.parametrize(
    "twk,tiu,tkp,lulus",
    [
        (65, 80, 166, True),  # exactly at every threshold
        (60, 80, 166, False),  # TWK one step below
        (65, 75, 166, False),  # TIU one step below
        (65, 80, 165, False),  # TKP one point below
        (150, 175, 165, False),  # a high total does not compensate a subtest
        (150, 175, 225, True),
        (70, 85, 167, True),
    ],
)
def test_subtest_thresholds_at_and_around_each_edge(jenis, twk, tiu, tkp, lulus):
    assert scoring.lulus_skd(twk, tiu, tkp, jenis) is lulus


def test_umum_is_the_default_kind():
    assert scoring.lulus_skd(65, 80, 166) is True
    assert scoring.lulus_skd(60, 80, 166) is False


@pytest.mark.parametrize("jenis", ["lulusan_terbaik", "diaspora"])
@pytest.mark.parametrize(
    "twk,tiu,tkp,lulus",
    [
        (50, 85, 176, True),  # total 311, TIU 85: exactly at both
        (50, 85, 175, False),  # total 310
        (55, 80, 176, False),  # total 311 but TIU 80 < 85
        (0, 85, 226 - 1, False),  # total 309
        (0, 175, 136, True),  # TWK 0 is fine: only the total and TIU count
    ],
)
def test_cumlaude_and_diaspora_total_311_with_tiu_85(jenis, twk, tiu, tkp, lulus):
    assert scoring.lulus_skd(twk, tiu, tkp, jenis) is lulus


@pytest.mark.parametrize("jenis", ["disabilitas", "putra_putri_papua"])
@pytest.mark.parametrize(
    "twk,tiu,tkp,lulus",
    [
        (60, 60, 166, True),  # total 286, TIU 60
        (60, 60, 165, False),  # total 285
        (70, 55, 161, False),  # total 286, TIU 55
        (0, 60, 225, False),  # total 285
        (5, 60, 221, True),
    ],
)
def test_disabilitas_and_papua_total_286_with_tiu_60(jenis, twk, tiu, tkp, lulus):
    assert scoring.lulus_skd(twk, tiu, tkp, jenis) is lulus


@pytest.mark.parametrize(
    "twk,tiu,tkp",
    [
        (-5, 80, 166),
        (155, 80, 166),
        (66, 80, 166),
        (65, 81, 166),
        (65, 180, 166),
        (65, 80, 226),
        (65, 80, -1),
        (65.0, 80, 166),
        ("65", 80, 166),
        (True, 80, 166),
        (None, 80, 166),
        (65, 80, 166.5),
    ],
)
def test_scores_that_cannot_occur_raise_value_error(twk, tiu, tkp):
    with pytest.raises(ValueError):
        scoring.lulus_skd(twk, tiu, tkp)


@pytest.mark.parametrize("jenis", ["UMUM", "cumlaude", "", None, "papua"])
def test_unknown_formation_kind_raises(jenis):
    with pytest.raises(ValueError, match="jenis formasi"):
        scoring.lulus_skd(65, 80, 166, jenis)


def test_nilai_akhir_scales_skd_by_550_and_weighs_40_60():
    assert scoring.nilai_akhir(550, 100) == Decimal(100)
    assert scoring.nilai_akhir(0, 0) == Decimal(0)
    assert scoring.nilai_akhir(275, 50) == Decimal(50)
    assert scoring.nilai_akhir(440, 80) == Decimal(80)  # 0.4*80 + 0.6*80
    assert scoring.nilai_akhir(550, 0) == Decimal(40)
    assert scoring.nilai_akhir(0, 100) == Decimal(60)
    # SKB on its own maximum: 450 of 500 is 90 -> 0.4*80 + 0.6*90 = 86
    assert scoring.nilai_akhir(440, 450, skb_maks=500) == Decimal(86)
    # 500 (the 2018 divisor) would give a different result: pin the 550 one
    assert scoring.nilai_akhir(400, 70).quantize(Decimal("0.0001")) == Decimal("71.0909")


@pytest.mark.parametrize(
    "args", [(551, 50), (-1, 50), (300, 101), (300, -1), (300, 50, 0), (300, 50, -10), (300.0, 50)]
)
def test_nilai_akhir_refuses_impossible_values(args):
    with pytest.raises(ValueError):
        scoring.nilai_akhir(*args)


def P(nama, twk, tiu, tkp, **kw):
    return {"nama": nama, "twk": twk, "tiu": tiu, "tkp": tkp, **kw}


def test_skd_order_total_then_tkp_tiu_twk():
    peserta = [
        P("a", 100, 100, 150),  # 350, TKP 150
        P("b", 100, 95, 155),  # 350, TKP 155 -> before a
        P("c", 95, 100, 155),  # 350, TKP 155, TIU 100 -> before b
        P("d", 100, 100, 151),  # 351 -> first
        P("e", 105, 95, 150),  # 350, TKP 150, TIU 95 -> after a
        P("f", 100, 95, 150),  # 345
    ]
    assert [p["nama"] for p in scoring.urutkan(peserta)] == ["d", "c", "b", "a", "e", "f"]


def test_skd_order_twk_breaks_the_last_tie_and_full_ties_keep_input_order():
    peserta = [P("x", 90, 100, 150), P("y", 95, 100, 150), P("z", 95, 100, 150)]
    # x: 340; y, z: 345 -> y, z tied on everything: stable
    assert [p["nama"] for p in scoring.urutkan(peserta)] == ["y", "z", "x"]
    # with the same total, a higher TWK wins only after TKP and TIU are equal
    a, b = P("a", 100, 100, 150), P("b", 105, 95, 150)
    assert [p["nama"] for p in scoring.urutkan([b, a])] == ["a", "b"]


def test_final_order_chain_of_permenpanrb_6_2024():
    old, young = dt.date(1995, 1, 1), dt.date(2000, 1, 1)
    peserta = [
        P("skor_akhir", 100, 100, 150, skb=90),  # highest final score
        P("skd_lebih", 100, 100, 155, skb=85, ipk=Decimal("3.10")),
        P("ipk", 100, 100, 150, skb=85 + 0, ipk=Decimal("3.90")),
        P("tua", 100, 100, 150, skb=85, ipk=Decimal("3.50"), tanggal_lahir=old),
        P("muda", 100, 100, 150, skb=85, ipk=Decimal("3.50"), tanggal_lahir=young),
        P("tanpa_ipk", 100, 100, 150, skb=85),
    ]
    random.Random(7).shuffle(peserta)
    got = [p["nama"] for p in scoring.urutkan(peserta)]
    # skd_lebih has SKD 355 and SKB 85: final 0.4*355/550*100 + 51 = 76.818...; skor_akhir 350/90: 79.45...
    assert got == ["skor_akhir", "skd_lebih", "ipk", "tua", "muda", "tanpa_ipk"]


def test_final_order_equal_final_score_falls_back_to_total_skd_then_subtests():
    # same final score from different SKD/SKB mixes: total SKD decides
    a = P("a", 100, 100, 130, skb=Decimal("80.8"))  # 330: 24 + 48.48 = 72.48
    b = P("b", 100, 100, 185, skb=Decimal("72"))  # 385: 28 + 43.2 = 71.2
    c = P("c", 100, 100, 141, skb=Decimal("80"))  # 341: 24.8 + 48 = 72.8
    assert scoring.nilai_akhir(330, Decimal("80.8")) == Decimal("72.48")
    assert [p["nama"] for p in scoring.urutkan([a, b, c])] == ["c", "a", "b"]
    d = P("d", 110, 100, 120, skb=Decimal("80.8"))  # 330 too, same final as a, TKP 120 < 130
    assert [p["nama"] for p in scoring.urutkan([d, a])] == ["a", "d"]


def test_urutkan_takes_objects_too_and_refuses_mixed_skb():
    class Peserta:
        def __init__(self, twk, tiu, tkp, skb=None):
            self.twk, self.tiu, self.tkp, self.skb = twk, tiu, tkp, skb

    o1, o2 = Peserta(100, 100, 150), Peserta(100, 100, 160)
    assert scoring.urutkan([o1, o2]) == [o2, o1]
    with pytest.raises(ValueError, match="SKB"):
        scoring.urutkan([Peserta(100, 100, 150, skb=80), Peserta(100, 100, 150)])
    assert scoring.urutkan([]) == []
    with pytest.raises(ValueError):
        scoring.urutkan([P("x", 101, 100, 150)])


def test_potong_skb_three_times_the_quota_and_everyone_tied_at_the_cut():
    peserta = scoring.urutkan(
        [P(str(i), 100, 100, 150 - i) for i in range(5)] + [P("seri", 100, 100, 148), P("seri2", 100, 100, 148)]
    )
    # order: 0(150) 1(149) 2(148) seri(148) seri2(148) 3(147) 4(146); quota 1 -> 3 places, cut at a 148 tie
    got = [p["nama"] for p in scoring.potong_skb(peserta, 1)]
    assert got == ["0", "1", "2", "seri", "seri2"]
    assert [p["nama"] for p in scoring.potong_skb(peserta, 2)] == ["0", "1", "2", "seri", "seri2", "3"]
    assert len(scoring.potong_skb(peserta[:2], 1)) == 2
    # a tie on the total only is not a tie: TKP decides
    p2 = scoring.urutkan([P("a", 100, 100, 150), P("b", 100, 100, 150), P("c", 100, 100, 150), P("d", 105, 100, 145)])
    assert [p["nama"] for p in scoring.potong_skb(p2, 1)] == ["a", "b", "c"]
    with pytest.raises(ValueError):
        scoring.potong_skb(peserta, 0)
