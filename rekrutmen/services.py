"""Writes of the recruitment workflow: atomic, validated, state-guarded, audited, tasks queued on commit.

Every domain failure is a ``RekrutmenError`` (HTTP 400 / a form error) with an Indonesian message naming
the value; nothing is half-written (each service is one transaction). State transitions that can race
(two panitia deciding, an applicant's double click) are conditional ``update()``s whose row count is
checked, followed by ``common.history.record_history`` so the step is in Lamaran's history with its
actor and note; plain saves are recorded by simple-history itself.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from common.api import DomainError
from common.history import record_history
from common.queue import enqueue
from rekrutmen import ranking, rules, scoring
from rekrutmen.models import Formasi, Lamaran, Pelamar, Seleksi

if TYPE_CHECKING:
    from pegawai.models import User

SANGGAH_HARI = 3  # calendar days from the administrasi announcement (rekrutmen.md §3)


class RekrutmenError(DomainError):
    pass


# --- registration -----------------------------------------------------------------------------------


@transaction.atomic
def pelamar_register(
    *,
    user: User,
    nik: str,
    nama: str,
    tanggal_lahir: dt.date,
    jenis_kelamin: str,
    email: str,
    tempat_lahir: str = "",
    nomor_hp: str = "",
) -> Pelamar:
    """Create the applicant identity of `user` (one per account, NIK unique and consistent with the
    birth date and sex). Raises RekrutmenError naming the field."""
    if user.pegawai_or_none is not None:
        raise RekrutmenError("Akun pegawai tidak dapat mendaftar sebagai pelamar; buat akun pelamar tersendiri.")
    if Pelamar.objects.filter(user=user).exists():
        raise RekrutmenError("Akun ini sudah terdaftar sebagai pelamar.")
    try:
        nik = rules.validasi_nik(nik, tanggal_lahir=tanggal_lahir, jenis_kelamin=jenis_kelamin)
    except ValueError as e:
        raise RekrutmenError(str(e), field="nik") from None
    if Pelamar.objects.filter(nik=nik).exists():
        raise RekrutmenError(f"NIK {nik} sudah terdaftar.", field="nik")
    try:
        with transaction.atomic():  # a concurrent registration of the same NIK hits the unique index
            return Pelamar.objects.create(
                user=user,
                nik=nik,
                nama=nama.strip(),
                tanggal_lahir=tanggal_lahir,
                jenis_kelamin=jenis_kelamin,
                email=email,
                tempat_lahir=tempat_lahir,
                nomor_hp=nomor_hp,
            )
    except IntegrityError:
        raise RekrutmenError(f"NIK {nik} sudah terdaftar.", field="nik") from None


@transaction.atomic
def lamaran_submit(
    *,
    pelamar: Pelamar,
    formasi: Formasi,
    client_token: uuid.UUID | str,
    pendidikan: str = "",
    ipk: Decimal | None = None,
    today: dt.date | None = None,
) -> Lamaran:
    """Submit `pelamar`'s one application to a seleksi. Idempotent on `client_token`: the same token
    returns the application it created (a double click or a retry), never a second one or an error.
    Checks the registration window and the age limit on the seleksi's reference date."""
    try:
        token = uuid.UUID(str(client_token))
    except ValueError:
        raise RekrutmenError("Token pengiriman tidak sah; muat ulang halaman.", field="client_token") from None
    existing = Lamaran.objects.filter(client_token=token).first()
    if existing is not None:
        if existing.pelamar_id != pelamar.pk:
            raise RekrutmenError("Token pengiriman tidak sah; muat ulang halaman.", field="client_token")
        return existing
    seleksi = formasi.seleksi
    today = today or timezone.localdate()
    if seleksi.status != Seleksi.Status.REGISTRATION:
        raise RekrutmenError(f"Pendaftaran {seleksi.nama} tidak sedang dibuka.", field="formasi")
    if (seleksi.pendaftaran_mulai and today < seleksi.pendaftaran_mulai) or (
        seleksi.pendaftaran_selesai and today > seleksi.pendaftaran_selesai
    ):
        raise RekrutmenError(f"Pendaftaran {seleksi.nama} ditutup pada tanggal ini.", field="formasi")
    acuan = seleksi.tanggal_acuan_usia or today
    alasan = rules.alasan_usia(pelamar.tanggal_lahir, acuan, jabatan_khusus=formasi.usia_maks_40)
    if alasan:
        raise RekrutmenError(f"Tidak memenuhi syarat usia: {alasan}.", field="formasi")
    if ipk is not None and not Decimal(0) <= ipk <= Decimal(100):
        raise RekrutmenError(f"IPK / rata-rata ijazah di luar rentang 0-100: {ipk}.", field="ipk")
    if Lamaran.objects.filter(seleksi=seleksi, pelamar=pelamar).exists():
        raise RekrutmenError(
            f"Anda sudah mengirim lamaran pada {seleksi.nama}; satu lamaran per seleksi.", field="formasi"
        )
    try:
        with transaction.atomic():
            return Lamaran.objects.create(
                seleksi=seleksi,
                formasi=formasi,
                pelamar=pelamar,
                client_token=token,
                pendidikan=pendidikan,
                ipk=ipk,
                status=Lamaran.Status.SUBMITTED,
                submitted_at=timezone.now(),
            )
    except IntegrityError:  # the same applicant's other tab won the race
        again = Lamaran.objects.filter(client_token=token).first()
        if again is not None:
            return again
        raise RekrutmenError(
            f"Anda sudah mengirim lamaran pada {seleksi.nama}; satu lamaran per seleksi.", field="formasi"
        ) from None


# --- seleksi administrasi and sanggah ---------------------------------------------------------------


@transaction.atomic
def lamaran_verifikasi(*, lamaran: Lamaran, actor: User, memenuhi: bool, alasan: str = "") -> Lamaran:
    """Record the administrasi result MS/TMS (TMS needs a reason). Allowed until the result is
    announced; after that only the sanggah decision changes it."""
    alasan = alasan.strip()
    if not memenuhi and not alasan:
        raise RekrutmenError("Alasan TMS wajib diisi.", field="alasan")
    if lamaran.seleksi.administrasi_published_at is not None:
        raise RekrutmenError("Hasil seleksi administrasi sudah diumumkan; perubahan hanya melalui sanggah.")
    status = Lamaran.Status.MS if memenuhi else Lamaran.Status.TMS
    changed = Lamaran.objects.filter(
        pk=lamaran.pk, status__in=[Lamaran.Status.SUBMITTED, Lamaran.Status.MS, Lamaran.Status.TMS]
    ).update(status=status, alasan_tms="" if memenuhi else alasan, diverifikasi_at=timezone.now())
    if changed != 1:
        raise RekrutmenError("Lamaran belum dikirim pelamar; tidak dapat diverifikasi.")
    record_history(Lamaran.objects.filter(pk=lamaran.pk), user=actor, reason=alasan)
    lamaran.refresh_from_db()
    return lamaran


@transaction.atomic
def administrasi_publish(*, seleksi: Seleksi, actor: User) -> Seleksi:
    """Announce the administrasi results (opens the sanggah window). Every submitted application must
    have been decided first."""
    if Lamaran.objects.filter(seleksi=seleksi, status=Lamaran.Status.SUBMITTED).exists():
        raise RekrutmenError("Masih ada lamaran yang belum diverifikasi (MS/TMS).")
    changed = Seleksi.objects.filter(pk=seleksi.pk, administrasi_published_at__isnull=True).update(
        administrasi_published_at=timezone.now()
    )
    if changed != 1:
        raise RekrutmenError("Hasil seleksi administrasi sudah diumumkan.")
    record_history(Seleksi.objects.filter(pk=seleksi.pk), user=actor, reason="pengumuman seleksi administrasi")
    seleksi.refresh_from_db()
    return seleksi


def sanggah_batas(seleksi: Seleksi) -> dt.date | None:
    """The last day (local) to file a sanggah: the announcement day plus 3 calendar days."""
    if seleksi.administrasi_published_at is None:
        return None
    return timezone.localdate(seleksi.administrasi_published_at) + dt.timedelta(days=SANGGAH_HARI)


@transaction.atomic
def sanggah_submit(*, lamaran: Lamaran, user: User, alasan: str) -> Lamaran:
    """The applicant's one sanggah against a TMS result, within 3 calendar days of the announcement."""
    alasan = alasan.strip()
    if not alasan:
        raise RekrutmenError("Alasan sanggah wajib diisi.", field="alasan")
    if lamaran.pelamar.user_id != user.pk:
        raise RekrutmenError("Sanggah hanya dapat diajukan oleh pelamar sendiri.")
    batas = sanggah_batas(lamaran.seleksi)
    if batas is None:
        raise RekrutmenError("Hasil seleksi administrasi belum diumumkan.")
    if timezone.localdate() > batas:
        raise RekrutmenError(f"Masa sanggah berakhir pada {batas:%d-%m-%Y}.")
    changed = Lamaran.objects.filter(pk=lamaran.pk, status=Lamaran.Status.TMS, sanggah_status="").update(
        sanggah_status=Lamaran.Sanggah.PENDING, sanggah_alasan=alasan, sanggah_at=timezone.now()
    )
    if changed != 1:
        lamaran.refresh_from_db()
        if lamaran.sanggah_status:
            raise RekrutmenError("Sanggah hanya dapat diajukan satu kali.")
        raise RekrutmenError("Sanggah hanya untuk lamaran yang dinyatakan TMS.")
    record_history(Lamaran.objects.filter(pk=lamaran.pk), user=user, reason=alasan)
    lamaran.refresh_from_db()
    return lamaran


@transaction.atomic
def sanggah_decide(*, lamaran: Lamaran, actor: User, diterima: bool, jawaban: str) -> Lamaran:
    """The panitia's answer to a pending sanggah; accepted turns the application MS."""
    jawaban = jawaban.strip()
    if not jawaban:
        raise RekrutmenError("Jawaban sanggah wajib diisi.", field="jawaban")
    values: dict = {
        "sanggah_status": Lamaran.Sanggah.ACCEPTED if diterima else Lamaran.Sanggah.REJECTED,
        "sanggah_jawaban": jawaban,
    }
    if diterima:
        values.update(status=Lamaran.Status.MS, alasan_tms="")
    changed = Lamaran.objects.filter(
        pk=lamaran.pk, status=Lamaran.Status.TMS, sanggah_status=Lamaran.Sanggah.PENDING
    ).update(**values)
    if changed != 1:
        raise RekrutmenError("Tidak ada sanggah yang menunggu keputusan pada lamaran ini.")
    record_history(Lamaran.objects.filter(pk=lamaran.pk), user=actor, reason=jawaban)
    lamaran.refresh_from_db()
    return lamaran


# --- scores, ranking, publication -------------------------------------------------------------------


def _published_guard(seleksi: Seleksi, published_at: dt.datetime | None, alasan: str, tahap: str) -> None:
    if published_at is not None and not alasan.strip():
        raise RekrutmenError(
            f"Hasil {tahap} sudah diumumkan dan tidak dapat diubah; koreksi wajib menyertakan alasan.",
            field="alasan",
        )


@transaction.atomic
def skd_score_set(*, lamaran: Lamaran, actor: User, twk: object, tiu: object, tkp: object, alasan: str = "") -> Lamaran:
    """Enter (or correct) an MS application's SKD sub-scores, each checked against the cycle's range and
    step. After the SKD results are published this is a correction: it needs a reason, which is kept
    in the history with the actor."""
    seleksi = Seleksi.objects.select_related("parameter").get(pk=lamaran.seleksi_id)
    _published_guard(seleksi, seleksi.skd_published_at, alasan, "SKD")
    try:
        twk, tiu, tkp = scoring.validasi_skd(twk, tiu, tkp, seleksi.parameter.as_rules())
    except ValueError as e:
        raise RekrutmenError(str(e)) from None
    changed = Lamaran.objects.filter(pk=lamaran.pk, status=Lamaran.Status.MS).update(twk=twk, tiu=tiu, tkp=tkp)
    if changed != 1:
        raise RekrutmenError("Nilai SKD hanya untuk lamaran yang memenuhi syarat (MS).")
    record_history(Lamaran.objects.filter(pk=lamaran.pk), user=actor, reason=alasan.strip() or "nilai SKD")
    lamaran.refresh_from_db()
    return lamaran


@transaction.atomic
def skb_score_set(*, lamaran: Lamaran, actor: User, skb: object, alasan: str = "") -> Lamaran:
    """Enter (or, after the final publication, correct with a reason) the SKB score of one who went to SKB."""
    seleksi = lamaran.seleksi
    _published_guard(seleksi, seleksi.akhir_published_at, alasan, "akhir")
    try:
        nilai = Decimal(str(skb))
    except (InvalidOperation, ValueError):
        raise RekrutmenError(f"nilai SKB tidak sah: {skb!r}", field="skb") from None
    if not nilai.is_finite() or not Decimal(0) <= nilai <= seleksi.skb_maks or nilai != round(nilai, 2):
        raise RekrutmenError(f"nilai SKB di luar rentang 0-{seleksi.skb_maks} (2 desimal): {skb}", field="skb")
    changed = Lamaran.objects.filter(pk=lamaran.pk, status=Lamaran.Status.MS, ke_skb=True).update(skb=nilai)
    if changed != 1:
        raise RekrutmenError("Nilai SKB hanya untuk peserta yang lolos ke SKB.", field="skb")
    record_history(Lamaran.objects.filter(pk=lamaran.pk), user=actor, reason=alasan.strip() or "nilai SKB")
    lamaran.refresh_from_db()
    return lamaran


TAHAP_SKD = "skd"
TAHAP_AKHIR = "akhir"


def ranking_run(*, seleksi: Seleksi, actor: User, tahap: str, alasan: str = "", chunks: int = 8) -> int:
    """Queue the ranking of one stage: one Celery task per formasi id range (ranking.formasi_ranges),
    on commit. After publication a rerun is a correction and needs a reason (recorded on the seleksi).
    Returns the number of tasks queued."""
    from rekrutmen.tasks import ranking_task  # local: tasks import services

    if tahap not in (TAHAP_SKD, TAHAP_AKHIR):
        raise RekrutmenError(f"tahap tidak dikenal: {tahap!r}")
    published = seleksi.skd_published_at if tahap == TAHAP_SKD else seleksi.akhir_published_at
    _published_guard(seleksi, published, alasan, "SKD" if tahap == TAHAP_SKD else "akhir")
    ranges = ranking.formasi_ranges(seleksi, chunks)
    with transaction.atomic():
        if published is not None:
            record_history(
                Seleksi.objects.filter(pk=seleksi.pk), user=actor, reason=f"koreksi {tahap}: {alasan.strip()}"
            )
        for lo, hi in ranges:  # outbox: a dead broker never loses a chunk
            enqueue(ranking_task, seleksi.pk, tahap, lo, hi)
    return len(ranges)


def ranking_apply(*, seleksi_id: int, tahap: str, formasi_range: tuple[int, int]) -> int:
    """Rank one range of formasi (the task's body); writes the same values when run twice."""
    seleksi = Seleksi.objects.select_related("parameter").filter(pk=seleksi_id).first()
    if seleksi is None:
        return 0
    if tahap == TAHAP_SKD:
        return ranking.skd_ranking_apply(seleksi=seleksi, formasi_range=formasi_range)
    return ranking.final_ranking_apply(seleksi=seleksi, formasi_range=formasi_range)


@transaction.atomic
def hasil_publish(*, seleksi: Seleksi, actor: User, tahap: str) -> Seleksi:
    """Publish the SKD or final results: from now on they change only by a correction with a reason.
    Refused while a scored application has not been ranked."""
    if tahap == TAHAP_SKD:
        unranked = Q(status=Lamaran.Status.MS, twk__isnull=False, lulus_skd__isnull=True)
        field = "skd_published_at"
    elif tahap == TAHAP_AKHIR:
        if seleksi.skd_published_at is None:
            raise RekrutmenError("Hasil SKD harus diumumkan sebelum hasil akhir.")
        unranked = Q(status=Lamaran.Status.MS, ke_skb=True, skb__isnull=False, peringkat_akhir__isnull=True)
        field = "akhir_published_at"
    else:
        raise RekrutmenError(f"tahap tidak dikenal: {tahap!r}")
    if Lamaran.objects.filter(unranked, seleksi=seleksi).exists():
        raise RekrutmenError("Peringkat belum dihitung untuk semua peserta; jalankan pemeringkatan dulu.")
    changed = Seleksi.objects.filter(pk=seleksi.pk, **{f"{field}__isnull": True}).update(**{field: timezone.now()})
    if changed != 1:
        raise RekrutmenError("Hasil tahap ini sudah diumumkan.")
    record_history(Seleksi.objects.filter(pk=seleksi.pk), user=actor, reason=f"pengumuman {tahap}")
    seleksi.refresh_from_db()
    return seleksi


# --- SKD CAT import ---------------------------------------------------------------------------------


@dataclass
class SkdImportHasil:
    rows: int
    errors: list  # [BarisError]
    applied: bool


def skd_import(*, seleksi: Seleksi, actor: User, content: bytes, nama_berkas: str, dry_run: bool) -> SkdImportHasil:
    """Import SKD CAT results for the applications `actor` manages in `seleksi`: every row checked
    (known MS participant number, not twice in the file, each sub-score on its range and step), then,
    unless `dry_run` or any row failed, one set-based UPDATE and one history INSERT in a transaction:
    all rows or none."""
    from rekrutmen.permissions import formasi_managed_q
    from rekrutmen.resources import BarisError, baca_berkas

    if seleksi.skd_published_at is not None:
        raise RekrutmenError("Hasil SKD sudah diumumkan; koreksi nilai dilakukan per peserta dengan alasan.")
    berkas = baca_berkas(content, nama_berkas)
    errors = list(berkas.errors)
    parameter = seleksi.parameter.as_rules()
    nomor = [r.nomor_peserta for r in berkas.rows]
    known = dict(
        Lamaran.objects.filter(
            formasi_managed_q(actor, prefix="formasi__"), seleksi=seleksi, nomor_peserta__in=nomor
        ).values_list("nomor_peserta", "status")
    )
    seen: set[str] = set()
    values: list[tuple[str, int, int, int]] = []
    for r in berkas.rows:
        if not r.nomor_peserta:
            errors.append(BarisError(r.baris, "nomor_peserta", "nomor peserta kosong"))
            continue
        if r.nomor_peserta in seen:
            errors.append(BarisError(r.baris, "nomor_peserta", f"nomor peserta {r.nomor_peserta} muncul dua kali"))
            continue
        seen.add(r.nomor_peserta)
        if r.nomor_peserta not in known:
            errors.append(
                BarisError(r.baris, "nomor_peserta", f"nomor peserta {r.nomor_peserta} tidak dikenal di seleksi ini")
            )
            continue
        if known[r.nomor_peserta] != Lamaran.Status.MS:
            errors.append(BarisError(r.baris, "nomor_peserta", f"peserta {r.nomor_peserta} tidak berstatus MS"))
            continue
        try:
            values.append((r.nomor_peserta, *scoring.validasi_skd(r.twk, r.tiu, r.tkp, parameter)))
        except ValueError as e:
            kolom = str(e).split()[1].lower() if str(e).startswith("nilai ") else ""
            errors.append(BarisError(r.baris, kolom, str(e)))
    if errors or dry_run or not values:
        return SkdImportHasil(rows=len(berkas.rows), errors=errors, applied=False)
    from django.db import connection

    with transaction.atomic():
        placeholders = ", ".join(["(%s, %s, %s, %s)"] * len(values))
        with connection.cursor() as cur:
            cur.execute(
                f"""UPDATE {Lamaran._meta.db_table} l SET twk = v.twk, tiu = v.tiu, tkp = v.tkp
                    FROM (VALUES {placeholders}) AS v(nomor, twk, tiu, tkp)
                    WHERE l.seleksi_id = %s AND l.nomor_peserta = v.nomor AND l.status = %s""",
                [x for row in values for x in row] + [seleksi.pk, Lamaran.Status.MS],
            )
            if cur.rowcount != len(values):  # a row changed status meanwhile: nothing is kept
                raise RekrutmenError("Data peserta berubah selama impor; ulangi impor.")
        record_history(
            Lamaran.objects.filter(seleksi=seleksi, nomor_peserta__in=[v[0] for v in values]),
            user=actor,
            reason=f"impor SKD {nama_berkas}",
        )
    return SkdImportHasil(rows=len(berkas.rows), errors=[], applied=True)
