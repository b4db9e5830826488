"""Test settings: the database and broker come from the environment (CI: PostgreSQL + Redis)."""

import atexit
import os
import shutil
import tempfile
from urllib.parse import urlsplit, urlunsplit

from config.env import env

from .base import *  # noqa: F401,F403
from .base import REDIS_URL as _BASE_REDIS_URL

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Eager unless told otherwise: the real-worker test starts `celery worker` with this set to false.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
# The real-worker tests give each worker a private queue; tasks it queues itself (the e-mail task a
# reminder queues) go there too, so that worker runs them.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
# Look for unacknowledged tasks to redeliver every second (production: every ~100 s), so the
# worker-kill test with a 3 s visibility timeout sees the redelivery soon.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
AXES_ENABLED = False
# No throttling in tests (hundreds of requests from one client; counters would outlive a test in the
# Redis cache); tests/test_settings.py switches the production classes and rates back on.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}  # noqa: F405
# Like axes: off so tests that force_login an admin reach the page; the MFA tests and the demo browser
# tests turn it on with the `settings` fixture (tests/pegawai/test_mfa.py).
MFA_ENFORCED = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- pytest-xdist: every worker process gets its own shared resources -------------------------------
# pytest-django already gives each worker its own database (test_<name>_gw0, _gw1, ...). The rest is
# done here, from PYTEST_XDIST_WORKER ("gw0", "gw1", ...; unset in a serial run). The Celery worker
# subprocess of tests/common/test_celery_worker.py inherits the environment, so it computes the same
# Redis db and media directory as the test process that started it.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_worker_number = int(XDIST_WORKER[2:]) if XDIST_WORKER.startswith("gw") and XDIST_WORKER[2:].isdigit() else 0


def redis_url_for_worker(url: str, worker_number: int) -> str:
    """`url` with its db index moved up by the worker number (modulo Redis' default 16 databases).

    gw0 keeps the configured index, so a serial run and gw0 use the same db. Wrapping around on a
    machine with more than 16 workers is harmless: cache keys also carry the worker id (KEY_PREFIX)
    and Celery queue names are unique per run.
    """
    if not url or worker_number == 0:
        return url
    parts = urlsplit(url)
    base_db = int(parts.path.lstrip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(base_db + worker_number) % 16}"))


REDIS_URL = redis_url_for_worker(_BASE_REDIS_URL, _worker_number)
# Only values derived from REDIS_URL move; an explicitly configured broker or backend is kept.
if CELERY_BROKER_URL == _BASE_REDIS_URL:  # noqa: F405
    CELERY_BROKER_URL = REDIS_URL
if CELERY_RESULT_BACKEND == _BASE_REDIS_URL:  # noqa: F405
    CELERY_RESULT_BACKEND = REDIS_URL
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"test-{XDIST_WORKER or 'main'}",
        }
    }

# Files a test writes without its own tmp_path (PDFs, exports) go to a directory private to this
# test run and worker, never to ./media, so parallel workers (and work trees) cannot overwrite or
# delete each other's files. The directory is handed to child processes (the Celery worker) through
# the environment; the variable is named per worker because xdist workers inherit the environment
# of the controller, which loads these settings too.
_MEDIA_ENV = f"KINERJA_TEST_MEDIA_ROOT_{XDIST_WORKER or 'main'}"
if os.environ.get(_MEDIA_ENV):
    MEDIA_ROOT = os.environ[_MEDIA_ENV]
else:
    MEDIA_ROOT = tempfile.mkdtemp(prefix=f"kinerja-test-media-{XDIST_WORKER or 'main'}-")
    os.environ[_MEDIA_ENV] = MEDIA_ROOT
    atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
