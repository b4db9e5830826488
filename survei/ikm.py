"""Pure rules of the Survei Kepuasan Masyarakat (PermenPANRB 14/2017): NRR, IKM, mutu, sample size.

No ORM, no I/O. Tables are copied once from ../shared/domain/ (survei.md, tables.json) and pinned by
tests/survei/test_ikm.py. Arithmetic is exact (fractions) and only the results are rounded, to two
decimals, half up: equal weights of exactly 1/9 make "every answer 4" give 100,00 (0,111 would give
99,90 and 0,11 would give 99,00). The reasoning is in docs/keputusan-domain.md ("IKM").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

# Unsur in the regulation's order (ruang lingkup, survei.md §1.1). Stored and computed by code; the
# order a unit asks them in is a display setting (many units ask Sarana before Pengaduan).
UNSUR: tuple[tuple[str, str], ...] = (
    ("U1", "Persyaratan"),
    ("U2", "Sistem, Mekanisme, dan Prosedur"),
    ("U3", "Waktu Penyelesaian"),
    ("U4", "Biaya/Tarif"),
    ("U5", "Produk Spesifikasi Jenis Pelayanan"),
    ("U6", "Kompetensi Pelaksana"),
    ("U7", "Perilaku Pelaksana"),
    ("U8", "Penanganan Pengaduan, Saran dan Masukan"),
    ("U9", "Sarana dan Prasarana"),
)
KODE_UNSUR: tuple[str, ...] = tuple(kode for kode, _nama in UNSUR)
JAWABAN_MIN, JAWABAN_MAKS = 1, 4
KONVERSI = 25  # IKM (1-4) x 25 = converted index (25-100)

# Interval table (survei.md §1.4), classified on the converted value rounded to two decimals:
# < 65,00 -> D; < 76,61 -> C; < 88,31 -> B; else A. (lower bound of the band, mutu, kinerja unit)
INTERVAL: tuple[tuple[Decimal, str, str], ...] = (
    (Decimal("88.31"), "A", "Sangat Baik"),
    (Decimal("76.61"), "B", "Baik"),
    (Decimal("65.00"), "C", "Kurang Baik"),
    (Decimal("25.00"), "D", "Tidak Baik"),
)
IKM_MIN, IKM_MAKS = Decimal("25.00"), Decimal("100.00")

# Krejcie & Morgan (1970): s = X2.N.P(1-P) / (d2(N-1) + X2.P(1-P)), X2 = 3,841, P = 0,5, d = 0,05,
# rounded to the nearest integer; it reproduces every row of the published table (survei.md §2).
_CHI2 = Fraction("3.841")
_P = Fraction(1, 2)
_D = Fraction(5, 100)


@dataclass(frozen=True)
class HasilIkm:
    nrr: tuple[Decimal | None, ...]  # per unsur U1..U9, two decimals; None where nobody answered it
    ikm: Decimal  # converted index, 25,00 - 100,00
    mutu: str  # "A" | "B" | "C" | "D"
    kinerja: str  # "Sangat Baik" | "Baik" | "Kurang Baik" | "Tidak Baik"
    jumlah_responden: int


def bulatkan(nilai: Fraction | Decimal | int) -> Decimal:
    """Round half up to two decimals, exactly (no binary floating point on the way)."""
    x = Fraction(nilai)
    sign = -1 if x < 0 else 1
    seratus = abs(x) * 100
    bulat = int(seratus + Fraction(1, 2))  # floor(|x|*100 + 1/2): half up, away from zero
    return (Decimal(sign * bulat) / 100).quantize(Decimal("0.01"))


def _jawaban_valid(nilai: object, responden: int, unsur: int) -> int | None:
    if nilai is None:
        return None
    if isinstance(nilai, bool) or not isinstance(nilai, int) or not JAWABAN_MIN <= nilai <= JAWABAN_MAKS:
        raise ValueError(
            f"jawaban tidak sah: {nilai!r} (responden ke-{responden}, unsur {KODE_UNSUR[unsur]}); "
            f"harus bilangan bulat {JAWABAN_MIN}-{JAWABAN_MAKS} atau None"
        )
    return nilai


def hitung_ikm(jawaban: Iterable[Sequence[int | None]]) -> HasilIkm:
    """IKM of a set of respondents, each a sequence of nine answers (1-4) in the order U1..U9.

    ``None`` marks an unsur left blank: it drops out of that unsur's NRR (the denominator is the number
    of respondents who answered it). The index weighs every unsur equally, exactly 1/9; an unsur that
    no respondent answered has no NRR and the weights are shared among the unsur that have one (they
    always sum to 1, survei.md §1.2). Raises ValueError for a malformed respondent or answer, and when
    there is no answer at all.
    """
    jumlah = [0] * len(KODE_UNSUR)
    banyak = [0] * len(KODE_UNSUR)
    responden = 0
    for responden, baris in enumerate(jawaban, start=1):
        if isinstance(baris, (str, bytes)) or len(baris) != len(KODE_UNSUR):
            raise ValueError(f"responden ke-{responden} harus menjawab tepat {len(KODE_UNSUR)} unsur: {baris!r}")
        for i, nilai in enumerate(baris):
            v = _jawaban_valid(nilai, responden, i)
            if v is not None:
                jumlah[i] += v
                banyak[i] += 1
    return ikm_dari_jumlah(jumlah, banyak, responden)


def ikm_dari_jumlah(jumlah: Sequence[int], banyak: Sequence[int], responden: int) -> HasilIkm:
    """The IKM from per-unsur sums and answer counts (U1..U9): what a SQL ``SUM``/``COUNT`` per unsur
    returns, so dashboards aggregate in the database and get exactly ``hitung_ikm``'s numbers."""
    if len(jumlah) != len(KODE_UNSUR) or len(banyak) != len(KODE_UNSUR):
        raise ValueError(f"butuh jumlah dan banyak jawaban untuk {len(KODE_UNSUR)} unsur")
    for s, n in zip(jumlah, banyak, strict=True):
        if n < 0 or not JAWABAN_MIN * n <= s <= JAWABAN_MAKS * n:
            raise ValueError(f"jumlah jawaban tidak sah: jumlah {s!r} dari {n!r} jawaban")
    nrr = [Fraction(s, n) if n else None for s, n in zip(jumlah, banyak, strict=True)]
    terisi = [x for x in nrr if x is not None]
    if not terisi:
        raise ValueError("tidak ada jawaban: IKM tidak dapat dihitung")
    ikm = sum(terisi, Fraction(0)) / len(terisi) * KONVERSI  # sum(NRR x 1/k) x 25
    ikm_bulat = bulatkan(ikm)
    mutu, kinerja = _kelas(ikm_bulat)
    return HasilIkm(
        nrr=tuple(bulatkan(x) if x is not None else None for x in nrr),
        ikm=ikm_bulat,
        mutu=mutu,
        kinerja=kinerja,
        jumlah_responden=responden,
    )


def _kelas(ikm: Decimal) -> tuple[str, str]:
    for batas, mutu, kinerja in INTERVAL:
        if ikm >= batas:
            return mutu, kinerja
    raise AssertionError("unreachable: ikm >= 25 was checked")  # pragma: no cover


def _sebagai_decimal(ikm: object) -> Decimal:
    if isinstance(ikm, bool):
        raise ValueError(f"nilai IKM tidak sah: {ikm!r}")
    if isinstance(ikm, float):
        return Decimal(repr(ikm))  # the shortest decimal that round-trips: 76.605 stays 76.605
    try:
        return Decimal(ikm)  # type: ignore[arg-type]
    except (ArithmeticError, TypeError, ValueError):
        raise ValueError(f"nilai IKM tidak sah: {ikm!r}") from None


def mutu_pelayanan(ikm: Decimal | int | float | str) -> str:
    """Mutu ("A"-"D") of a converted index (25-100), classified on its value rounded to two decimals."""
    nilai = _sebagai_decimal(ikm)
    if not nilai.is_finite():
        raise ValueError(f"nilai IKM tidak sah: {ikm!r}")
    bulat = bulatkan(nilai)
    if not IKM_MIN <= bulat <= IKM_MAKS:
        raise ValueError(f"nilai IKM di luar rentang 25-100: {ikm!r}")
    return _kelas(bulat)[0]


def kinerja_unit(mutu: str) -> str:
    """The label of a mutu grade ("A" -> "Sangat Baik")."""
    for _batas, m, kinerja in INTERVAL:
        if m == mutu:
            return kinerja
    raise ValueError(f"mutu pelayanan tidak dikenal: {mutu!r}")


def ukuran_sampel(populasi: int) -> int:
    """Minimum sample for a population of service users (Krejcie & Morgan, 95 %, margin 5 %)."""
    if isinstance(populasi, bool) or not isinstance(populasi, int) or populasi < 1:
        raise ValueError(f"populasi harus bilangan bulat positif: {populasi!r}")
    pq = _P * (1 - _P)
    s = _CHI2 * populasi * pq / (_D * _D * (populasi - 1) + _CHI2 * pq)
    return min(populasi, int(s + Fraction(1, 2)))  # nearest integer, half up
