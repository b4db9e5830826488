"""Shared pieces of the SKP services: limits, the editable states, the lampiran fields, and the
small helpers every SKP service module uses (snapshotting a new SKP, its URL, a pegawai's user)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from common.history import record_history
from kinerja.models import Periode, Skp
from kinerja.services.errors import KinerjaError
from pegawai import rules as pegawai_rules
from pegawai.models import Pegawai, User

# JPT RHK derive from the organisation's targets; each carries a perspektif (docs/keputusan-domain.md).
PERSPEKTIF_JPT = (
    "Penerima Layanan",
    "Proses Bisnis",
    "Penguatan Internal",
    "Anggaran",
)
EDITABLE = (Skp.Status.DRAFT, Skp.Status.RETURNED)
LAMPIRAN_FIELDS = ("dukungan_sumber_daya", "skema_pertanggungjawaban", "konsekuensi")
MAX_RHK = 100
MAX_INDIKATOR = 20


def is_jpt(jabatan) -> bool:
    return jabatan is not None and jabatan.jenis in pegawai_rules.JPT


def skp_url(skp: Skp) -> str:
    return reverse("kinerja:skp_detail", args=[skp.pk])


def user_of(pegawai_id: int | None) -> int | None:
    if not pegawai_id:
        return None
    return Pegawai.objects.filter(pk=pegawai_id).values_list("user_id", flat=True).first()


def check_periode(pegawai: Pegawai, periode: Periode) -> None:
    if periode.instansi_id != pegawai.instansi_id:
        raise ValidationError({"periode": [_("Periode bukan milik instansi pegawai.")]})
    if periode.status != Periode.Status.OPEN:
        raise KinerjaError(_("Periode kinerja sudah ditutup."), field="periode")


def new_skp(pegawai: Pegawai, periode: Periode, **fields: Any) -> Skp:
    atasan = pegawai.atasan
    return Skp(
        pegawai=pegawai,
        periode=periode,
        pejabat_penilai_id=pegawai.atasan_id,
        atasan_pejabat_penilai_id=atasan.atasan_id if atasan is not None else None,
        jabatan_id=pegawai.jabatan_id,
        unit_kerja_id=pegawai.unit_kerja_id,
        **fields,
    )


def record_skp_step(skp: Skp, actor: Pegawai | User | None, note: str = "") -> None:
    """One history row for an SKP changed by a conditional UPDATE (which fires no signal), as it is
    now (`skp` freshly refreshed), with the acting account and the step's note."""
    user = actor.user if isinstance(actor, Pegawai) else actor
    record_history([skp], user=user, reason=note)
