"""Writes of pelatihan: enrolment (with the quota held under concurrency), decisions, attendance,
completion, external JP and training needs. Keyword-only, atomic, state-guarded (STYLE §3)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from common.api import DomainError
from common.history import record_history, set_history_actor
from pegawai.models import Pegawai, UnitKerja, User
from pelatihan import rules
from pelatihan.berkas import periksa_sertifikat
from pelatihan.models import Angkatan, JpEksternal, KebutuhanPelatihan, Pendaftaran

S = Pendaftaran.Status


class PelatihanError(DomainError):
    """A business rule of pelatihan refused the action (answered as HTTP 400)."""


# --- enrolment ---------------------------------------------------------------------------------


def _take_seat(angkatan: Angkatan) -> bool:
    """Claim one seat with a conditional UPDATE: the row lock it takes serialises racing
    registrations, and the WHERE re-checks the count after the lock, so the last seat goes to exactly
    one of them. False when the run is full."""
    return (
        Angkatan.objects.filter(pk=angkatan.pk, status=Angkatan.Status.OPEN, terisi__lt=F("kuota")).update(
            terisi=F("terisi") + 1
        )
        == 1
    )


def _release_seat(angkatan_id: int, *, user: User | None) -> None:
    """A seat became free: it passes to the oldest waitlisted enrolment (which then waits for its
    atasan, like any self-registration), or the counter goes down. The Angkatan row is locked first,
    so a registration cannot take the seat between the two steps."""
    angkatan = Angkatan.objects.select_for_update().get(pk=angkatan_id)
    if angkatan.status == Angkatan.Status.OPEN:
        nxt = (
            Pendaftaran.objects.select_for_update()
            .filter(angkatan_id=angkatan_id, status=S.WAITLISTED)
            .order_by("created_at", "pk")
            .first()
        )
        if nxt is not None:
            Pendaftaran.objects.filter(pk=nxt.pk).update(status=S.REQUESTED)
            record_history(Pendaftaran.objects.filter(pk=nxt.pk), user=user, reason=_("Naik dari daftar tunggu"))
            return
    Angkatan.objects.filter(pk=angkatan_id, terisi__gt=0).update(terisi=F("terisi") - 1)


def _enrol(*, angkatan: Angkatan, pegawai: Pegawai, actor: User, status: str, approver: Pegawai | None) -> Pendaftaran:
    if angkatan.program.instansi_id != pegawai.instansi_id:
        raise PelatihanError(_("Program ini bukan untuk instansi %(nama)s.") % {"nama": pegawai.nama})
    existing = Pendaftaran.objects.select_for_update().filter(angkatan=angkatan, pegawai=pegawai).first()
    if existing is not None and existing.status not in (S.REJECTED, S.CANCELLED):
        raise PelatihanError(
            _("%(nama)s sudah terdaftar di angkatan ini (status: %(status)s).")
            % {"nama": pegawai.nama, "status": existing.get_status_display()}
        )
    if _take_seat(angkatan):
        new_status = status
    else:
        current = Angkatan.objects.get(pk=angkatan.pk)
        if current.status != Angkatan.Status.OPEN:
            raise PelatihanError(
                _("Pendaftaran %(angkatan)s tidak dibuka (status: %(status)s).")
                % {"angkatan": current.nama, "status": current.get_status_display()}
            )
        new_status = S.WAITLISTED  # full: the waiting list, in order of registration
    values = {
        "status": new_status,
        "diajukan_oleh": actor,
        "disetujui_oleh": approver if new_status == S.NOMINATED else None,
        "disetujui_at": timezone.now() if new_status == S.NOMINATED else None,
        "catatan": "",
    }
    if existing is not None:  # registering again after a rejection or cancellation
        Pendaftaran.objects.filter(pk=existing.pk).update(**values)
        record_history(Pendaftaran.objects.filter(pk=existing.pk), user=actor, reason=_("Mendaftar ulang"))
        existing.refresh_from_db()
        return existing
    try:
        with transaction.atomic():
            obj = Pendaftaran(angkatan=angkatan, pegawai=pegawai, **values)
            set_history_actor(obj, actor)
            obj.save()
    except IntegrityError:  # the same pegawai registered twice at the same moment
        raise PelatihanError(_("%(nama)s sudah terdaftar di angkatan ini.") % {"nama": pegawai.nama}) from None
    return obj


@transaction.atomic
def pendaftaran_daftar(*, angkatan: Angkatan, actor: User) -> Pendaftaran:
    """Self-registration of the actor's pegawai: holds a seat and waits for the atasan's approval
    (status requested), or goes to the waiting list when the run is full. Raises PelatihanError for a
    closed run or a second registration; nothing is written then."""
    pegawai = actor.pegawai_or_none
    if pegawai is None:
        raise PelatihanError(_("Akun ini tidak terhubung dengan data pegawai."))
    return _enrol(angkatan=angkatan, pegawai=pegawai, actor=actor, status=S.REQUESTED, approver=None)


@transaction.atomic
def pendaftaran_usulkan(*, angkatan: Angkatan, pegawai: Pegawai, actor: User) -> Pendaftaran:
    """The atasan nominates a subordinate: a participant at once (nominated), or waitlisted when full."""
    from pelatihan.permissions import can_nominate

    if not can_nominate(actor, pegawai):
        raise PelatihanError(_("Anda hanya dapat mengusulkan bawahan Anda."), field="pegawai")
    return _enrol(angkatan=angkatan, pegawai=pegawai, actor=actor, status=S.NOMINATED, approver=actor.pegawai)


@transaction.atomic
def pendaftaran_putuskan(*, pendaftaran: Pendaftaran, actor: User, setuju: bool, catatan: str = "") -> Pendaftaran:
    """The atasan approves or rejects a self-registration (requested only: a conditional UPDATE, so
    two decisions at once change it once). A rejection frees the seat for the waiting list."""
    new = S.APPROVED if setuju else S.REJECTED
    changed = Pendaftaran.objects.filter(pk=pendaftaran.pk, status=S.REQUESTED).update(
        status=new, disetujui_oleh=actor.pegawai_or_none, disetujui_at=timezone.now(), catatan=catatan
    )
    if changed != 1:
        raise PelatihanError(_("Pendaftaran ini tidak sedang menunggu persetujuan."))
    record_history(Pendaftaran.objects.filter(pk=pendaftaran.pk), user=actor, reason=catatan)
    if not setuju:
        _release_seat(pendaftaran.angkatan_id, user=actor)
    pendaftaran.refresh_from_db()
    return pendaftaran


@transaction.atomic
def pendaftaran_batal(*, pendaftaran: Pendaftaran, actor: User, catatan: str = "") -> Pendaftaran:
    """Cancel an enrolment that has not finished; a held seat passes to the waiting list."""
    held = Pendaftaran.objects.select_for_update().get(pk=pendaftaran.pk)
    if held.status in (S.REJECTED, S.CANCELLED) or held.selesai_at is not None:
        raise PelatihanError(_("Pendaftaran ini tidak dapat dibatalkan lagi."))
    Pendaftaran.objects.filter(pk=held.pk).update(status=S.CANCELLED, catatan=catatan)
    record_history(Pendaftaran.objects.filter(pk=held.pk), user=actor, reason=catatan)
    if held.status in Pendaftaran.SEAT_STATUSES:
        _release_seat(held.angkatan_id, user=actor)
    pendaftaran.refresh_from_db()
    return pendaftaran


# --- attendance and completion -----------------------------------------------------------------


def _peserta(angkatan: Angkatan, ids) -> dict[int, Pendaftaran]:
    rows = {
        p.pk: p
        for p in Pendaftaran.objects.filter(
            angkatan=angkatan, pk__in=list(ids), status__in=Pendaftaran.PESERTA_STATUSES
        ).select_related("pegawai")
    }
    missing = sorted(set(ids) - set(rows))
    if missing:
        raise ValidationError(
            {"peserta": _("Pendaftaran %(ids)s bukan peserta angkatan ini.") % {"ids": ", ".join(map(str, missing))}}
        )
    return rows


@transaction.atomic
def kehadiran_catat(*, angkatan: Angkatan, tanggal: datetime.date, hadir: Mapping[int, bool], actor: User) -> int:
    """Record one day's attendance: {pendaftaran id: present?}. Only participants (nominated or
    approved) of this run, only on a day of the run; one row per participant and day (a second call
    overwrites). All or nothing: ValidationError naming the field, nothing written."""
    if not (angkatan.tanggal_mulai <= tanggal <= angkatan.tanggal_selesai):
        raise ValidationError(
            {"tanggal": _("Tanggal %(t)s di luar jadwal angkatan (%(a)s s.d. %(b)s).")
             % {"t": tanggal, "a": angkatan.tanggal_mulai, "b": angkatan.tanggal_selesai}}
        )  # fmt: skip
    _peserta(angkatan, hadir.keys())
    from pelatihan.models import Kehadiran

    rows = [
        Kehadiran(pendaftaran_id=pid, tanggal=tanggal, hadir=bool(h), dicatat_oleh=actor) for pid, h in hadir.items()
    ]
    Kehadiran.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["pendaftaran", "tanggal"], update_fields=["hadir", "dicatat_oleh"]
    )
    return len(rows)


@dataclass(frozen=True)
class Hasil:
    nilai: Decimal | None
    lulus: bool


@transaction.atomic
def angkatan_selesaikan(*, angkatan: Angkatan, hasil: Mapping[int, Hasil], actor: User) -> Angkatan:
    """Close a run: scores and pass/fail for every participant, the run becomes finished. Graduates
    (lulus) earn the programme's JP in the year the run ended. All or nothing."""
    locked = Angkatan.objects.select_for_update().get(pk=angkatan.pk)
    if locked.status in (Angkatan.Status.FINISHED, Angkatan.Status.CANCELLED):
        raise PelatihanError(_("Angkatan ini sudah %(s)s.") % {"s": locked.get_status_display().lower()})
    peserta = Pendaftaran.objects.filter(angkatan=locked, status__in=Pendaftaran.PESERTA_STATUSES)
    ids = set(peserta.values_list("pk", flat=True))
    if set(hasil) != ids:
        raise ValidationError({"hasil": _("Isi hasil untuk setiap peserta, dan hanya untuk peserta angkatan ini.")})
    for pid, h in hasil.items():
        if h.nilai is not None and not (0 <= h.nilai <= 100):
            raise ValidationError(
                {"nilai": _("Nilai pendaftaran %(id)s harus 0 sampai 100, bukan %(v)s.") % {"id": pid, "v": h.nilai}}
            )
    now = timezone.now()
    rows = [Pendaftaran(pk=pid, nilai=h.nilai, lulus=h.lulus, selesai_at=now) for pid, h in hasil.items()]
    Pendaftaran.objects.bulk_update(rows, ["nilai", "lulus", "selesai_at"])
    record_history(Pendaftaran.objects.filter(pk__in=ids), user=actor, reason=_("Angkatan selesai"))
    Angkatan.objects.filter(pk=locked.pk).update(status=Angkatan.Status.FINISHED)
    record_history(Angkatan.objects.filter(pk=locked.pk), user=actor, reason=_("Angkatan selesai"))
    angkatan.refresh_from_db()
    return angkatan


# --- external JP -------------------------------------------------------------------------------


def _jp_field(jp) -> int:
    try:
        return rules.validasi_jp(jp)
    except ValueError as exc:
        raise ValidationError({"jp": str(exc)}) from None


@transaction.atomic
def jp_eksternal_ajukan(*, actor: User, data: Mapping, berkas) -> JpEksternal:
    """The ASN reports an external training with its certificate (PDF/JPG/PNG checked by content).
    ValidationError naming the field for bad JP, dates or file; nothing is stored then."""
    pegawai = actor.pegawai_or_none
    if pegawai is None:
        raise PelatihanError(_("Akun ini tidak terhubung dengan data pegawai."))
    jp = _jp_field(data.get("jp"))
    mulai, selesai = data["tanggal_mulai"], data["tanggal_selesai"]
    if selesai < mulai:
        raise ValidationError({"tanggal_selesai": _("Tanggal selesai sebelum tanggal mulai.")})
    if selesai > timezone.localdate():
        raise ValidationError({"tanggal_selesai": _("Pelatihan yang belum selesai belum dapat diajukan.")})
    checked = periksa_sertifikat(berkas)
    obj = JpEksternal(
        pegawai=pegawai,
        nama_kegiatan=data["nama_kegiatan"],
        penyelenggara=data["penyelenggara"],
        jenis=data["jenis"],
        bidang=data["bidang"],
        tanggal_mulai=mulai,
        tanggal_selesai=selesai,
        jp=jp,
        berkas_nama=checked.nama,
        berkas_content_type=checked.content_type,
        berkas_sha256=checked.sha256,
    )
    obj.full_clean(exclude=["berkas"])
    obj.berkas.save(checked.nama, berkas, save=False)
    name = obj.berkas.name or ""
    try:
        set_history_actor(obj, actor)
        obj.save()
    except Exception:  # no row for the file: do not leave it on disk
        obj.berkas.storage.delete(name)
        raise
    return obj


@transaction.atomic
def jp_eksternal_verifikasi(*, obj: JpEksternal, actor: User, setuju: bool, catatan: str = "") -> JpEksternal:
    """An admin verifies (counts toward the ledger) or rejects a submitted external JP, once."""
    if not setuju and not catatan.strip():
        raise ValidationError({"catatan": _("Tuliskan alasan penolakan.")})
    changed = JpEksternal.objects.filter(pk=obj.pk, status=JpEksternal.Status.SUBMITTED).update(
        status=JpEksternal.Status.VERIFIED if setuju else JpEksternal.Status.REJECTED,
        diverifikasi_oleh=actor.pegawai_or_none,
        diverifikasi_at=timezone.now(),
        catatan=catatan,
    )
    if changed != 1:
        raise PelatihanError(_("Pengajuan ini sudah diverifikasi atau ditolak."))
    record_history(JpEksternal.objects.filter(pk=obj.pk), user=actor, reason=catatan)
    obj.refresh_from_db()
    return obj


# --- training needs (the link point of kinerja and survei) ---------------------------------------


def kebutuhan_catat(
    *,
    tahun: int,
    sumber: str,
    bidang: str,
    pegawai: Pegawai | None = None,
    unit_kerja: UnitKerja | None = None,
    catatan: str = "",
    sumber_ref: str = "",
    actor: User | None = None,
) -> tuple[KebutuhanPelatihan, bool]:
    """Record a training need of a pegawai or a unit; returns (row, created).

    The one entry point for other apps: e-Kinerja II's tindak lanjut passes
    sumber="evaluasi", sumber_ref="kinerja.evaluasi:<id>"; Survei passes sumber="survei",
    sumber_ref="survei.<...>". With a sumber_ref the call is idempotent (a task run twice, a finding
    re-saved): the existing row is returned unchanged. ValidationError on bad values."""
    if pegawai is None and unit_kerja is None:
        raise ValidationError({"pegawai": _("Sebutkan pegawai atau unit kerja yang membutuhkan pelatihan.")})
    if sumber not in KebutuhanPelatihan.Sumber.values:
        raise ValidationError({"sumber": _("Sumber kebutuhan tidak dikenal: %(s)s.") % {"s": sumber}})
    if bidang not in rules.BidangKompetensi.values:
        raise ValidationError({"bidang": _("Bidang kompetensi tidak dikenal: %(b)s.") % {"b": bidang}})
    assert pegawai is not None or unit_kerja is not None  # checked above
    instansi_id = pegawai.instansi_id if pegawai is not None else unit_kerja.instansi_id  # type: ignore[union-attr]
    if pegawai is not None and unit_kerja is not None and unit_kerja.instansi_id != instansi_id:
        raise ValidationError({"unit_kerja": _("Unit kerja bukan bagian dari instansi pegawai.")})
    values = {
        "instansi_id": instansi_id,
        "pegawai": pegawai,
        "unit_kerja": unit_kerja,
        "tahun": tahun,
        "bidang": bidang,
        "catatan": catatan,
        "dicatat_oleh": actor,
    }
    if not sumber_ref:
        return KebutuhanPelatihan.objects.create(sumber=sumber, **values), True
    try:
        with transaction.atomic():
            return KebutuhanPelatihan.objects.get_or_create(sumber=sumber, sumber_ref=sumber_ref, defaults=values)
    except IntegrityError:  # a concurrent call created it first
        return KebutuhanPelatihan.objects.get(sumber=sumber, sumber_ref=sumber_ref), False


# --- certificates ------------------------------------------------------------------------------


def sertifikat_render(*, pendaftaran_id: int, actor: User | None = None) -> Pendaftaran | None:
    """Render and seal the certificate of one graduate; idempotent (a second call, e.g. a job run
    twice, keeps the first file and code). None when the enrolment is not a graduate. The public
    page shows only what the record holds: the name (subject) and the programme with its end date
    (title)."""
    from django.core.files.base import ContentFile

    from common import verification
    from common.pdf import render_pdf
    from pelatihan.pdf import sertifikat_context, sertifikat_queryset

    with transaction.atomic():
        p = sertifikat_queryset().select_for_update(of=("self",)).filter(pk=pendaftaran_id, lulus=True).first()
        if p is None:
            return None
        if p.sertifikat_kode and p.sertifikat_file:
            return p  # already issued
        context = sertifikat_context(p)
        doc = verification.issue(
            kind="pelatihan.sertifikat",
            title=f"{context['program']} ({context['selesai']:%d-%m-%Y})",
            subject=context["nama"],
            issued_by=actor,
        )
        context["verifikasi"] = verification.pdf_context(doc)
        pdf = render_pdf("pelatihan/pdf/sertifikat.html", context)
        verification.seal(doc.code, pdf)
        p.sertifikat_file.save(f"sertifikat-{p.pegawai.nip}-{p.angkatan_id}.pdf", ContentFile(pdf), save=False)
        p.sertifikat_kode = doc.code
        p.save(update_fields=["sertifikat_file", "sertifikat_kode"])
        return p


def sertifikat_angkatan(*, angkatan_id: int, actor: User | None, progress=None) -> int:
    """Certificates for every graduate of a finished run that has none yet; returns how many exist."""
    ids = list(
        Pendaftaran.objects.filter(angkatan_id=angkatan_id, lulus=True, angkatan__status=Angkatan.Status.FINISHED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for i, pid in enumerate(ids, 1):
        sertifikat_render(pendaftaran_id=pid, actor=actor)
        if progress is not None:
            progress(i, len(ids))
    return len(ids)
