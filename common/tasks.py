import smtplib

from celery import shared_task


@shared_task
def ping_task() -> str:
    """Liveness probe for workers (scheduled by beat; also used by the real-worker test)."""
    return "pong"


# Not acks_late: a job is claimed QUEUED -> RUNNING, so a redelivery after a worker crash finds it
# RUNNING and does nothing; the sweeper fails it once its heartbeat is older than the time limit.
@shared_task
def job_run_task(job_id: int) -> None:
    from common.jobs import job_run  # local: common.jobs publishes this task

    job_run(job_id=job_id)


@shared_task
def job_sweep_task() -> dict:
    """Beat (config/celery.py): re-queue lost jobs, fail dead ones, delete expired result files."""
    from common.jobs import job_sweep

    result = job_sweep()
    return {"requeued": result.requeued, "failed": result.failed, "expired": result.expired}


@shared_task(
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    retry_jitter=True,
    max_retries=6,
)
def notifikasi_email_task(ids: list[int]) -> int:
    """E-mail these notifications. Safe to run twice: only pending rows are claimed and sent, and a
    sent row is never sent again; a transient SMTP error is recorded, then retried with backoff."""
    from common.notify import send_emails

    return send_emails(ids=ids)


@shared_task
def notifikasi_email_sweep_task() -> int:
    """Beat: e-mail the notifications still pending (bounded batch)."""
    from common.notify import send_pending_emails

    return send_pending_emails()


@shared_task
def outbox_sweep_task() -> int:
    """Beat: publish the queued tasks whose on-commit publish failed (broker was down)."""
    from common.queue import outbox_sweep

    return outbox_sweep()
