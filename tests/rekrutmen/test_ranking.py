"""The database ranking (rekrutmen.ranking) equals the pure rules (rekrutmen.scoring) on the same rows."""

import datetime as dt
import random
from decimal import Decimal

import pytest

from rekrutmen import ranking, scoring
from rekrutmen.models import Lamaran
from tests.rekrutmen.factories import FormasiFactory, LamaranFactory, PelamarFactory, SeleksiFactory

pytestmark = pytest.mark.django_db

JENIS = list(scoring.JENIS_FORMASI)


def _build(seed: int, n_formasi: int = 6, per_formasi: int = 40):
    rnd = random.Random(seed)
    seleksi = SeleksiFactory()
    formasi = [
        FormasiFactory(seleksi=seleksi, jenis_formasi=JENIS[i % len(JENIS)], kuota=rnd.choice([1, 2, 3]))
        for i in range(n_formasi)
    ]
    rows = []
    for f in formasi:
        for _ in range(per_formasi):
            # few distinct values: many ties on total and on sub-scores, around every passing grade
            twk = rnd.choice([55, 60, 65, 70, 100])
            tiu = rnd.choice([55, 60, 80, 85, 100])
            tkp = rnd.choice([150, 165, 166, 176, 200])
            status = rnd.choice([Lamaran.Status.MS] * 9 + [Lamaran.Status.TMS])
            rows.append(
                LamaranFactory(
                    formasi=f,
                    seleksi=seleksi,
                    status=status,
                    twk=twk,
                    tiu=tiu,
                    tkp=tkp,
                    ipk=rnd.choice([None, Decimal("3.50"), Decimal("3.75")]),
                    pelamar=PelamarFactory(tanggal_lahir=rnd.choice([dt.date(1996, 1, 1), dt.date(1999, 3, 3)])),
                )
            )
    return seleksi, formasi, rows


def _expected_skd(formasi, rows):
    """What the rules say: lulus per formation kind, RANK among passers, SKB cut with ties."""
    out = {}
    for f in formasi:
        mine = [r for r in rows if r.formasi_id == f.pk and r.status == Lamaran.Status.MS]
        lulus = [r for r in mine if scoring.lulus_skd(r.twk, r.tiu, r.tkp, f.jenis_formasi)]
        urut = scoring.urutkan(lulus)
        rank, prev = 0, None
        for i, r in enumerate(urut, start=1):
            k = scoring.kunci_seri(r)
            if k != prev:
                rank, prev = i, k
            out[r.pk] = (True, rank)
        ke = {r.pk for r in scoring.potong_skb(urut, f.kuota)}
        for r in mine:
            lul, rk = out.get(r.pk, (False, None))
            out[r.pk] = (lul, rk, r.pk in ke)
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_skd_ranking_in_sql_equals_the_rules(seed):
    seleksi, formasi, rows = _build(seed)
    got = {r.lamaran_id: (r.lulus_skd, r.peringkat_skd, r.ke_skb) for r in ranking.skd_ranking(seleksi)}
    assert got == _expected_skd(formasi, rows)
    # the TMS rows are not ranked at all
    assert all(r.pk not in got for r in rows if r.status == Lamaran.Status.TMS)


def test_skd_apply_writes_the_same_and_is_idempotent_and_chunkable():
    seleksi, formasi, rows = _build(4)
    expected = _expected_skd(formasi, rows)
    for rng in ranking.formasi_ranges(seleksi, 3):
        ranking.skd_ranking_apply(seleksi=seleksi, formasi_range=rng)
    first = {
        i: (lulus, rank, ke)
        for i, lulus, rank, ke in Lamaran.objects.filter(status=Lamaran.Status.MS).values_list(
            "id", "lulus_skd", "peringkat_skd", "ke_skb"
        )
    }
    assert first == expected
    ranking.skd_ranking_apply(seleksi=seleksi)  # whole seleksi again: nothing changes
    again = dict(
        (i, (lulus, rank, ke))
        for i, lulus, rank, ke in Lamaran.objects.filter(status=Lamaran.Status.MS).values_list(
            "id", "lulus_skd", "peringkat_skd", "ke_skb"
        )
    )
    assert again == first
    # an application that becomes TMS loses its stage result on the next run
    r = next(r for r in rows if r.status == Lamaran.Status.MS and first[r.pk][0])
    Lamaran.objects.filter(pk=r.pk).update(status=Lamaran.Status.TMS, alasan_tms="Ijazah tidak sesuai")
    ranking.skd_ranking_apply(seleksi=seleksi)
    r.refresh_from_db()
    assert (r.lulus_skd, r.peringkat_skd, r.ke_skb) == (None, None, None)


def test_skb_cut_takes_everyone_tied_at_the_last_place():
    seleksi = SeleksiFactory()
    f = FormasiFactory(seleksi=seleksi, kuota=1)
    scores = [(100, 100, 200), (100, 100, 190), (100, 100, 180), (100, 100, 180), (100, 100, 170)]
    rows = [LamaranFactory(formasi=f, seleksi=seleksi, twk=a, tiu=b, tkp=c) for a, b, c in scores]
    ranking.skd_ranking_apply(seleksi=seleksi)
    got = list(
        Lamaran.objects.filter(pk__in=[r.pk for r in rows]).order_by("id").values_list("peringkat_skd", "ke_skb")
    )
    assert got == [(1, True), (2, True), (3, True), (3, True), (5, False)]


def test_final_ranking_in_sql_equals_the_rules():
    seleksi, formasi, rows = _build(5, per_formasi=30)
    ranking.skd_ranking_apply(seleksi=seleksi)
    rnd = random.Random(5)
    skb_vals = [Decimal("70.00"), Decimal("80.50"), Decimal("80.50"), Decimal("90.00")]
    for r in Lamaran.objects.filter(ke_skb=True):
        Lamaran.objects.filter(pk=r.pk).update(skb=rnd.choice(skb_vals))
    ranking.final_ranking_apply(seleksi=seleksi)
    for f in formasi:
        took = list(Lamaran.objects.filter(formasi=f, ke_skb=True).select_related("pelamar"))
        peserta = [
            {
                "id": r.pk,
                "twk": r.twk,
                "tiu": r.tiu,
                "tkp": r.tkp,
                "skb": r.skb,
                "ipk": r.ipk,
                "tanggal_lahir": r.pelamar.tanggal_lahir,
            }
            for r in took
        ]
        expected_order = [p["id"] for p in scoring.urutkan(peserta)]
        by_id = {r.pk: r for r in took}
        got_ranks = [by_id[i].peringkat_akhir for i in expected_order]
        assert got_ranks == sorted(got_ranks), f"formasi {f.kode}: SQL order differs from urutkan"
        for p in peserta:
            r = by_id[p["id"]]
            print(r.pk, r.twk, r.tiu, r.tkp, r.skb, r.nilai_akhir, r.peringkat_akhir, f.kuota)
            assert r.nilai_akhir == scoring.nilai_akhir(r.twk + r.tiu + r.tkp, r.skb).quantize(Decimal("0.00000001"))
            assert r.hasil == (Lamaran.Hasil.LULUS if r.peringkat_akhir <= f.kuota else Lamaran.Hasil.OPTIMALISASI)
    # everyone else with a stage result is tidak lulus
    others = Lamaran.objects.filter(seleksi=seleksi).exclude(ke_skb=True)
    assert set(others.values_list("hasil", flat=True)) == {Lamaran.Hasil.TIDAK_LULUS}


def test_ranking_uses_the_cycles_edited_parameters():
    seleksi = SeleksiFactory()
    p = seleksi.parameter
    p.pk, p.tahun = None, 2025
    p.ambang = {**p.ambang, "umum": {"twk": 70, "tiu": 80, "tkp": 166}}
    p.save()
    seleksi.parameter = p
    seleksi.save()
    f = FormasiFactory(seleksi=seleksi, jenis_formasi="umum")
    r = LamaranFactory(formasi=f, seleksi=seleksi, twk=65, tiu=80, tkp=166)  # passes 2024, not this cycle
    assert ranking.skd_ranking(seleksi)[0].lulus_skd is False
    assert scoring.lulus_skd(r.twk, r.tiu, r.tkp, "umum", p.as_rules()) is False
