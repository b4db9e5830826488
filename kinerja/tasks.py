"""Celery tasks of e-Kinerja: load by id / plain values, call one service (STYLE §4)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task

# --- kinerja: skp (D) ---


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def skp_pdf_render_task(skp_id: int) -> None:
    """Render the SKP PDF; safe to run twice (skipped when pdf_version == version)."""
    from kinerja.models import Skp
    from kinerja.services.skp_pdf import skp_pdf_render

    skp = Skp.objects.select_related("pegawai").filter(pk=skp_id).first()
    if skp is None:  # deleted meanwhile
        return
    skp_pdf_render(skp=skp)


# --- kinerja: reminders (F) ---


@shared_task(acks_late=True)
def reminder_instansi_task(instansi_id: int, tanggal: str) -> dict:
    """Today's reminders of one instansi. Safe to run twice: reminders are deduplicated per pegawai
    per day (common.notify dedup_key), so a retry or a duplicate beat sends nothing twice."""
    from kinerja.services.reminder import send_reminders

    result = send_reminders(instansi_id=instansi_id, today=dt.date.fromisoformat(tanggal))
    return {"instansi_id": result.instansi_id, "asn": result.asn, "atasan": result.atasan, "plt": result.plt}


@shared_task
def reminder_dispatch_task(tanggal: str | None = None, queue: str | None = None) -> int:
    """Daily beat entry: fan out one reminder_instansi_task per instansi with an open performance year,
    so several workers share the work. Returns how many were queued."""
    from django.utils import timezone

    from kinerja.services.reminder import instansi_to_remind

    day = dt.date.fromisoformat(tanggal) if tanggal else timezone.localdate()
    ids = instansi_to_remind(day)
    options = {"queue": queue} if queue else {}
    for instansi_id in ids:
        reminder_instansi_task.apply_async(args=(instansi_id, day.isoformat()), **options)
    return len(ids)
