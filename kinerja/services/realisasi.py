"""Realisasi per indikator per periodic window: summed from APPROVED logs whose unit matches the
indikator's unit (trimmed, case-insensitive), or entered manually with evidence by the SKP's owner.

`realisasi_refresh` is set-based: one GROUP BY over the logs, one read of the indikator, one read of
the stored rows, one bulk upsert (INSERT ... ON CONFLICT (indikator, periode_evaluasi) DO UPDATE) of
the rows whose value changed and their history (two queries) for any number of SKPs. Manual values
are never overwritten by a refresh. Every write leaves a history row (common.history).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from common.history import record_history
from kinerja.models import BuktiDukung, Indikator, LogHarian, PeriodeEvaluasi, Realisasi
from kinerja.permissions import can_edit_realisasi
from kinerja.selectors.log import window_is_open
from kinerja.services import bukti as bukti_service
from kinerja.services.errors import StateError
from pegawai.models import Pegawai


def normalize_satuan(satuan: str) -> str:
    """Units match trimmed and case-insensitively ("Dokumen " == "dokumen")."""
    return " ".join((satuan or "").split()).casefold()


def realisasi_refresh(*, skp_ids: Iterable[int], window: PeriodeEvaluasi, user=None, reason: str = "") -> int:
    """Recompute the log-sourced realisasi of every indikator of the given SKPs in one window.
    Returns the number of rows written (new or changed value); each gets a history row by `user`
    (the approving atasan's User). Call inside the transaction that approved the logs."""
    skp_ids = set(skp_ids)
    if not skp_ids:
        return 0
    # One aggregate query: approved output per (RHK, unit as typed); units are normalised in Python
    # so PostgreSQL and SQLite agree on case folding.
    totals: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for rhk_id, satuan, total in (
        LogHarian.objects.filter(
            rhk__skp_id__in=skp_ids,
            status=LogHarian.Status.APPROVED,
            tanggal__gte=window.mulai,
            tanggal__lte=window.selesai,
        )
        .values_list("rhk_id", "output_satuan")
        .annotate(total=Sum("output_jumlah"))
        .order_by()
    ):
        totals[(rhk_id, normalize_satuan(satuan))] += total or Decimal(0)
    indikator = list(
        Indikator.objects.filter(rhk__skp_id__in=skp_ids).exclude(satuan="").values_list("pk", "rhk_id", "satuan")
    )
    if not indikator:
        return 0
    stored = {
        indikator_id: (sumber, angka)
        for indikator_id, sumber, angka in Realisasi.objects.filter(
            periode_evaluasi=window, indikator_id__in=[i[0] for i in indikator]
        ).values_list("indikator_id", "sumber", "realisasi_angka")
    }
    rows = []
    for pk, rhk_id, satuan in indikator:
        angka = totals.get((rhk_id, normalize_satuan(satuan)), Decimal(0))
        sumber, old = stored.get(pk, (None, None))
        if sumber == Realisasi.Sumber.MANUAL:
            continue  # entered by hand with evidence: a refresh never overwrites it
        if sumber == Realisasi.Sumber.LOG and old == angka:
            continue  # unchanged: no write, no history row
        rows.append(
            Realisasi(indikator_id=pk, periode_evaluasi=window, realisasi_angka=angka, sumber=Realisasi.Sumber.LOG)
        )
    if not rows:
        return 0
    Realisasi.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["indikator", "periode_evaluasi"],
        update_fields=["realisasi_angka", "updated_at"],
        batch_size=1000,
    )
    # The upsert bypasses signals: record the rows as written, in two queries.
    written = Realisasi.objects.filter(periode_evaluasi=window, indikator_id__in=[r.indikator_id for r in rows])
    record_history(written, user=user, reason=reason)
    return len(rows)


def _load(indikator_id: int, window_id: int, actor: Pegawai) -> tuple[Indikator, PeriodeEvaluasi]:
    indikator = Indikator.objects.select_related("rhk__skp__pegawai").filter(pk=indikator_id).first()
    if indikator is None:
        raise ValidationError({"indikator": [_("Indikator tidak ditemukan.")]})
    skp = indikator.rhk.skp
    if not can_edit_realisasi(actor, skp):
        raise PermissionDenied(_("Realisasi hanya diisi oleh pemilik SKP."))
    window = PeriodeEvaluasi.objects.select_related("periode").filter(pk=window_id, periode_id=skp.periode_id).first()
    if window is None:
        raise ValidationError({"periode_evaluasi": [_("Periode evaluasi bukan bagian dari tahun SKP ini.")]})
    if not window_is_open(window):
        raise StateError(_("Periode %(label)s sudah ditutup.") % {"label": window.label})
    return indikator, window


def realisasi_set_manual(
    *,
    actor: Pegawai,
    indikator_id: int,
    window_id: int,
    angka: Decimal | None = None,
    teks: str = "",
    files: Sequence[UploadedFile] = (),
    link: str = "",
) -> Realisasi:
    """Enter a realisasi by hand (sumber manual) with evidence: new files/link or evidence already
    attached. Raises ValidationError, PermissionDenied, StateError; nothing is saved on error."""
    indikator, window = _load(indikator_id, window_id, actor)
    teks = (teks or "").strip()
    link = (link or "").strip()
    errors: dict[str, list[str]] = {}
    if angka is None and not teks:
        errors["realisasi_angka"] = [_("Isi realisasi berupa angka atau uraian.")]
    elif angka is not None and angka < 0:
        errors["realisasi_angka"] = [_("Realisasi tidak boleh negatif.")]
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            errors["link"] = [_("Tautan bukti dukung bukan URL yang valid.")]
    if errors:
        raise ValidationError(errors)
    checked = bukti_service.check_files(list(files))
    with bukti_service.FilesGuard() as guard, transaction.atomic():
        Realisasi.objects.bulk_create(
            [
                Realisasi(
                    indikator=indikator,
                    periode_evaluasi=window,
                    realisasi_angka=angka,
                    realisasi_teks=teks,
                    sumber=Realisasi.Sumber.MANUAL,
                    updated_by=actor,
                )
            ],
            update_conflicts=True,
            unique_fields=["indikator", "periode_evaluasi"],
            update_fields=["realisasi_angka", "realisasi_teks", "sumber", "updated_by", "updated_at"],
        )
        realisasi = Realisasi.objects.select_for_update().get(indikator=indikator, periode_evaluasi=window)
        existing = realisasi.bukti.count()
        if len(checked) + existing > bukti_service.MAX_FILES:
            raise ValidationError(
                {"files": [_("Maksimal %(n)d berkas bukti dukung.") % {"n": bukti_service.MAX_FILES}]}
            )
        if not checked and not link and existing == 0:
            raise ValidationError({"files": [_("Realisasi yang diisi manual wajib disertai bukti dukung.")]})
        bukti_service.attach_to_realisasi(realisasi=realisasi, checked=checked, actor=actor, guard=guard)
        if link:
            BuktiDukung.objects.create(realisasi=realisasi, link=link, uploaded_by=actor)
        record_history([realisasi], user=actor.user)  # the upsert above bypasses signals
    return realisasi


@transaction.atomic
def realisasi_use_logs(*, actor: Pegawai, indikator_id: int, window_id: int) -> Realisasi | None:
    """Switch an indikator back to realisasi from approved logs and recompute it."""
    indikator, window = _load(indikator_id, window_id, actor)
    switched = Realisasi.objects.filter(indikator=indikator, periode_evaluasi=window)
    switched.update(sumber=Realisasi.Sumber.LOG, realisasi_teks="", updated_by=actor, updated_at=timezone.now())
    record_history(switched, user=actor.user)
    # Writes a second history row only when the sum of the approved logs differs from the old value.
    realisasi_refresh(skp_ids=[indikator.rhk.skp_id], window=window, user=actor.user)
    return Realisasi.objects.filter(indikator=indikator, periode_evaluasi=window).first()
