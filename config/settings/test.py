"""Test settings: the database and broker come from the environment (CI: PostgreSQL + Redis)."""

from config.env import env

from .base import *  # noqa: F401,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Eager unless told otherwise: the real-worker test starts `celery worker` with this set to false.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
AXES_ENABLED = False
# Like axes: off so tests that force_login an admin reach the page; the MFA tests and the demo browser
# tests turn it on with the `settings` fixture (tests/pegawai/test_mfa.py).
MFA_ENFORCED = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
