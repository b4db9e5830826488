"""Daily reminders (Celery beat, Mon-Fri 07:00 Asia/Jakarta; see config/celery.py):

- to each ASN with no log (submitted, approved or rejected) for `HARI_TANPA_LOG` working days;
- to each atasan with logs of direct subordinates waiting for approval longer than `HARI_ANTREAN`
  working days.

Working days come from pegawai.kalender (weekends, public holidays, cuti bersama, the instansi's own
days off): nothing is sent on a day off, and a holiday does not count as a day without a log.

Set-based: one query per kind finds who to remind (NOT EXISTS / GROUP BY), notify() bulk-inserts.
Idempotent: each reminder carries dedup_key "<kind>:<pegawai id>:<date>", so a second run on the same
day (a retry, a duplicate beat, two workers) stores and e-mails nothing new.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.notify import Pesan, notification_language, notify
from kinerja.models import DelegasiPersetujuan, LogHarian, Periode, Skp
from pegawai import kalender
from pegawai.models import Pegawai

HARI_TANPA_LOG = 3
HARI_ANTREAN = 3


def instansi_to_remind(today: dt.date) -> list[int]:
    """Instansi with an open performance year covering `today` (one query)."""
    return list(
        Periode.objects.filter(status=Periode.Status.OPEN, mulai__lte=today, selesai__gte=today)
        .values_list("instansi_id", flat=True)
        .distinct()
        .order_by("instansi_id")
    )


def asn_without_logs(*, instansi_id: int, today: dt.date, hari: int = HARI_TANPA_LOG) -> list[tuple[int, int]]:
    """(pegawai id, user id) of active ASN of the instansi with a current SKP this year and NOT EXISTS
    a reported log in the last `hari` working days (one query)."""
    batas = kalender.kurangi_hari_kerja(today, hari, instansi_id)
    return list(
        Pegawai.objects.filter(instansi_id=instansi_id, kedudukan="aktif", user__isnull=False, user__is_active=True)
        .filter(
            Exists(
                Skp.objects.filter(
                    pegawai=OuterRef("pk"),
                    is_current=True,
                    periode__status=Periode.Status.OPEN,
                    periode__mulai__lte=today,
                    periode__selesai__gte=today,
                )
            )
        )
        .filter(
            ~Exists(
                # NOT (status = 'draft'): served by the partial index log_reported_pegawai_idx.
                LogHarian.objects.filter(pegawai=OuterRef("pk"), tanggal__gt=batas, tanggal__lte=today).exclude(
                    status=LogHarian.Status.DRAFT
                )
            )
        )
        .order_by("pk")
        .values_list("pk", "user_id")
    )


def atasan_with_old_queue(
    *, instansi_id: int, now: dt.datetime, hari: int = HARI_ANTREAN
) -> list[tuple[int, int, int]]:
    """(atasan id, atasan user id, number of logs) for logs submitted more than `hari` working days
    ago and still waiting, grouped by the owner's atasan (one GROUP BY query, plus the calendar).

    "More than N working days": submitted before the day that lies N working days back, so a log sent
    on Friday afternoon waits Monday, Tuesday and Wednesday and is reminded on Thursday."""
    hari_batas = kalender.kurangi_hari_kerja(timezone.localdate(now), hari, instansi_id)
    cutoff = timezone.make_aware(dt.datetime.combine(hari_batas, dt.time.min))
    return list(
        LogHarian.objects.filter(
            status=LogHarian.Status.SUBMITTED,
            submitted_at__lt=cutoff,
            pegawai__instansi_id=instansi_id,
            pegawai__atasan__user__isnull=False,
        )
        .values_list("pegawai__atasan_id", "pegawai__atasan__user_id")
        .annotate(n=Count("pk"))
        .order_by("pegawai__atasan_id")
    )


def plt_for_atasan(*, atasan_ids: list[int], today: dt.date) -> list[tuple[int, int, int, str]]:
    """(atasan id, Plt/Plh id, Plt/Plh user id, atasan nama) for the delegations covering `today` of
    the given atasan, to active accounts (one query)."""
    if not atasan_ids:
        return []
    return list(
        DelegasiPersetujuan.objects.filter(
            atasan_id__in=atasan_ids,
            mulai__lte=today,
            selesai__gte=today,
            penerima__user__isnull=False,
            penerima__user__is_active=True,
        )
        .order_by("atasan_id", "penerima_id")
        .values_list("atasan_id", "penerima_id", "penerima__user_id", "atasan__nama")
        .distinct()
    )


@dataclass
class ReminderResult:
    instansi_id: int
    asn: int  # new reminders stored (a second run on the same day gives 0)
    atasan: int
    plt: int = 0  # Plt/Plh reminded for the atasan they substitute


@notification_language()  # written for the recipients, whatever language the worker has active
def send_reminders(*, instansi_id: int, today: dt.date | None = None, now: dt.datetime | None = None) -> ReminderResult:
    """Store (and queue e-mails for) today's reminders of one instansi. Nothing on a day off (weekend,
    holiday, cuti bersama, the instansi's own days off)."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    if not kalender.is_hari_kerja(today, instansi_id):
        return ReminderResult(instansi_id, 0, 0)
    log_url = reverse("kinerja:log_list")
    queue_url = reverse("kinerja:log_queue")
    asn = notify(
        [
            Pesan(
                user_id=user_id,
                jenis="pengingat_log",
                judul=ngettext(
                    "Anda belum mengisi log harian selama %(n)d hari kerja",
                    "Anda belum mengisi log harian selama %(n)d hari kerja",
                    HARI_TANPA_LOG,
                )
                % {"n": HARI_TANPA_LOG},
                pesan=_("Isi log harian Anda agar capaian kinerja tercatat."),
                url=log_url,
                dedup_key=f"reminder-log:{pegawai_id}:{today.isoformat()}",
            )
            for pegawai_id, user_id in asn_without_logs(instansi_id=instansi_id, today=today)
        ]
    )
    antrean = atasan_with_old_queue(instansi_id=instansi_id, now=now)
    atasan = notify(
        [
            Pesan(
                user_id=user_id,
                jenis="pengingat_antrean",
                judul=ngettext(
                    "%(n)d log harian menunggu persetujuan Anda lebih dari %(h)d hari kerja",
                    "%(n)d log harian menunggu persetujuan Anda lebih dari %(h)d hari kerja",
                    n,
                )
                % {"n": n, "h": HARI_ANTREAN},
                pesan=_("Buka antrean persetujuan log harian."),
                url=queue_url,
                dedup_key=f"reminder-antrean:{atasan_id}:{today.isoformat()}",
            )
            for atasan_id, user_id, n in antrean
        ]
    )
    # The Plt/Plh does the approving while the delegation runs, so they get the same reminder (the
    # atasan too: they may be back before the queue is cleared). One per delegate per atasan per day.
    waiting = {atasan_id: n for atasan_id, _user_id, n in antrean}
    plt = notify(
        [
            Pesan(
                user_id=user_id,
                jenis="pengingat_antrean",
                judul=ngettext(
                    "%(n)d log harian tim %(nama)s (Plt/Plh) menunggu persetujuan lebih dari %(h)d hari kerja",
                    "%(n)d log harian tim %(nama)s (Plt/Plh) menunggu persetujuan lebih dari %(h)d hari kerja",
                    waiting[atasan_id],
                )
                % {"n": waiting[atasan_id], "nama": nama, "h": HARI_ANTREAN},
                pesan=_("Buka antrean persetujuan log harian."),
                url=queue_url,
                dedup_key=f"reminder-antrean-plt:{penerima_id}:{atasan_id}:{today.isoformat()}",
            )
            for atasan_id, penerima_id, user_id, nama in plt_for_atasan(atasan_ids=list(waiting), today=today)
        ]
    )
    return ReminderResult(instansi_id, asn, atasan, plt)
