"""Daily reminders: who is reminded (set-based), idempotency (twice -> nothing twice), weekends, the
per-instansi fan-out, and constant query counts. The real-worker run is in test_reminder_worker.py."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from common.models import Notifikasi
from kinerja.services.reminder import send_reminders
from kinerja.tasks import reminder_dispatch_task
from pegawai.kalender import is_hari_kerja, kurangi_hari_kerja
from tests.kinerja.factories import LogHarianFactory
from tests.kinerja.log_helpers import setup_skp
from tests.pegawai.factories import PegawaiFactory


def last_weekday() -> dt.date:
    """The last working day up to today (weekends and national holidays skipped)."""
    d = timezone.localdate()
    while not is_hari_kerja(d):
        d -= dt.timedelta(days=1)
    return d


def next_working_day(d: dt.date) -> dt.date:
    d += dt.timedelta(days=1)
    while not is_hari_kerja(d):
        d += dt.timedelta(days=1)
    return d


def submitted_working_days_ago(today: dt.date, n: int) -> dt.datetime:
    """Mid-morning of the day n working days before `today`."""
    return timezone.make_aware(dt.datetime.combine(kurangi_hari_kerja(today, n), dt.time(10)))


@pytest.fixture
def cast(pegawai, penilai):
    """pegawai: SKP, no logs (reminded). rajin: logged yesterday-ish (not). cuti: on leave (not).
    penilai: pegawai's log waiting 4 working days (atasan reminded)."""
    today = last_weekday()
    for who in (pegawai, penilai):
        who.user.email = f"{who.nip}@tangsel.go.id"
        who.user.save(update_fields=["email"])
    _skp, rhk, _ = setup_skp(pegawai)
    LogHarianFactory(
        rhk=rhk, tanggal=today - dt.timedelta(days=10), status="submitted",
        submitted_at=submitted_working_days_ago(today, 4),
    )  # fmt: skip
    rajin = PegawaiFactory(unit_kerja=pegawai.unit_kerja, atasan=penilai, nama="Rajin")
    _s, rhk2, _ = setup_skp(rajin)
    LogHarianFactory(rhk=rhk2, tanggal=today, status="approved", submitted_at=timezone.now())
    cuti = PegawaiFactory(unit_kerja=pegawai.unit_kerja, atasan=penilai, kedudukan="cltn")
    setup_skp(cuti)
    PegawaiFactory(unit_kerja=pegawai.unit_kerja, atasan=penilai, nama="Tanpa SKP")
    return today


def test_reminds_silent_asn_and_atasan_with_old_queue_once_per_day(
    cast, pegawai, penilai, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = send_reminders(instansi_id=pegawai.instansi_id, today=cast)
    assert (first.asn, first.atasan) == (1, 1)
    rows = list(Notifikasi.objects.values_list("penerima_id", "jenis"))
    assert sorted(rows) == sorted([(pegawai.user_id, "pengingat_log"), (penilai.user_id, "pengingat_antrean")])
    assert "1 log harian menunggu" in Notifikasi.objects.get(jenis="pengingat_antrean").judul
    sent = len(mail.outbox)
    assert sent == 2
    with django_capture_on_commit_callbacks(execute=True):
        second = send_reminders(instansi_id=pegawai.instansi_id, today=cast)
    assert (second.asn, second.atasan) == (0, 0)
    assert Notifikasi.objects.count() == 2 and len(mail.outbox) == sent
    # The next working day is a new reminder.
    nxt = next_working_day(cast)
    assert send_reminders(instansi_id=pegawai.instansi_id, today=nxt).asn == 1


def test_no_reminders_on_weekends(cast, pegawai):
    saturday = cast + dt.timedelta(days=5 - cast.weekday())
    assert send_reminders(instansi_id=pegawai.instansi_id, today=saturday).asn == 0
    assert not Notifikasi.objects.exists()


def test_reminder_query_count_does_not_grow_with_people(cast, pegawai, penilai):
    def run():
        Notifikasi.objects.all().delete()
        with CaptureQueriesContext(connection) as ctx:
            send_reminders(instansi_id=pegawai.instansi_id, today=cast)
        return len(ctx.captured_queries)

    small = run()
    for _ in range(6):
        p = PegawaiFactory(unit_kerja=pegawai.unit_kerja, atasan=penilai)
        setup_skp(p)
    large = run()
    assert small == large
    assert Notifikasi.objects.filter(jenis="pengingat_log").count() == 7


def test_dispatcher_fans_out_per_instansi(cast, pegawai):
    other = PegawaiFactory()  # another instansi with an open year and a silent ASN
    setup_skp(other)
    queued = reminder_dispatch_task.delay(cast.isoformat()).get()
    assert queued == 2
    assert set(Notifikasi.objects.filter(jenis="pengingat_log").values_list("penerima_id", flat=True)) == {
        pegawai.user_id,
        other.user_id,
    }
    reminder_dispatch_task.delay(cast.isoformat()).get()
    assert Notifikasi.objects.filter(jenis="pengingat_log").count() == 2


def test_beat_schedule_runs_weekday_mornings_in_jakarta():
    from django.conf import settings

    from config.celery import app

    entry = app.conf.beat_schedule["kinerja-reminder-harian"]
    assert entry["task"] == "kinerja.tasks.reminder_dispatch_task"
    cron = entry["schedule"]
    assert cron.hour == {7} and cron.minute == {0} and cron.day_of_week == {1, 2, 3, 4, 5}
    assert settings.CELERY_TIMEZONE == "Asia/Jakarta"


def test_plt_plh_of_the_atasan_is_reminded_too_only_during_the_delegation(
    cast, pegawai, penilai, django_capture_on_commit_callbacks
):
    from kinerja.models import DelegasiPersetujuan

    plt = PegawaiFactory(unit_kerja=penilai.unit_kerja, nama="Plh Kepala Bidang")
    ended = PegawaiFactory(unit_kerja=penilai.unit_kerja, nama="Plh Lama")
    DelegasiPersetujuan.objects.create(atasan=penilai, penerima=plt, mulai=cast, selesai=cast)
    DelegasiPersetujuan.objects.create(
        atasan=penilai, penerima=ended, mulai=cast - dt.timedelta(days=20), selesai=cast - dt.timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        first = send_reminders(instansi_id=pegawai.instansi_id, today=cast)
    assert (first.asn, first.atasan, first.plt) == (1, 1, 1)
    to_plt = Notifikasi.objects.get(penerima=plt.user)
    assert to_plt.jenis == "pengingat_antrean"
    assert "1 log harian tim" in to_plt.judul and penilai.nama in to_plt.judul
    assert not Notifikasi.objects.filter(penerima=ended.user).exists()
    with django_capture_on_commit_callbacks(execute=True):
        second = send_reminders(instansi_id=pegawai.instansi_id, today=cast)
    assert (second.asn, second.atasan, second.plt) == (0, 0, 0)
    assert Notifikasi.objects.filter(penerima=plt.user).count() == 1
    # The day after the delegation ended, the Plh is no longer reminded.
    nxt = next_working_day(cast)
    assert send_reminders(instansi_id=pegawai.instansi_id, today=nxt).plt == 0


def test_no_reminders_on_a_holiday_or_an_admin_added_day_off(cast, pegawai):
    from pegawai.models import HariLibur

    kemerdekaan = dt.date(2026, 8, 17)  # Monday, Hari Kemerdekaan: a national holiday in the package
    assert send_reminders(instansi_id=pegawai.instansi_id, today=kemerdekaan).asn == 0
    HariLibur.objects.create(tanggal=cast, nama="HUT Kota", instansi=pegawai.instansi)
    assert send_reminders(instansi_id=pegawai.instansi_id, today=cast).asn == 0
    assert not Notifikasi.objects.exists()


def test_queue_age_counts_working_days_not_calendar_days(cast, pegawai, penilai):
    """Three working days, not 72 hours: a log sent on the Friday before Hari Kemerdekaan (Monday
    17 August 2026) has waited only Tuesday and Wednesday by Thursday; it is reminded on Friday."""
    from kinerja.models import LogHarian
    from kinerja.services.reminder import atasan_with_old_queue

    # The cast's waiting log of pegawai (atasan: penilai), sent on Friday 14 August 2026 at 15:00.
    sent = timezone.make_aware(dt.datetime(2026, 8, 14, 15, 0))
    assert LogHarian.objects.filter(pegawai=pegawai, status="submitted").update(submitted_at=sent) == 1
    thursday = timezone.make_aware(dt.datetime(2026, 8, 20, 7, 0))
    friday = timezone.make_aware(dt.datetime(2026, 8, 21, 7, 0))
    assert atasan_with_old_queue(instansi_id=pegawai.instansi_id, now=thursday) == []
    assert atasan_with_old_queue(instansi_id=pegawai.instansi_id, now=friday) == [(penilai.pk, penilai.user_id, 1)]
