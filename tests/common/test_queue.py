"""common.queue: a task queued with enqueue() is kept in the caller's transaction, published after
commit, and a dead broker neither fails the saved write nor loses the task (the sweeper sends it)."""

import datetime as dt
import socket

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from kombu import pools
from rest_framework.test import APIClient

from common.models import TaskOutbox
from common.queue import SWEEP_MIN_AGE, dispatch, enqueue, outbox_sweep
from common.tasks import outbox_sweep_task, ping_task
from config.celery import app
from kinerja.models import Skp
from kinerja.services import skp as svc
from tests.kinerja.skp_helpers import skp_for

PDF_TASK = "kinerja.tasks.skp_pdf_render_task"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _reset_broker_pools():
    """Celery caches its broker connections: drop them so a changed broker_url takes effect."""
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def dead_broker():
    """The broker is a local port nothing listens on, and tasks really go to the broker."""
    before = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
    _reset_broker_pools()
    app.conf.update(broker_url=f"redis://127.0.0.1:{_closed_port()}/0", task_always_eager=False)
    yield
    _reset_broker_pools()
    app.conf.update(**before)


def broker_back():
    """The broker works again (eager: tasks run in-process, as the embedded default does)."""
    _reset_broker_pools()
    app.conf.update(task_always_eager=True)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.mark.django_db(transaction=True)  # real commits: the publish runs on commit, in the request
def test_skp_approval_with_a_dead_broker_answers_200_and_the_sweeper_queues_the_pdf(dead_broker, pegawai, penilai):
    skp = skp_for(pegawai)
    svc.skp_submit(skp=skp, actor=pegawai)
    client = APIClient()
    client.force_authenticate(penilai.user)

    r = client.post(f"/api/kinerja/skp/{skp.pk}/approve/", {"catatan": "Baik"}, format="json")

    assert r.status_code == 200, r.content
    assert r.json()["status"] == "approved"
    skp.refresh_from_db()
    assert skp.status == Skp.Status.APPROVED and not skp.pdf_file
    row = TaskOutbox.objects.get(task_name=PDF_TASK)
    assert (row.status, row.args, row.attempts) == (TaskOutbox.Status.PENDING, [skp.pk], 1)
    assert "refused" in row.last_error.lower()

    broker_back()
    assert outbox_sweep() == 0  # too fresh: its own publish may still be under way
    with time_machine.travel(timezone.now() + SWEEP_MIN_AGE + dt.timedelta(seconds=1)):
        assert outbox_sweep_task.delay().get() >= 1
    row.refresh_from_db()
    assert row.status == TaskOutbox.Status.DISPATCHED and row.dispatched_at is not None
    skp.refresh_from_db()
    assert skp.pdf_file and skp.pdf_version == skp.version  # the task ran
    assert not TaskOutbox.objects.filter(status=TaskOutbox.Status.PENDING).exists()


@pytest.mark.django_db(transaction=True)
def test_enqueue_in_a_rolled_back_transaction_queues_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue(ping_task)
        raise RuntimeError("write failed")
    assert not TaskOutbox.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_enqueue_publishes_after_commit_and_a_row_is_dispatched_once():
    with transaction.atomic():
        row = enqueue(ping_task)
        assert TaskOutbox.objects.get(pk=row.pk).status == TaskOutbox.Status.PENDING  # not before commit
    row.refresh_from_db()
    assert (row.status, row.attempts) == (TaskOutbox.Status.DISPATCHED, 1)
    assert dispatch(row.pk) is False  # a second publish (sweeper, duplicate callback) does nothing
    row.refresh_from_db()
    assert row.attempts == 1


@pytest.mark.django_db(transaction=True)
def test_sweeper_with_the_broker_still_down_keeps_rows_pending(dead_broker):
    rows = [enqueue(ping_task) for _ in range(3)]
    later = timezone.now() + SWEEP_MIN_AGE + dt.timedelta(seconds=1)
    with time_machine.travel(later):
        assert outbox_sweep() == 0
    pending = TaskOutbox.objects.filter(pk__in=[r.pk for r in rows], status=TaskOutbox.Status.PENDING)
    assert pending.count() == 3
    # It stops at the first failure instead of timing out once per row.
    assert sorted(pending.values_list("attempts", flat=True)) == [1, 1, 2]


def test_sweeper_forgets_rows_dispatched_a_week_ago(db):
    old = TaskOutbox.objects.create(
        task_name=ping_task.name,
        status=TaskOutbox.Status.DISPATCHED,
        dispatched_at=timezone.now() - dt.timedelta(days=8),
    )
    recent = TaskOutbox.objects.create(
        task_name=ping_task.name, status=TaskOutbox.Status.DISPATCHED, dispatched_at=timezone.now()
    )
    outbox_sweep()
    assert list(TaskOutbox.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not TaskOutbox.objects.filter(pk=old.pk).exists()


def test_broker_timeouts_are_short_and_visibility_fits_the_longest_task(settings):
    options = app.conf.broker_transport_options
    assert options["max_retries"] == 0  # no reconnect loop when publishing
    assert options["socket_connect_timeout"] < 1 and app.conf.broker_connection_timeout < 1
    assert options["visibility_timeout"] > settings.CELERY_TASK_TIME_LIMIT
    # A publish that keeps its result (common.jobs) must not reconnect to a dead backend 20 times.
    assert app.conf.result_backend_transport_options["retry_policy"]["max_retries"] <= 1
    beat = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {"common.tasks.outbox_sweep_task", "common.tasks.notifikasi_email_sweep_task"} <= beat
