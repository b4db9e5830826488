"""Scale data for survei benchmarks: one unit and period with N anonymous responses, set-based."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone

from pegawai.models import Instansi
from survei.models import PeriodeSurvei, Respon, UnitLayanan

SCALE_KODE = "skala-{n}"


@transaction.atomic
def generate_survei(*, instansi: Instansi, respon: int, seed: float = 0.42) -> PeriodeSurvei:
    unit, _ = UnitLayanan.objects.get_or_create(
        kode=SCALE_KODE.format(n=respon), defaults={"instansi": instansi, "nama": f"Unit skala {respon} respon"}
    )
    today = timezone.localdate()
    periode = PeriodeSurvei.objects.create(
        unit=unit, nama=f"Skala {respon}", mulai=today - dt.timedelta(days=180), selesai=today, populasi=100_000
    )
    if connection.vendor != "postgresql":
        import random

        rnd = random.Random(42)
        Respon.objects.bulk_create(
            Respon(periode=periode, unit=unit, **{f"u{i}": rnd.choice([None, 1, 2, 3, 4, 4]) for i in range(1, 10)})
            for _ in range(respon)
        )
        return periode
    answers = ", ".join("CASE WHEN random() < 0.03 THEN NULL ELSE 1 + floor(random() * 4)::int END" for _ in range(9))
    with connection.cursor() as cur:
        cur.execute("SELECT setseed(%s)", [seed])
        cur.execute(
            f"""INSERT INTO survei_respon (periode_id, unit_id, u1, u2, u3, u4, u5, u6, u7, u8, u9, usia,
                                           jenis_kelamin, pendidikan, pekerjaan, saran, saran_disembunyikan,
                                           token_terverifikasi, created_at)
                SELECT %s, %s, {answers}, '', '', '', '', '', FALSE, FALSE, now()
                FROM generate_series(1, %s)""",
            [periode.pk, unit.pk, respon],
        )
        cur.execute("ANALYZE survei_respon")
    return periode
