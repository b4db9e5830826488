"""Writes of SKP planning: create/edit (nested RHK + indikator), workflow, versions, quick start
(copy last year, templates pushed per jabatan), ekspektasi khusus, koreksi atasan, PDF rendering.

Racy transitions are conditional UPDATEs with a row-count check (STYLE §3); batch work is set-based.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Max, TextField, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.notify import Pesan, notify
from common.queue import enqueue
from kinerja import rules
from kinerja.models import (
    Indikator,
    KoreksiAtasan,
    PerilakuKerja,
    Periode,
    Rhk,
    Skp,
    SkpTemplate,
)
from kinerja.services.errors import KinerjaError, StateError
from pegawai import rules as pegawai_rules
from pegawai.models import Pegawai, User
from pegawai.permissions import skp_penilai_ids

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


# --- validation of nested RHK + indikator -------------------------------------------------------


def _decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({"target_angka": [_("Target harus berupa angka.")]}) from None
    if not d.is_finite() or abs(d) >= Decimal("1e12"):
        raise ValidationError({"target_angka": [_("Target harus berupa angka.")]})
    return d


def _clean_indikator(raw: dict) -> dict:
    aspek = raw.get("aspek") or rules.Aspek.KUANTITAS
    if aspek not in rules.Aspek.values:
        raise ValidationError({"aspek": [_("Aspek tidak dikenal.")]})
    deskripsi = (raw.get("deskripsi") or "").strip()
    if not deskripsi:
        raise ValidationError({"indikator": [_("Indikator kinerja individu wajib diisi.")]})
    angka = _decimal(raw.get("target_angka"))
    if angka is not None and angka < 0:
        raise ValidationError({"target_angka": [_("Target tidak boleh negatif.")]})
    teks = (raw.get("target_teks") or "").strip()[:255]
    if angka is None and not teks:
        raise ValidationError({"target": [_("Isi target berupa angka dan satuan, atau pernyataan kualitatif.")]})
    return {
        "id": _opt_id(raw.get("id")),
        "aspek": aspek,
        "deskripsi": deskripsi,
        "target_angka": angka,
        "satuan": (raw.get("satuan") or "").strip()[:50],
        "target_teks": teks,
    }


def _opt_id(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _valid_rhk_atasan_ids(skp: Skp) -> set[int]:
    """RHK the SKP may intervene: those of the current SKP of its pejabat penilai, same periode."""
    if not skp.pejabat_penilai_id:
        return set()
    return set(
        Rhk.objects.filter(
            skp__pegawai_id=skp.pejabat_penilai_id, skp__periode_id=skp.periode_id, skp__is_current=True
        ).values_list("pk", flat=True)
    )


def _clean_rhk_list(skp: Skp, items: list[dict]) -> list[dict]:
    if not isinstance(items, list | tuple):
        raise ValidationError({"rhk": [_("Daftar RHK tidak valid.")]})
    if len(items) > MAX_RHK:
        raise ValidationError({"rhk": [_("Terlalu banyak RHK.")]})
    jpt = is_jpt(skp.jabatan)
    allowed = None
    cleaned = []
    for raw in items:
        jenis = raw.get("jenis") or rules.JenisRhk.UTAMA
        if jenis not in rules.JenisRhk.values:
            raise ValidationError({"jenis": [_("Jenis RHK tidak dikenal.")]})
        deskripsi = (raw.get("deskripsi") or "").strip()
        if not deskripsi:
            raise ValidationError({"rhk": [_("Rencana hasil kerja wajib diisi.")]})
        rhk_atasan_id = raw.get("rhk_atasan") or raw.get("rhk_atasan_id") or None
        perspektif = (raw.get("perspektif") or "").strip()
        if jpt:
            if rhk_atasan_id:
                raise ValidationError(
                    {"rhk_atasan": [_("RHK JPT diturunkan dari sasaran organisasi, bukan RHK atasan.")]}
                )
            if perspektif and perspektif not in PERSPEKTIF_JPT:
                raise ValidationError({"perspektif": [_("Perspektif tidak dikenal.")]})
        else:
            if perspektif:
                raise ValidationError({"perspektif": [_("Perspektif hanya untuk jabatan pimpinan tinggi (JPT).")]})
            if rhk_atasan_id:
                if allowed is None:
                    allowed = _valid_rhk_atasan_ids(skp)
                try:
                    rhk_atasan_id = int(rhk_atasan_id)
                except (TypeError, ValueError):
                    rhk_atasan_id = -1
                if rhk_atasan_id not in allowed:
                    raise ValidationError({"rhk_atasan": [_("RHK atasan tidak valid.")]})
        indikator = raw.get("indikator") or []
        if not isinstance(indikator, list | tuple) or not indikator:
            raise ValidationError({"indikator": [_("Setiap RHK memerlukan minimal satu indikator.")]})
        if len(indikator) > MAX_INDIKATOR:
            raise ValidationError({"indikator": [_("Terlalu banyak indikator dalam satu RHK.")]})
        cleaned.append(
            {
                "id": _opt_id(raw.get("id")),
                "jenis": jenis,
                "deskripsi": deskripsi,
                "rhk_atasan_id": rhk_atasan_id,
                "perspektif": perspektif,
                "indikator": [_clean_indikator(i) for i in indikator],
            }
        )
    return cleaned


def _insert_rhk(skp: Skp, cleaned: list[dict], start_urutan: int = 0) -> list[Rhk]:
    """Bulk insert RHK then all their indikator (2 queries)."""
    counters: dict[str, int] = defaultdict(lambda: start_urutan)
    rows = []
    for item in cleaned:
        counters[item["jenis"]] += 1
        rows.append(
            Rhk(
                skp=skp,
                jenis=item["jenis"],
                urutan=counters[item["jenis"]],
                deskripsi=item["deskripsi"],
                rhk_atasan_id=item["rhk_atasan_id"],
                perspektif=item["perspektif"],
            )
        )
    created = Rhk.objects.bulk_create(rows)
    Indikator.objects.bulk_create(
        Indikator(rhk=rhk, urutan=n, **{**ind, "id": None})
        for rhk, item in zip(created, cleaned, strict=True)
        for n, ind in enumerate(item["indikator"], start=1)
    )
    return created


def _replace_rhk(skp: Skp, cleaned: list[dict]) -> None:
    """Make the SKP's RHK list equal to `cleaned`, matching rows by id: listed RHK/indikator are
    updated in place (their logs and realisasi stay attached), new ones inserted, unlisted ones
    deleted. Subordinates' links to a deleted RHK become empty (SET_NULL) and show up flagged on the
    matriks; an RHK that already has logs cannot be deleted (LogHarian.rhk is PROTECT)."""
    from django.db.models import ProtectedError

    existing = {r.pk: r for r in Rhk.objects.filter(skp=skp)}
    existing_ind = {i.pk: i for i in Indikator.objects.filter(rhk__skp=skp)}
    counters: dict[str, int] = defaultdict(int)
    kept: list[tuple[Rhk, dict]] = []
    new: list[tuple[Rhk, dict]] = []
    for item in cleaned:
        counters[item["jenis"]] += 1
        values = {
            "jenis": item["jenis"],
            "urutan": counters[item["jenis"]],
            "deskripsi": item["deskripsi"],
            "rhk_atasan_id": item["rhk_atasan_id"],
            "perspektif": item["perspektif"],
        }
        rhk = existing.pop(item["id"], None) if item["id"] else None
        if rhk is not None:
            for k, v in values.items():
                setattr(rhk, k, v)
            kept.append((rhk, item))
        else:
            new.append((Rhk(skp=skp, **values), item))
    try:
        with transaction.atomic():
            Rhk.objects.filter(pk__in=list(existing)).delete()
    except ProtectedError:
        raise KinerjaError(_("RHK yang sudah memiliki log harian tidak dapat dihapus."), field="rhk") from None
    if kept:
        Rhk.objects.bulk_update([r for r, _i in kept], ["jenis", "urutan", "deskripsi", "rhk_atasan_id", "perspektif"])
    Rhk.objects.bulk_create([r for r, _i in new])
    ind_fields = ["aspek", "deskripsi", "target_angka", "satuan", "target_teks", "urutan"]
    upd, ins, keep_ids = [], [], set()
    for rhk, item in [*kept, *new]:
        for n, ind in enumerate(item["indikator"], start=1):
            values = {**{k: v for k, v in ind.items() if k != "id"}, "urutan": n}
            old = existing_ind.get(ind["id"]) if ind["id"] else None
            if old is not None and old.rhk_id == rhk.pk and old.pk not in keep_ids:
                for k, v in values.items():
                    setattr(old, k, v)
                upd.append(old)
                keep_ids.add(old.pk)
            else:
                ins.append(Indikator(rhk=rhk, **values))
    Indikator.objects.filter(rhk__skp=skp).exclude(pk__in=keep_ids).delete()
    if upd:
        Indikator.objects.bulk_update(upd, ind_fields)
    Indikator.objects.bulk_create(ins)


def _skp_url(skp: Skp) -> str:
    return reverse("kinerja:skp_detail", args=[skp.pk])


def _user_of(pegawai_id: int | None) -> int | None:
    if not pegawai_id:
        return None
    return Pegawai.objects.filter(pk=pegawai_id).values_list("user_id", flat=True).first()


# --- create / edit ------------------------------------------------------------------------------


def _check_periode(pegawai: Pegawai, periode: Periode) -> None:
    if periode.instansi_id != pegawai.instansi_id:
        raise ValidationError({"periode": [_("Periode bukan milik instansi pegawai.")]})
    if periode.status != Periode.Status.OPEN:
        raise KinerjaError(_("Periode kinerja sudah ditutup."), field="periode")


def _new_skp(pegawai: Pegawai, periode: Periode, **fields: Any) -> Skp:
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


@transaction.atomic
def skp_create(
    *,
    pegawai: Pegawai,
    periode: Periode,
    rhk: list[dict] | None = None,
    pendekatan: str = rules.Pendekatan.KUANTITATIF,
    **lampiran: str,
) -> Skp:
    """Create the pegawai's draft SKP for the periode with the seven BerAKHLAK rows and the given
    RHK. Snapshots pejabat penilai, atasan pejabat penilai, jabatan and unit. Raises ValidationError
    (bad input, SKP already exists) or KinerjaError (closed periode)."""
    _check_periode(pegawai, periode)
    if pendekatan not in rules.Pendekatan.values:
        raise ValidationError({"pendekatan": [_("Pendekatan tidak dikenal.")]})
    if Skp.objects.filter(pegawai=pegawai, periode=periode, is_current=True).exists():
        raise ValidationError({"periode": [_("SKP untuk periode ini sudah ada.")]})
    skp = _new_skp(pegawai, periode, pendekatan=pendekatan, **{k: lampiran.get(k, "") for k in LAMPIRAN_FIELDS})
    cleaned = _clean_rhk_list(skp, rhk or [])
    try:
        with transaction.atomic():
            skp.save()
    except IntegrityError:  # a concurrent create won
        raise ValidationError({"periode": [_("SKP untuk periode ini sudah ada.")]}) from None
    PerilakuKerja.objects.bulk_create(PerilakuKerja(skp=skp, kode=k) for k in rules.Berakhlak.values)
    _insert_rhk(skp, cleaned)
    return skp


@transaction.atomic
def skp_update(*, skp: Skp, actor: Pegawai, rhk: list[dict] | None = None, **fields: Any) -> Skp:
    """Edit the owner's SKP in draft/returned: pendekatan, lampiran and (if given) the whole RHK
    list. The row is locked so a concurrent submit/approve cannot interleave."""
    locked = Skp.objects.select_for_update(of=("self",)).select_related("jabatan").get(pk=skp.pk)
    if locked.pegawai_id != actor.pk:
        raise StateError(_("Hanya pemilik SKP yang dapat mengubahnya."))
    if not locked.is_current or locked.status not in EDITABLE:
        raise StateError(_("SKP hanya dapat diubah dalam status draf atau dikembalikan."))
    update_fields = ["updated_at", "pdf_version"]
    if "pendekatan" in fields:
        if fields["pendekatan"] not in rules.Pendekatan.values:
            raise ValidationError({"pendekatan": [_("Pendekatan tidak dikenal.")]})
        locked.pendekatan = fields["pendekatan"]
        update_fields.append("pendekatan")
    for name in LAMPIRAN_FIELDS:
        if name in fields:
            setattr(locked, name, fields[name] or "")
            update_fields.append(name)
    if rhk is not None:
        _replace_rhk(locked, _clean_rhk_list(locked, rhk))
    locked.pdf_version = 0
    locked.save(update_fields=update_fields)
    return locked


@transaction.atomic
def skp_set_ekspektasi(
    *, skp: Skp, actor: Pegawai, ekspektasi: dict[str, str], substitute_for: set[int] = frozenset()
) -> Skp:
    """The pejabat penilai writes the ekspektasi khusus per BerAKHLAK value (one UPDATE)."""
    ids = skp_penilai_ids(actor, substitute_for)
    locked = Skp.objects.select_for_update().get(pk=skp.pk)
    if locked.pejabat_penilai_id not in ids:
        raise StateError(_("Hanya pejabat penilai yang dapat mengisi ekspektasi khusus."))
    if not locked.is_current or locked.status == Skp.Status.APPROVED:
        raise StateError(_("Ekspektasi khusus tidak dapat diubah setelah SKP disetujui."))
    unknown = set(ekspektasi) - set(rules.Berakhlak.values)
    if unknown:
        raise ValidationError({"ekspektasi": [_("Nilai BerAKHLAK tidak dikenal.")]})
    if ekspektasi:
        PerilakuKerja.objects.filter(skp=locked, kode__in=list(ekspektasi)).update(
            ekspektasi_khusus=Case(
                *[When(kode=k, then=Value((v or "").strip())) for k, v in ekspektasi.items()],
                output_field=TextField(),
            )
        )
    Skp.objects.filter(pk=locked.pk).update(pdf_version=0, updated_at=timezone.now())
    return locked


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
    user_id = _user_of(skp.pejabat_penilai_id)
    if user_id:
        notify(
            [
                Pesan(
                    user_id=user_id,
                    jenis="skp_diajukan",
                    judul=_("SKP %(nama)s menunggu persetujuan") % {"nama": skp.pegawai.nama},
                    url=_skp_url(skp),
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
    return skp


@transaction.atomic
def skp_approve(*, skp: Skp, actor: Pegawai, catatan: str = "", substitute_for: set[int] = frozenset()) -> Skp:
    """submitted -> approved by the pejabat penilai (or Plt/Plh); notifies the owner and queues the PDF."""
    skp = _review(skp, actor, substitute_for, Skp.Status.APPROVED, catatan)
    _notify_owner(skp, "skp_disetujui", _("SKP Anda telah disetujui"))
    from kinerja.tasks import skp_pdf_render_task

    # Outbox: the approval stays saved and its PDF queued even when the broker is down.
    enqueue(skp_pdf_render_task, skp.pk)
    return skp


@transaction.atomic
def skp_return(*, skp: Skp, actor: Pegawai, catatan: str, substitute_for: set[int] = frozenset()) -> Skp:
    """submitted -> returned with the atasan's note (required); notifies the owner."""
    catatan = (catatan or "").strip()
    if not catatan:
        raise ValidationError({"catatan": [_("Catatan wajib diisi saat mengembalikan SKP.")]})
    skp = _review(skp, actor, substitute_for, Skp.Status.RETURNED, catatan)
    _notify_owner(skp, "skp_dikembalikan", _("SKP Anda dikembalikan: %(c)s") % {"c": catatan[:120]})
    return skp


def _notify_owner(skp: Skp, jenis: str, judul: str) -> None:
    user_id = _user_of(skp.pegawai_id)
    if user_id:
        stamp = (skp.updated_at or timezone.now()).isoformat()
        notify(
            [
                Pesan(
                    user_id=user_id,
                    jenis=jenis,
                    judul=judul,
                    pesan=skp.catatan,
                    url=_skp_url(skp),
                    dedup_key=f"skp:{skp.pk}:{jenis}:{stamp}",
                )
            ]
        )


# --- versions -----------------------------------------------------------------------------------


def _copy_content(src: Skp, dst: Skp, *, keep_links: bool) -> dict[int, int]:
    """Copy RHK, indikator and perilaku of `src` into `dst` (3 INSERTs + 3 SELECTs). Returns the
    old->new RHK id map."""
    old_rhk = list(Rhk.objects.filter(skp=src).order_by("jenis", "urutan", "id"))
    new_rhk = Rhk.objects.bulk_create(
        Rhk(
            skp=dst,
            jenis=r.jenis,
            urutan=r.urutan,
            deskripsi=r.deskripsi,
            rhk_atasan_id=r.rhk_atasan_id if keep_links else None,
            perspektif=r.perspektif,
        )
        for r in old_rhk
    )
    mapping = {o.pk: n.pk for o, n in zip(old_rhk, new_rhk, strict=True)}
    _copy_indikator(mapping)
    perilaku = dict(PerilakuKerja.objects.filter(skp=src).values_list("kode", "ekspektasi_khusus"))
    PerilakuKerja.objects.bulk_create(
        PerilakuKerja(skp=dst, kode=k, ekspektasi_khusus=perilaku.get(k, "")) for k in rules.Berakhlak.values
    )
    return mapping


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
    new = Skp.objects.create(
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
    mapping = _copy_content(old, new, keep_links=True)
    if mapping:
        Rhk.objects.filter(rhk_atasan_id__in=list(mapping), skp__is_current=True).exclude(skp=new).update(
            rhk_atasan_id=Case(
                *[When(rhk_atasan_id=o, then=Value(n)) for o, n in mapping.items()], output_field=IntegerField()
            )
        )
    return new


# --- quick start --------------------------------------------------------------------------------


@transaction.atomic
def skp_copy_previous(*, pegawai: Pegawai, periode: Periode) -> Skp:
    """Start this year's SKP as a draft copy of the pegawai's SKP of the previous year (current
    version). RHK atasan links are dropped: last year's atasan RHK do not apply to this year."""
    _check_periode(pegawai, periode)
    src = (
        Skp.objects.filter(pegawai=pegawai, periode__tahun=periode.tahun - 1, is_current=True)
        .order_by("-version")
        .first()
    )
    if src is None:
        raise KinerjaError(_("Tidak ada SKP tahun sebelumnya untuk disalin."), field="periode")
    if Skp.objects.filter(pegawai=pegawai, periode=periode, is_current=True).exists():
        raise ValidationError({"periode": [_("SKP untuk periode ini sudah ada.")]})
    skp = _new_skp(pegawai, periode, pendekatan=src.pendekatan, **{f: getattr(src, f) for f in LAMPIRAN_FIELDS})
    skp.save()
    _copy_content(src, skp, keep_links=False)
    if not is_jpt(pegawai.jabatan):
        Rhk.objects.filter(skp=skp).exclude(perspektif="").update(perspektif="")
    return skp


@transaction.atomic
def skp_copy_previous_bulk(*, periode: Periode) -> int:
    """Quick start for a whole instansi (admin): every active pegawai of the periode's instansi who
    has a current SKP last year and none yet this year gets a draft copy, exactly as
    skp_copy_previous does one (RHK atasan links dropped, perspektif kept only for JPT; pejabat
    penilai, jabatan and unit taken from today's record). Set-based: a constant number of
    statements whatever the number of pegawai. Returns how many SKP were made."""
    if periode.status != Periode.Status.OPEN:
        raise KinerjaError(_("Periode kinerja sudah ditutup."), field="periode")
    have_now = Skp.objects.filter(periode=periode, is_current=True).values("pegawai_id")
    sources = list(
        Skp.objects.filter(
            periode__instansi_id=periode.instansi_id,
            periode__tahun=periode.tahun - 1,
            is_current=True,
            pegawai__in=Pegawai.objects.aktif(),
        )
        .exclude(pegawai_id__in=have_now)
        .values(
            "pk",
            "pegawai_id",
            "pendekatan",
            *LAMPIRAN_FIELDS,
            "pegawai__atasan_id",
            "pegawai__atasan__atasan_id",
            "pegawai__jabatan_id",
            "pegawai__jabatan__jenis",
            "pegawai__unit_kerja_id",
        )
    )
    if not sources:
        return 0
    try:
        with transaction.atomic():
            new_skps = _bulk_new_skps(periode, sources)
    except IntegrityError:  # someone created their own SKP meanwhile
        raise KinerjaError(_("Sebagian SKP baru saja dibuat oleh pegawai. Silakan ulangi.")) from None
    return _copy_bulk_content(sources, new_skps)


def _bulk_new_skps(periode: Periode, sources: list[dict]) -> list[Skp]:
    return Skp.objects.bulk_create(
        Skp(
            pegawai_id=src["pegawai_id"],
            periode=periode,
            pejabat_penilai_id=src["pegawai__atasan_id"],
            atasan_pejabat_penilai_id=src["pegawai__atasan__atasan_id"],
            jabatan_id=src["pegawai__jabatan_id"],
            unit_kerja_id=src["pegawai__unit_kerja_id"],
            pendekatan=src["pendekatan"],
            **{f: src[f] for f in LAMPIRAN_FIELDS},
        )
        for src in sources
    )


def _copy_bulk_content(sources: list[dict], new_skps: list[Skp]) -> int:
    new_of = {src["pk"]: new.pk for src, new in zip(sources, new_skps, strict=True)}
    jpt_of = {src["pk"]: src["pegawai__jabatan__jenis"] in pegawai_rules.JPT for src in sources}
    ekspektasi = {
        (skp_id, kode): teks
        for skp_id, kode, teks in PerilakuKerja.objects.filter(skp_id__in=list(new_of)).values_list(
            "skp_id", "kode", "ekspektasi_khusus"
        )
    }
    PerilakuKerja.objects.bulk_create(
        (
            PerilakuKerja(skp_id=new_pk, kode=k, ekspektasi_khusus=ekspektasi.get((old_pk, k), ""))
            for old_pk, new_pk in new_of.items()
            for k in rules.Berakhlak.values
        ),
        batch_size=2000,
    )
    old_rhk = list(Rhk.objects.filter(skp_id__in=list(new_of)).order_by("skp_id", "jenis", "urutan", "id"))
    new_rhk = Rhk.objects.bulk_create(
        (
            Rhk(
                skp_id=new_of[r.skp_id],
                jenis=r.jenis,
                urutan=r.urutan,
                deskripsi=r.deskripsi,
                perspektif=r.perspektif if jpt_of[r.skp_id] else "",
            )
            for r in old_rhk
        ),
        batch_size=2000,
    )
    rhk_map = {o.pk: n.pk for o, n in zip(old_rhk, new_rhk, strict=True)}
    _copy_indikator(rhk_map)
    return len(new_skps)


@dataclass(frozen=True)
class PushResult:
    dibuat: int  # new draft SKP
    ditambah: int  # existing draft/returned SKP that got the template's RHK appended
    dilewati: int  # existing submitted/approved SKP left untouched


@transaction.atomic
def template_push(*, template: SkpTemplate, periode: Periode) -> PushResult:
    """Push a jabatan's template to every active holder of that jabatan in the periode's instansi,
    set-based: holders without a current SKP get a new draft SKP (with BerAKHLAK rows), holders with
    a draft/returned SKP get the template's RHK appended, submitted/approved SKP are skipped (the
    atasan is reviewing or has agreed to them). A constant number of queries whatever the count."""
    if periode.status != Periode.Status.OPEN:
        raise KinerjaError(_("Periode kinerja sudah ditutup."), field="periode")
    if template.jabatan.instansi_id != periode.instansi_id:
        raise ValidationError({"periode": [_("Periode bukan milik instansi jabatan templat.")]})
    t_rhk = list(template.rhk.order_by("jenis", "urutan", "id").prefetch_related("indikator"))
    if not t_rhk:
        raise KinerjaError(_("Templat belum memiliki RHK."), field="template")
    holders = list(
        Pegawai.objects.aktif()
        .filter(jabatan_id=template.jabatan_id, instansi_id=periode.instansi_id)
        .values("pk", "atasan_id", "atasan__atasan_id", "jabatan_id", "unit_kerja_id")
    )
    existing = dict(
        Skp.objects.filter(periode=periode, is_current=True, pegawai_id__in=[h["pk"] for h in holders]).values_list(
            "pegawai_id", "pk"
        )
    )
    statuses = dict(Skp.objects.filter(pk__in=list(existing.values())).values_list("pk", "status"))
    new_skps = Skp.objects.bulk_create(
        Skp(
            pegawai_id=h["pk"],
            periode=periode,
            pejabat_penilai_id=h["atasan_id"],
            atasan_pejabat_penilai_id=h["atasan__atasan_id"],
            jabatan_id=h["jabatan_id"],
            unit_kerja_id=h["unit_kerja_id"],
        )
        for h in holders
        if h["pk"] not in existing
    )
    PerilakuKerja.objects.bulk_create(
        (PerilakuKerja(skp=s, kode=k) for s in new_skps for k in rules.Berakhlak.values), batch_size=2000
    )
    append_to = [pk for pk in existing.values() if statuses.get(pk) in EDITABLE]
    start = dict(
        Rhk.objects.filter(skp_id__in=append_to).values("skp_id").annotate(m=Max("urutan")).values_list("skp_id", "m")
    )
    targets = [(s.pk, 0) for s in new_skps] + [(pk, start.get(pk) or 0) for pk in append_to]
    rhk_rows = [
        Rhk(skp_id=skp_id, jenis=t.jenis, urutan=offset + t.urutan, deskripsi=t.deskripsi)
        for skp_id, offset in targets
        for t in t_rhk
    ]
    created = Rhk.objects.bulk_create(rhk_rows, batch_size=2000)
    templates_cycle = t_rhk * len(targets)
    Indikator.objects.bulk_create(
        (
            Indikator(
                rhk_id=r.pk,
                aspek=ti.aspek,
                deskripsi=ti.deskripsi,
                target_angka=ti.target_angka,
                satuan=ti.satuan,
                target_teks=ti.target_teks,
                urutan=ti.urutan,
            )
            for r, t in zip(created, templates_cycle, strict=True)
            for ti in t.indikator.all()
        ),
        batch_size=2000,
    )
    return PushResult(dibuat=len(new_skps), ditambah=len(append_to), dilewati=len(existing) - len(append_to))


@transaction.atomic
def template_save(
    *, jabatan, nama: str, rhk: list[dict], actor: User | None = None, template: SkpTemplate | None = None
) -> SkpTemplate:
    """Create or replace a template (RHK + indikator, validated like an SKP's)."""
    from kinerja.models import TemplateIndikator, TemplateRhk

    nama = (nama or "").strip()
    if not nama:
        raise ValidationError({"nama": [_("Nama templat wajib diisi.")]})
    probe = Skp(jabatan=None)  # templates carry no RHK atasan / perspektif
    cleaned = _clean_rhk_list(probe, [{**r, "rhk_atasan": None, "perspektif": ""} for r in rhk])
    if not cleaned:
        raise ValidationError({"rhk": [_("Templat memerlukan minimal satu RHK.")]})
    if template is None:
        template = SkpTemplate.objects.create(jabatan=jabatan, nama=nama, created_by=actor)
    else:
        template.nama = nama
        template.save(update_fields=["nama", "updated_at"])
        template.rhk.all().delete()
    counters: dict[str, int] = defaultdict(int)
    rows = []
    for item in cleaned:
        counters[item["jenis"]] += 1
        rows.append(
            TemplateRhk(
                template=template, jenis=item["jenis"], urutan=counters[item["jenis"]], deskripsi=item["deskripsi"]
            )
        )
    created = TemplateRhk.objects.bulk_create(rows)
    TemplateIndikator.objects.bulk_create(
        TemplateIndikator(template_rhk=t, urutan=n, **{**ind, "id": None})
        for t, item in zip(created, cleaned, strict=True)
        for n, ind in enumerate(item["indikator"], start=1)
    )
    return template


# --- koreksi atasan -----------------------------------------------------------------------------


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
    Skp.objects.filter(pegawai=pegawai, is_current=True, status__in=open_statuses).update(
        pejabat_penilai=atasan,
        atasan_pejabat_penilai_id=atasan.atasan_id if atasan is not None else None,
        pdf_version=0,
    )
    # RHK that intervened the wrong atasan's RHK no longer cascade from the pejabat penilai: clear
    # the links (one UPDATE) so the pegawai picks the new atasan's RHK; the matriks flags them.
    stale = Rhk.objects.filter(
        skp__pegawai=pegawai, skp__is_current=True, skp__status__in=open_statuses, rhk_atasan__isnull=False
    )
    if atasan is not None:
        stale = stale.exclude(rhk_atasan__skp__pegawai_id=atasan.pk)
    stale.update(rhk_atasan=None)
    _notify_koreksi(koreksi, _("Koreksi atasan Anda telah diperbaiki"))
    # An SKP already submitted now waits for the new pejabat penilai: tell them.
    waiting = Skp.objects.filter(pegawai=pegawai, is_current=True, status=Skp.Status.SUBMITTED).first()
    if waiting is not None and atasan is not None and atasan.user_id:
        notify(
            [
                Pesan(
                    user_id=atasan.user_id,
                    jenis="skp_diajukan",
                    judul=_("SKP %(nama)s menunggu persetujuan") % {"nama": pegawai.nama},
                    url=_skp_url(waiting),
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
    _notify_koreksi(koreksi, _("Koreksi atasan Anda ditolak: %(c)s") % {"c": catatan[:120]})
    return koreksi


def _notify_koreksi(koreksi: KoreksiAtasan, judul: str) -> None:
    user_id = _user_of(koreksi.pegawai_id)
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


# --- PDF ----------------------------------------------------------------------------------------


def skp_pdf_render(*, skp: Skp) -> Skp:
    """Render and store the SKP PDF; a no-op when the stored file is already of this content
    (pdf_version == version; every change resets pdf_version to 0)."""
    from common.pdf import render_pdf
    from kinerja.pdf import skp_pdf_context

    if skp.pdf_file and skp.pdf_version == skp.version:
        return skp
    pdf = render_pdf("kinerja/pdf/skp.html", skp_pdf_context(skp.pk))
    if skp.pdf_file:
        skp.pdf_file.delete(save=False)  # replace, never pile up
    skp.pdf_file.save(f"skp-{skp.pegawai.nip}-{skp.periode_id}-v{skp.version}.pdf", ContentFile(pdf), save=False)
    Skp.objects.filter(pk=skp.pk).update(pdf_file=skp.pdf_file.name, pdf_version=skp.version)
    skp.pdf_version = skp.version
    return skp


# The names the project brief gives these services (callers such as demo data may use either).
skp_copy_from_previous = skp_copy_previous
skp_template_push = template_push
skp_template_save = template_save
koreksi_atasan_create = koreksi_create
koreksi_atasan_resolve = koreksi_resolve
koreksi_atasan_reject = koreksi_reject


__all__ = [
    "PERSPEKTIF_JPT",
    "PushResult",
    "koreksi_atasan_create",
    "koreksi_atasan_reject",
    "koreksi_atasan_resolve",
    "koreksi_create",
    "koreksi_reject",
    "koreksi_resolve",
    "skp_approve",
    "skp_copy_from_previous",
    "skp_copy_previous",
    "skp_copy_previous_bulk",
    "skp_create",
    "skp_pdf_render",
    "skp_return",
    "skp_revise",
    "skp_set_ekspektasi",
    "skp_submit",
    "skp_template_push",
    "skp_template_save",
    "skp_update",
    "template_push",
    "template_save",
]


def _copy_indikator(rhk_map: dict[int, int]) -> None:
    """Copy every indikator of the old RHK ids (keys) onto the new RHK ids (values), set-based."""
    Indikator.objects.bulk_create(
        (
            Indikator(
                rhk_id=rhk_map[i.rhk_id],
                aspek=i.aspek,
                deskripsi=i.deskripsi,
                target_angka=i.target_angka,
                satuan=i.satuan,
                target_teks=i.target_teks,
                urutan=i.urutan,
            )
            for i in Indikator.objects.filter(rhk_id__in=list(rhk_map)).order_by("id")
        ),
        batch_size=2000,
    )
