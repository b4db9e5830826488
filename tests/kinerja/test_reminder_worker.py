"""The reminder task in a REAL Celery worker against Redis (subprocess, private queue; fixtures from
tests/common/test_celery_worker.py), run twice: the second run stores and sends nothing."""

import datetime as dt
import time

import pytest
from django.db import connection
from django.utils import timezone

from common.models import Notifikasi
from kinerja.tasks import reminder_instansi_task
from pegawai.kalender import is_hari_kerja
from tests.common.test_celery_worker import _explain
from tests.kinerja.factories import IndikatorFactory, PeriodeFactory, RhkFactory, SkpFactory
from tests.pegawai.factories import PegawaiFactory, UnitKerjaFactory

pytest_plugins = ["tests.common.test_celery_worker"]  # celery_worker_process, not_eager, redis_url
pytestmark = pytest.mark.worker


def test_reminder_task_in_a_real_worker_twice_sends_nothing_twice(transactional_db, celery_worker_process, not_eager):
    if connection.vendor != "postgresql":
        pytest.fail(
            "Tes worker pengingat memerlukan PostgreSQL (DATABASE_URL): worker tidak dapat membaca SQLite memori."
        )
    process, queue, log_path = celery_worker_process
    today = timezone.localdate()
    while not is_hari_kerja(today):  # weekends and holidays send nothing
        today -= dt.timedelta(days=1)
    unit = UnitKerjaFactory()
    atasan = PegawaiFactory(unit_kerja=unit)
    staff = [PegawaiFactory(unit_kerja=unit, atasan=atasan) for _ in range(3)]
    for p in staff:  # an address to e-mail (a user without one is never marked e-mailed)
        p.user.email = f"{p.nip}@tangsel.go.id"
        p.user.save(update_fields=["email"])
    periode = PeriodeFactory(instansi=unit.instansi, tahun=today.year)
    for p in staff:
        IndikatorFactory(rhk=RhkFactory(skp=SkpFactory(pegawai=p, periode=periode, status="approved")))
    args = (unit.instansi_id, today.isoformat())
    try:
        first = reminder_instansi_task.apply_async(args=args, queue=queue).get(timeout=60)
        second = reminder_instansi_task.apply_async(args=args, queue=queue).get(timeout=60)
    except Exception as exc:  # noqa: BLE001 - show the worker's log with any failure
        pytest.fail(f"reminder task failed in the worker ({exc!r}); {_explain(process, log_path)}")
    assert first == {"instansi_id": unit.instansi_id, "asn": 3, "atasan": 0, "plt": 0}
    assert second == {"instansi_id": unit.instansi_id, "asn": 0, "atasan": 0, "plt": 0}
    keys = list(Notifikasi.objects.values_list("dedup_key", flat=True))
    assert sorted(keys) == sorted(f"reminder-log:{p.pk}:{today.isoformat()}" for p in staff)
    # Every reminder was e-mailed exactly once, by the e-mail task the reminder task queued on the
    # same worker after it (common.notify), so it may still be running: wait for it.
    deadline = time.monotonic() + 60
    while Notifikasi.objects.filter(email_status="sent").count() < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert Notifikasi.objects.filter(email_status="sent", emailed_at__isnull=False).count() == 3, _explain(
        process, log_path
    )
    assert Notifikasi.objects.filter(email_attempts=1).count() == 3  # none sent twice
