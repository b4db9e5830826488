"""`manage.py bench rekrutmen` and generate_scale's `--pelamar N --formasi M`.

The ranking (passing grade per formation kind, tie-breaks TKP/TIU/TWK, the 3 x kuota cut with ties)
runs as the window query of rekrutmen.ranking; the floor is a plain SQL sort of the same rows in the
same run. Both are consumed inside the database (an aggregate over the ordered/ranked rows), so neither
pays for shipping a million rows to Python. Writing the results (the UPDATE) is timed separately.
"""

from __future__ import annotations

import time

from django.db import connection

from common.bench import BenchContext, register, register_scale_extension
from pegawai.management.commands.generate_scale import DEFAULT_INSTANSI
from pegawai.models import Instansi
from rekrutmen import ranking
from rekrutmen.models import Lamaran, Seleksi
from rekrutmen.scale import SCALE_NAMA, generate_rekrutmen


def _scale_arguments(parser) -> None:
    parser.add_argument("--pelamar", type=int, default=0, help="Buat N pelamar CPNS dengan nilai SKD (bawaan 0).")
    parser.add_argument("--formasi", type=int, default=1000, help="Jumlah formasi untuk --pelamar (bawaan 1000).")


@register_scale_extension("rekrutmen", arguments=_scale_arguments)
def rekrutmen_scale(*, result, options: dict, stdout) -> None:
    n = options.get("pelamar") or 0
    if n > 0:
        generate_rekrutmen(instansi=result.instansi, pelamar=n, formasi=options.get("formasi") or 1000, stdout=stdout)


def _arguments(parser) -> None:
    parser.add_argument("--pelamar", type=int, default=1_000_000, help="Jumlah pelamar (bawaan 1000000).")
    parser.add_argument("--formasi", type=int, default=5_000, help="Jumlah formasi (bawaan 5000).")
    parser.add_argument("--repeat", type=int, default=3, help="Pengulangan per kasus (bawaan 3).")


def _ensure(ctx: BenchContext, n: int, m: int) -> Seleksi:
    seleksi = Seleksi.objects.filter(nama=SCALE_NAMA.format(n=n, m=m)).first()
    if seleksi is None:
        instansi, _ = Instansi.objects.get_or_create(kode=DEFAULT_INSTANSI, defaults={"nama": "Instansi Skala"})
        t = time.perf_counter()
        seleksi = generate_rekrutmen(instansi=instansi, pelamar=n, formasi=m, stdout=ctx.stdout)
        ctx.extra["generate_seconds"] = round(time.perf_counter() - t, 2)
    return seleksi


def _run(sql: str, params: list) -> float:
    t = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(sql, params)
        cur.fetchall()
    return time.perf_counter() - t


@register(
    "rekrutmen", help="Peringkat SKD (ambang batas, seri, potongan SKB) vs sortir SQL biasa.", arguments=_arguments
)
def rekrutmen_bench(ctx: BenchContext, *, pelamar: int, formasi: int, repeat: int, **options) -> dict:
    seleksi = _ensure(ctx, pelamar, formasi)
    rank_sql, rank_params = ranking.skd_ranking_sql(seleksi)
    ranked = f"SELECT count(*), sum(peringkat), count(*) FILTER (WHERE ke_skb) FROM ({rank_sql}) r"
    # The floor: the same rows, sorted by the same keys, consumed the same way.
    floor = f"""SELECT count(*), sum(x) FROM (
                  SELECT l.id AS x FROM {Lamaran._meta.db_table} l
                  WHERE l.seleksi_id = %s AND l.status = %s AND l.twk IS NOT NULL
                  ORDER BY l.formasi_id, l.twk + l.tiu + l.tkp DESC, l.tkp DESC, l.tiu DESC, l.twk DESC
                  LIMIT 1000000000) s"""
    floor_params = [seleksi.pk, Lamaran.Status.MS]
    samples, floor_samples = [], []
    _run(ranked, rank_params)
    _run(floor, floor_params)  # warm the cache for both
    for _ in range(repeat):  # interleaved, so a busy moment hurts both alike
        samples.append(_run(ranked, rank_params))
        floor_samples.append(_run(floor, floor_params))
    with connection.cursor() as cur:
        cur.execute(ranked, rank_params)
        total, _s, ke_skb = cur.fetchone()
    ctx.say(f"  pelamar={pelamar} formasi={formasi} dinilai={total} ke_skb={ke_skb}")
    t = time.perf_counter()
    ranking.skd_ranking_apply(seleksi=seleksi)
    apply_seconds = time.perf_counter() - t
    ctx.say(
        f"  peringkat {min(samples):.2f} s, sortir biasa {min(floor_samples):.2f} s, tulis hasil {apply_seconds:.2f} s"
    )
    return ctx.result(
        n=pelamar,
        samples=samples,
        floor_samples=floor_samples,
        formasi=formasi,
        ke_skb=ke_skb,
        apply_seconds=round(apply_seconds, 3),
    )
