from celery import shared_task


@shared_task
def ping_task() -> str:
    """Liveness probe for workers (scheduled by beat; also used by the real-worker test)."""
    return "pong"
