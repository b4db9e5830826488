"""Celery wrappers of rekrutmen (STYLE §4): ids and plain values in, one service call, safe to run twice."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def ranking_task(seleksi_id: int, tahap: str, formasi_lo: int, formasi_hi: int) -> int:
    from rekrutmen.services import ranking_apply  # local: services import tasks

    return ranking_apply(seleksi_id=seleksi_id, tahap=tahap, formasi_range=(formasi_lo, formasi_hi))
