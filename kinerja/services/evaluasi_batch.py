"""The annual evaluation batch: set-based SQL per chunk of units (docs/evaluasi.md).

A run of a scope (instansi, tahun) is one `EvaluasiRun` row (at most one RUNNING per scope, by a
partial unique constraint) and one common.jobs job showing progress. The scope's units are split into
id ranges; each chunk is two statements in one transaction:

1. INSERT ... SELECT ... ON CONFLICT DO UPDATE: one EvaluasiTahunan per active pegawai of the chunk's
   units (unit, penilai = atasan langsung, atasan penilai, unit-head flag; a unit head takes the unit's
   predikat organisasi as Rating Hasil Kerja, kinerja.md §1.3, mapping in docs/keputusan-domain.md);
2. UPDATE ... SET predikat = CASE ...: the predikat of every rated, non-final row, by the same
   matrix as rules.predikat_kinerja (tests/kinerja/test_evaluasi_batch.py runs both on all 9 cells).

Both skip final rows and rows that would not change, so a rerun (after a crash, or twice in a row)
writes the same rows and nothing else. No ORM loop per employee.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.jobs import stale_after, start_job
from common.models import Job
from kinerja.models import EvaluasiRun, Periode
from kinerja.services.errors import KinerjaError
from pegawai.models import UnitKerja

CHUNK_UNITS = 200  # units per chunk: a few thousand pegawai per statement at national scale
JOB_KIND = "kinerja.evaluasi_tahunan"

# rules.predikat_kinerja as SQL, written out cell by cell (not generated from the dict, so the test
# comparing both checks something). Blank when either rating is missing.
PREDIKAT_CASE = """
CASE
  WHEN rating_hasil = 'di_atas'  AND rating_perilaku = 'di_atas'  THEN 'sangat_baik'
  WHEN rating_hasil = 'di_atas'  AND rating_perilaku = 'sesuai'   THEN 'baik'
  WHEN rating_hasil = 'di_atas'  AND rating_perilaku = 'di_bawah' THEN 'kurang'
  WHEN rating_hasil = 'sesuai'   AND rating_perilaku = 'di_atas'  THEN 'baik'
  WHEN rating_hasil = 'sesuai'   AND rating_perilaku = 'sesuai'   THEN 'baik'
  WHEN rating_hasil = 'sesuai'   AND rating_perilaku = 'di_bawah' THEN 'kurang'
  WHEN rating_hasil = 'di_bawah' AND rating_perilaku = 'di_atas'  THEN 'butuh_perbaikan'
  WHEN rating_hasil = 'di_bawah' AND rating_perilaku = 'sesuai'   THEN 'butuh_perbaikan'
  WHEN rating_hasil = 'di_bawah' AND rating_perilaku = 'di_bawah' THEN 'sangat_kurang'
  ELSE ''
END
"""

# Predikat organisasi -> the unit head's Rating Hasil Kerja (docs/keputusan-domain.md).
RATING_KEPALA_CASE = """
CASE pu.predikat
  WHEN 'istimewa' THEN 'di_atas'
  WHEN 'baik' THEN 'sesuai'
  WHEN 'butuh_perbaikan' THEN 'di_bawah'
  WHEN 'kurang' THEN 'di_bawah'
  WHEN 'sangat_kurang' THEN 'di_bawah'
  ELSE ''
END
"""

_UPSERT = f"""
INSERT INTO kinerja_evaluasitahunan AS t (
    pegawai_id, periode_id, unit_kerja_id, penilai_id, atasan_penilai_id, is_kepala_unit,
    rating_hasil, rating_perilaku, predikat, catatan, status, keberatan_status, keberatan_alasan,
    keberatan_keputusan, updated_at
)
SELECT p.id, %(periode)s, p.unit_kerja_id, p.atasan_id, a.atasan_id, h.kepala,
       CASE WHEN h.kepala THEN {RATING_KEPALA_CASE} ELSE '' END,
       '', '', '', 'draft', '', '', '', %(now)s
FROM pegawai_pegawai p
LEFT JOIN pegawai_pegawai a ON a.id = p.atasan_id
LEFT JOIN kinerja_predikatunit pu ON pu.unit_kerja_id = p.unit_kerja_id AND pu.tahun = %(tahun)s
CROSS JOIN LATERAL (
    SELECT (p.atasan_id IS NULL OR a.unit_kerja_id IS DISTINCT FROM p.unit_kerja_id) AS kepala
) h
WHERE p.instansi_id = %(instansi)s
  AND p.unit_kerja_id BETWEEN %(lo)s AND %(hi)s
  AND p.kedudukan = 'aktif'
ON CONFLICT (pegawai_id, periode_id) DO UPDATE SET
    unit_kerja_id = EXCLUDED.unit_kerja_id,
    penilai_id = COALESCE(t.penilai_id, EXCLUDED.penilai_id),
    atasan_penilai_id = COALESCE(t.atasan_penilai_id, EXCLUDED.atasan_penilai_id),
    is_kepala_unit = EXCLUDED.is_kepala_unit,
    rating_hasil = CASE WHEN EXCLUDED.rating_hasil <> '' THEN EXCLUDED.rating_hasil ELSE t.rating_hasil END,
    updated_at = EXCLUDED.updated_at
WHERE t.status <> 'final' AND (
    (t.unit_kerja_id, t.is_kepala_unit) IS DISTINCT FROM (EXCLUDED.unit_kerja_id, EXCLUDED.is_kepala_unit)
    OR (EXCLUDED.rating_hasil <> '' AND t.rating_hasil <> EXCLUDED.rating_hasil)
    OR (t.penilai_id IS NULL AND EXCLUDED.penilai_id IS NOT NULL)
    OR (t.atasan_penilai_id IS NULL AND EXCLUDED.atasan_penilai_id IS NOT NULL)
)
"""

_PREDIKAT = f"""
UPDATE kinerja_evaluasitahunan SET predikat = {PREDIKAT_CASE}, updated_at = %(now)s
WHERE periode_id = %(periode)s
  AND unit_kerja_id BETWEEN %(lo)s AND %(hi)s
  AND status <> 'final'
  AND predikat IS DISTINCT FROM ({PREDIKAT_CASE})
"""


@dataclass(frozen=True)
class Chunk:
    lo: int
    hi: int


def chunks_for(instansi_id: int, size: int = CHUNK_UNITS) -> list[Chunk]:
    """The scope's units split into id ranges of at most `size` units (one query over unit ids)."""
    ids = list(UnitKerja.objects.filter(instansi_id=instansi_id).order_by("pk").values_list("pk", flat=True))
    return [Chunk(ids[i], ids[min(i + size, len(ids)) - 1]) for i in range(0, len(ids), size)]


@transaction.atomic
def evaluasi_tahunan_chunk(*, periode: Periode, lo: int, hi: int) -> int:
    """Create/refresh the annual rows of the units lo..hi of the periode's instansi; returns the
    number of rows written (0 on a rerun with nothing new)."""
    params: dict[str, Any] = {
        "periode": periode.pk,
        "tahun": periode.tahun,
        "instansi": periode.instansi_id,
        "lo": lo,
        "hi": hi,
        "now": timezone.now(),
    }
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, params)
        written = cursor.rowcount
        cursor.execute(_PREDIKAT, params)
        return written + cursor.rowcount


def _release_dead_runs(instansi_id: int, tahun: int) -> None:
    """A RUNNING run whose job ended (failed by the sweeper after a worker died, or done) no longer
    blocks its scope: mark it failed so a new run may start (and redo everything idempotently)."""
    EvaluasiRun.objects.filter(
        # a command-line run has no job: it is dead once older than a task could live
        Q(job__status__in=[Job.Status.FAILED, Job.Status.DONE])
        | Q(job__isnull=True, started_at__lt=timezone.now() - stale_after()),
        instansi_id=instansi_id,
        tahun=tahun,
        status=EvaluasiRun.Status.RUNNING,
    ).update(status=EvaluasiRun.Status.FAILED, finished_at=timezone.now())


def evaluasi_tahunan_start(*, user, periode: Periode) -> EvaluasiRun:
    """Start the annual run of a scope as a background job. Refused (KinerjaError -> 400) while
    another run of the same scope is running: the partial unique constraint decides, so two clicks
    at the same moment cannot both start."""
    _release_dead_runs(periode.instansi_id, periode.tahun)
    try:
        with transaction.atomic():
            run = EvaluasiRun.objects.create(instansi_id=periode.instansi_id, tahun=periode.tahun)
            job = start_job(owner=user, kind=JOB_KIND, params={"run_id": run.pk, "periode_id": periode.pk})
            run.job = job
            run.save(update_fields=["job"])
    except IntegrityError:
        raise KinerjaError(
            _("Evaluasi tahunan %(tahun)s untuk instansi ini sedang berjalan; tunggu sampai selesai.")
            % {"tahun": periode.tahun}
        ) from None
    return run


def evaluasi_tahunan_run(*, run: EvaluasiRun, periode: Periode, progress=None, size: int = CHUNK_UNITS) -> int:
    """Run every chunk of the scope in order (each its own transaction, so a crash keeps the finished
    chunks and a rerun redoes only what changed). Returns the rows written."""
    chunks = chunks_for(periode.instansi_id, size)
    EvaluasiRun.objects.filter(pk=run.pk).update(chunks_total=len(chunks))
    total = 0
    try:
        for i, chunk in enumerate(chunks, start=1):
            total += evaluasi_tahunan_chunk(periode=periode, lo=chunk.lo, hi=chunk.hi)
            EvaluasiRun.objects.filter(pk=run.pk).update(chunks_done=i, rows=total)
            if progress is not None:
                progress(i, len(chunks))
    except Exception:
        EvaluasiRun.objects.filter(pk=run.pk).update(status=EvaluasiRun.Status.FAILED, finished_at=timezone.now())
        raise
    EvaluasiRun.objects.filter(pk=run.pk, status=EvaluasiRun.Status.RUNNING).update(
        status=EvaluasiRun.Status.DONE, finished_at=timezone.now()
    )
    return total
