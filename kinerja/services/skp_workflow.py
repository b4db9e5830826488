"""SKP workflow: submit, return with a note, approve, and a new version after approval. Every
transition is a conditional UPDATE with a row-count check (STYLE §3)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from common.history import set_history_actor
from common.notify import Pesan, for_recipient, notification_language, notify
from common.queue import enqueue
from kinerja import rules
from kinerja.models import Rhk, Skp
from kinerja.permissions import (
    skp_penilai_ids,
)
from kinerja.services.errors import KinerjaError, StateError
from kinerja.services.skp_common import EDITABLE, LAMPIRAN_FIELDS, record_skp_step, skp_url, user_of
from kinerja.services.skp_copy import copy_content
from pegawai.models import Pegawai

# --- workflow -----------------------------------------------------------------------------------


@transaction.atomic
def skp_submit(*, skp: Skp, actor: Pegawai) -> Skp:
    """draft/returned -> submitted by the owner; notifies the pejabat penilai. Needs >= 1 RHK utama."""
    if skp.pegawai_id != actor.pk:
        raise StateError(_("Hanya pemilik SKP yang dapat mengajukannya."))
    if not skp.pejabat_penilai_id:
        raise KinerjaError(_("SKP belum memiliki pejabat penilai. Ajukan koreksi atasan terlebih dahulu."))
    if not Rhk.objects.filter(skp=skp, jenis=rules.JenisRhk.UTAMA).exists():
        raise KinerjaError(_("SKP memerlukan minimal satu RHK utama sebelum diajukan."), field="rhk")
    now = timezone.now()
    changed = Skp.objects.filter(pk=skp.pk, is_current=True, status__in=EDITABLE).update(
        status=Skp.Status.SUBMITTED, submitted_at=now, pdf_version=0, updated_at=now
    )
    if changed != 1:
        raise StateError(_("SKP hanya dapat diajukan dari status draf atau dikembalikan."))
    skp.refresh_from_db()
    record_skp_step(skp, actor)
    user_id = user_of(skp.pejabat_penilai_id)
    if user_id:
        notify(
            [
                Pesan(
                    user_id=user_id,
                    jenis="skp_diajukan",
                    judul=for_recipient(lambda: _("SKP %(nama)s menunggu persetujuan") % {"nama": skp.pegawai.nama}),
                    url=skp_url(skp),
                    dedup_key=f"skp:{skp.pk}:submit:{now.isoformat()}",
                )
            ]
        )
    return skp


def _review(skp: Skp, actor: Pegawai, substitute_for, new_status: str, catatan: str) -> Skp:
    now = timezone.now()
    values: dict[str, Any] = {"status": new_status, "catatan": catatan, "pdf_version": 0, "updated_at": now}
    if new_status == Skp.Status.APPROVED:
        values.update(approved_at=now, approved_by=actor)
    # Conditional UPDATE: of two reviewers at the same moment exactly one sees changed == 1.
    changed = Skp.objects.filter(
        pk=skp.pk,
        is_current=True,
        status=Skp.Status.SUBMITTED,
        pejabat_penilai_id__in=skp_penilai_ids(actor, substitute_for),
    ).update(**values)
    if changed != 1:
        raise StateError(_("SKP tidak dalam status diajukan, atau Anda bukan pejabat penilainya."))
    skp.refresh_from_db()
    record_skp_step(skp, actor, catatan)  # the note stays with this step when the next review overwrites catatan
    return skp


@transaction.atomic
def skp_approve(
    *, skp: Skp, actor: Pegawai, catatan: str = "", substitute_for: set[int] | frozenset[int] = frozenset()
) -> Skp:
    """submitted -> approved by the pejabat penilai (or Plt/Plh); notifies the owner and queues the PDF."""
    skp = _review(skp, actor, substitute_for, Skp.Status.APPROVED, catatan)
    with notification_language():
        _notify_owner(skp, "skp_disetujui", _("SKP Anda telah disetujui"))
    from kinerja.tasks import skp_pdf_render_task

    # Outbox: the approval stays saved and its PDF queued even when the broker is down.
    enqueue(skp_pdf_render_task, skp.pk)
    return skp


@transaction.atomic
def skp_return(
    *, skp: Skp, actor: Pegawai, catatan: str, substitute_for: set[int] | frozenset[int] = frozenset()
) -> Skp:
    """submitted -> returned with the atasan's note (required); notifies the owner."""
    catatan = (catatan or "").strip()
    if not catatan:
        raise ValidationError({"catatan": [_("Catatan wajib diisi saat mengembalikan SKP.")]})
    skp = _review(skp, actor, substitute_for, Skp.Status.RETURNED, catatan)
    with notification_language():
        _notify_owner(skp, "skp_dikembalikan", _("SKP Anda dikembalikan: %(c)s") % {"c": catatan[:120]})
    return skp


def _notify_owner(skp: Skp, jenis: str, judul: str) -> None:
    user_id = user_of(skp.pegawai_id)
    if user_id:
        stamp = (skp.updated_at or timezone.now()).isoformat()
        notify(
            [
                Pesan(
                    user_id=user_id,
                    jenis=jenis,
                    judul=judul,
                    pesan=skp.catatan,
                    url=skp_url(skp),
                    dedup_key=f"skp:{skp.pk}:{jenis}:{stamp}",
                )
            ]
        )


# --- versions -----------------------------------------------------------------------------------


@transaction.atomic
def skp_revise(*, skp: Skp, actor: Pegawai) -> Skp:
    """A change after approval: the approved current SKP is kept read-only (is_current=False) and a
    draft copy with version + 1 is made (RHK, indikator, perilaku, lampiran). Subordinates' current
    RHK that intervened the old version's RHK are re-pointed to the copies in one UPDATE."""
    if skp.pegawai_id != actor.pk:
        raise StateError(_("Hanya pemilik SKP yang dapat membuat versi baru."))
    changed = Skp.objects.filter(pk=skp.pk, is_current=True, status=Skp.Status.APPROVED).update(is_current=False)
    if changed != 1:
        raise StateError(_("Versi baru hanya dapat dibuat dari SKP terkini yang sudah disetujui."))
    old = Skp.objects.get(pk=skp.pk)
    record_skp_step(old, actor, _("Diganti oleh versi %(v)d (perubahan setelah disetujui).") % {"v": old.version + 1})
    new = Skp(
        pegawai_id=old.pegawai_id,
        periode_id=old.periode_id,
        pejabat_penilai_id=old.pejabat_penilai_id,
        atasan_pejabat_penilai_id=old.atasan_pejabat_penilai_id,
        jabatan_id=old.jabatan_id,
        unit_kerja_id=old.unit_kerja_id,
        pendekatan=old.pendekatan,
        status=Skp.Status.DRAFT,
        version=old.version + 1,
        is_current=True,
        previous=old,
        **{f: getattr(old, f) for f in LAMPIRAN_FIELDS},
    )
    # simple-history records the creation; these name its actor and why it exists
    set_history_actor(new, actor.user, _("Versi baru dari versi %(v)d yang sudah disetujui.") % {"v": old.version})
    new.save()
    mapping = copy_content(old, new, keep_links=True)
    if mapping:
        Rhk.objects.filter(rhk_atasan_id__in=list(mapping), skp__is_current=True).exclude(skp=new).update(
            rhk_atasan_id=Case(
                *[When(rhk_atasan_id=o, then=Value(n)) for o, n in mapping.items()], output_field=IntegerField()
            )
        )
    return new
