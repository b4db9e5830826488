"""Scale data for e-Kinerja, set-based: `generate_scale --logs-per-pegawai N` (hook registered in
kinerja/benchmarks.py) and `bench kinerja_harian`.

For every pegawai of an instansi that has no current SKP in this year's periode: an approved SKP, one
RHK (intervening the atasan's RHK), one indikator, and N logs spread from 1 January to today (the two
most recent submitted, the rest approved), then the log-sourced realisasi per window. Each step is
one INSERT ... SELECT (a recursive CTE numbers the logs; it runs on PostgreSQL and SQLite alike), so
10 million logs never pass through Python.
"""

from __future__ import annotations

import datetime as dt
import time

from django.db import connection, transaction
from django.utils import timezone

from kinerja import rules
from kinerja.models import Indikator, LogHarian, Periode, PeriodeEvaluasi, Realisasi, Rhk, Skp
from pegawai.models import Instansi, Pegawai

SUBMITTED_PER_PEGAWAI = 2
RHK_TEKS = "Terselenggaranya layanan administrasi unit kerja"
INDIKATOR_TEKS = "Jumlah dokumen layanan yang diselesaikan"


def ensure_periode(instansi: Instansi, tahun: int) -> Periode:
    periode, _ = Periode.objects.get_or_create(
        instansi=instansi,
        tahun=tahun,
        defaults={"mulai": dt.date(tahun, 1, 1), "selesai": dt.date(tahun, 12, 31)},
    )
    have = set(periode.windows.values_list("nomor", flat=True))
    PeriodeEvaluasi.objects.bulk_create(
        PeriodeEvaluasi(periode=periode, nomor=w.nomor, label=w.label, mulai=w.mulai, selesai=w.selesai)
        for w in rules.periodic_windows(tahun, periode.jenis_periodik)
        if w.nomor not in have
    )
    return periode


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _sql_bits() -> dict[str, str]:
    """The few expressions that differ between PostgreSQL and SQLite."""
    if connection.vendor == "postgresql":
        return {
            "tanggal": "(%s::date + ((g.n - 1) * %s) / %s)",
            "token": "(lpad(to_hex(p.id), 16, '0') || lpad(to_hex(g.n), 16, '0'))::uuid",
            "submitted": "((%s::date + ((g.n - 1) * %s) / %s)::timestamp + interval '9 hours')",
            "now": "now()",
        }
    return {
        "tanggal": "date(%s, '+' || (((g.n - 1) * %s) / %s) || ' days')",
        "token": "printf('%%016x%%016x', p.id, g.n)",
        "submitted": "datetime(date(%s, '+' || (((g.n - 1) * %s) / %s) || ' days'), '+9 hours')",
        "now": "CURRENT_TIMESTAMP",
    }


def _rowcount(cursor) -> int:
    """Rows changed by the last statement (sqlite3 reports -1 for a statement starting with WITH)."""
    if cursor.rowcount >= 0:
        return cursor.rowcount
    cursor.execute("SELECT changes()")
    return cursor.fetchone()[0]


def generate_kinerja(
    *, instansi: Instansi, logs_per_pegawai: int, today: dt.date | None = None, stdout=None
) -> dict[str, float | int]:
    """Create SKP/RHK/indikator/logs/realisasi for every pegawai of `instansi` without a current SKP
    this year. Returns row counts and seconds per phase."""
    log = stdout.write if stdout is not None else (lambda _m: None)
    today = today or timezone.localdate()
    n = max(int(logs_per_pegawai), 0)
    bits = _sql_bits()
    stats: dict[str, float | int] = {}
    with transaction.atomic():
        periode = ensure_periode(instansi, today.year)
        span = max((min(today, periode.selesai) - periode.mulai).days, 0) + 1
        with connection.cursor() as c:
            t = time.perf_counter()
            c.execute(
                f"""
                INSERT INTO {_t(Skp)} (pegawai_id, periode_id, pejabat_penilai_id, atasan_pejabat_penilai_id,
                    jabatan_id, unit_kerja_id, pendekatan, status, version, is_current, catatan,
                    dukungan_sumber_daya, skema_pertanggungjawaban, konsekuensi, submitted_at, approved_at,
                    approved_by_id, pdf_file, pdf_version, created_at, updated_at)
                SELECT p.id, %s, p.atasan_id, a.atasan_id, p.jabatan_id, p.unit_kerja_id, 'kuantitatif',
                    'approved', 1, %s, '', '', '', '', {bits["now"]}, {bits["now"]}, p.atasan_id, '', 0,
                    {bits["now"]}, {bits["now"]}
                FROM {_t(Pegawai)} p LEFT JOIN {_t(Pegawai)} a ON a.id = p.atasan_id
                WHERE p.instansi_id = %s AND NOT EXISTS (
                    SELECT 1 FROM {_t(Skp)} s WHERE s.pegawai_id = p.id AND s.periode_id = %s AND s.is_current)
                """,
                [periode.pk, True, instansi.pk, periode.pk],
            )
            stats["skp"] = c.rowcount
            stats["seconds_skp"] = time.perf_counter() - t
            log(f"  kinerja: {c.rowcount} SKP ({stats['seconds_skp']:.1f} s)")
            t = time.perf_counter()
            c.execute(
                f"""
                INSERT INTO {_t(Rhk)} (skp_id, jenis, urutan, deskripsi, perspektif)
                SELECT s.id, 'utama', 1, %s, '' FROM {_t(Skp)} s
                WHERE s.periode_id = %s AND s.is_current
                  AND NOT EXISTS (SELECT 1 FROM {_t(Rhk)} r WHERE r.skp_id = s.id)
                """,
                [RHK_TEKS, periode.pk],
            )
            stats["rhk"] = c.rowcount
            c.execute(
                f"""
                INSERT INTO {_t(Indikator)} (rhk_id, aspek, deskripsi, target_angka, satuan, target_teks, urutan)
                SELECT r.id, 'kuantitas', %s, %s, 'dokumen', '', 1
                FROM {_t(Rhk)} r JOIN {_t(Skp)} s ON s.id = r.skp_id
                WHERE s.periode_id = %s
                  AND NOT EXISTS (SELECT 1 FROM {_t(Indikator)} i WHERE i.rhk_id = r.id)
                """,
                [INDIKATOR_TEKS, max(n, 1), periode.pk],
            )
            stats["indikator"] = c.rowcount
            # Cascading: each RHK intervenes the first RHK of the owner's atasan (same periode).
            c.execute(
                f"""
                UPDATE {_t(Rhk)} SET rhk_atasan_id = (
                    SELECT MIN(ar.id) FROM {_t(Skp)} s
                    JOIN {_t(Pegawai)} p ON p.id = s.pegawai_id
                    JOIN {_t(Skp)} sa ON sa.pegawai_id = p.atasan_id AND sa.periode_id = s.periode_id AND sa.is_current
                    JOIN {_t(Rhk)} ar ON ar.skp_id = sa.id
                    WHERE s.id = {_t(Rhk)}.skp_id)
                WHERE rhk_atasan_id IS NULL AND skp_id IN (SELECT id FROM {_t(Skp)} WHERE periode_id = %s)
                """,
                [periode.pk],
            )
            stats["seconds_skp_rhk"] = time.perf_counter() - t
            log(f"  kinerja: {stats['rhk']} RHK, {stats['indikator']} indikator ({stats['seconds_skp_rhk']:.1f} s)")
            stats["logs"] = 0
            if n:
                t = time.perf_counter()
                c.execute(
                    f"""
                    WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < %s)
                    INSERT INTO {_t(LogHarian)} (pegawai_id, rhk_id, tanggal, kegiatan, output_jumlah,
                        output_satuan, jam_mulai, jam_selesai, link_bukti, status, client_token, catatan_atasan,
                        reviewed_by_id, reviewed_at, submitted_at, created_at, updated_at)
                    SELECT p.id, r.id, {bits["tanggal"]}, 'Menyelesaikan dokumen layanan', 1, 'dokumen',
                        '08:00', '10:00', '',
                        CASE WHEN g.n > %s THEN 'submitted' ELSE 'approved' END,
                        {bits["token"]}, '',
                        CASE WHEN g.n > %s THEN NULL ELSE p.atasan_id END,
                        CASE WHEN g.n > %s THEN NULL ELSE {bits["now"]} END,
                        {bits["submitted"]}, {bits["now"]}, {bits["now"]}
                    FROM {_t(Pegawai)} p
                    JOIN {_t(Skp)} s ON s.pegawai_id = p.id AND s.periode_id = %s AND s.is_current
                    JOIN {_t(Rhk)} r ON r.skp_id = s.id AND r.urutan = 1
                    CROSS JOIN g
                    WHERE p.instansi_id = %s
                      AND NOT EXISTS (SELECT 1 FROM {_t(LogHarian)} l WHERE l.rhk_id = r.id)
                    """,
                    [
                        n,
                        periode.mulai, span, n,
                        n - SUBMITTED_PER_PEGAWAI, n - SUBMITTED_PER_PEGAWAI, n - SUBMITTED_PER_PEGAWAI,
                        periode.mulai, span, n,
                        periode.pk, instansi.pk,
                    ],
                )  # fmt: skip
                stats["logs"] = _rowcount(c)
                stats["seconds_logs"] = time.perf_counter() - t
                log(f"  kinerja: {stats['logs']} log harian ({stats['seconds_logs']:.1f} s)")
            if stats["logs"]:
                t = time.perf_counter()
                c.execute(
                    f"""
                    INSERT INTO {_t(Realisasi)} (indikator_id, periode_evaluasi_id, realisasi_angka,
                        realisasi_teks, sumber, updated_at)
                    SELECT i.id, w.id, SUM(l.output_jumlah), '', 'log', {bits["now"]}
                    FROM {_t(LogHarian)} l
                    JOIN {_t(Rhk)} r ON r.id = l.rhk_id
                    JOIN {_t(Skp)} s ON s.id = r.skp_id AND s.periode_id = %s
                    JOIN {_t(Indikator)} i ON i.rhk_id = r.id
                    JOIN {_t(PeriodeEvaluasi)} w ON w.periode_id = s.periode_id
                        AND l.tanggal >= w.mulai AND l.tanggal <= w.selesai
                    WHERE l.status = 'approved'
                    GROUP BY i.id, w.id
                    ON CONFLICT DO NOTHING
                    """,
                    [periode.pk],
                )
                stats["realisasi"] = c.rowcount
                stats["seconds_realisasi"] = time.perf_counter() - t
                log(f"  kinerja: {c.rowcount} realisasi ({stats['seconds_realisasi']:.1f} s)")
    if stats["skp"] or stats["logs"]:  # nothing new: the statistics are still right
        t = time.perf_counter()
        refresh_statistics()
        stats["seconds_analyze"] = time.perf_counter() - t
    return stats


def refresh_statistics() -> None:
    """ANALYZE (VACUUM outside a transaction) the kinerja tables after a bulk load, so the planner
    knows their size (autovacuum may be off; see docs/benchmarks.md)."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(_t(m) for m in (Skp, Rhk, Indikator, LogHarian, Realisasi))
    with connection.cursor() as cursor:
        cursor.execute(f"{'ANALYZE' if connection.in_atomic_block else 'VACUUM (ANALYZE)'} {tables}")
