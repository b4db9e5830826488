"""A job run by a REAL Celery worker process against Redis (the worker of test_celery_worker.py), and
the sweeper run there failing a job whose worker died (stale heartbeat)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from common import jobs
from common.models import Job
from common.tasks import job_run_task, job_sweep_task
from tests.common.test_celery_worker import _explain, celery_worker_process, not_eager, redis_url  # noqa: F401
from tests.pegawai.factories import PegawaiFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_export_job_runs_in_a_real_worker(celery_worker_process, not_eager, admin_bkd, unit_bidang):  # noqa: F811
    process, queue, log_path = celery_worker_process
    PegawaiFactory.create_batch(3, unit_kerja=unit_bidang, nama="Pegawai Worker")
    with transaction.atomic():  # committed: the worker reads it from the same test database
        job = Job.objects.create(
            owner=admin_bkd.user,
            kind="common.export",
            params={"exporter": "pegawai.direktori", "data": {"format": ["csv"], "q": ["Pegawai Worker"]}},
        )
    result = job_run_task.apply_async((job.pk,), queue=queue)
    try:
        result.get(timeout=60)
    except Exception as exc:  # noqa: BLE001 - show the worker's log with any failure
        pytest.fail(f"job_run_task did not finish in the worker ({exc!r}); {_explain(process, log_path)}")
    assert result.id in log_path.read_text(errors="replace"), _explain(process, log_path)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, (job.error, _explain(process, log_path))
    assert job.progress_total == job.progress_done == 3
    try:
        with job.result_file.open("rb") as fh:
            rows = list(csv.reader(io.StringIO(fh.read().decode("utf-8-sig"))))
        assert [r[2] for r in rows[1:]] == ["Pegawai Worker"] * 3
    finally:
        job.result_file.delete(save=False)
    # A second delivery of the same message does nothing in the worker either.
    job_run_task.apply_async((job.pk,), queue=queue).get(timeout=30)
    assert Job.objects.get(pk=job.pk).finished_at == job.finished_at


def test_sweeper_in_the_worker_fails_a_job_whose_worker_died(celery_worker_process, not_eager, admin_bkd):  # noqa: F811
    process, queue, log_path = celery_worker_process
    with transaction.atomic():
        dead = Job.objects.create(
            owner=admin_bkd.user,
            kind="common.export",
            status=Job.Status.RUNNING,
            started_at=timezone.now() - jobs.stale_after() - timedelta(minutes=1),
            heartbeat_at=timezone.now() - jobs.stale_after() - timedelta(seconds=1),
        )
    counts = job_sweep_task.apply_async(queue=queue).get(timeout=30)
    assert counts["failed"] >= 1, _explain(process, log_path)
    dead.refresh_from_db()
    assert dead.status == Job.Status.FAILED and "terhenti" in dead.error
