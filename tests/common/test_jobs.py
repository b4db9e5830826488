"""Job record + runner + sweeper (common.jobs), its pages and API. PostgreSQL, eager Celery."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from common import jobs
from common.jobs import JobError, JobResult, job_kind, job_run, job_sweep, publish_job, start_job
from common.models import Job
from common.tasks import job_run_task, job_sweep_task
from tests.pegawai.factories import UserFactory

calls: list[int] = []


@job_kind("tests.echo")
def _echo(job, progress):
    calls.append(job.pk)
    total = int(job.params.get("n", 3))
    for i in range(1, total + 1):
        progress(i, total)
    return JobResult(f"echo-{total}.txt", "text/plain", ("x" * total).encode(), data={"n": total})


@job_kind("tests.nofile")
def _nofile(job, progress):
    return None


@job_kind("tests.user_error")
def _user_error(job, progress):
    raise JobError("Filter tidak valid: unit kerja tidak ditemukan.")


@job_kind("tests.crash")
def _crash(job, progress):
    raise RuntimeError("secret internal detail")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    calls.clear()


@pytest.fixture
def owner(db):
    return UserFactory(username="pemilik")


@pytest.fixture
def other(db):
    return UserFactory(username="orang.lain")


def test_start_job_queues_the_task_only_on_commit(owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = start_job(owner=owner, kind="tests.echo", params={"n": 2})
    assert job.status == Job.Status.QUEUED
    assert calls == []  # nothing ran inside the caller's transaction
    assert len(callbacks) == 1
    callbacks[0]()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert calls == [job.pk]


def test_job_runs_to_done_with_result_file_expiry_and_progress(owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(owner=owner, kind="tests.echo", params={"n": 4})
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert (job.progress_done, job.progress_total, job.percent) == (4, 4, 100)
    assert job.result_filename == "echo-4.txt"
    assert job.result_content_type == "text/plain"
    assert job.result_data == {"n": 4}
    with job.result_file.open("rb") as fh:
        assert fh.read() == b"xxxx"
    assert job.started_at and job.finished_at and job.started_at <= job.finished_at
    assert job.expires_at - job.finished_at == jobs.RESULT_TTL


def test_a_duplicate_delivery_does_nothing(owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(owner=owner, kind="tests.echo")
    job_run_task.delay(job.pk)  # the broker delivers it again
    job_run(job_id=job.pk)
    assert calls == [job.pk]


def test_unknown_kind_is_refused_at_start(owner):
    with pytest.raises(ValueError):
        start_job(owner=owner, kind="tests.tidak_ada")
    assert not Job.objects.exists()


def test_job_error_message_is_shown_and_other_errors_are_not(owner):
    e1 = Job.objects.create(owner=owner, kind="tests.user_error")
    e2 = Job.objects.create(owner=owner, kind="tests.crash")
    job_run(job_id=e1.pk)
    job_run(job_id=e2.pk)
    e1.refresh_from_db()
    e2.refresh_from_db()
    assert (e1.status, e1.error) == (Job.Status.FAILED, "Filter tidak valid: unit kerja tidak ditemukan.")
    assert e2.status == Job.Status.FAILED
    assert "secret" not in e2.error and "kesalahan" in e2.error
    assert not e1.result_file and not e2.result_file


def test_kind_without_file_is_done_without_download(owner, client):
    job = Job.objects.create(owner=owner, kind="tests.nofile")
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and not job.has_result
    client.force_login(owner)
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def _reset_broker_pools(app) -> None:
    # What Celery itself does after a fork: the next publish connects to the configured broker.
    app._pool = None
    app.amqp._producer_pool = None


def test_publish_failure_is_logged_not_raised_and_the_job_stays_queued(owner, settings, caplog):
    """A broker outage never fails the request; the sweeper re-sends the job later."""
    from config.celery import app

    previous = (app.conf.task_always_eager, app.conf.broker_url)
    # A real broker that refuses connections (nothing listens on port 1), not a mock.
    app.conf.update(task_always_eager=False, broker_url="redis://127.0.0.1:1/0")
    _reset_broker_pools(app)
    try:
        job = Job.objects.create(owner=owner, kind="tests.echo")
        assert publish_job(job.pk) is False
    finally:
        app.conf.update(task_always_eager=previous[0], broker_url=previous[1])
        _reset_broker_pools(app)
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED
    assert "publish failed" in caplog.text


def test_sweeper_requeues_a_lost_job_once(owner):
    old = timezone.now() - jobs.REQUEUE_AFTER - timedelta(seconds=5)
    lost = Job.objects.create(owner=owner, kind="tests.echo", heartbeat_at=old)
    fresh = Job.objects.create(owner=owner, kind="tests.echo")
    result = job_sweep()
    assert result.requeued == 1
    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert lost.status == Job.Status.DONE  # eager: the re-sent task ran
    assert fresh.status == Job.Status.QUEUED  # its first publish may still be on the way
    assert job_sweep().requeued == 0


def test_sweeper_fails_a_running_job_whose_worker_died(owner):
    """Simulated worker death: RUNNING with a heartbeat older than the hard time limit."""
    dead = Job.objects.create(
        owner=owner,
        kind="tests.echo",
        status=Job.Status.RUNNING,
        heartbeat_at=timezone.now() - jobs.stale_after() - timedelta(seconds=1),
    )
    alive = Job.objects.create(
        owner=owner, kind="tests.echo", status=Job.Status.RUNNING, heartbeat_at=timezone.now() - timedelta(minutes=1)
    )
    assert job_sweep_task.delay().get() == {"requeued": 0, "failed": 1, "expired": 0}
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == Job.Status.FAILED and "terhenti" in dead.error and dead.finished_at
    assert alive.status == Job.Status.RUNNING
    # A late delivery of the dead job's task does not resurrect it.
    job_run(job_id=dead.pk)
    dead.refresh_from_db()
    assert dead.status == Job.Status.FAILED


def test_sweeper_deletes_expired_result_files(owner):
    job = Job.objects.create(owner=owner, kind="tests.echo")
    job_run(job_id=job.pk)
    job.refresh_from_db()
    path = job.result_file.path
    keep = Job.objects.create(owner=owner, kind="tests.echo")
    job_run(job_id=keep.pk)
    assert job_sweep().expired == 0
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert job_sweep().expired == 1
    job.refresh_from_db()
    keep.refresh_from_db()
    assert not job.result_file and not job.has_result
    assert not os.path.exists(path)
    assert keep.has_result


def test_progress_writes_are_throttled(transactional_db, owner, django_assert_num_queries):
    # transactional_db: outside a transaction the writer uses the main connection, so it is counted.
    job = Job.objects.create(owner=owner, kind="tests.echo", status=Job.Status.RUNNING)
    progress, close = jobs._progress_writer(job.pk)
    with django_assert_num_queries(1):  # first write goes out, the next 99 fall inside the window
        for i in range(1, 100):
            progress(i, 1000)
    with django_assert_num_queries(1):  # the last one (done == total) is always written
        progress(1000, 1000)
    close()
    job.refresh_from_db()
    assert (job.progress_done, job.progress_total) == (1000, 1000)


# --- pages and API ------------------------------------------------------------------------------


def _done_job(owner) -> Job:
    job = Job.objects.create(owner=owner, kind="tests.echo", params={"n": 3})
    job_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def test_owner_sees_page_partial_and_downloads(owner, client):
    job = _done_job(owner)
    client.force_login(owner)
    page = client.get(reverse("jobs:detail", args=[job.pk]))
    assert page.status_code == 200
    assert reverse("jobs:download", args=[job.pk]) in page.content.decode()
    partial = client.get(reverse("jobs:progress", args=[job.pk])).content.decode()
    assert "hx-trigger" not in partial  # done: polling stops
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"xxx"
    assert 'filename="echo-3.txt"' in download["Content-Disposition"]


def test_partial_polls_while_running_with_accessible_progress(owner, client):
    job = Job.objects.create(
        owner=owner, kind="tests.echo", status=Job.Status.RUNNING, progress_done=25, progress_total=100
    )
    client.force_login(owner)
    html = client.get(reverse("jobs:progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert f'<label for="job-{job.pk}-bar">' in html
    assert 'value="25"' in html and "25%" in html


def test_failed_job_shows_its_error(owner, client):
    job = Job.objects.create(owner=owner, kind="tests.user_error")
    job_run(job_id=job.pk)
    client.force_login(owner)
    html = client.get(reverse("jobs:progress", args=[job.pk])).content.decode()
    assert 'role="alert"' in html and "unit kerja tidak ditemukan" in html


@pytest.mark.parametrize("name", ["jobs:detail", "jobs:progress", "jobs:download", "api_job"])
def test_someone_elses_job_is_404(owner, other, client, name):
    job = _done_job(owner)
    client.force_login(other)
    assert client.get(reverse(name, args=[job.pk])).status_code == 404


def test_anonymous_is_sent_to_login_or_refused(owner, client):
    job = _done_job(owner)
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 302
    assert client.get(reverse("api_jobs")).status_code in (401, 403)


def test_api_lists_own_jobs_only_with_pinned_queries(owner, other, client, django_assert_num_queries):
    for _ in range(5):
        _done_job(owner)
    _done_job(other)
    client.force_login(owner)
    with django_assert_num_queries(4):  # session, user, count, page
        body = client.get(reverse("api_jobs")).json()
    assert body["count"] == 5
    first = body["results"][0]
    assert first["status"] == "done" and first["status_label"] == "Selesai"
    assert first["download_url"] == reverse("jobs:download", args=[first["id"]])
    assert first["percent"] == 100


def test_api_detail_shape(owner, client):
    job = Job.objects.create(owner=owner, kind="tests.echo", progress_done=1, progress_total=4)
    client.force_login(owner)
    body = client.get(reverse("api_job", args=[job.pk])).json()
    assert body["status"] == "queued" and body["percent"] == 25 and body["download_url"] is None
    assert body["label"] == "tests.echo"  # a kind without a label shows its name


def test_import_kinds_have_indonesian_labels(owner):
    job = Job(owner=owner, kind="pegawai.import_run")
    assert job.label == "Impor data pegawai SIASN"


def test_openapi_describes_the_jobs_api(admin_client):
    schema = admin_client.get(reverse("schema"), {"format": "json"}).json()
    assert "/api/jobs/" in schema["paths"] and "/api/jobs/{id}/" in schema["paths"]
    props = schema["components"]["schemas"]["Job"]["properties"]
    assert {"status", "percent", "download_url", "error"} <= set(props)


def test_job_list_page_shows_own_jobs_with_pinned_queries(owner, other, client, django_assert_num_queries):
    client.force_login(owner)
    _done_job(owner)
    client.get(reverse("jobs:list"))  # warm up (session, translations)
    with django_assert_num_queries(7) as small:  # session, user, context processors, COUNT, one page
        client.get(reverse("jobs:list"))
    for _ in range(6):
        _done_job(owner)
    theirs = _done_job(other)
    with django_assert_num_queries(len(small.captured_queries)):
        html = client.get(reverse("jobs:list")).content.decode()
    assert html.count('data-status="done"') == 7
    assert reverse("jobs:detail", args=[theirs.pk]) not in html
