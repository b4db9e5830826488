"""Plt/Plh delegation writes: an admin instansi lets another pegawai approve in an atasan's place
for a date range (kinerja.selectors.delegasi.atasan_ids_for reads it)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from common.format import tanggal
from common.notify import Pesan, notification_language, notify
from kinerja.models import DelegasiPersetujuan
from kinerja.permissions import can_manage_delegasi
from pegawai.models import Pegawai, User

MAX_HARI = 366


@transaction.atomic
def delegasi_create(
    *,
    actor: User,
    atasan_id: int | None,
    penerima_id: int | None,
    mulai: dt.date | None,
    selesai: dt.date | None,
    jenis: str = DelegasiPersetujuan.Jenis.PLH,
    alasan: str = "",
) -> DelegasiPersetujuan:
    """Record a delegation. Raises ValidationError (field errors: unknown pegawai, self-delegation,
    another instansi, end before start, longer than a year) and PermissionDenied when the actor may
    not manage delegations of the atasan's instansi. Nothing is saved on error."""
    errors: dict[str, list[str]] = {}
    found = {p.pk: p for p in Pegawai.objects.filter(pk__in=[i for i in (atasan_id, penerima_id) if i])}
    atasan = found.get(atasan_id) if atasan_id else None
    penerima = found.get(penerima_id) if penerima_id else None
    if atasan is None:
        errors.setdefault("atasan", []).append(_("Pilih atasan yang digantikan."))
    if penerima is None:
        errors.setdefault("penerima", []).append(_("Pilih pegawai penerima delegasi (Plt/Plh)."))
    if atasan is not None and not can_manage_delegasi(actor, atasan.instansi_id):
        raise PermissionDenied(_("Anda tidak berhak mengatur delegasi untuk instansi ini."))
    if atasan is not None and penerima is not None:
        if atasan.pk == penerima.pk:
            errors.setdefault("penerima", []).append(_("Atasan tidak dapat mendelegasikan kepada dirinya sendiri."))
        elif atasan.instansi_id != penerima.instansi_id:
            errors.setdefault("penerima", []).append(_("Penerima delegasi harus dari instansi yang sama."))
        elif penerima.kedudukan != "aktif":
            # Someone on leave, retired or dead cannot approve in anyone's place.
            errors.setdefault("penerima", []).append(_("Penerima delegasi harus pegawai yang aktif bekerja."))
    if mulai is None:
        errors.setdefault("mulai", []).append(_("Tanggal mulai wajib diisi."))
    if selesai is None:
        errors.setdefault("selesai", []).append(_("Tanggal selesai wajib diisi."))
    if mulai and selesai:
        if selesai < mulai:
            errors.setdefault("selesai", []).append(_("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        elif (selesai - mulai).days >= MAX_HARI:
            errors.setdefault("selesai", []).append(_("Delegasi paling lama satu tahun."))
    if jenis not in DelegasiPersetujuan.Jenis.values:
        errors.setdefault("jenis", []).append(_("Jenis delegasi harus Plt atau Plh."))
    if not errors and atasan is not None and penerima is not None and mulai and selesai:
        # Lock the atasan row so two admins saving the same delegation at once cannot both pass.
        Pegawai.objects.select_for_update().filter(pk=atasan.pk).first()
        if DelegasiPersetujuan.objects.filter(
            atasan=atasan, penerima=penerima, mulai__lte=selesai, selesai__gte=mulai
        ).exists():
            errors.setdefault("mulai", []).append(
                _("Delegasi atasan ini kepada pegawai yang sama sudah ada pada rentang tanggal tersebut.")
            )
    if errors:
        raise ValidationError(errors)
    delegasi = DelegasiPersetujuan(
        atasan=atasan,
        penerima=penerima,
        jenis=jenis,
        mulai=mulai,
        selesai=selesai,
        alasan=(alasan or "").strip()[:255],
        created_by=actor,
    )
    delegasi._history_user = actor  # also outside a request (API token, shell)
    delegasi.save()
    if penerima.user_id:
        # In-app + e-mail (after commit) to the substitute; deduplicated per delegation.
        with notification_language():
            notify(
                [
                    Pesan(
                        user_id=penerima.user_id,
                        jenis="delegasi",
                        judul=_("Anda ditunjuk sebagai %(jenis)s %(nama)s, %(mulai)s s.d. %(selesai)s")
                        % {
                            "jenis": delegasi.get_jenis_display(),
                            "nama": atasan.nama,
                            "mulai": tanggal(mulai),
                            "selesai": tanggal(selesai),
                        },
                        pesan=_("Selama rentang ini Anda dapat menyetujui log harian dan SKP tim tersebut."),
                        url=reverse("kinerja:log_queue"),
                        dedup_key=f"delegasi:{delegasi.pk}",
                    )
                ]
            )
    return delegasi


@transaction.atomic
def delegasi_delete(*, actor: User, delegasi: DelegasiPersetujuan) -> None:
    """Remove a delegation (PermissionDenied outside the actor's instansi). Its history keeps a
    deletion row naming the actor."""
    if not can_manage_delegasi(actor, delegasi.atasan.instansi_id):
        raise PermissionDenied(_("Anda tidak berhak mengatur delegasi untuk instansi ini."))
    delegasi._history_user = actor
    delegasi.delete()
