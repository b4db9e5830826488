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
