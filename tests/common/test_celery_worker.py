"""Tasks run in a REAL Celery worker process against Redis (not eagerly in the test process).

The worker is `celery -A config worker` started as a subprocess with the test settings and
CELERY_TASK_ALWAYS_EAGER=false, consuming a queue private to this run (several test runs may share
one Redis). On PostgreSQL it is pointed at the test database, so a task that reads rows committed by
a `transactional_db` test sees them. Without REDIS_URL the test fails: it is never skipped.
"""

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from common.tasks import ping_task
from config.celery import app

pytestmark = pytest.mark.worker

BASE_DIR = Path(settings.BASE_DIR)


def _database_url_for_worker() -> str | None:
    """The URL of the database the tests use (PostgreSQL only; an in-memory SQLite cannot be shared)."""
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        return None
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


@pytest.fixture(scope="module")
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        pytest.fail(
            "REDIS_URL tidak diset: tes worker Celery memerlukan Redis sungguhan, "
            "mis. REDIS_URL=redis://127.0.0.1:6379/0 (scripts/test mengaturnya otomatis)."
        )
    return url


def _start_worker(queue: str, redis_url: str, database_url: str | None, log, **extra_env) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "REDIS_URL": redis_url,
        **extra_env,
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    cmd = [
        sys.executable, "-m", "celery", "-A", "config", "worker",
        "--queues", queue, "--hostname", f"{queue}-{uuid.uuid4().hex[:6]}@%h",
        "--pool", "solo", "--concurrency", "1",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
        "--include", "tests.common.worker_tasks",
        "--loglevel", "INFO",
    ]  # fmt: skip
    return subprocess.Popen(cmd, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)


def _stop_worker(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # warm shutdown
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def celery_worker_process(redis_url, django_db_setup, django_db_blocker):
    """A `celery -A config worker` subprocess on a private queue; yields (process, queue, log path)."""
    queue = f"kinerja-test-{uuid.uuid4().hex[:10]}"
    with django_db_blocker.unblock():
        database_url = _database_url_for_worker()
    log = tempfile.NamedTemporaryFile(prefix="celery-worker-", suffix=".log", delete=False)  # noqa: SIM115
    process = _start_worker(queue, redis_url, database_url, log)
    try:
        yield process, queue, Path(log.name)
    finally:
        _stop_worker(process)
        log.close()
        Path(log.name).unlink(missing_ok=True)


@pytest.fixture
def not_eager():
    """The test process sends through the broker instead of running the task itself."""
    previous = app.conf.task_always_eager
    app.conf.update(task_always_eager=False)
    try:
        yield
    finally:
        app.conf.update(task_always_eager=previous)


def _explain(process, log_path: Path) -> str:
    state = "still running" if process.poll() is None else f"exited with {process.returncode}"
    tail = log_path.read_text(errors="replace")[-3000:] if log_path.exists() else ""
    return f"worker {state}; last log lines:\n{tail}"


def test_ping_task_runs_in_a_real_worker(celery_worker_process, not_eager):
    process, queue, log_path = celery_worker_process
    result = ping_task.apply_async(queue=queue)
    try:
        value = result.get(timeout=30)
    except Exception as exc:  # noqa: BLE001 - show the worker's log with any failure
        pytest.fail(f"ping_task did not come back from the worker ({exc!r}); {_explain(process, log_path)}")
    assert value == "pong"
    assert result.successful()
    # It really ran in the other process: the worker logged the task id.
    assert result.id in log_path.read_text(errors="replace"), _explain(process, log_path)


def test_worker_is_not_eager_and_results_go_through_redis(celery_worker_process, not_eager):
    process, queue, log_path = celery_worker_process
    assert app.conf.task_always_eager is False
    assert app.conf.broker_url.startswith("redis://")
    results = [ping_task.apply_async(queue=queue) for _ in range(3)]
    assert [r.get(timeout=30) for r in results] == ["pong"] * 3, _explain(process, log_path)
    assert process.poll() is None, _explain(process, log_path)


def test_acks_late_task_of_a_killed_worker_is_redelivered_after_the_visibility_timeout(
    redis_url, django_db_setup, django_db_blocker, not_eager, tmp_path
):
    """kill -9 the worker mid-task; a new worker runs the task again once the (here 3 s) visibility
    timeout has passed. With the default (1 hour) it would wait an hour; production sets it just
    above CELERY_TASK_TIME_LIMIT (config/settings/base.py)."""
    from tests.common.worker_tasks import slow_marker_task

    queue = f"kinerja-kill-{uuid.uuid4().hex[:10]}"
    with django_db_blocker.unblock():
        database_url = _database_url_for_worker()
    marker = tmp_path / "marker.txt"
    log_path = tmp_path / "workers.log"
    short = {"CELERY_VISIBILITY_TIMEOUT": "3"}
    with log_path.open("ab") as log:
        first = _start_worker(queue, redis_url, database_url, log, **short)
        second = None
        try:
            slow_marker_task.apply_async(args=(str(marker), 120), queue=queue, ignore_result=True)
            deadline = time.monotonic() + 60
            while not marker.exists() and time.monotonic() < deadline:
                time.sleep(0.2)
            assert marker.exists(), _explain(first, log_path)
            first.kill()  # SIGKILL mid-task: nothing is acknowledged
            first.wait(timeout=10)
            assert marker.read_text() == "start\n"

            second = _start_worker(queue, redis_url, database_url, log, **short)
            deadline = time.monotonic() + 90
            while "done" not in marker.read_text() and time.monotonic() < deadline:
                time.sleep(0.5)
            assert marker.read_text() == "start\nstart\ndone\n", _explain(second, log_path)
        finally:
            for process in (first, second):
                if process is not None:
                    _stop_worker(process)
