"""Background jobs: a registry of job kinds, `start_job`, the runner and the sweeper.

Contract (docs/jobs-and-exports.md):

- An app declares a kind once, e.g. in `<app>/jobs.py` (autodiscovered by CommonConfig.ready())::

      @job_kind("pegawai.import_check")
      def import_check(job: Job, progress: Progress) -> JobResult | None:
          ...
          progress(done, total)
          return JobResult("hasil.xlsx", XLSX, data)  # or None when there is no file

- `start_job(owner=, kind=, params=)` writes the row in the caller's transaction and queues
  `common.tasks.job_run_task(job_id)` after commit. The publish never raises: a lost message is
  re-sent by `job_sweep` (the row is the outbox).
- The runner claims QUEUED -> RUNNING with a conditional UPDATE (a duplicate delivery does nothing),
  stores the result file with an expiry and ends DONE or FAILED. A kind raises `JobError` with an
  Indonesian message for a failure the user should read; any other exception is logged and the
  user sees a generic message.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import IO

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.models import Job

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

# Result files are kept this long, then the sweeper deletes them (the row stays, as a record).
RESULT_TTL = timedelta(hours=getattr(settings, "JOB_RESULT_TTL_HOURS", 24))
# A job still QUEUED this long after its last publish is published again (lost message, broker down).
REQUEUE_AFTER = timedelta(minutes=getattr(settings, "JOB_REQUEUE_AFTER_MINUTES", 5))
# Progress is written at most this often (plus always at the end): one UPDATE by pk each time.
PROGRESS_EVERY_SECONDS = 1.0


def stale_after() -> timedelta:
    """A RUNNING job without a heartbeat for longer than the hard time limit has no live worker:
    Celery would have killed the task by then."""
    return timedelta(seconds=(settings.CELERY_TASK_TIME_LIMIT or 30 * 60) + 60)


@dataclass
class JobResult:
    filename: str
    content_type: str
    content: bytes | IO[bytes]
    data: dict | None = None  # small summary shown on the job page (counts and the like)


class JobError(Exception):
    """A failure whose message (Indonesian) is shown to the job's owner."""


JobKind = Callable[[Job, Progress], "JobResult | None"]
_KINDS: dict[str, JobKind] = {}
_LABELS: dict[str, object] = {}


def job_kind(name: str, *, label=None) -> Callable[[JobKind], JobKind]:
    """Register `fn(job, progress)` as the job kind `name` ("<app>.<what>"); `label` (Indonesian)
    is what the job pages show, or a callable `label(job)` for kinds that serve many things."""

    def register(fn: JobKind) -> JobKind:
        if name in _KINDS and _KINDS[name] is not fn:
            raise ValueError(f"job kind {name!r} is registered twice")
        _KINDS[name] = fn
        if label is not None:
            _LABELS[name] = label
        return fn

    return register


def job_label(job: Job) -> str:
    label = _LABELS.get(job.kind)
    if callable(label):
        return str(label(job))
    return str(label) if label is not None else job.kind


def job_kinds() -> dict[str, JobKind]:
    return dict(_KINDS)


def jobs_for(user) -> object:
    """A user's own jobs only (job_owner_waktu_idx), newest first: anyone else's job is a 404."""
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    return Job.objects.filter(owner=user).order_by("-created_at", "-id")


# --- starting ------------------------------------------------------------------------------------


def start_job(*, owner, kind: str, params: dict | None = None) -> Job:
    """Create a QUEUED job in the caller's transaction; job_run_task is published after commit.
    Raises ValueError for an unknown kind (a programming error, not user input)."""
    if kind not in _KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(owner=owner, kind=kind, params=params or {}, heartbeat_at=timezone.now())
    job_id = job.pk
    transaction.on_commit(lambda: publish_job(job_id))
    return job


def publish_job(job_id: int) -> bool:
    """Send job_run_task to the broker. Never raises: a failed publish is logged and the sweeper
    re-sends the still-QUEUED job later, so a broker outage never fails the user's request."""
    from common.tasks import job_run_task  # local: tasks import this module

    try:
        job_run_task.apply_async(
            (job_id,),
            ignore_result=True,  # the job row is the result; a dead result backend must not hold the publish
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5},
        )
    except Exception:  # noqa: BLE001 - any broker error: the row is the outbox
        logger.warning("job %s: publish failed, the sweeper will re-queue it", job_id, exc_info=True)
        return False
    return True


# --- running -------------------------------------------------------------------------------------


def _progress_writer(job_id: int) -> tuple[Progress, Callable[[], None]]:
    """A throttled `progress(done, total)`: one UPDATE by pk at most every PROGRESS_EVERY_SECONDS,
    also refreshing the heartbeat. When the kind works inside a transaction (an all-or-nothing
    import), the write goes through a second connection so the progress page sees it before
    commit (PostgreSQL only; elsewhere it shows at the end). A runner that itself started inside a
    transaction (a test, an eager call) has no outside observer to serve and writes in place."""
    state = {"last": 0.0}
    started_in_atomic = connection.in_atomic_block
    side = None
    table = connection.ops.quote_name(Job._meta.db_table)
    sql = f"UPDATE {table} SET progress_done = %s, progress_total = %s, heartbeat_at = %s WHERE id = %s"

    def write(done: int, total: int) -> None:
        nonlocal side
        now = time.monotonic()
        if now - state["last"] < PROGRESS_EVERY_SECONDS and done < total:
            return
        state["last"] = now
        params = [max(0, int(done)), max(0, int(total)), timezone.now(), job_id]
        try:
            if connection.in_atomic_block and not started_in_atomic and connection.vendor == "postgresql":
                if side is None:
                    main = connections[DEFAULT_DB_ALIAS]
                    side = main.__class__(dict(main.settings_dict), alias="job_progress")
                with side.cursor() as cursor:
                    cursor.execute(sql, params)
            else:
                with connection.cursor() as cursor:
                    cursor.execute(sql, params)
        except DatabaseError:  # progress is best effort, never a reason to fail the job
            logger.warning("job %s: progress update failed", job_id, exc_info=True)

    def close() -> None:
        if side is not None:
            side.close()

    return write, close


def job_run(*, job_id: int) -> None:
    """Run a QUEUED job once. Safe to call twice: only the call that claims it does the work.

    The stored texts (errors, result summaries) are written in the service's language, Bahasa
    Indonesia, whatever language the process or an eager caller's request happens to have active."""
    with translation.override(settings.LANGUAGE_CODE):
        _job_run(job_id)


def _job_run(job_id: int) -> None:
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=now, heartbeat_at=now
    )
    if claimed != 1:  # duplicate delivery, already done, or deleted
        return
    job = Job.objects.select_related("owner").get(pk=job_id)
    kind = _KINDS.get(job.kind)
    if kind is None:
        _fail(job_id, _("Jenis pekerjaan %(kind)s tidak dikenal.") % {"kind": job.kind})
        return
    progress, close = _progress_writer(job_id)
    try:
        result = kind(job, progress)
    except JobError as exc:
        _fail(job_id, str(exc))
        return
    except Exception:  # noqa: BLE001 - a permanent failure becomes the job's status
        logger.exception("job %s (%s) failed", job_id, job.kind)
        _fail(job_id, _("Terjadi kesalahan saat menjalankan pekerjaan ini. Coba lagi atau hubungi admin."))
        return
    finally:
        close()
    _finish(job, result)


def _fail(job_id: int, message: str) -> None:
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.FAILED, error=message[:4000], finished_at=timezone.now(), heartbeat_at=timezone.now()
    )


def _finish(job: Job, result: JobResult | None) -> None:
    now = timezone.now()
    fields = {"status": Job.Status.DONE, "finished_at": now, "heartbeat_at": now}
    if result is not None:
        content = result.content
        file = ContentFile(content) if isinstance(content, bytes) else File(content)
        # Overwrites nothing: a job runs once (claimed), and the name carries the job id.
        job.result_file.save(f"{job.pk}-{result.filename}", file, save=False)
        fields.update(
            result_file=job.result_file.name,
            result_filename=result.filename[:255],
            result_content_type=result.content_type[:120],
            expires_at=now + RESULT_TTL,
        )
        if result.data:
            fields["result_data"] = result.data
    updated = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(**fields)
    if updated == 1:
        # progress_total may never have been written (no progress calls): show it complete.
        Job.objects.filter(pk=job.pk, progress_done__lt=F("progress_total")).update(progress_done=F("progress_total"))
    elif result is not None:  # the sweeper failed it meanwhile: do not keep an orphan file
        job.result_file.delete(save=False)


# --- sweeping ------------------------------------------------------------------------------------


@dataclass
class SweepResult:
    requeued: int = 0
    failed: int = 0
    expired: int = 0


def job_sweep(*, now=None, batch: int = 500) -> SweepResult:
    """Re-queue QUEUED jobs not picked up for REQUEUE_AFTER, fail RUNNING jobs whose heartbeat is
    older than the hard time limit (their worker died), delete expired result files. Set-based;
    safe to run concurrently (every step is a conditional UPDATE)."""
    now = now or timezone.now()
    out = SweepResult()

    lost = list(
        Job.objects.filter(status=Job.Status.QUEUED, heartbeat_at__lt=now - REQUEUE_AFTER).values_list("pk", flat=True)[
            :batch
        ]
    )
    for job_id in lost:
        # Claim the re-send (a second sweeper finds a fresh heartbeat and skips it).
        if Job.objects.filter(pk=job_id, status=Job.Status.QUEUED, heartbeat_at__lt=now - REQUEUE_AFTER).update(
            heartbeat_at=now
        ):
            publish_job(job_id)
            out.requeued += 1

    out.failed = Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=now - stale_after()).update(
        status=Job.Status.FAILED,
        error=_("Pekerjaan terhenti (proses latar berhenti tanpa menyelesaikannya). Silakan mulai ulang."),
        finished_at=now,
    )

    expired = list(Job.objects.filter(expires_at__lt=now).exclude(result_file="").only("pk", "result_file")[:batch])
    for job in expired:
        job.result_file.delete(save=False)
    if expired:
        out.expired = Job.objects.filter(pk__in=[j.pk for j in expired]).update(result_file="")
    return out
