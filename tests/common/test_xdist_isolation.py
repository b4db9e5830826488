"""pytest-xdist: each worker process gets its own Redis db, cache key prefix and media directory
(config/settings/test.py); pytest-django gives it its own database."""

import os
from pathlib import Path

from django.conf import settings

from config.settings.test import redis_url_for_worker


def test_redis_url_moves_the_db_index_by_worker_number():
    assert redis_url_for_worker("redis://127.0.0.1:6379/7", 0) == "redis://127.0.0.1:6379/7"
    assert redis_url_for_worker("redis://127.0.0.1:6379/7", 1) == "redis://127.0.0.1:6379/8"
    assert redis_url_for_worker("redis://127.0.0.1:6379/0", 3) == "redis://127.0.0.1:6379/3"
    assert redis_url_for_worker("redis://127.0.0.1:6379", 2) == "redis://127.0.0.1:6379/2"
    assert redis_url_for_worker("redis://:secret@redis.local:6380/1", 1) == "redis://:secret@redis.local:6380/2"


def test_redis_db_index_wraps_at_sixteen():
    assert redis_url_for_worker("redis://127.0.0.1:6379/15", 1) == "redis://127.0.0.1:6379/0"
    assert redis_url_for_worker("redis://127.0.0.1:6379/7", 25) == "redis://127.0.0.1:6379/0"


def test_no_redis_stays_no_redis():
    assert redis_url_for_worker("", 3) == ""


def test_this_process_uses_its_workers_redis_db_and_cache_prefix():
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    number = int(worker[2:]) if worker.startswith("gw") else 0
    base = os.environ.get("REDIS_URL", "")
    assert redis_url_for_worker(base, number) == settings.REDIS_URL
    if base:
        assert settings.CELERY_BROKER_URL == settings.REDIS_URL
        assert settings.CACHES["default"]["LOCATION"] == settings.REDIS_URL
        assert settings.CACHES["default"]["KEY_PREFIX"] == f"test-{worker or 'main'}"


def test_media_root_is_a_private_temporary_directory():
    media = Path(settings.MEDIA_ROOT)
    assert media.is_dir()
    assert media.resolve() != (Path(settings.BASE_DIR) / "media").resolve()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "") or "main"
    assert media.name.startswith(f"kinerja-test-media-{worker}-")
    # Handed on to child processes (the real Celery worker) under a name private to this worker.
    assert os.environ[f"KINERJA_TEST_MEDIA_ROOT_{worker}"] == str(media)
