"""notify(): store in-app notifications in bulk; their e-mails leave the request.

The notification row is the e-mail outbox: notify() records it as pending and queues (common.queue,
after commit) a task for exactly those rows; the task sends each, marks it sent only once the SMTP
server accepted it, and retries transient errors with backoff. A beat job (send_pending_emails) sends
whatever is left. An SMTP or broker outage therefore never fails the request and loses nothing.
Idempotent by dedup_key."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.models import Notifikasi
from common.queue import enqueue

logger = logging.getLogger(__name__)

EMAIL_TASK_IDS = 200  # ids per e-mail task
SWEEP_BATCH = 200  # rows per beat run
MAX_EMAIL_ATTEMPTS = 10
CLAIM_LEASE = timedelta(minutes=10)  # a claim of a worker that died expires after this
EMAIL_MAX_AGE = timedelta(days=3)


@dataclass(frozen=True)
class Pesan:
    user_id: int
    jenis: str
    judul: str
    pesan: str = ""
    url: str = ""
    dedup_key: str = ""


def recipient_language() -> str:
    """The language notifications are written in. A notification is stored as text (judul, pesan) and
    e-mailed, so it is written once, for the recipient, not in the language of whoever triggered it.
    Accounts store no language (the footer's choice is a cookie of one browser), so that is Bahasa
    Indonesia, the service's language. If accounts ever store one, look it up here per recipient."""
    return settings.LANGUAGE_CODE


@contextmanager
def notification_language() -> Iterator[None]:
    """Build notification texts inside this block: an English-speaking atasan approving a log must
    not send the ASN an English notification. Validation errors raised to the actor stay outside."""
    with translation.override(recipient_language()):
        yield


def for_recipient(build: Callable[[], str]) -> str:
    """Run `build` (a lambda around `_()`, so makemessages still finds the msgid) in recipient_language():
    one notification text, where a notification_language() block would be clumsy."""
    with notification_language():
        return build()


def notify(messages: list[Pesan], *, email: bool = True) -> int:
    """Create the notifications that do not exist yet (by penerima+dedup_key); with `email`, mark them
    pending and queue their e-mail task on commit. Returns how many were new."""
    if not messages:
        return 0
    keyed = [m for m in messages if m.dedup_key]
    existing: set[tuple[int, str]] = set()
    if keyed:
        existing = set(
            Notifikasi.objects.filter(
                penerima_id__in={m.user_id for m in keyed}, dedup_key__in={m.dedup_key for m in keyed}
            ).values_list("penerima_id", "dedup_key")
        )
    seen: set[tuple[int, str]] = set()
    rows = []
    for m in messages:
        key = (m.user_id, m.dedup_key)
        if m.dedup_key and (key in existing or key in seen):
            continue
        seen.add(key)
        rows.append(
            Notifikasi(
                penerima_id=m.user_id, jenis=m.jenis, judul=m.judul, pesan=m.pesan, url=m.url, dedup_key=m.dedup_key
            )
        )
    # Rows without a key cannot conflict: inserted plainly, so PostgreSQL returns their ids.
    # ignore_conflicts for keyed rows: a concurrent run that inserted the same key first wins, we do not
    # duplicate (and its own task e-mails it).
    status = Notifikasi.EmailStatus.PENDING if email else Notifikasi.EmailStatus.NONE
    for row in rows:
        row.email_status = status
    plain = [r for r in rows if not r.dedup_key]
    keyed_rows = [r for r in rows if r.dedup_key]
    Notifikasi.objects.bulk_create(plain, batch_size=1000)
    Notifikasi.objects.bulk_create(keyed_rows, ignore_conflicts=True, batch_size=1000)
    if email and rows:
        ids = [r.pk for r in plain]
        if keyed_rows:
            wanted = {(r.penerima_id, r.dedup_key) for r in keyed_rows}
            ids += [
                pk
                for pk, uid, key in Notifikasi.objects.filter(
                    penerima_id__in={u for u, _k in wanted},
                    dedup_key__in={k for _u, k in wanted},
                    email_status=Notifikasi.EmailStatus.PENDING,
                ).values_list("pk", "penerima_id", "dedup_key")
                if (uid, key) in wanted
            ]
        _queue_emails(ids)
    return len(rows)


def _queue_emails(ids: list[int]) -> None:
    from common.tasks import notifikasi_email_task  # local: tasks import this module

    for start in range(0, len(ids), EMAIL_TASK_IDS):
        enqueue(notifikasi_email_task, sorted(ids[start : start + EMAIL_TASK_IDS]))


def _claim(qs, limit: int) -> list[int]:
    """Lease up to `limit` pending rows of `qs` to this run: a row another run holds (locked now, or
    leased and not expired) is skipped, so two workers never send the same e-mail."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            qs.filter(email_status=Notifikasi.EmailStatus.PENDING)
            .filter(Q(email_claimed_until__isnull=True) | Q(email_claimed_until__lt=now))
            .select_for_update(skip_locked=True)
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        if ids:
            Notifikasi.objects.filter(pk__in=ids).update(email_claimed_until=now + CLAIM_LEASE)
    return ids


def send_emails(*, ids: list[int] | None = None, limit: int = SWEEP_BATCH) -> int:
    """E-mail the pending notifications among `ids` (all pending ones when None, oldest first), at most
    `limit`. Each is marked sent (email_status, emailed_at) only after the server accepted it; a failure
    counts an attempt and keeps the error, and the row stays pending until MAX_EMAIL_ATTEMPTS (then
    failed). Raises the last transient error (SMTPException/OSError) after recording it, so the task
    retries with backoff; returns how many were sent."""
    qs = Notifikasi.objects.all() if ids is None else Notifikasi.objects.filter(pk__in=ids)
    claimed = _claim(qs, limit)
    if not claimed:
        return 0
    rows = list(
        Notifikasi.objects.filter(pk__in=claimed)
        .select_related("penerima")
        .only("pk", "judul", "pesan", "penerima", "penerima__email")
        .order_by("created_at", "pk")
    )
    connection = get_connection()
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as exc:  # server unreachable: nothing of the batch was sent
        _failed(claimed, exc)
        raise
    sent = 0
    error: Exception | None = None
    try:
        for row in rows:
            if not row.penerima.email:
                _finish(row, Notifikasi.EmailStatus.FAILED, _("Penerima tidak memiliki alamat e-mail."))
                continue
            message = EmailMessage(
                row.judul, row.pesan or row.judul, settings.DEFAULT_FROM_EMAIL, [row.penerima.email],
                connection=connection,
            )  # fmt: skip
            try:
                message.send()
            except smtplib.SMTPRecipientsRefused as exc:  # this address will not work next time either
                _finish(row, Notifikasi.EmailStatus.FAILED, repr(exc))
                continue
            except (smtplib.SMTPException, OSError) as exc:
                _failed([row.pk], exc)
                error = exc
                continue
            # Marked one by one, right after the server accepted it: a crash later in the batch must
            # not send this one again.
            _finish(row, Notifikasi.EmailStatus.SENT, "")
            sent += 1
    finally:
        connection.close()
    if error is not None:
        raise error
    return sent


def _finish(row: Notifikasi, status: str, error: str) -> None:
    values = {"email_status": status, "email_error": error, "email_claimed_until": None}
    if status == Notifikasi.EmailStatus.SENT:
        values["emailed_at"] = timezone.now()
    Notifikasi.objects.filter(pk=row.pk).update(email_attempts=F("email_attempts") + 1, **values)


def _failed(ids: list[int], exc: Exception) -> None:
    """Count a failed try and release the claim; after MAX_EMAIL_ATTEMPTS the row is given up."""
    Notifikasi.objects.filter(pk__in=ids).update(
        email_attempts=F("email_attempts") + 1, email_error=repr(exc)[:2000], email_claimed_until=None
    )
    Notifikasi.objects.filter(pk__in=ids, email_attempts__gte=MAX_EMAIL_ATTEMPTS).update(
        email_status=Notifikasi.EmailStatus.FAILED
    )


def send_pending_emails(limit: int = SWEEP_BATCH) -> int:
    """The beat job: e-mail what the per-notification tasks left (broker was down, SMTP was down,
    a worker died), in a bounded batch. Rows pending longer than EMAIL_MAX_AGE are given up (a
    reminder days late helps nobody). Never raises: the next run tries again."""
    Notifikasi.objects.filter(
        email_status=Notifikasi.EmailStatus.PENDING, created_at__lt=timezone.now() - EMAIL_MAX_AGE
    ).update(email_status=Notifikasi.EmailStatus.FAILED, email_error=_("Kedaluwarsa: tidak terkirim."))
    try:
        return send_emails(limit=limit)
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning("pending e-mails not sent: %r", exc)
        return 0
