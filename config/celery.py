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
    # common.queue: publish tasks whose on-commit publish failed (broker was down). Bounded batch.
    "outbox-sweep": {
        "task": "common.tasks.outbox_sweep_task",
        "schedule": 60.0,
    },
    # common.notify: e-mail notifications their own task left pending (SMTP or broker was down).
    "notifikasi-email-sweep": {
        "task": "common.tasks.notifikasi_email_sweep_task",
        "schedule": 120.0,
    },
    "healthcheck-ping": {
        "task": "common.tasks.ping_task",
        "schedule": crontab(minute="*/30"),
    },
    # common.jobs: the job table is the outbox. Re-send jobs whose publish was lost, fail jobs whose
    # worker died (stale heartbeat), delete expired result files. Idempotent (conditional UPDATEs).
    "jobs-sweep": {
        "task": "common.tasks.job_sweep_task",
        "schedule": crontab(minute="*/5"),
    },
    # kinerja: daily reminders (no log for 3 working days; approvals waiting > 3 days), fanned out
    # per instansi. Idempotent per pegawai per day, so a duplicate beat sends nothing twice.
    "kinerja-reminder-harian": {
        "task": "kinerja.tasks.reminder_dispatch_task",
        "schedule": crontab(minute=0, hour=7, day_of_week="mon-fri"),
    },
}
