"""History of workflow models (django-simple-history), shared by every app.

Model saves are recorded by simple-history itself. Race-safe transitions use a conditional
``QuerySet.update()``, which bypasses model signals: the service that made such a change calls
``record_history`` with the changed rows right after it (one INSERT for any number of rows), inside the
same transaction, so a transition and its history row commit or roll back together.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _


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


@dataclass(frozen=True)
class HistoryStep:
    """One step of an object's workflow, as the shared partial templates/common/_history.html shows it."""

    label: str  # the state reached ("Dikirim", "Ditolak"), or "Dihapus"
    actor: str  # who did it; "Sistem" when no account was recorded (a task, a data migration)
    date: datetime.datetime
    note: str  # the step's note (return reason, approval note), kept per step


def actor_name(user: Any) -> str:
    """Display name of the acting account: its person's full name when the user model offers one
    (`pegawai_or_none.nama_lengkap` here; join it with select_related to avoid a query per step),
    else the account's full name or user name."""
    if user is None:
        return _("Sistem")
    person = getattr(user, "pegawai_or_none", None)
    return getattr(person, "nama_lengkap", "") or user.get_full_name() or user.get_username()


def history_steps(instance: Model, *, field: str = "status", related: Sequence[str] = ()) -> list[HistoryStep]:
    """The workflow steps of `instance`, oldest first, in one query: the creation, then every row
    whose `field` changed or that carries a note (edits inside one state are not steps), and the
    deletion. `related` names the joins `actor_name` needs (e.g. "history_user__pegawai")."""
    rows = history_of(instance).select_related(*related).order_by("history_date", "history_id")
    steps: list[HistoryStep] = []
    previous: object = object()
    for row in rows:
        value = getattr(row, field)
        note = row.history_change_reason or ""
        if row.history_type == "-":
            label = _("Dihapus")
        elif value == previous and not note:
            continue
        else:
            label = str(getattr(row, f"get_{field}_display")())
        previous = value
        steps.append(HistoryStep(label=label, actor=actor_name(row.history_user), date=row.history_date, note=note))
    return steps
