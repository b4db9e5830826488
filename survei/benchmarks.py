"""`manage.py bench survei` and generate_scale's `--respon N`.

The IKM of one unit's period over N responses (one SUM/COUNT query, survei.selectors.ikm_of) against a
plain SQL average of the same rows and columns in the same run: the database's floor.
"""

from __future__ import annotations

import time

from django.db import connection

from common.bench import BenchContext, register, register_scale_extension
from pegawai.management.commands.generate_scale import DEFAULT_INSTANSI
from pegawai.models import Instansi
from survei import selectors
from survei.models import PeriodeSurvei, Respon
from survei.scale import generate_survei


def _scale_arguments(parser) -> None:
    parser.add_argument("--respon", type=int, default=0, help="Buat N respon survei anonim di satu unit (bawaan 0).")


@register_scale_extension("survei", arguments=_scale_arguments)
def survei_scale(*, result, options: dict, stdout) -> None:
    n = options.get("respon") or 0
    if n > 0:
        generate_survei(instansi=result.instansi, respon=n)
        stdout.write(f"  survei: {n} respon")


def _arguments(parser) -> None:
    parser.add_argument("--respon", type=int, default=1_000_000, help="Jumlah respon (bawaan 1000000).")
    parser.add_argument("--repeat", type=int, default=5, help="Pengulangan per kasus (bawaan 5).")


def _periode(ctx: BenchContext, n: int) -> PeriodeSurvei:
    periode = PeriodeSurvei.objects.filter(unit__kode=f"skala-{n}").order_by("-pk").first()
    if periode is None or Respon.objects.filter(periode=periode).count() < n:
        instansi, _ = Instansi.objects.get_or_create(kode=DEFAULT_INSTANSI, defaults={"nama": "Instansi Skala"})
        t = time.perf_counter()
        periode = generate_survei(instansi=instansi, respon=n)
        ctx.extra["generate_seconds"] = round(time.perf_counter() - t, 2)
    return periode


@register("survei", help="IKM satu unit atas N respon (SQL) vs rata-rata SQL biasa.", arguments=_arguments)
def survei_bench(ctx: BenchContext, *, respon: int, repeat: int, **options) -> dict:
    periode = _periode(ctx, respon)
    qs = Respon.objects.filter(periode=periode)
    floor_sql = (
        "SELECT count(*), "
        + ", ".join(f"avg(u{i})" for i in range(1, 10))
        + " FROM survei_respon WHERE periode_id = %s"
    )

    def floor():
        with connection.cursor() as cur:
            cur.execute(floor_sql, [periode.pk])
            cur.fetchall()

    samples, floor_samples = [], []
    selectors.ikm_of(qs)
    floor()
    for _ in range(repeat):  # interleaved
        t = time.perf_counter()
        hasil = selectors.ikm_of(qs)
        samples.append(time.perf_counter() - t)
        t = time.perf_counter()
        floor()
        floor_samples.append(time.perf_counter() - t)
    ctx.say(
        f"  respon={respon} IKM={hasil.ikm} mutu={hasil.mutu}: {min(samples):.3f} s, rata-rata biasa {min(floor_samples):.3f} s"
    )
    return ctx.result(n=respon, samples=samples, floor_samples=floor_samples, ikm=str(hasil.ikm), mutu=hasil.mutu)
