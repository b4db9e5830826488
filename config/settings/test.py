"""Test settings: the database and broker come from the environment (CI: PostgreSQL + Redis)."""

from config.env import env

from .base import *  # noqa: F401,F403

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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
