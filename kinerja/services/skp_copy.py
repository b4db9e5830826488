"""SKP quick start: copy last year's SKP (one pegawai, or a whole instansi set-based), and SKP
templates per jabatan (save, push to every holder). Also the content copy a new version uses."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from kinerja import rules
from kinerja.models import Indikator, PerilakuKerja, Periode, Rhk, Skp, SkpTemplate
from kinerja.services.errors import KinerjaError
from kinerja.services.skp_common import EDITABLE, LAMPIRAN_FIELDS, check_periode, is_jpt, new_skp
from kinerja.services.skp_edit import clean_rhk_list
from pegawai import rules as pegawai_rules
from pegawai.models import Pegawai, User


def copy_content(src: Skp, dst: Skp, *, keep_links: bool) -> dict[int, int]:
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
    copy_indikator(mapping)
    perilaku = dict(PerilakuKerja.objects.filter(skp=src).values_list("kode", "ekspektasi_khusus"))
    PerilakuKerja.objects.bulk_create(
        PerilakuKerja(skp=dst, kode=k, ekspektasi_khusus=perilaku.get(k, "")) for k in rules.Berakhlak.values
    )
    return mapping


def copy_indikator(rhk_map: dict[int, int]) -> None:
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


# --- quick start --------------------------------------------------------------------------------


@transaction.atomic
def skp_copy_previous(*, pegawai: Pegawai, periode: Periode) -> Skp:
    """Start this year's SKP as a draft copy of the pegawai's SKP of the previous year (current
    version). RHK atasan links are dropped: last year's atasan RHK do not apply to this year."""
    check_periode(pegawai, periode)
    src = (
        Skp.objects.filter(pegawai=pegawai, periode__tahun=periode.tahun - 1, is_current=True)
        .order_by("-version")
        .first()
    )
    if src is None:
        raise KinerjaError(_("Tidak ada SKP tahun sebelumnya untuk disalin."), field="periode")
    if Skp.objects.filter(pegawai=pegawai, periode=periode, is_current=True).exists():
        raise ValidationError({"periode": [_("SKP untuk periode ini sudah ada.")]})
    skp = new_skp(pegawai, periode, pendekatan=src.pendekatan, **{f: getattr(src, f) for f in LAMPIRAN_FIELDS})
    skp.save()
    copy_content(src, skp, keep_links=False)
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
    Skp.history.bulk_history_create(new_skps, default_change_reason=_("Disalin dari SKP tahun lalu."))
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
    copy_indikator(rhk_map)
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
    # bulk_create fires no signal: one INSERT records the creations (set-based, like the rest)
    Skp.history.bulk_history_create(
        new_skps, default_change_reason=_("Dibuat dari templat %(nama)s.") % {"nama": template.nama}
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
    cleaned = clean_rhk_list(probe, [{**r, "rhk_atasan": None, "perspektif": ""} for r in rhk])
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
