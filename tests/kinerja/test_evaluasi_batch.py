"""The annual batch on PostgreSQL: SQL predikat = rule on all 9 cells, unit-head rating, idempotent
rerun, a refused second concurrent run, the job with progress, and the management command."""

import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from common.models import Job
from kinerja import rules
from kinerja.models import EvaluasiRun, EvaluasiTahunan, PredikatUnit
from kinerja.services import evaluasi_batch as batch
from kinerja.services.errors import KinerjaError
from tests.kinerja.factories import PeriodeFactory
from tests.pegawai.factories import PegawaiFactory, UnitKerjaFactory

CELLS = list(itertools.product(rules.Rating.values, rules.Rating.values))


def _rows(periode):
    return sorted(
        EvaluasiTahunan.objects.filter(periode=periode).values_list(
            "pegawai_id", "unit_kerja_id", "penilai_id", "atasan_penilai_id", "is_kepala_unit",
            "rating_hasil", "rating_perilaku", "predikat", "status",
        )
    )  # fmt: skip


def _run(periode, size=batch.CHUNK_UNITS):
    run = EvaluasiRun.objects.create(instansi_id=periode.instansi_id, tahun=periode.tahun)
    return batch.evaluasi_tahunan_run(run=run, periode=periode, size=size)


def test_predikat_case_in_sql_equals_rule_on_all_nine_cells(db):
    values = ", ".join(f"('{h}', '{p}')" for h, p in CELLS)
    sql = f"SELECT rating_hasil, rating_perilaku, {batch.PREDIKAT_CASE} FROM (VALUES {values}) v(rating_hasil, rating_perilaku)"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        got = {(h, p): k for h, p, k in cursor.fetchall()}
    assert len(got) == 9
    assert got == {(h, p): rules.predikat_kinerja(h, p) for h, p in CELLS}


def test_batch_predikat_equals_rule_applied_one_by_one(pegawai, penilai, atasan_penilai, unit_bidang):
    periode = PeriodeFactory(instansi=pegawai.instansi)
    staff = [PegawaiFactory(unit_kerja=unit_bidang, atasan=penilai) for _ in range(9)]
    _run(periode)
    for p, (h, r) in zip(staff, CELLS, strict=True):
        EvaluasiTahunan.objects.filter(pegawai=p, periode=periode).update(rating_hasil=h, rating_perilaku=r)
    _run(periode)
    for ev in EvaluasiTahunan.objects.filter(pegawai__in=staff, periode=periode):
        assert ev.predikat == rules.predikat_kinerja(ev.rating_hasil, ev.rating_perilaku)
    # unrated rows keep a blank predikat
    assert EvaluasiTahunan.objects.get(pegawai=pegawai, periode=periode).predikat == ""


def test_batch_creates_one_row_per_active_pegawai_with_penilai_and_unit_head(
    pegawai, penilai, atasan_penilai, unit_bidang, unit_opd, pegawai_lain
):
    periode = PeriodeFactory(instansi=pegawai.instansi)
    PredikatUnit.objects.create(unit_kerja=unit_bidang, tahun=periode.tahun, predikat="istimewa")
    PredikatUnit.objects.create(unit_kerja=unit_opd, tahun=periode.tahun, predikat="butuh_perbaikan")
    _run(periode)
    rows = {ev.pegawai_id: ev for ev in EvaluasiTahunan.objects.filter(periode=periode)}
    assert set(rows) == {pegawai.pk, penilai.pk, atasan_penilai.pk}  # not the other instansi's pegawai
    assert rows[pegawai.pk].penilai_id == penilai.pk
    assert rows[pegawai.pk].atasan_penilai_id == atasan_penilai.pk
    assert not rows[pegawai.pk].is_kepala_unit and rows[pegawai.pk].rating_hasil == ""
    # the head of the bidang takes the unit's predikat as Rating Hasil Kerja (istimewa -> di atas)
    assert rows[penilai.pk].is_kepala_unit and rows[penilai.pk].rating_hasil == "di_atas"
    assert rows[atasan_penilai.pk].is_kepala_unit and rows[atasan_penilai.pk].rating_hasil == "di_bawah"


def test_rerun_gives_the_same_rows_and_writes_nothing(pegawai, penilai, atasan_penilai, unit_bidang):
    periode = PeriodeFactory(instansi=pegawai.instansi)
    PredikatUnit.objects.create(unit_kerja=unit_bidang, tahun=periode.tahun, predikat="baik")
    UnitKerjaFactory(instansi=pegawai.instansi)  # a unit without pegawai: an empty chunk is fine
    first = _run(periode, size=1)  # one unit per chunk: several chunks
    EvaluasiTahunan.objects.filter(pegawai=pegawai).update(rating_hasil="sesuai", rating_perilaku="di_atas")
    _run(periode, size=1)
    before = _rows(periode)
    assert _run(periode, size=1) == 0
    assert _run(periode, size=2) == 0  # other chunk boundaries, same result
    assert _rows(periode) == before
    assert first == 3
    assert EvaluasiTahunan.objects.filter(periode=periode).count() == 3


def test_rerun_does_not_touch_final_rows(pegawai, penilai, unit_bidang):
    periode = PeriodeFactory(instansi=pegawai.instansi)
    _run(periode)
    EvaluasiTahunan.objects.filter(pegawai=pegawai).update(
        status="final", rating_hasil="di_bawah", rating_perilaku="di_bawah", predikat="baik"
    )
    _run(periode)
    assert EvaluasiTahunan.objects.get(pegawai=pegawai).predikat == "baik"  # final stays as it was


def test_second_run_of_the_same_scope_while_running_is_refused(pegawai, admin_bkd):
    periode = PeriodeFactory(instansi=pegawai.instansi)
    run = batch.evaluasi_tahunan_start(user=admin_bkd.user, periode=periode)
    # the test's transaction never commits, so the job is never published: the run stays RUNNING
    assert EvaluasiRun.objects.get(pk=run.pk).status == EvaluasiRun.Status.RUNNING
    with pytest.raises(KinerjaError, match="sedang berjalan"):
        batch.evaluasi_tahunan_start(user=admin_bkd.user, periode=periode)
    assert EvaluasiRun.objects.filter(instansi=periode.instansi).count() == 1
    assert Job.objects.filter(kind=batch.JOB_KIND).count() == 1  # nothing half-written


def test_a_run_whose_job_died_no_longer_blocks_the_scope(pegawai, admin_bkd):
    periode = PeriodeFactory(instansi=pegawai.instansi)
    run = batch.evaluasi_tahunan_start(user=admin_bkd.user, periode=periode)
    Job.objects.filter(pk=run.job_id).update(status=Job.Status.FAILED)  # the sweeper's verdict
    second = batch.evaluasi_tahunan_start(user=admin_bkd.user, periode=periode)
    assert EvaluasiRun.objects.get(pk=run.pk).status == EvaluasiRun.Status.FAILED
    assert second.status == EvaluasiRun.Status.RUNNING


def test_job_runs_all_chunks_with_progress(pegawai, penilai, admin_bkd):
    from common.jobs import job_run

    periode = PeriodeFactory(instansi=pegawai.instansi)
    run = batch.evaluasi_tahunan_start(user=admin_bkd.user, periode=periode)
    job_run(job_id=run.job_id)
    job = Job.objects.get(pk=run.job_id)
    run.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert job.percent == 100
    assert run.status == EvaluasiRun.Status.DONE
    assert run.chunks_done == run.chunks_total >= 1
    assert EvaluasiTahunan.objects.filter(periode=periode).count() == 4  # pegawai, penilai, atasan, admin
    # done: the scope may run again
    assert batch.evaluasi_tahunan_start(user=admin_bkd.user, periode=periode).pk != run.pk


def test_a_failed_chunk_marks_the_run_failed_and_a_rerun_completes(pegawai, penilai, monkeypatch):
    periode = PeriodeFactory(instansi=pegawai.instansi)
    real = batch.evaluasi_tahunan_chunk
    calls = {"n": 0}

    def crash_on_second(**kw):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker killed")
        return real(**kw)

    monkeypatch.setattr(batch, "evaluasi_tahunan_chunk", crash_on_second)
    run = EvaluasiRun.objects.create(instansi_id=periode.instansi_id, tahun=periode.tahun)
    with pytest.raises(RuntimeError):
        batch.evaluasi_tahunan_run(run=run, periode=periode, size=1)
    assert EvaluasiRun.objects.get(pk=run.pk).status == EvaluasiRun.Status.FAILED
    monkeypatch.setattr(batch, "evaluasi_tahunan_chunk", real)
    _run(periode, size=1)
    assert EvaluasiTahunan.objects.filter(periode=periode).count() == 3


def test_command_runs_the_batch_and_refuses_a_running_scope(pegawai, penilai, capsys):
    periode = PeriodeFactory(instansi=pegawai.instansi)
    call_command("evaluasi_tahunan", "--tahun", str(periode.tahun), "--instansi", periode.instansi.kode)
    assert "3 baris ditulis" in capsys.readouterr().out
    assert EvaluasiTahunan.objects.filter(periode=periode).count() == 3
    EvaluasiRun.objects.create(instansi_id=periode.instansi_id, tahun=periode.tahun)  # a live run
    with pytest.raises(CommandError, match="sedang berjalan"):
        call_command("evaluasi_tahunan", "--tahun", str(periode.tahun))
    with pytest.raises(CommandError, match="Tidak ada periode"):
        call_command("evaluasi_tahunan", "--tahun", "1999")
