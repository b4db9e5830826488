"""Celery tasks of survei: load by id / plain values, call one service (STYLE §4)."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def periode_close_due_task() -> list[int]:
    """Daily: close the periods that ended, queue their training-need checks. Safe to run twice (a
    period is closed by a conditional UPDATE once)."""
    from survei.services import periode_close_due

    return periode_close_due()


@shared_task(acks_late=True)
def kebutuhan_pelatihan_task(periode_id: int) -> int:
    """The training needs of one closed period; safe to run twice (one row per period and unsur)."""
    from survei.models import PeriodeSurvei
    from survei.services import kebutuhan_pelatihan_record

    periode = PeriodeSurvei.objects.select_related("unit").filter(pk=periode_id).first()
    if periode is None:  # deleted meanwhile
        return 0
    return kebutuhan_pelatihan_record(periode=periode)
