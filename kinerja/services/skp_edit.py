"""SKP create/edit: the nested RHK + indikator list (validated, then matched to the stored rows by
id), pendekatan and lampiran, and the ekspektasi khusus the pejabat penilai writes."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, TextField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja import rules
from kinerja.models import Indikator, PerilakuKerja, Periode, Rhk, Skp
from kinerja.permissions import (
    skp_penilai_ids,
)
from kinerja.services.errors import KinerjaError, StateError
from kinerja.services.skp_common import (
    EDITABLE,
    LAMPIRAN_FIELDS,
    MAX_INDIKATOR,
    MAX_RHK,
    PERSPEKTIF_JPT,
    check_periode,
    is_jpt,
    new_skp,
)
from pegawai.models import Pegawai

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


def clean_rhk_list(skp: Skp, items: list[dict]) -> list[dict]:
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
    seen: set[int] = set()
    for n, item in enumerate(cleaned, start=1):
        # An id is a row of THIS SKP, matched once: anything else is a stale or forged form (say,
        # opened before "Buat versi baru"); taking it as a new row would silently duplicate RHK.
        if item["id"] and (item["id"] not in existing or item["id"] in seen):
            raise ValidationError(
                {"rhk": [_("RHK %(n)d: RHK ini tidak ada di SKP ini. Muat ulang halaman lalu ulangi.") % {"n": n}]}
            )
        unknown_ind = next(
            (m for m, ind in enumerate(item["indikator"], start=1) if ind["id"] and ind["id"] not in existing_ind), None
        )
        if unknown_ind is not None:
            raise ValidationError(
                {
                    "indikator": [
                        _(
                            "RHK %(n)d, indikator %(m)d: indikator ini tidak ada di SKP ini. Muat ulang halaman lalu ulangi."
                        )
                        % {"n": n, "m": unknown_ind}
                    ]
                }
            )
        seen.add(item["id"])
        counters[item["jenis"]] += 1
        values = {
            "jenis": item["jenis"],
            "urutan": counters[item["jenis"]],
            "deskripsi": item["deskripsi"],
            "rhk_atasan_id": item["rhk_atasan_id"],
            "perspektif": item["perspektif"],
        }
        rhk = existing.pop(item["id"]) if item["id"] else None
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


# --- create / edit ------------------------------------------------------------------------------


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
    check_periode(pegawai, periode)
    if pendekatan not in rules.Pendekatan.values:
        raise ValidationError({"pendekatan": [_("Pendekatan tidak dikenal.")]})
    if Skp.objects.filter(pegawai=pegawai, periode=periode, is_current=True).exists():
        raise ValidationError({"periode": [_("SKP untuk periode ini sudah ada.")]})
    skp = new_skp(pegawai, periode, pendekatan=pendekatan, **{k: lampiran.get(k, "") for k in LAMPIRAN_FIELDS})
    cleaned = clean_rhk_list(skp, rhk or [])
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
        _replace_rhk(locked, clean_rhk_list(locked, rhk))
    locked.pdf_version = 0
    locked.save(update_fields=update_fields)
    return locked


@transaction.atomic
def skp_set_ekspektasi(
    *, skp: Skp, actor: Pegawai, ekspektasi: dict[str, str], substitute_for: set[int] | frozenset[int] = frozenset()
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
