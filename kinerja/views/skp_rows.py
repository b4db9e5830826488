"""The RHK rows of the SKP and template forms: build the plan form from an SKP or a POST, and its
page context. Parsing lives in kinerja.skp_forms."""

from __future__ import annotations

from kinerja.models import Skp
from kinerja.skp_forms import SkpPlanForm


def rows_from_skp(skp: Skp) -> list[dict]:
    """The SKP's RHK as the plan form's initial rows (uses the prefetched rhk and indikator)."""
    return [
        {
            "id": r.pk,
            "jenis": r.jenis,
            "deskripsi": r.deskripsi,
            "rhk_atasan": r.rhk_atasan_id,
            "perspektif": r.perspektif,
            "indikator": [
                {
                    "id": i.pk,
                    "aspek": i.aspek,
                    "deskripsi": i.deskripsi,
                    "target_angka": i.target_angka,
                    "satuan": i.satuan,
                    "target_teks": i.target_teks,
                }
                for i in r.indikator.all()
            ],
        }
        for r in skp.rhk.all()
    ]


def plan_form(request, *, rows: list[dict], meta: dict, extra: int, **kw) -> tuple[SkpPlanForm, str]:
    """The plan form for this request and the action asked: "" (show), "tambah" (add rows, save
    nothing) or "simpan". A POST is bound as typed; "tambah" appends one blank RHK row and one
    blank indikator row where an RHK has none left."""
    if request.method != "POST":
        return SkpPlanForm(rows=rows, meta=meta, extra=extra, **kw), ""
    aksi = "tambah" if request.POST.get("aksi") == "tambah" else "simpan"
    form = SkpPlanForm(request.POST, meta=meta, extra=1 if aksi == "tambah" else 0, **kw)
    if aksi == "tambah":
        form.add_blank_indikator()
    return form, aksi
