"""History of workflow models (django-simple-history), shared by every app.

Model saves are recorded by simple-history itself. Race-safe transitions use a conditional
``QuerySet.update()``, which bypasses model signals: the service that made such a change calls
``record_history`` with the changed rows right after it (one INSERT for any number of rows), inside the
same transaction, so a transition and its history row commit or roll back together.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Model, QuerySet


def record_history(objs: Iterable[Model] | QuerySet, *, user: Any = None, reason: str = "") -> int:
    """Write one "changed" history row per object, as it is now in the database.

    ``objs`` must be instances (or a queryset) of one model that has ``history = HistoricalRecords()``.
    Pass a queryset of the updated rows (e.g. ``Skp.objects.filter(pk=skp.pk)``) so the values recorded
    are those the UPDATE wrote. ``user`` is the acting ``User`` (not the Pegawai); ``reason`` the note of
    the step (the return note, the approval note), kept per row so a later step never overwrites it.
    """
    rows = list(objs)
    if not rows:
        return 0
    manager = type(rows[0]).history
    created = manager.bulk_history_create(rows, update=True, default_user=user, default_change_reason=reason)
    return len(created)


def history_of(instance: Model) -> QuerySet:
    """The history rows of one object, newest first, with the acting user joined (one query)."""
    return instance.history.select_related("history_user").order_by("-history_date", "-history_id")
