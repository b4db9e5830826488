"""`manage.py bench pelatihan`: the under-20-JP report (pelatihan.selectors.jp_di_bawah_target) for an
instansi of N pegawai (default 100,000), against a floor: one hand-written SQL aggregate returning
the same columns. Data: `generate_scale` pegawai, then set-based INSERT ... SELECT of one graduated
run for every third pegawai and one verified external JP for every second one (once)."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone

from common.bench import BenchContext, register
from pegawai.management.commands.generate_scale import DEFAULT_INSTANSI, generate_pegawai
from pegawai.models import Instansi, Pegawai, User
from pelatihan import rules
from pelatihan.models import Angkatan, JpEksternal, Pendaftaran, Program
from pelatihan.selectors import jp_di_bawah_target

BENCH_KEGIATAN = "Bench: webinar eksternal"


def _arguments(parser) -> None:
    parser.add_argument("--pegawai", type=int, default=100_000, help="Jumlah pegawai di instansi uji (bawaan 100000).")
    parser.add_argument("--instansi", default=DEFAULT_INSTANSI, help="Kode instansi uji (bawaan SKALA).")
    parser.add_argument("--requests", type=int, default=10, help="Pengukuran per kasus (bawaan 10).")
    parser.add_argument("--warmup", type=int, default=2, help="Pengukuran pemanasan (tidak dihitung).")


@transaction.atomic
def _ensure_jp(instansi: Instansi, tahun: int) -> None:
    program, _ = Program.objects.get_or_create(
        instansi=instansi, nama="Bench: pelatihan teknis",
        defaults={"jenis": "teknis", "bidang": "teknis", "jp": 12, "penyelenggara": "Bench"},
    )  # fmt: skip
    akhir = dt.date(tahun, 3, 3)
    angkatan, _ = Angkatan.objects.get_or_create(
        program=program, nama="Bench I",
        defaults={"tanggal_mulai": dt.date(tahun, 3, 1), "tanggal_selesai": akhir, "kuota": 1_000_000,
                  "status": Angkatan.Status.FINISHED},
    )  # fmt: skip
    now = timezone.now()
    with connection.cursor() as cur:
        cur.execute(
            f"""INSERT INTO {Pendaftaran._meta.db_table}
                (angkatan_id, pegawai_id, status, catatan, lulus, sertifikat_file, sertifikat_kode, created_at)
                SELECT %s, p.id, 'approved', '', TRUE, '', '', %s FROM {Pegawai._meta.db_table} p
                WHERE p.instansi_id = %s AND p.id %% 3 = 0
                ON CONFLICT (pegawai_id, angkatan_id) DO NOTHING""",
            [angkatan.pk, now, instansi.pk],
        )
        if not JpEksternal.objects.filter(pegawai__instansi=instansi, nama_kegiatan=BENCH_KEGIATAN).exists():
            cur.execute(
                f"""INSERT INTO {JpEksternal._meta.db_table}
                    (pegawai_id, nama_kegiatan, penyelenggara, jenis, bidang, tanggal_mulai, tanggal_selesai, jp,
                     berkas, berkas_nama, berkas_content_type, berkas_sha256, status, catatan, created_at)
                    SELECT p.id, %s, 'Bench', 'seminar', 'teknis', %s, %s, 1 + p.id %% 20,
                           'bench.pdf', 'bench.pdf', 'application/pdf', '', 'verified', '', %s
                    FROM {Pegawai._meta.db_table} p WHERE p.instansi_id = %s AND p.id %% 2 = 0""",
                [BENCH_KEGIATAN, akhir, akhir, now, instansi.pk],
            )
        cur.execute("ANALYZE")


FLOOR_SQL = f"""
SELECT p.id, p.nama, u.nama, COALESCE(i.jp, 0) + COALESCE(e.jp, 0) AS total
FROM {Pegawai._meta.db_table} p
JOIN pegawai_unitkerja u ON u.id = p.unit_kerja_id
LEFT JOIN (SELECT d.pegawai_id, SUM(pr.jp) AS jp FROM {Pendaftaran._meta.db_table} d
           JOIN {Angkatan._meta.db_table} a ON a.id = d.angkatan_id
           JOIN {Program._meta.db_table} pr ON pr.id = a.program_id
           WHERE d.lulus AND a.tanggal_selesai >= %s AND a.tanggal_selesai < %s GROUP BY d.pegawai_id) i
       ON i.pegawai_id = p.id
LEFT JOIN (SELECT pegawai_id, SUM(jp) AS jp FROM {JpEksternal._meta.db_table}
           WHERE status = 'verified' AND tanggal_selesai >= %s AND tanggal_selesai < %s GROUP BY pegawai_id) e
       ON e.pegawai_id = p.id
WHERE p.instansi_id = %s AND p.kedudukan = ANY(%s)
  AND COALESCE(i.jp, 0) + COALESCE(e.jp, 0) < %s
ORDER BY total, p.nama, p.id
"""


@register(
    "pelatihan", help="Laporan pegawai di bawah 20 JP untuk N pegawai vs agregat SQL polos.", arguments=_arguments
)
def pelatihan_bench(ctx: BenchContext, *, pegawai: int, instansi: str, requests: int, warmup: int, **options) -> dict:
    from pegawai import rules as pegawai_rules

    ins = Instansi.objects.filter(kode=instansi).first()
    have = Pegawai.objects.filter(instansi=ins).count() if ins else 0
    if have < pegawai:
        ctx.say(f"Instansi {instansi} punya {have} pegawai; membuat {pegawai - have} lagi ...")
        ins = generate_pegawai(n=pegawai - have, instansi_kode=instansi, stdout=ctx.stdout).instansi
    tahun = timezone.localdate().year
    _ensure_jp(ins, tahun)
    viewer, _ = User.objects.get_or_create(username="bench.pelatihan", defaults={"is_superuser": True})
    n = Pegawai.objects.filter(instansi=ins).count()

    def report():
        qs = jp_di_bawah_target(viewer=viewer, tahun=tahun).filter(instansi=ins)
        return list(qs.values_list("pk", "nama", "unit_kerja__nama", "jp_total"))

    start, end = dt.date(tahun, 1, 1), dt.date(tahun + 1, 1, 1)
    args = [start, end, start, end, ins.pk, list(pegawai_rules.KEDUDUKAN_AKTIF), rules.MIN_JP_PER_TAHUN]

    def floor():
        with connection.cursor() as cur:
            cur.execute(FLOOR_SQL, args)
            return cur.fetchall()

    rows, floor_rows = report(), floor()
    if len(rows) != len(floor_rows):  # the floor must answer the same question
        raise AssertionError(f"report {len(rows)} rows, floor {len(floor_rows)} rows")
    ctx.say(f"{n} pegawai, {len(rows)} di bawah {rules.MIN_JP_PER_TAHUN} JP pada {tahun}")
    samples = ctx.time_many(report, repeat=requests, warmup=warmup)
    floor_samples = ctx.time_many(floor, repeat=requests, warmup=warmup)
    ctx.report("laporan (selector)", samples)
    ctx.report("floor (SQL polos)", floor_samples)
    return ctx.result(n=n, samples=samples, floor_samples=floor_samples, di_bawah_target=len(rows))
