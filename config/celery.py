"""Celery application and every periodic schedule of the project."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("kinerja_asn")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# All periodic schedules live here (STYLE §4). Times are Asia/Jakarta (CELERY_TIMEZONE).
app.conf.beat_schedule = {
    "healthcheck-ping": {
        "task": "common.tasks.ping_task",
        "schedule": crontab(minute="*/30"),
    },
}
