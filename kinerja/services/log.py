"""Daily logs (LogHarian): create (idempotent by client_token), edit, delete, submit, and the atasan's
bulk approve/reject. Every write is atomic; evidence files are checked before anything is saved.

Domain rules checked here (messages in Bahasa Indonesia, raised as ValidationError with field keys):
- the RHK belongs to the pegawai's own SKP IN FORCE (kinerja.selectors.skp.skp_in_force_q) of the
  performance year covering the date;
- the date is not in the future (Asia/Jakarta) and its periodic window and year are open;
- output >= 0, end time after start time;
- approved logs are locked; only the owner edits, only the direct atasan (or Plt/Plh) reviews.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.format import tanggal
from common.history import record_history
from common.notify import Pesan, notification_language, notify
from kinerja.models import DelegasiPersetujuan, LogHarian, PeriodeEvaluasi, Rhk, Skp
from kinerja.permissions import LOG_EDITABLE_STATUSES, can_edit_log, is_log_owner, log_reviewer_ids
from kinerja.selectors.delegasi import atasan_ids_for
from kinerja.selectors.log import window_for, window_is_open
from kinerja.selectors.skp import skp_in_force_q
from kinerja.services import bukti as bukti_service
from kinerja.services.errors import StateError
from pegawai.models import Pegawai

MAX_BULK = 500
EDITABLE_FIELDS = (
    "tanggal",
    "rhk",
    "kegiatan",
    "output_jumlah",
    "output_satuan",
    "jam_mulai",
    "jam_selesai",
    "link_bukti",
)


@dataclass
class LogData:
    """Typed input of a log (forms and serializers parse; this service enforces the domain rules)."""

    tanggal: dt.date
    rhk_id: int | None
    kegiatan: str
    output_jumlah: Decimal
    jam_mulai: dt.time
    jam_selesai: dt.time
    output_satuan: str = ""
    link_bukti: str = ""

    @classmethod
    def from_dict(cls, data: dict) -> LogData:
        rhk = data.get("rhk_id", data.get("rhk"))
        return cls(
            tanggal=data["tanggal"],
            rhk_id=getattr(rhk, "pk", rhk),
            kegiatan=(data.get("kegiatan") or "").strip(),
            output_jumlah=Decimal(data.get("output_jumlah") if data.get("output_jumlah") is not None else 0),
            jam_mulai=data["jam_mulai"],
            jam_selesai=data["jam_selesai"],
            output_satuan=(data.get("output_satuan") or "").strip(),
            link_bukti=(data.get("link_bukti") or "").strip(),
        )


def _skp_in_force(skp_id) -> Exists:
    """Whether the SKP `skp_id` is the one in force: logs go to the approved version even while a
    new version is being drafted (see kinerja.selectors.skp.skp_in_force_q)."""
    return Exists(Skp.objects.filter(skp_in_force_q(), pk=skp_id))


def _validate(*, pegawai: Pegawai, data: LogData, today: dt.date | None = None) -> tuple[Rhk, PeriodeEvaluasi]:
    """All domain checks of a log's content; collects every field error before raising."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = defaultdict(list)
    if not data.kegiatan:
        errors["kegiatan"].append(_("Uraian kegiatan wajib diisi."))
    if data.output_jumlah < 0:
        errors["output_jumlah"].append(_("Jumlah output tidak boleh negatif."))
    if data.jam_selesai <= data.jam_mulai:
        errors["jam_selesai"].append(_("Jam selesai harus setelah jam mulai."))
    if data.link_bukti:
        try:
            URLValidator(schemes=["http", "https"])(data.link_bukti)
        except ValidationError:
            errors["link_bukti"].append(_("Tautan bukti dukung bukan URL yang valid."))
    window = None
    if data.tanggal > today:
        errors["tanggal"].append(
            _("Tanggal log tidak boleh di masa depan (hari ini %(hari)s).") % {"hari": tanggal(today)}
        )
    else:
        window = window_for(pegawai.instansi_id, data.tanggal)
        if window is None:
            errors["tanggal"].append(_("Belum ada periode kinerja instansi yang mencakup tanggal ini."))
        elif not window_is_open(window):
            errors["tanggal"].append(
                _("Periode %(label)s sudah ditutup; log untuk tanggal ini tidak dapat dibuat atau diubah.")
                % {"label": window.label}
            )
    rhk = None
    if not data.rhk_id:
        errors["rhk"].append(_("Pilih RHK yang didukung kegiatan ini."))
    else:
        rhk = (
            Rhk.objects.select_related("skp")
            .annotate(skp_in_force=_skp_in_force(OuterRef("skp_id")))
            .filter(pk=data.rhk_id)
            .first()
        )
        if rhk is None:
            errors["rhk"].append(_("RHK tidak ditemukan."))
        elif rhk.skp.pegawai_id != pegawai.pk:
            errors["rhk"].append(_("RHK ini bukan bagian dari SKP Anda."))
        elif not rhk.skp_in_force:
            errors["rhk"].append(_("RHK ini berasal dari versi SKP yang sudah tidak berlaku."))
        elif window is not None and rhk.skp.periode_id != window.periode_id:
            errors["rhk"].append(_("RHK ini bukan dari SKP tahun kinerja tanggal tersebut."))
    if errors:
        raise ValidationError(dict(errors))
    return rhk, window


def _atasan_user_ids(pegawai: Pegawai, on_date: dt.date) -> list[int]:
    """The atasan's account and those of their active Plt/Plh (who approve in their place)."""
    if pegawai.atasan_id is None:
        return []
    ids = set(
        DelegasiPersetujuan.objects.filter(
            atasan_id=pegawai.atasan_id, mulai__lte=on_date, selesai__gte=on_date, penerima__user__isnull=False
        ).values_list("penerima__user_id", flat=True)
    )
    atasan_user = Pegawai.objects.filter(pk=pegawai.atasan_id).values_list("user_id", flat=True).first()
    if atasan_user:
        ids.add(atasan_user)
    return sorted(ids)


@notification_language()
def _notify_submitted(pegawai: Pegawai, logs: Sequence[LogHarian]) -> None:
    if not logs:
        return
    stamp = max(log.submitted_at for log in logs).isoformat()
    n = len(logs)
    judul = (
        _("%(nama)s mengirim log harian %(tgl)s") % {"nama": pegawai.nama, "tgl": tanggal(logs[0].tanggal)}
        if n == 1
        else ngettext("%(nama)s mengirim %(n)d log harian", "%(nama)s mengirim %(n)d log harian", n)
        % {"nama": pegawai.nama, "n": n}
    )
    notify(
        [
            Pesan(
                user_id=uid,
                jenis="log_dikirim",
                judul=judul,
                pesan=_("Menunggu persetujuan Anda di antrean log harian."),
                url=reverse("kinerja:log_queue"),
                dedup_key=f"log-dikirim:{pegawai.pk}:{min(log.pk for log in logs)}:{n}:{stamp}",
            )
            for uid in _atasan_user_ids(pegawai, timezone.localdate())
        ]
    )


def log_create(
    *,
    pegawai: Pegawai,
    data: LogData,
    client_token: uuid.UUID | None = None,
    files: Sequence[UploadedFile] = (),
    kirim: bool = False,
    today: dt.date | None = None,
) -> tuple[LogHarian, bool]:
    """Create a log (draft, or submitted when `kirim`) with its evidence files.

    Idempotent per (pegawai, client_token): a repeated call (double click, retry after a timeout,
    re-posted form) returns the existing log and `False`, storing nothing new. Raises
    ValidationError (field errors) and saves nothing when any rule or any file fails.
    """
    token = client_token or uuid.uuid4()
    existing = LogHarian.objects.filter(pegawai=pegawai, client_token=token).first()
    if existing is not None:
        return existing, False
    rhk, _window = _validate(pegawai=pegawai, data=data, today=today)
    if kirim and pegawai.atasan_id is None:
        raise ValidationError(
            {"__all__": [_("Anda belum memiliki atasan langsung tercatat; hubungi admin kepegawaian.")]}
        )
    checked = bukti_service.check_files(list(files))
    now = timezone.now()
    with bukti_service.FilesGuard() as guard, transaction.atomic():
        try:
            # The savepoint lets a concurrent twin's INSERT fail alone and be answered with the row
            # that won the race, instead of breaking the surrounding transaction.
            with transaction.atomic():
                log = LogHarian(
                    pegawai=pegawai,
                    rhk=rhk,
                    tanggal=data.tanggal,
                    kegiatan=data.kegiatan,
                    output_jumlah=data.output_jumlah,
                    output_satuan=data.output_satuan,
                    jam_mulai=data.jam_mulai,
                    jam_selesai=data.jam_selesai,
                    link_bukti=data.link_bukti,
                    client_token=token,
                    status=LogHarian.Status.SUBMITTED if kirim else LogHarian.Status.DRAFT,
                    submitted_at=now if kirim else None,
                )
                log._history_user = pegawai.user  # also outside a request (API token, task)
                log.save(force_insert=True)
        except IntegrityError:
            existing = LogHarian.objects.filter(pegawai=pegawai, client_token=token).first()
            if existing is None:
                raise
            return existing, False
        bukti_service.attach_to_log(log=log, checked=checked, actor=pegawai, guard=guard)
        if kirim:
            _notify_submitted(pegawai, [log])
    return log, True


def _lock_own_editable(log: LogHarian, actor: Pegawai) -> LogHarian:
    """Re-read the log under a row lock and check the owner may still change it."""
    locked = LogHarian.objects.select_for_update().select_related("pegawai").get(pk=log.pk)
    if locked.pegawai_id != actor.pk:
        raise PermissionDenied(_("Hanya pemilik log yang dapat mengubahnya."))
    if not can_edit_log(actor, locked):
        raise StateError(_("Log yang sudah dikirim atau disetujui terkunci dan tidak dapat diubah."))
    return locked


def log_update(
    *,
    log: LogHarian,
    actor: Pegawai,
    data: LogData,
    files: Sequence[UploadedFile] = (),
    today: dt.date | None = None,
) -> LogHarian:
    """Edit a draft or rejected log (content and extra evidence). Raises PermissionDenied, StateError,
    ValidationError; nothing is saved on error."""
    checked = bukti_service.check_files(list(files))
    with bukti_service.FilesGuard() as guard, transaction.atomic():
        log = _lock_own_editable(log, actor)
        # The window of the log's current date must be open too: moving a log out of a closed
        # window would change that window's record.
        old_window = window_for(actor.instansi_id, log.tanggal)
        if old_window is not None and not window_is_open(old_window):
            raise StateError(_("Periode %(label)s sudah ditutup.") % {"label": old_window.label})
        rhk, _window = _validate(pegawai=actor, data=data, today=today)
        if checked and len(checked) + log.bukti.count() > bukti_service.MAX_FILES:
            raise ValidationError(
                {"files": [_("Maksimal %(n)d berkas bukti dukung per log.") % {"n": bukti_service.MAX_FILES}]}
            )
        log.rhk = rhk
        log.tanggal = data.tanggal
        log.kegiatan = data.kegiatan
        log.output_jumlah = data.output_jumlah
        log.output_satuan = data.output_satuan
        log.jam_mulai = data.jam_mulai
        log.jam_selesai = data.jam_selesai
        log.link_bukti = data.link_bukti
        log._history_user = actor.user
        log.save(update_fields=[*EDITABLE_FIELDS, "updated_at"])
        bukti_service.attach_to_log(log=log, checked=checked, actor=actor, guard=guard)
    return log


def _as_data(log: LogHarian) -> dict:
    return {f: getattr(log, f if f != "rhk" else "rhk_id") for f in EDITABLE_FIELDS}


def log_add_bukti(*, log: LogHarian, actor: Pegawai, files: Sequence[UploadedFile]) -> list:
    """Add evidence files to the owner's draft or rejected log (approved logs are locked)."""
    if not files:
        raise ValidationError({"files": [_("Pilih minimal satu berkas.")]})
    with bukti_service.FilesGuard() as guard, transaction.atomic():
        log = _lock_own_editable(log, actor)
        checked = bukti_service.check_files(list(files), already=log.bukti.count())
        return bukti_service.attach_to_log(log=log, checked=checked, actor=actor, guard=guard)


def log_remove_bukti(*, log: LogHarian, actor: Pegawai, bukti_id: int) -> None:
    with transaction.atomic():
        log = _lock_own_editable(log, actor)
        bukti = log.bukti.filter(pk=bukti_id).first()
        if bukti is None:
            raise ValidationError({"bukti": [_("Bukti dukung tidak ditemukan pada log ini.")]})
        bukti_service.bukti_delete(bukti=bukti)


@transaction.atomic
def log_delete(*, log: LogHarian, actor: Pegawai) -> None:
    """Delete a draft or rejected log with its evidence (files removed after commit)."""
    log = _lock_own_editable(log, actor)
    for bukti in log.bukti.all():
        bukti_service.bukti_delete(bukti=bukti)
    log.delete()


def log_submit(*, actor: Pegawai, ids: Iterable[int], today: dt.date | None = None) -> list[LogHarian]:
    """Send the owner's draft/rejected logs to the atasan (one conditional UPDATE), notify the atasan
    (and Plt/Plh). Logs in a closed window or dated in the future are refused with the reason."""
    ids = {int(i) for i in ids}
    if not ids:
        raise ValidationError({"ids": [_("Pilih minimal satu log.")]})
    if len(ids) > MAX_BULK:
        raise ValidationError({"ids": [_("Maksimal %(n)d log sekali kirim.") % {"n": MAX_BULK}]})
    today = today or timezone.localdate()
    with transaction.atomic():
        logs = list(LogHarian.objects.select_for_update().filter(pk__in=ids).order_by("tanggal", "id"))
        # Ownership first: someone else's log (or an unknown id, answered alike) is a 403 whatever
        # the actor's own situation, e.g. an atasan with no atasan of their own.
        if len(logs) != len(ids) or any(not is_log_owner(actor, log) for log in logs):
            raise PermissionDenied(_("Hanya log milik Anda sendiri yang dapat dikirim."))
        if actor.atasan_id is None:
            raise ValidationError(
                {"__all__": [_("Anda belum memiliki atasan langsung tercatat; hubungi admin kepegawaian.")]}
            )
        not_editable = [log for log in logs if log.status not in LOG_EDITABLE_STATUSES]
        if not_editable:
            raise StateError(
                _("Log tanggal %(tgl)s sudah dikirim atau disetujui.") % {"tgl": tanggal(not_editable[0].tanggal)}
            )
        _check_still_valid(logs, today)
        now = timezone.now()
        LogHarian.objects.filter(pk__in=ids, status__in=LOG_EDITABLE_STATUSES, pegawai=actor).update(
            status=LogHarian.Status.SUBMITTED, submitted_at=now, updated_at=now
        )
        # The UPDATE bypasses signals: one history row per log, two queries for any batch.
        record_history(LogHarian.objects.filter(pk__in=ids), user=actor.user)
        for log in logs:
            log.status, log.submitted_at = LogHarian.Status.SUBMITTED, now
        _notify_submitted(actor, logs)
    return logs


def _check_still_valid(logs: list[LogHarian], today: dt.date) -> None:
    """What may have changed since the drafts were saved, checked for all logs in two queries: the
    window closed, or the SKP was revised (its RHK no longer current). Content rules were checked
    on save and cannot have changed."""
    rows = list(
        LogHarian.objects.filter(pk__in=[log.pk for log in logs])
        .annotate(skp_in_force=_skp_in_force(OuterRef("rhk__skp_id")))
        .values("pk", "tanggal", "skp_in_force", "rhk__skp__periode_id")
    )
    windows = _windows_by_log(rows)
    for r in sorted(rows, key=lambda r: r["tanggal"]):
        w = windows[r["pk"]]
        if r["tanggal"] > today:
            raise ValidationError(
                {"tanggal": [_("Log tanggal %(tgl)s berada di masa depan.") % {"tgl": tanggal(r["tanggal"])}]}
            )
        if w is None or not window_is_open(w):
            raise ValidationError(
                {
                    "tanggal": [
                        _("Periode log tanggal %(tgl)s sudah ditutup; log tidak dapat dikirim.")
                        % {"tgl": tanggal(r["tanggal"])}
                    ]
                }
            )
        if not r["skp_in_force"]:
            raise ValidationError(
                {"rhk": [_("RHK log tanggal %(tgl)s berasal dari versi SKP yang sudah tidak berlaku; ubah RHK-nya.")
                         % {"tgl": tanggal(r["tanggal"])}]}
            )  # fmt: skip


@dataclass
class ReviewResult:
    """Outcome of a bulk review: how many rows changed, which, and why others were skipped."""

    changed: int
    ids: list[int] = field(default_factory=list)
    skipped: dict[int, str] = field(default_factory=dict)


def _windows_by_log(rows: list[dict]) -> dict[int, PeriodeEvaluasi | None]:
    """The window of each log row (by its SKP's performance year), in one query."""
    windows = list(
        PeriodeEvaluasi.objects.select_related("periode").filter(
            periode_id__in={r["rhk__skp__periode_id"] for r in rows}
        )
    )
    out: dict[int, PeriodeEvaluasi | None] = {}
    for r in rows:
        out[r["pk"]] = next(
            (w for w in windows if w.periode_id == r["rhk__skp__periode_id"] and w.mulai <= r["tanggal"] <= w.selesai),
            None,
        )
    return out


def log_review(
    *, actor: Pegawai, ids: Iterable[int], approve: bool, catatan: str = "", today: dt.date | None = None
) -> ReviewResult:
    """Approve or reject many submitted logs at once.

    One conditional UPDATE (status submitted -> approved/rejected, WHERE pk IN ids AND owner's atasan
    is the actor or someone the actor substitutes for). Its WHERE touches only the log table, so on
    PostgreSQL a concurrent twin blocks on the row lock, re-checks `status` after the first commits and
    changes nothing: no log is approved twice. Approval recomputes the affected realisasi
    (set-based) and notifies each owner once per batch.

    Raises ValidationError (no ids, too many, unknown ids, missing reason for a rejection),
    PermissionDenied (a log of someone the actor does not supervise: nothing is changed) and
    StateError (none of the logs could be changed any more, e.g. already approved).
    """
    from kinerja.services.realisasi import realisasi_refresh  # realisasi imports this module's peers

    ids = {int(i) for i in ids}
    catatan = (catatan or "").strip()
    if not ids:
        raise ValidationError({"ids": [_("Pilih minimal satu log.")]})
    if len(ids) > MAX_BULK:
        raise ValidationError({"ids": [_("Maksimal %(n)d log sekali proses.") % {"n": MAX_BULK}]})
    if not approve and not catatan:
        raise ValidationError({"catatan": [_("Tuliskan alasan penolakan agar pegawai dapat memperbaikinya.")]})
    today = today or timezone.localdate()
    reviewer_ids = log_reviewer_ids(actor, atasan_ids_for(actor, today))
    new_status = LogHarian.Status.APPROVED if approve else LogHarian.Status.REJECTED
    with transaction.atomic():
        rows = list(
            LogHarian.objects.filter(pk__in=ids).values(
                "pk", "status", "tanggal", "pegawai_id", "pegawai__atasan_id", "rhk__skp_id", "rhk__skp__periode_id"
            )
        )
        # Unknown ids and logs of someone the actor does not review get the same answer (as in
        # log_submit), so a batch is no existence oracle; nothing is changed.
        missing = ids - {r["pk"] for r in rows}
        if missing or any(r["pegawai__atasan_id"] not in reviewer_ids for r in rows):
            raise PermissionDenied(
                _("Sebagian log tidak ditemukan atau Anda bukan atasan langsung (atau Plt/Plh) pemiliknya.")
            )
        windows = _windows_by_log(rows)
        skipped: dict[int, str] = {}
        eligible = []
        for r in rows:
            w = windows[r["pk"]]
            if r["status"] != LogHarian.Status.SUBMITTED:
                skipped[r["pk"]] = _("tidak dalam status dikirim")
            elif approve and (w is None or not window_is_open(w)):
                skipped[r["pk"]] = _("periode sudah ditutup")
            else:
                eligible.append(r["pk"])
        changed = 0
        now = timezone.now()
        if eligible:
            changed = LogHarian.objects.filter(
                pk__in=eligible,
                status=LogHarian.Status.SUBMITTED,
                pegawai_id__in=Pegawai.objects.filter(atasan_id__in=reviewer_ids).values("pk"),
            ).update(status=new_status, reviewed_by=actor, reviewed_at=now, catatan_atasan=catatan, updated_at=now)
        if changed == 0:
            reason = next(iter(skipped.values()), _("sudah diproses"))
            raise StateError(_("Tidak ada log yang dapat diproses: %(alasan)s.") % {"alasan": reason})
        done = list(
            LogHarian.objects.filter(pk__in=eligible, status=new_status, reviewed_by=actor, reviewed_at=now).values(
                "pk", "pegawai_id", "pegawai__user_id", "rhk__skp_id", "tanggal"
            )
        )
        for pk in set(eligible) - {d["pk"] for d in done}:
            skipped[pk] = _("sudah diproses oleh orang lain")
        # One history row per reviewed log carrying the note, so a rejection's reason survives the
        # next review overwriting catatan_atasan; set-based (one SELECT, one INSERT) for any batch.
        record_history(LogHarian.objects.filter(pk__in=[d["pk"] for d in done]), user=actor.user, reason=catatan)
        if approve:
            by_window: dict[int, set[int]] = defaultdict(set)
            window_obj = {}
            for d in done:
                w = windows[d["pk"]]
                by_window[w.pk].add(d["rhk__skp_id"])
                window_obj[w.pk] = w
            for wid, skp_ids in by_window.items():
                realisasi_refresh(skp_ids=skp_ids, window=window_obj[wid], user=actor.user)
        _notify_reviewed(done, approve=approve, catatan=catatan, stamp=now)
    return ReviewResult(changed=len(done), ids=sorted(d["pk"] for d in done), skipped=skipped)


@notification_language()
def _notify_reviewed(done: list[dict], *, approve: bool, catatan: str, stamp: dt.datetime) -> None:
    per_user: dict[int, list[dict]] = defaultdict(list)
    for d in done:
        if d["pegawai__user_id"]:
            per_user[d["pegawai__user_id"]].append(d)
    jenis = "log_disetujui" if approve else "log_ditolak"
    messages = []
    for uid, items in per_user.items():
        n = len(items)
        if approve:
            judul = ngettext("%(n)d log harian Anda disetujui", "%(n)d log harian Anda disetujui", n) % {"n": n}
        else:
            judul = ngettext("%(n)d log harian Anda dikembalikan", "%(n)d log harian Anda dikembalikan", n) % {"n": n}
        messages.append(
            Pesan(
                user_id=uid,
                jenis=jenis,
                judul=judul,
                pesan=catatan,
                url=reverse("kinerja:log_list") if n > 1 else reverse("kinerja:log_detail", args=[items[0]["pk"]]),
                dedup_key=f"{jenis}:{min(i['pk'] for i in items)}:{n}:{stamp.isoformat()}",
            )
        )
    notify(messages)
