"""Pure scoring rules of CPNS selection (KepmenPANRB 321/2024, PermenPANRB 6/2024).

No ORM, no I/O. The yearly numbers (items, maxima, passing grades, weights) are a ``ParameterSkd``; the
2024 values of ../shared/domain/rekrutmen.md are the default and are pinned by
tests/rekrutmen/test_scoring.py. An admin's per-year table (rekrutmen.models) builds the same object.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

JENIS_FORMASI = (
    "umum",
    "lulusan_terbaik",
    "disabilitas",
    "putra_putri_papua",
    "putra_putri_kalimantan",
    "diaspora",
)


@dataclass(frozen=True)
class AmbangSubtes:
    """Each subtest on its own threshold (umum, putra/putri Kalimantan)."""

    twk: int
    tiu: int
    tkp: int


@dataclass(frozen=True)
class AmbangTotal:
    """A total SKD threshold with a TIU minimum (cum laude, diaspora, disabilitas, Papua)."""

    total: int
    tiu: int


@dataclass(frozen=True)
class ParameterSkd:
    tahun: int
    twk_maks: int = 150
    tiu_maks: int = 175
    tkp_maks: int = 225
    langkah_benar: int = 5  # TWK and TIU: 5 per correct answer, 0 otherwise
    ambang: Mapping[str, AmbangSubtes | AmbangTotal] = field(default_factory=dict)
    bobot_skd: Fraction = Fraction(40, 100)
    bobot_skb: Fraction = Fraction(60, 100)
    kelipatan_skb: int = 3  # candidates to SKB: 3 x the formation's quota (ties at the cut all pass)

    @property
    def skd_maks(self) -> int:
        return self.twk_maks + self.tiu_maks + self.tkp_maks


# KepmenPANRB 321/2024 (rekrutmen.md §2.1; tables.json skd_2024.passing).
PARAMETER_2024 = ParameterSkd(
    tahun=2024,
    ambang={
        "umum": AmbangSubtes(twk=65, tiu=80, tkp=166),
        "putra_putri_kalimantan": AmbangSubtes(twk=65, tiu=80, tkp=166),
        "lulusan_terbaik": AmbangTotal(total=311, tiu=85),
        "diaspora": AmbangTotal(total=311, tiu=85),
        "disabilitas": AmbangTotal(total=286, tiu=60),
        "putra_putri_papua": AmbangTotal(total=286, tiu=60),
    },
)


def _skor(nama: str, nilai: object, maks: int, langkah: int) -> int:
    if isinstance(nilai, bool) or not isinstance(nilai, int):
        raise ValueError(f"nilai {nama} harus bilangan bulat: {nilai!r}")
    if not 0 <= nilai <= maks:
        raise ValueError(f"nilai {nama} di luar rentang 0-{maks}: {nilai!r}")
    if nilai % langkah:
        raise ValueError(f"nilai {nama} harus kelipatan {langkah}: {nilai!r}")
    return nilai


def validasi_skd(
    twk: object, tiu: object, tkp: object, parameter: ParameterSkd = PARAMETER_2024
) -> tuple[int, int, int]:
    """The three sub-scores, checked against what the CAT can produce; ValueError names the bad one."""
    return (
        _skor("TWK", twk, parameter.twk_maks, parameter.langkah_benar),
        _skor("TIU", tiu, parameter.tiu_maks, parameter.langkah_benar),
        _skor("TKP", tkp, parameter.tkp_maks, 1),  # 45 items scored 1-5 (blank 0): any integer 0-225
    )


def lulus_skd(
    twk: int, tiu: int, tkp: int, jenis_formasi: str = "umum", parameter: ParameterSkd = PARAMETER_2024
) -> bool:
    """Whether SKD scores meet the passing grade (nilai ambang batas) of that kind of formation."""
    twk, tiu, tkp = validasi_skd(twk, tiu, tkp, parameter)
    try:
        ambang = parameter.ambang[jenis_formasi]
    except (KeyError, TypeError):
        raise ValueError(f"jenis formasi tidak dikenal: {jenis_formasi!r}") from None
    if isinstance(ambang, AmbangSubtes):
        return twk >= ambang.twk and tiu >= ambang.tiu and tkp >= ambang.tkp
    return twk + tiu + tkp >= ambang.total and tiu >= ambang.tiu


def _angka(nama: str, nilai: object, maks: int | Decimal) -> Fraction:
    if isinstance(nilai, bool) or not isinstance(nilai, (int, Decimal)):
        raise ValueError(f"nilai {nama} tidak sah: {nilai!r}")
    if isinstance(nilai, Decimal) and not nilai.is_finite():
        raise ValueError(f"nilai {nama} tidak sah: {nilai!r}")
    if not 0 <= nilai <= maks:
        raise ValueError(f"nilai {nama} di luar rentang 0-{maks}: {nilai!r}")
    return Fraction(nilai)


def _fraksi_akhir(nilai_skd: object, nilai_skb: object, skb_maks: object, parameter: ParameterSkd) -> Fraction:
    if isinstance(skb_maks, bool) or not isinstance(skb_maks, (int, Decimal)) or not skb_maks > 0:
        raise ValueError(f"nilai maksimal SKB harus positif: {skb_maks!r}")
    skd = _angka("SKD", nilai_skd, parameter.skd_maks) / parameter.skd_maks * 100
    skb = _angka("SKB", nilai_skb, skb_maks) / Fraction(skb_maks) * 100
    return parameter.bobot_skd * skd + parameter.bobot_skb * skb


def nilai_akhir(
    nilai_skd: int, nilai_skb: int | Decimal, skb_maks: int | Decimal = 100, parameter: ParameterSkd = PARAMETER_2024
) -> Decimal:
    """Integrated final score: SKD scaled by its maximum (550) and SKB by its own to 0-100, 40/60.

    Exact arithmetic, returned as a Decimal of 28 significant digits (no rounding to a few decimals, so
    that two different scores never become an artificial tie).
    """
    f = _fraksi_akhir(nilai_skd, nilai_skb, skb_maks, parameter)
    return Decimal(f.numerator) / Decimal(f.denominator)


def _ambil(p: Any, nama: str) -> Any:
    if isinstance(p, Mapping):
        return p.get(nama, None)
    return getattr(p, nama, None)


def _umur_kunci(tanggal_lahir: Any) -> int:
    # Older first; unknown birth dates after everyone known.
    if tanggal_lahir is None:
        return dt.date.max.toordinal() + 1
    if isinstance(tanggal_lahir, dt.datetime):
        tanggal_lahir = tanggal_lahir.date()
    if not isinstance(tanggal_lahir, dt.date):
        raise ValueError(f"tanggal lahir tidak sah: {tanggal_lahir!r}")
    return tanggal_lahir.toordinal()


def _ipk_kunci(ipk: Any) -> Fraction:
    if ipk is None:
        return Fraction(1)  # sorts after every real IPK (keys are negated)
    if isinstance(ipk, bool) or not isinstance(ipk, (int, float, Decimal, str)):
        raise ValueError(f"IPK tidak sah: {ipk!r}")
    try:
        return -Fraction(str(ipk))
    except ValueError:
        raise ValueError(f"IPK tidak sah: {ipk!r}") from None


def urutkan(
    peserta: Iterable[Any], *, skb_maks: int | Decimal = 100, parameter: ParameterSkd = PARAMETER_2024
) -> list[Any]:
    """Participants in the official order, highest first (a stable sort: full ties keep input order).

    Each participant is a mapping or an object with ``twk``, ``tiu``, ``tkp``. Without ``skb`` (the cut
    to SKB, rekrutmen.md §2.2): total SKD, then TKP, TIU, TWK. When every participant has ``skb`` (the
    final ranking, PermenPANRB 6/2024, §2.3): final score, total SKD, TKP, TIU, TWK, IPK (or ijazah
    average), then the older applicant. Some with and some without ``skb`` is a ValueError.
    """
    rows = list(peserta)
    with_skb = [_ambil(p, "skb") is not None for p in rows]
    final = bool(rows) and all(with_skb)
    if any(with_skb) and not final:
        raise ValueError("sebagian peserta tanpa nilai SKB: peringkat akhir butuh nilai SKB semua peserta")

    def kunci(p: Any) -> tuple:
        twk, tiu, tkp = validasi_skd(_ambil(p, "twk"), _ambil(p, "tiu"), _ambil(p, "tkp"), parameter)
        skd = twk + tiu + tkp
        base = (-skd, -tkp, -tiu, -twk)
        if not final:
            return base
        akhir = _fraksi_akhir(skd, _ambil(p, "skb"), skb_maks, parameter)
        return (-akhir, *base, _ipk_kunci(_ambil(p, "ipk")), _umur_kunci(_ambil(p, "tanggal_lahir")))

    keyed = [(kunci(p), i, p) for i, p in enumerate(rows)]
    keyed.sort(key=lambda t: (t[0], t[1]))
    return [p for _k, _i, p in keyed]


def kunci_seri(p: Any) -> tuple[int, int, int, int]:
    """(total SKD, TKP, TIU, TWK): participants with the same key are tied at the SKB cut."""
    twk, tiu, tkp = validasi_skd(_ambil(p, "twk"), _ambil(p, "tiu"), _ambil(p, "tkp"))
    return (twk + tiu + tkp, tkp, tiu, twk)


def potong_skb(peserta_urut: list[Any], formasi: int, parameter: ParameterSkd = PARAMETER_2024) -> list[Any]:
    """Those who go to SKB: the first kelipatan x formasi of an ordered list, plus everyone tied with
    the last of them on (total SKD, TKP, TIU, TWK)."""
    if isinstance(formasi, bool) or not isinstance(formasi, int) or formasi < 1:
        raise ValueError(f"jumlah formasi harus bilangan bulat positif: {formasi!r}")
    n = parameter.kelipatan_skb * formasi
    if len(peserta_urut) <= n:
        return list(peserta_urut)
    batas = kunci_seri(peserta_urut[n - 1])
    end = n
    while end < len(peserta_urut) and kunci_seri(peserta_urut[end]) == batas:
        end += 1
    return list(peserta_urut[:end])
