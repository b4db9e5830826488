"""A task for the real-worker tests only (the worker imports it with --include)."""

import time
from pathlib import Path

from celery import shared_task


@shared_task(acks_late=True)
def slow_marker_task(path: str, seconds: float) -> str:
    """Appends "start" to `path`; on the first delivery only, sleeps (the test kills the worker then);
    appends "done". A redelivered run finds the earlier "start" and finishes at once."""
    marker = Path(path)
    first = not marker.exists()
    with marker.open("a") as fh:
        fh.write("start\n")
    if first:
        time.sleep(seconds)
    with marker.open("a") as fh:
        fh.write("done\n")
    return "done"
