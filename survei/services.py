"""Writes of survei: one response, atomic and idempotent; moderation of saran (hide/show, never delete)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.api import DomainError
from common.queue import enqueue
from survei.models import PeriodeSurvei, Respon, UnitLayanan


class SurveiClosedError(DomainError):
    """No survey period of the unit is open today."""


def periode_open_for(unit: UnitLayanan, today: dt.date | None = None) -> PeriodeSurvei | None:
    today = today or timezone.localdate()
    return (
        PeriodeSurvei.objects.filter(unit=unit, status=PeriodeSurvei.Status.OPEN, mulai__lte=today, selesai__gte=today)
        .order_by("-mulai")
        .first()
    )


def client_key(raw: str, today: dt.date | None = None) -> str:
    """A keyed hash of a client identifier (the IP address) that rotates daily: the rate limit can count
    a client without the address ever being stored, and yesterday's keys cannot be linked to today's."""
    today = today or timezone.localdate()
    key = hmac.new(settings.SECRET_KEY.encode(), f"survei-client:{today.isoformat()}".encode(), hashlib.sha256).digest()
    return hmac.new(key, raw.encode(), hashlib.sha256).hexdigest()[:32]


def respon_submit(*, unit: UnitLayanan, data: dict, token_terverifikasi: bool = False) -> tuple[Respon, bool]:
    """Store one anonymous response for the unit's open period; returns (respon, created).

    `data` is the cleaned SurveiForm: u1..u9 (1-4), profile, saran, optional jenis_layanan and client_token.
    A second submit with the same client_token (a retry) returns the first response and stores nothing.
    Raises SurveiClosedError when no period is open today.
    """
    periode = periode_open_for(unit)
    if periode is None:
        raise SurveiClosedError(_("Survei unit ini sedang tidak dibuka."))
    token = data.get("client_token")
    if token:
        existing = Respon.objects.filter(unit=unit, client_token=token).first()
        if existing is not None:
            return existing, False
    respon = Respon(
        periode=periode,
        unit=unit,
        jenis_layanan=data.get("jenis_layanan"),
        usia=data.get("usia") or "",
        jenis_kelamin=data.get("jenis_kelamin") or "",
        pendidikan=data.get("pendidikan") or "",
        pekerjaan=data.get("pekerjaan") or "",
        saran=(data.get("saran") or "").strip(),
        client_token=token or None,
        token_terverifikasi=token_terverifikasi,
        **{f"u{i}": data.get(f"u{i}") for i in range(1, 10)},
    )
    try:
        with transaction.atomic():
            respon.save()
    except IntegrityError:
        # the same client_token raced in from a parallel retry: that one is the response
        existing = Respon.objects.filter(unit=unit, client_token=token).first()
        if existing is None:
            raise
        return existing, False
    return respon, True


def saran_set_hidden(*, respon: Respon, hidden: bool) -> None:
    Respon.objects.filter(pk=respon.pk).update(saran_disembunyikan=hidden)


# --- period close and the training-need feedback --------------------------------------------------


def kebutuhan_pelatihan_record(*, periode: PeriodeSurvei) -> int:
    """Record a training need for each of U6 (kompetensi) and U7 (perilaku) whose NRR over the period
    is below the unit's `ambang_pelatihan`. One aggregate query, one multi-row INSERT; a need already
    recorded for the period and unsur is left as it is (ON CONFLICT DO NOTHING), so it is safe to run
    twice. Returns how many rows were new."""
    from survei import ikm, selectors
    from survei.models import KebutuhanPelatihanSurvei

    hasil = selectors.ikm_of(selectors.responses_for_periode(periode))
    if hasil is None:
        return 0
    ambang = periode.unit.ambang_pelatihan
    rows = []
    for kode in KebutuhanPelatihanSurvei.UNSUR_PELATIHAN:
        nrr = hasil.nrr[ikm.KODE_UNSUR.index(kode)]
        if nrr is not None and nrr < ambang:
            rows.append(
                KebutuhanPelatihanSurvei(
                    unit_id=periode.unit_id,
                    periode=periode,
                    unsur=kode,
                    nrr=nrr,
                    ambang=ambang,
                    jumlah_responden=hasil.jumlah_responden,
                )
            )
    if not rows:
        return 0
    before = KebutuhanPelatihanSurvei.objects.filter(periode=periode).count()
    KebutuhanPelatihanSurvei.objects.bulk_create(rows, ignore_conflicts=True)
    return KebutuhanPelatihanSurvei.objects.filter(periode=periode).count() - before


def periode_close_due(*, today: dt.date | None = None) -> list[int]:
    """Close every open period that ended before `today` and queue the training-need check of each
    closed period after commit. The rows are locked (SKIP LOCKED) and closed by a conditional UPDATE
    in one transaction, so two overlapping beats never close the same period twice. Returns the ids
    closed now."""
    from survei.tasks import kebutuhan_pelatihan_task

    today = today or timezone.localdate()
    with transaction.atomic():
        due = PeriodeSurvei.objects.select_for_update(skip_locked=True).filter(
            status=PeriodeSurvei.Status.OPEN, selesai__lt=today
        )
        ids = list(due.values_list("pk", flat=True))
        PeriodeSurvei.objects.filter(pk__in=ids, status=PeriodeSurvei.Status.OPEN).update(
            status=PeriodeSurvei.Status.CLOSED
        )
        for pk in ids:  # outbox: recorded with the status change, published after commit
            enqueue(kebutuhan_pelatihan_task, pk)
    return ids
