"""Plain-Indonesian explanations of an applicant's result (no ORM, no I/O): the passing grade of their
formation kind, and the tie-break (rekrutmen.md §2.2: total SKD, then TKP, TIU, TWK) that put them
above or below their neighbour in the ranking."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rekrutmen import scoring

_KUNCI = [("total", gettext_lazy("total SKD")), ("tkp", "TKP"), ("tiu", "TIU"), ("twk", "TWK")]


def _nilai(p: Any) -> dict[str, int]:
    return {"total": p.twk + p.tiu + p.tkp, "tkp": p.tkp, "tiu": p.tiu, "twk": p.twk}


def ambang_kalimat(jenis_formasi: str, parameter: scoring.ParameterSkd, twk: int, tiu: int, tkp: int) -> list[str]:
    """One sentence per condition of the passing grade, each saying whether it is met."""
    ambang = parameter.ambang.get(jenis_formasi)
    if ambang is None:
        return [_("Nilai ambang batas untuk jenis formasi ini belum ditetapkan.")]
    if isinstance(ambang, scoring.AmbangSubtes):
        syarat = [("TWK", twk, ambang.twk), ("TIU", tiu, ambang.tiu), ("TKP", tkp, ambang.tkp)]
    else:
        syarat = [(_("Total SKD"), twk + tiu + tkp, ambang.total), ("TIU", tiu, ambang.tiu)]
    out = []
    for nama, nilai, minimal in syarat:
        if nilai >= minimal:
            out.append(
                _("%(nama)s Anda %(nilai)s, memenuhi batas minimal %(minimal)s.")
                % {"nama": nama, "nilai": nilai, "minimal": minimal}
            )
        else:
            out.append(
                _("%(nama)s Anda %(nilai)s, kurang dari batas minimal %(minimal)s.")
                % {"nama": nama, "nilai": nilai, "minimal": minimal}
            )
    return out


def penentu(saya: Any, lain: Any) -> str | None:
    """The first key of the SKD order on which the two differ ("TKP"), or None when fully tied."""
    a, b = _nilai(saya), _nilai(lain)
    for kunci, label in _KUNCI:
        if a[kunci] != b[kunci]:
            return str(label)
    return None


def seri_kalimat(saya: Any, atas: Any | None, bawah: Any | None) -> list[str]:
    """Why the applicant is ranked where they are relative to their neighbours."""
    out = []
    for lain, posisi in ((atas, "atas"), (bawah, "bawah")):
        if lain is None:
            continue
        kunci = penentu(saya, lain)
        a, b = _nilai(saya), _nilai(lain)
        if kunci is None:
            out.append(
                _(
                    "Nilai Anda sama persis dengan peserta peringkat %(rank)s (total SKD, TKP, TIU, dan TWK sama), sehingga peringkat Anda sama."
                )
                % {"rank": lain.peringkat_skd}
            )
        elif kunci == str(_KUNCI[0][1]):
            continue  # different totals need no tie-break explanation
        else:
            key = next(k for k, label in _KUNCI if str(label) == kunci)
            if posisi == "atas":
                msg = _(
                    "Total SKD Anda sama dengan peserta peringkat %(rank)s; %(kunci)s-nya lebih tinggi (%(dia)s dibanding %(anda)s), sehingga ia di atas Anda."
                )
            else:
                msg = _(
                    "Total SKD Anda sama dengan peserta peringkat %(rank)s; %(kunci)s Anda lebih tinggi (%(anda)s dibanding %(dia)s), sehingga Anda di atasnya."
                )
            out.append(msg % {"rank": lain.peringkat_skd, "kunci": kunci, "anda": a[key], "dia": b[key]})
    return out
