"""WeasyPrint contexts of survei's documents: the counter poster and the SKM report."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from survei.models import PeriodeSurvei, Respon, UnitLayanan

MAX_SARAN = 200  # the report lists the (shown) saran; a period with more points to the export


def form_url(unit: UnitLayanan) -> str:
    """The public form's absolute address (SITE_URL: the public host), printed and encoded in the QR."""
    return f"{settings.SITE_URL.rstrip('/')}{reverse('skm:form', args=[unit.kode])}"


def qr_svg(data: str) -> str:
    """The QR code as inline SVG: vector, so it stays sharp at any print size (no raster image)."""
    import segno

    # segno's output contains only its own path data, never the (escaped-by-encoding) payload text.
    return mark_safe(segno.make(data, error="m").svg_inline(scale=10, border=2, omitsize=True))  # noqa: S308


def poster_context(unit: UnitLayanan) -> dict:
    url = form_url(unit)
    return {"unit": unit, "instansi": unit.instansi.nama, "url": url, "qr_svg": qr_svg(url)}


def laporan_context(periode: PeriodeSurvei) -> dict:
    """The SKM report of one unit and period in the shape PermenPANRB 14/2017 suggests (periode,
    populasi and sampel, unsur, NRR per unsur and the index, profil responden, kesimpulan, saran).
    Queries: the period with its unit, the IKM, jenis layanan, four profile GROUP BYs, saran."""
    from survei import ikm, selectors
    from survei.forms import NAMA_UNSUR

    unit = periode.unit
    qs = selectors.responses_for_periode(periode)
    hasil = selectors.ikm_of(qs)
    unsur = []
    if hasil is not None:
        known = [x for x in hasil.nrr if x is not None]
        lowest, highest = (min(known), max(known)) if known else (None, None)
        for kode in unit.unsur_berurutan():
            nrr = hasil.nrr[ikm.KODE_UNSUR.index(kode)]
            unsur.append(
                {
                    "kode": kode,
                    "nama": NAMA_UNSUR[kode],
                    "nrr": nrr,
                    "tertimbang": ikm.bulatkan(nrr / 9) if nrr is not None else None,  # weight exactly 1/9
                    "lowest": nrr is not None and nrr == lowest,
                    "highest": nrr is not None and nrr == highest,
                    "lebar": f"{float(nrr) / 4 * 100:.1f}" if nrr is not None else "0",
                }
            )
    n = hasil.jumlah_responden if hasil else 0

    def profil(field: str, labels: dict) -> list[dict]:
        rows = selectors.ikm_grouped(qs, field, labels)
        return [{"label": r.label, "n": r.n, "persen": f"{r.n * 100 / n:.1f}" if n else "0"} for r in rows]

    jk = dict(Respon._meta.get_field("jenis_kelamin").choices)
    return {
        "unit": unit,
        "instansi": unit.instansi.nama,
        "periode": periode,
        "populasi": periode.populasi,
        "minimal": ikm.ukuran_sampel(periode.populasi) if periode.populasi else None,
        "hasil": hasil,
        "unsur": unsur,
        "terendah": [u for u in unsur if u["lowest"]],
        "tertinggi": [u for u in unsur if u["highest"]],
        "per_layanan": selectors.ikm_grouped(
            qs, "jenis_layanan", {j.pk: j.nama for j in unit.jenis_layanan.all()}, min_n=selectors.MIN_GROUP
        ),
        "profil": [
            (_("Usia"), profil("usia", dict(Respon.Usia.choices))),
            (_("Jenis kelamin"), profil("jenis_kelamin", jk)),
            (_("Pendidikan"), profil("pendidikan", dict(Respon.Pendidikan.choices))),
            (_("Pekerjaan"), profil("pekerjaan", dict(Respon.Pekerjaan.choices))),
        ],
        "saran": list(
            qs.exclude(saran="")
            .filter(saran_disembunyikan=False)
            .order_by("created_at")
            .values_list("saran", flat=True)[:MAX_SARAN]
        ),
        "tanggal": timezone.localdate(),
    }
