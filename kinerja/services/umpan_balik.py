"""Umpan balik berkelanjutan: a thread per (SKP, window, RHK) or (SKP, window, BerAKHLAK value).
The atasan side (pejabat penilai, current atasan, Plt/Plh) opens and continues threads; the SKP's
owner replies. Each message notifies the other party."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.notify import Pesan, notification_language, notify
from kinerja.models import PeriodeEvaluasi, Rhk, Skp, UmpanBalik
from kinerja.permissions import can_post_umpan_balik
from kinerja.rules import Berakhlak
from kinerja.selectors.delegasi import atasan_ids_for
from pegawai.models import Pegawai

MAX_LENGTH = 5000


def _recipients(skp: Skp, actor: Pegawai) -> list[int]:
    """User ids of the other party: the owner when the atasan side writes, else the atasan side."""
    if actor.pk != skp.pegawai_id:
        return [skp.pegawai.user_id] if skp.pegawai.user_id else []
    atasan_ids = {i for i in (skp.pejabat_penilai_id, skp.pegawai.atasan_id) if i}
    return sorted(uid for uid in Pegawai.objects.filter(pk__in=atasan_ids).values_list("user_id", flat=True) if uid)


def umpan_balik_add(
    *,
    actor: Pegawai,
    skp_id: int,
    window_id: int,
    isi: str,
    rhk_id: int | None = None,
    perilaku: str = "",
    today: dt.date | None = None,
) -> UmpanBalik:
    """Post one message in a thread. Raises ValidationError (unknown SKP/window/RHK/value, empty
    text, both or neither item) and PermissionDenied (not the atasan side, or the owner opening a
    thread that does not exist yet)."""
    isi = (isi or "").strip()
    perilaku = (perilaku or "").strip()
    skp = Skp.objects.select_related("pegawai").filter(pk=skp_id).first()
    if skp is None:
        raise ValidationError({"skp": [_("SKP tidak ditemukan.")]})
    errors: dict[str, list[str]] = {}
    window = PeriodeEvaluasi.objects.filter(pk=window_id, periode_id=skp.periode_id).first()
    if window is None:
        errors["periode_evaluasi"] = [_("Periode evaluasi bukan bagian dari tahun SKP ini.")]
    if bool(rhk_id) == bool(perilaku):
        errors["__all__"] = [_("Pilih tepat satu: RHK atau nilai BerAKHLAK.")]
    elif rhk_id and not Rhk.objects.filter(pk=rhk_id, skp=skp).exists():
        errors["rhk"] = [_("RHK ini bukan bagian dari SKP tersebut.")]
    elif perilaku and perilaku not in Berakhlak.values:
        errors["perilaku"] = [_("Nilai BerAKHLAK tidak dikenal.")]
    if not isi:
        errors["isi"] = [_("Umpan balik tidak boleh kosong.")]
    elif len(isi) > MAX_LENGTH:
        errors["isi"] = [_("Umpan balik maksimal %(n)d karakter.") % {"n": MAX_LENGTH}]
    if errors:
        raise ValidationError(errors)
    assert window is not None  # for the type checker: a missing window is an error above
    item = {"rhk_id": rhk_id, "perilaku": ""} if rhk_id else {"rhk_id": None, "perilaku": perilaku}
    thread = UmpanBalik.objects.filter(skp=skp, periode_evaluasi=window, **item)
    substitutes = atasan_ids_for(actor, today or timezone.localdate())
    if not can_post_umpan_balik(actor, skp, substitutes, thread_exists=thread.exists()):
        raise PermissionDenied(_("Anda tidak dapat menulis umpan balik pada SKP ini."))
    with transaction.atomic():
        ub = UmpanBalik.objects.create(skp=skp, periode_evaluasi=window, author=actor, isi=isi, **item)
        url = reverse("kinerja:realisasi_detail", args=[skp.pk, window.pk])
        with notification_language():
            notify(
                [
                    Pesan(
                        user_id=uid,
                        jenis="umpan_balik",
                        judul=_("Umpan balik baru dari %(nama)s") % {"nama": actor.nama},
                        pesan=isi[:500],
                        url=f"{url}#ub-{'rhk-' + str(rhk_id) if rhk_id else perilaku}",
                        dedup_key=f"umpan-balik:{ub.pk}",
                    )
                    for uid in _recipients(skp, actor)
                ]
            )
    return ub
