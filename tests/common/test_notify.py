"""In-app notifications: list page, unread count in the nav bar, mark read / all read, API; another
user's notifications are never shown nor changed. E-mail: the row is the outbox, a task sends it after
commit, a dead SMTP server never fails the request nor loses the mail, the beat job sends it once."""

import smtplib
import socket
import threading

import factory
import pytest
from django.core import mail
from django.db import connection
from rest_framework.test import APIClient

from common.models import Notifikasi, TaskOutbox
from common.notify import MAX_EMAIL_ATTEMPTS, Pesan, _claim, notify, send_emails, send_pending_emails
from common.tasks import notifikasi_email_sweep_task, notifikasi_email_task
from kinerja.models import LogHarian
from tests.kinerja.factories import LogHarianFactory
from tests.kinerja.log_helpers import setup_skp
from tests.pegawai.factories import UserFactory

SENT, PENDING, FAILED = (Notifikasi.EmailStatus.SENT, Notifikasi.EmailStatus.PENDING, Notifikasi.EmailStatus.FAILED)


def _notify(user, n=1, **kw):
    notify(
        [Pesan(user_id=user.pk, jenis="uji", judul=f"Pesan {i}", url="/kinerja/", **kw) for i in range(n)], email=False
    )


def test_list_page_and_unread_badge(client, pegawai):
    _notify(pegawai.user, 3)
    client.force_login(pegawai.user)
    r = client.get("/notifikasi/")
    html = r.content.decode()
    assert r.status_code == 200
    assert "Pesan 0" in html and "Pesan 2" in html
    assert "3 belum dibaca" in html  # nav bar badge
    assert r.context["notifikasi_unread"] == 3


def test_mark_one_and_all_read(client, pegawai):
    _notify(pegawai.user, 3)
    client.force_login(pegawai.user)
    first = Notifikasi.objects.filter(penerima=pegawai.user).first()
    r = client.post(f"/notifikasi/{first.pk}/baca/", {"buka": "1"})
    assert r.status_code == 302 and r["Location"] == "/kinerja/"
    assert Notifikasi.objects.filter(dibaca_at__isnull=True).count() == 2
    assert client.post("/notifikasi/baca-semua/").status_code == 302
    assert not Notifikasi.objects.filter(dibaca_at__isnull=True).exists()
    assert "belum dibaca" not in client.get("/notifikasi/").content.decode()


def test_others_notifications_are_invisible_and_untouchable(client, pegawai, penilai):
    _notify(penilai.user, 2)
    theirs = Notifikasi.objects.filter(penerima=penilai.user).first()
    client.force_login(pegawai.user)
    assert "Pesan 0" not in client.get("/notifikasi/").content.decode()
    assert client.post(f"/notifikasi/{theirs.pk}/baca/").status_code == 404
    client.post("/notifikasi/baca-semua/")
    assert client.post("/api/notifikasi/", {}, content_type="application/json").json()["ditandai"] == 0
    assert Notifikasi.objects.filter(penerima=penilai.user, dibaca_at__isnull=True).count() == 2


def test_api_lists_and_marks_read(client, pegawai):
    _notify(pegawai.user, 2)
    client.force_login(pegawai.user)
    data = client.get("/api/notifikasi/").json()
    assert data["belum_dibaca"] == 2 and len(data["results"]) == 2
    one = data["results"][0]["id"]
    r = client.post("/api/notifikasi/", {"ids": [one]}, content_type="application/json")
    assert r.json() == {"ditandai": 1, "belum_dibaca": 1}
    assert client.post("/api/notifikasi/", {"ids": ["x"]}, content_type="application/json").status_code == 400
    assert client.get("/api/notifikasi/?belum_dibaca=1").json()["results"][0]["id"] != one


def test_anonymous_is_sent_to_login(client):
    r = client.get("/notifikasi/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]
    assert client.get("/api/notifikasi/").status_code in (401, 403)


def test_emails_once_and_dedup_key_stores_once(db):
    user = UserFactory(email="asn@tangsel.go.id")
    msg = Pesan(user_id=user.pk, jenis="uji", judul="Halo", dedup_key="k:1")
    # `db` test: no commit, so the queued e-mail task never runs and the beat job sends it.
    assert notify([msg, msg]) == 1
    assert notify([msg]) == 0
    assert send_pending_emails() == 1
    assert send_pending_emails() == 0
    assert [m.to for m in mail.outbox] == [["asn@tangsel.go.id"]]


def test_email_false_is_never_mailed_by_the_beat_job(db):
    user = UserFactory(email="asn@tangsel.go.id")
    notify([Pesan(user_id=user.pk, jenis="uji", judul="Hanya di aplikasi")], email=False)
    assert send_pending_emails() == 0
    assert mail.outbox == []
    assert Notifikasi.objects.get().email_status == Notifikasi.EmailStatus.NONE


def _closed_port() -> int:
    """A local TCP port nothing listens on (bound, then released): connecting is refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def dead_smtp(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _closed_port()
    settings.EMAIL_TIMEOUT = 2


@pytest.fixture
def submitted_log_setup(pegawai, penilai, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    penilai.user.email = "kabid@tangsel.go.id"
    penilai.user.save(update_fields=["email"])
    _skp, rhk, _ind = setup_skp(pegawai)
    return LogHarianFactory(pegawai=pegawai, rhk=rhk, status=LogHarian.Status.DRAFT)


@pytest.mark.django_db(transaction=True)  # real commits: the e-mail task runs on commit, in the request
def test_submitting_a_log_with_a_dead_smtp_server_answers_200_and_keeps_the_mail(
    submitted_log_setup, pegawai, dead_smtp, settings
):
    client = APIClient()
    client.force_authenticate(pegawai.user)
    r = client.post(f"/api/kinerja/log/{submitted_log_setup.pk}/submit")
    assert r.status_code == 200, r.content
    assert LogHarian.objects.get(pk=submitted_log_setup.pk).status == LogHarian.Status.SUBMITTED
    note = Notifikasi.objects.get(jenis="log_dikirim")
    # Tried (the eager task ran in the request), refused, recorded, still pending: not marked e-mailed.
    assert note.email_status == PENDING and note.emailed_at is None
    assert note.email_attempts >= 1 and "refused" in note.email_error.lower()
    assert note.email_claimed_until is None  # released for the next try
    assert mail.outbox == []

    # SMTP is back: the beat job sends it, exactly once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notifikasi_email_sweep_task.delay().get() == 1
    assert notifikasi_email_sweep_task.delay().get() == 0
    assert [m.to for m in mail.outbox] == [["kabid@tangsel.go.id"]]
    note.refresh_from_db()
    assert note.email_status == SENT and note.emailed_at is not None and note.email_error == ""


def test_task_with_dead_smtp_records_the_error_and_raises_for_a_retry(db, dead_smtp):
    user = UserFactory(email="asn@tangsel.go.id")
    notify([Pesan(user_id=user.pk, jenis="uji", judul="Halo")])
    note = Notifikasi.objects.get()
    with pytest.raises(OSError):  # ConnectionRefusedError: autoretry_for retries it with backoff
        send_emails(ids=[note.pk])
    note.refresh_from_db()
    assert (note.email_status, note.email_attempts, note.emailed_at) == (PENDING, 1, None)
    assert {OSError, smtplib.SMTPException} <= set(notifikasi_email_task.autoretry_for)
    assert notifikasi_email_task.retry_backoff and notifikasi_email_task.acks_late


def test_beat_job_never_raises_with_smtp_down_and_gives_up_after_max_attempts(db, dead_smtp):
    user = UserFactory(email="asn@tangsel.go.id")
    notify([Pesan(user_id=user.pk, jenis="uji", judul="Halo")])
    for _ in range(MAX_EMAIL_ATTEMPTS):
        assert send_pending_emails() == 0
    note = Notifikasi.objects.get()
    assert (note.email_status, note.email_attempts) == (FAILED, MAX_EMAIL_ATTEMPTS)
    assert send_pending_emails() == 0  # a failed row is not tried again
    assert Notifikasi.objects.get().email_attempts == MAX_EMAIL_ATTEMPTS


@pytest.mark.django_db(transaction=True)
def test_the_request_queues_only_its_own_notifications_not_the_backlog():
    old, new = UserFactory(email="lama@tangsel.go.id"), UserFactory(email="baru@tangsel.go.id")
    Notifikasi.objects.create(penerima=old, jenis="uji", judul="Tertunda", email_status=PENDING)
    notify([Pesan(user_id=new.pk, jenis="uji", judul="Baru", dedup_key="k:baru")])  # autocommit: queued now
    assert [m.to for m in mail.outbox] == [["baru@tangsel.go.id"]]
    assert Notifikasi.objects.get(penerima=old).email_status == PENDING  # left to the beat job
    outbox = TaskOutbox.objects.get()
    assert outbox.task_name == "common.tasks.notifikasi_email_task"
    assert outbox.status == TaskOutbox.Status.DISPATCHED
    assert outbox.args == [[Notifikasi.objects.get(penerima=new).pk]]


def test_a_claimed_notification_is_not_sent_by_another_run(db):
    user = UserFactory(email="asn@tangsel.go.id")
    notify([Pesan(user_id=user.pk, jenis="uji", judul="Halo")])
    held = _claim(Notifikasi.objects.all(), 10)  # another worker is sending it (lease not expired)
    assert len(held) == 1
    assert send_pending_emails() == 0 and mail.outbox == []
    Notifikasi.objects.update(email_claimed_until=None)  # that worker died; its lease expired
    assert send_pending_emails() == 1 and len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_send_each_mail_once():
    if connection.vendor != "postgresql":
        pytest.fail("Tes ini memerlukan PostgreSQL (SELECT ... FOR UPDATE SKIP LOCKED).")
    users = UserFactory.create_batch(30, email=factory.Sequence(lambda n: f"asn{n}@tangsel.go.id"))
    notify([Pesan(user_id=u.pk, jenis="uji", judul="Halo") for u in users], email=False)
    Notifikasi.objects.update(email_status=PENDING)
    barrier = threading.Barrier(2)
    counts = []

    def sweep():
        barrier.wait()
        try:
            counts.append(send_emails(limit=30))
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sum(counts) == 30
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)  # no address twice
    assert Notifikasi.objects.filter(email_status=SENT, email_attempts=1).count() == 30


def test_user_without_email_is_given_up_not_marked_sent(db):
    user = UserFactory(email="")
    notify([Pesan(user_id=user.pk, jenis="uji", judul="Halo")])
    assert send_pending_emails() == 0
    note = Notifikasi.objects.get()
    assert note.email_status == FAILED and note.emailed_at is None
    assert "alamat e-mail" in note.email_error
