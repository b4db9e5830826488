"""enqueue(): queue a Celery task so that a saved write never loses it, and never fails because of it.

`enqueue(task, *args, **kwargs)` writes a TaskOutbox row in the caller's transaction and, once that
transaction commits, publishes the task with a short broker timeout and marks the row dispatched. With
the broker down the publish fails within a fraction of a second, the row stays pending and the request
answers normally; `outbox_sweep` (beat, config/celery.py) publishes what is left. A task can therefore
be published twice (a crash between publish and mark): tasks queued this way must be idempotent, as
every task here is (STYLE §4).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import current_app
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from common.models import TaskOutbox

logger = logging.getLogger(__name__)

SWEEP_BATCH = 500
# The sweeper leaves fresh rows to their own on-commit publish (no point racing it).
SWEEP_MIN_AGE = timedelta(seconds=30)
KEEP_DISPATCHED = timedelta(days=7)


def enqueue(task, *args, **kwargs) -> TaskOutbox:
    """Record `task(*args, **kwargs)` (plain JSON values only) and publish it after commit."""
    row = TaskOutbox.objects.create(task_name=task.name, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: dispatch(row.pk))
    return row


def dispatch(outbox_id: int) -> bool:
    """Publish one pending row; True if it went to the broker. Never raises: a failure is recorded
    on the row (attempts, last_error) and the sweeper tries again."""
    # The row lock (skip_locked) keeps the on-commit publish and the sweeper from sending one row
    # twice; holding it during the publish is cheap because the broker timeouts are short.
    with transaction.atomic():
        row = (
            TaskOutbox.objects.select_for_update(skip_locked=True)
            .filter(pk=outbox_id, status=TaskOutbox.Status.PENDING)
            .first()
        )
        if row is None:  # already sent, or another process is sending it now
            return False
        return _publish(row)


def _publish(row: TaskOutbox) -> bool:
    try:
        # retry=False: the outbox is the retry; kombu's own publish retries would hold the request.
        # ignore_result=True: nobody waits on an outbox task, and subscribing to its result would
        # otherwise reconnect to a dead result backend 20 times (20 s) before giving up.
        # A signature (not send_task) so CELERY_TASK_ALWAYS_EAGER still runs it in-process.
        current_app.signature(row.task_name, args=row.args, kwargs=row.kwargs).apply_async(
            retry=False, ignore_result=True
        )
    except Exception as exc:  # broker down (kombu OperationalError, OSError), or the eager task failed
        if current_app.conf.task_always_eager:
            # Eager (no broker): the task did run, and failed; publishing it again would not help,
            # and its failure must not turn the caller's saved write into an error either.
            logger.exception("task outbox %s (%s) failed when run eagerly", row.pk, row.task_name)
        else:
            logger.warning("task outbox %s (%s) not dispatched: %r", row.pk, row.task_name, exc)
            TaskOutbox.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1, last_error=repr(exc)[:2000])
            return False
        TaskOutbox.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1, last_error=repr(exc)[:2000])
        return False
    TaskOutbox.objects.filter(pk=row.pk).update(
        status=TaskOutbox.Status.DISPATCHED, dispatched_at=timezone.now(), attempts=F("attempts") + 1
    )
    return True


def outbox_sweep(*, batch: int = SWEEP_BATCH) -> int:
    """Publish pending rows older than SWEEP_MIN_AGE (bounded batch, oldest first) and forget rows
    dispatched more than KEEP_DISPATCHED ago. Returns how many were published."""
    now = timezone.now()
    sent = 0
    with transaction.atomic():
        rows = list(
            TaskOutbox.objects.select_for_update(skip_locked=True)
            .filter(status=TaskOutbox.Status.PENDING, created_at__lte=now - SWEEP_MIN_AGE)
            .order_by("created_at")[:batch]
        )
        for row in rows:
            if not _publish(row):
                break  # the broker is still down: the rest would fail the same way
            sent += 1
    old = TaskOutbox.objects.filter(status=TaskOutbox.Status.DISPATCHED, dispatched_at__lt=now - KEEP_DISPATCHED)
    old.filter(pk__in=old.values("pk")[:5000]).delete()
    return sent
