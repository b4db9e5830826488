"""Koreksi atasan: the ASN flags a wrong atasan; an admin resolves it (fixing the atasan and the
pejabat penilai of the open SKP) or rejects it with a note."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.history import record_history
from common.notify import Pesan, for_recipient, notification_language, notify
from kinerja.models import KoreksiAtasan, Rhk, Skp
from kinerja.services.errors import KinerjaError, StateError
from kinerja.services.skp_common import skp_url, user_of
from pegawai.models import Pegawai, User


@transaction.atomic
def koreksi_create(
    *, pegawai: Pegawai, alasan: str, usulan_atasan: Pegawai | None = None, skp: Skp | None = None
) -> KoreksiAtasan:
    """The ASN flags a wrong atasan (one open flag per pegawai); admins of the instansi are notified."""
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError({"alasan": [_("Alasan wajib diisi.")]})
    if usulan_atasan is not None:
        if usulan_atasan.pk == pegawai.pk:
            raise ValidationError({"usulan_atasan": [_("Pegawai tidak dapat menjadi atasan dirinya sendiri.")]})
        if usulan_atasan.instansi_id != pegawai.instansi_id:
            raise ValidationError({"usulan_atasan": [_("Usulan atasan harus dari instansi yang sama.")]})
    if skp is not None and skp.pegawai_id != pegawai.pk:
        raise ValidationError({"skp": [_("SKP bukan milik pegawai ini.")]})
    if KoreksiAtasan.objects.filter(pegawai=pegawai, status=KoreksiAtasan.Status.OPEN).exists():
        raise KinerjaError(_("Masih ada koreksi atasan yang menunggu tindak lanjut."))
    try:
        with transaction.atomic():
            return KoreksiAtasan.objects.create(
                pegawai=pegawai,
                skp=skp,
                atasan_tercatat_id=pegawai.atasan_id,
                usulan_atasan=usulan_atasan,
                alasan=alasan,
            )
    except IntegrityError:
        raise KinerjaError(_("Masih ada koreksi atasan yang menunggu tindak lanjut.")) from None


def _close_koreksi(koreksi: KoreksiAtasan, user: User, status: str, catatan: str) -> None:
    changed = KoreksiAtasan.objects.filter(pk=koreksi.pk, status=KoreksiAtasan.Status.OPEN).update(
        status=status, catatan_admin=catatan, resolved_by=user, resolved_at=timezone.now()
    )
    if changed != 1:
        raise StateError(_("Koreksi ini sudah ditindaklanjuti."))
    # The UPDATE bypasses signals: the closing step, its admin and note go to the history here.
    record_history(KoreksiAtasan.objects.filter(pk=koreksi.pk), user=user, reason=catatan)
    koreksi.refresh_from_db()


@transaction.atomic
def koreksi_resolve(*, koreksi: KoreksiAtasan, user: User, atasan: Pegawai | None, catatan: str = "") -> KoreksiAtasan:
    """Fix the pegawai's atasan through pegawai_update (audited in RiwayatPegawai), re-point the
    pejabat penilai of the pegawai's current SKP that is not yet approved (clearing RHK atasan links
    to the wrong atasan's RHK), close the flag and notify the ASN."""
    from pegawai.services import pegawai_update

    _close_koreksi(koreksi, user, KoreksiAtasan.Status.RESOLVED, (catatan or "").strip())
    pegawai = Pegawai.objects.get(pk=koreksi.pegawai_id)
    if atasan is not None and atasan.instansi_id != pegawai.instansi_id:
        raise ValidationError({"atasan": [_("Atasan harus dari instansi yang sama.")]})
    pegawai_update(pegawai=pegawai, actor=user, sumber="form", atasan=atasan)
    open_statuses = [Skp.Status.DRAFT, Skp.Status.RETURNED, Skp.Status.SUBMITTED]
    moved = Skp.objects.filter(pegawai=pegawai, is_current=True, status__in=open_statuses)
    moved_ids = list(moved.values_list("pk", flat=True))
    moved.update(
        pejabat_penilai=atasan,
        atasan_pejabat_penilai_id=atasan.atasan_id if atasan is not None else None,
        pdf_version=0,
    )
    record_history(
        Skp.objects.filter(pk__in=moved_ids),
        user=user,
        reason=_("Pejabat penilai diganti menjadi %(nama)s (koreksi atasan).")
        % {"nama": atasan.nama if atasan is not None else "–"},
    )
    # RHK that intervened the wrong atasan's RHK no longer cascade from the pejabat penilai: clear
    # the links (one UPDATE) so the pegawai picks the new atasan's RHK; the matriks flags them.
    stale = Rhk.objects.filter(
        skp__pegawai=pegawai, skp__is_current=True, skp__status__in=open_statuses, rhk_atasan__isnull=False
    )
    if atasan is not None:
        stale = stale.exclude(rhk_atasan__skp__pegawai_id=atasan.pk)
    stale.update(rhk_atasan=None)
    with notification_language():
        _notify_koreksi(koreksi, _("Koreksi atasan Anda telah diperbaiki"))
    # An SKP already submitted now waits for the new pejabat penilai: tell them.
    waiting = Skp.objects.filter(pegawai=pegawai, is_current=True, status=Skp.Status.SUBMITTED).first()
    if waiting is not None and atasan is not None and atasan.user_id:
        notify(
            [
                Pesan(
                    user_id=atasan.user_id,
                    jenis="skp_diajukan",
                    judul=for_recipient(lambda: _("SKP %(nama)s menunggu persetujuan") % {"nama": pegawai.nama}),
                    url=skp_url(waiting),
                    dedup_key=f"skp:{waiting.pk}:penilai:{atasan.pk}",
                )
            ]
        )
    return koreksi


@transaction.atomic
def koreksi_reject(*, koreksi: KoreksiAtasan, user: User, catatan: str) -> KoreksiAtasan:
    catatan = (catatan or "").strip()
    if not catatan:
        raise ValidationError({"catatan_admin": [_("Catatan wajib diisi saat menolak koreksi.")]})
    _close_koreksi(koreksi, user, KoreksiAtasan.Status.REJECTED, catatan)
    with notification_language():
        _notify_koreksi(koreksi, _("Koreksi atasan Anda ditolak: %(c)s") % {"c": catatan[:120]})
    return koreksi


def _notify_koreksi(koreksi: KoreksiAtasan, judul: str) -> None:
    user_id = user_of(koreksi.pegawai_id)
    if user_id:
        notify(
            [
                Pesan(
                    user_id=user_id,
                    jenis="koreksi_atasan",
                    judul=judul,
                    pesan=koreksi.catatan_admin,
                    dedup_key=f"koreksi:{koreksi.pk}:{koreksi.status}",
                )
            ]
        )
