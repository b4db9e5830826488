"""notify(): store in-app notifications in bulk and e-mail them after commit. Idempotent by dedup_key."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone, translation

from common.models import Notifikasi


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
    """Create the notifications that do not exist yet (by penerima+dedup_key) and queue their e-mails
    for after the surrounding transaction commits. Returns how many were new."""
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
    # ignore_conflicts: a concurrent run that inserted the same key first wins, we do not duplicate.
    Notifikasi.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    if email and rows:
        transaction.on_commit(lambda: send_pending_emails())
    return len(rows)


def send_pending_emails(limit: int = 1000) -> int:
    """E-mail notifications not e-mailed yet, claiming them first so two runs never send twice."""
    from pegawai.models import User

    with transaction.atomic():
        pending = list(
            Notifikasi.objects.select_for_update(skip_locked=True)
            .filter(emailed_at__isnull=True)
            .values_list("pk", "penerima_id", "judul", "pesan")[:limit]
        )
        if not pending:
            return 0
        Notifikasi.objects.filter(pk__in=[p[0] for p in pending]).update(emailed_at=timezone.now())
    emails = dict(User.objects.filter(pk__in={p[1] for p in pending}).exclude(email="").values_list("pk", "email"))
    batch = [
        (judul, pesan or judul, settings.DEFAULT_FROM_EMAIL, [emails[uid]])
        for _pk, uid, judul, pesan in pending
        if uid in emails
    ]
    if batch:
        send_mass_mail(batch, fail_silently=False)
    return len(batch)
