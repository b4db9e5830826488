"""RHK rows posted as rhk-<i>-<field> and rhk-<i>-ind-<j>-<field> (works without JavaScript)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _lazy

from kinerja import rules
from kinerja.models import Skp
from kinerja.selectors import skp as sel
from kinerja.services import skp as svc

BLANK_INDIKATOR = 2


def _count(post, key: str, limit: int) -> int:
    """A posted row count: anything that is not a small non-negative number reads as 0, and the
    count is capped so a forged form cannot make the server loop."""
    raw = post.get(key, "")
    if not isinstance(raw, str) or not raw.isdigit() or len(raw) > 6:
        return 0
    return min(int(raw), limit)


UNREADABLE = _lazy("Formulir RHK tidak dapat dibaca. Muat ulang halaman dan coba lagi.")


def unreadable(post) -> bool:
    """The form always posts its row count; without a readable one the rows cannot be trusted."""
    raw = post.get("rhk-total", "")
    return not (isinstance(raw, str) and raw.isdigit() and len(raw) <= 6)


def blank_rows(post) -> int:
    """How many RHK rows were posted empty (kept when a row is added, so adding always adds)."""
    total = _count(post, "rhk-total", svc.MAX_RHK)
    return sum(1 for i in range(total) if not post.get(f"rhk-{i}-deskripsi", "").strip())


def rows_from_post(post) -> list[dict]:
    rows = []
    for i in range(_count(post, "rhk-total", svc.MAX_RHK + 1)):
        deskripsi = post.get(f"rhk-{i}-deskripsi", "").strip()
        if not deskripsi or post.get(f"rhk-{i}-hapus"):
            continue
        indikator = []
        for j in range(_count(post, f"rhk-{i}-ind-total", svc.MAX_INDIKATOR + 1)):
            p = f"rhk-{i}-ind-{j}-"
            d = post.get(p + "deskripsi", "").strip()
            if not d:
                continue
            indikator.append(
                {
                    "id": post.get(p + "id") or None,
                    "aspek": post.get(p + "aspek", rules.Aspek.KUANTITAS),
                    "deskripsi": d,
                    "target_angka": post.get(p + "target_angka", "").strip() or None,
                    "satuan": post.get(p + "satuan", ""),
                    "target_teks": post.get(p + "target_teks", ""),
                }
            )
        rows.append(
            {
                "id": post.get(f"rhk-{i}-id") or None,
                "jenis": post.get(f"rhk-{i}-jenis", rules.JenisRhk.UTAMA),
                "deskripsi": deskripsi,
                "rhk_atasan": post.get(f"rhk-{i}-rhk_atasan") or None,
                "perspektif": post.get(f"rhk-{i}-perspektif", ""),
                "indikator": indikator,
            }
        )
    return rows


def rows_from_skp(skp: Skp) -> list[dict]:
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


def _padded(rows: list[dict], extra_rows: int) -> list[dict]:
    blank_ind = {"aspek": "kuantitas", "deskripsi": "", "target_angka": None, "satuan": "", "target_teks": ""}
    out = []
    for r in [*rows, *[{"jenis": "utama", "deskripsi": "", "indikator": []} for _i in range(extra_rows)]]:
        ind = list(r.get("indikator") or [])
        ind += [dict(blank_ind) for _j in range(max(1, BLANK_INDIKATOR - len(ind)) if not ind else 1)]
        out.append({**r, "indikator": ind})
    return out


def form_context(skp: Skp | None, rows, extra, **kw) -> dict:
    jabatan = skp.jabatan if skp is not None else kw.get("jabatan")
    return {
        "skp": skp,
        "rows": _padded(rows, extra),
        "aspek_choices": rules.Aspek.choices,
        "jenis_choices": rules.JenisRhk.choices,
        "pendekatan_choices": rules.Pendekatan.choices,
        "rhk_atasan_options": list(sel.rhk_atasan_options(skp)) if skp is not None else kw.get("options", []),
        "jpt": svc.is_jpt(jabatan),
        "perspektif_choices": svc.PERSPEKTIF_JPT,
        **kw,
    }

