"""Pure rules of e-Kinerja (PermenPANRB 6/2022): ratings, predikat, BerAKHLAK, periods, capaian.

No ORM, no I/O. Tables are copied once from ../shared/domain/ (kinerja.md, tables.json) and pinned by
tests/kinerja/test_rules.py.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from pegawai import kalender


class Rating(models.TextChoices):
    DI_ATAS = "di_atas", _("Di Atas Ekspektasi")
    SESUAI = "sesuai", _("Sesuai Ekspektasi")
    DI_BAWAH = "di_bawah", _("Di Bawah Ekspektasi")


class Predikat(models.TextChoices):
    SANGAT_BAIK = "sangat_baik", _("Sangat Baik")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan")
    KURANG = "kurang", _("Kurang/Misconduct")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


# PermenPANRB 6/2022 kuadran (kinerja.md §1.1; tables.json predikat_matrix): all nine cells.
_PREDIKAT: dict[tuple[str, str], str] = {
    (Rating.DI_ATAS, Rating.DI_ATAS): Predikat.SANGAT_BAIK,
    (Rating.DI_ATAS, Rating.SESUAI): Predikat.BAIK,
    (Rating.DI_ATAS, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.SESUAI, Rating.DI_ATAS): Predikat.BAIK,
    (Rating.SESUAI, Rating.SESUAI): Predikat.BAIK,
    (Rating.SESUAI, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.DI_BAWAH, Rating.DI_ATAS): Predikat.BUTUH_PERBAIKAN,
    (Rating.DI_BAWAH, Rating.SESUAI): Predikat.BUTUH_PERBAIKAN,
    (Rating.DI_BAWAH, Rating.DI_BAWAH): Predikat.SANGAT_KURANG,
}


def predikat_kinerja(rating_hasil: str, rating_perilaku: str) -> str:
    """Predikat = lookup(rating hasil kerja, rating perilaku kerja); never a weighted score."""
    try:
        return _PREDIKAT[(rating_hasil, rating_perilaku)]
    except KeyError:
        raise ValueError(f"rating tidak dikenal: {rating_hasil!r}, {rating_perilaku!r}") from None


class PredikatOrganisasi(models.TextChoices):
    ISTIMEWA = "istimewa", _("Istimewa")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan")
    KURANG = "kurang", _("Kurang")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


@dataclass(frozen=True)
class SyaratDistribusi:
    """One condition of a distribution pattern: the share of `predikat` (summed) is at most / at least
    `persen` of the unit, or (jenis "ada") at least one employee holds one of them."""

    jenis: str  # "maks" | "min" | "ada"
    predikat: tuple[str, ...]
    persen: int = 0


# SE MenPANRB 3/2023 as summarised in kinerja.md §1.2 (tables.json kurva_distribusi). The percentages
# come from one secondary source: the admin's table (kinerja.models) is seeded from this and may correct
# it; cek_distribusi uses these values unless given another pattern.
POLA_DISTRIBUSI: dict[str, tuple[SyaratDistribusi, ...]] = {
    PredikatOrganisasi.ISTIMEWA: (SyaratDistribusi("maks", (Predikat.SANGAT_BAIK,), 70),),
    PredikatOrganisasi.BAIK: (
        SyaratDistribusi("maks", (Predikat.BAIK,), 70),
        SyaratDistribusi("ada", (Predikat.BUTUH_PERBAIKAN, Predikat.KURANG)),
    ),
    PredikatOrganisasi.BUTUH_PERBAIKAN: (
        SyaratDistribusi("min", (Predikat.BUTUH_PERBAIKAN,), 60),
        SyaratDistribusi("maks", (Predikat.SANGAT_BAIK,), 10),
    ),
    PredikatOrganisasi.KURANG: (
        SyaratDistribusi("min", (Predikat.KURANG,), 60),
        SyaratDistribusi("min", (Predikat.BUTUH_PERBAIKAN,), 10),
        SyaratDistribusi("maks", (Predikat.SANGAT_BAIK,), 10),
    ),
    PredikatOrganisasi.SANGAT_KURANG: (
        SyaratDistribusi("min", (Predikat.SANGAT_KURANG,), 60),
        SyaratDistribusi("min", (Predikat.KURANG, Predikat.BUTUH_PERBAIKAN), 10),
        SyaratDistribusi("maks", (Predikat.SANGAT_BAIK,), 0),
    ),
}


def _label_predikat(kode: str) -> str:
    return str(Predikat(kode).label)


def _daftar_label(kode: tuple[str, ...]) -> str:
    return " + ".join(_label_predikat(k) for k in kode)


def cek_distribusi(
    predikat_organisasi: str,
    jumlah: dict[str, int],
    pola: dict[str, tuple[SyaratDistribusi, ...]] | None = None,
) -> list[str]:
    """How the head counts per employee predikat depart from the distribution pattern of the
    organisation's predikat: one Indonesian sentence per departure, an empty list when they conform.

    Shares are compared exactly (count x 100 against persen x total, no rounding). A unit with no
    employee conforms. The pattern is a guide (kinerja.md §1.2): callers warn and ask for a
    justification, they do not block. Raises ValueError for an unknown predikat or a bad count.
    """
    pola = POLA_DISTRIBUSI if pola is None else pola
    if predikat_organisasi not in pola:
        raise ValueError(f"predikat organisasi tidak dikenal: {predikat_organisasi!r}")
    for kode, n in jumlah.items():
        if kode not in Predikat.values:
            raise ValueError(f"predikat pegawai tidak dikenal: {kode!r}")
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValueError(f"jumlah pegawai {kode!r} tidak sah: {n!r}")
    total = sum(jumlah.values())
    if total == 0:
        return []
    org = str(PredikatOrganisasi(predikat_organisasi).label)
    hasil: list[str] = []
    for syarat in pola[predikat_organisasi]:
        n = sum(jumlah.get(k, 0) for k in syarat.predikat)
        nama = _daftar_label(syarat.predikat)
        persen = format_persen(Decimal(n * 100) / Decimal(total))
        if syarat.jenis == "maks" and n * 100 > syarat.persen * total:
            if syarat.persen == 0:
                hasil.append(
                    _("Predikat organisasi %(org)s tidak membolehkan %(nama)s, tetapi ada %(n)d pegawai.")
                    % {"org": org, "nama": nama, "n": n}
                )
            else:
                hasil.append(
                    _(
                        "%(nama)s %(n)d dari %(total)d pegawai (%(persen)s) melebihi batas %(batas)d%% untuk predikat organisasi %(org)s."
                    )
                    % {"nama": nama, "n": n, "total": total, "persen": persen, "batas": syarat.persen, "org": org}
                )
        elif syarat.jenis == "min" and n * 100 < syarat.persen * total:
            hasil.append(
                _(
                    "%(nama)s %(n)d dari %(total)d pegawai (%(persen)s) kurang dari minimal %(batas)d%% untuk predikat organisasi %(org)s."
                )
                % {"nama": nama, "n": n, "total": total, "persen": persen, "batas": syarat.persen, "org": org}
            )
        elif syarat.jenis == "ada" and n == 0:
            hasil.append(
                _("Predikat organisasi %(org)s mengharuskan ada pegawai %(nama)s, tetapi tidak ada.")
                % {"org": org, "nama": " / ".join(_label_predikat(k) for k in syarat.predikat)}
            )
    return hasil


def format_persen(nilai: Decimal) -> str:
    """A percentage the way Indonesian pages write it: one decimal, comma, e.g. "12,5%"."""
    q = nilai.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{q}".replace(".", ",") + "%"


# PermenPANRB 1/2023 (kinerja.md §4; tables.json jf_angka_kredit): share of the yearly coefficient.
PERSEN_ANGKA_KREDIT: dict[str, int] = {
    Predikat.SANGAT_BAIK: 150,
    Predikat.BAIK: 100,
    Predikat.BUTUH_PERBAIKAN: 75,
    Predikat.KURANG: 50,
    Predikat.SANGAT_KURANG: 25,
}


def angka_kredit(predikat: str, koefisien_tahunan: Decimal | int | float | str) -> Decimal:
    """Angka kredit a functional position earns in a year: persen(predikat) x koefisien / 100, exact."""
    if predikat not in PERSEN_ANGKA_KREDIT:
        raise ValueError(f"predikat tidak dikenal: {predikat!r}")
    if isinstance(koefisien_tahunan, bool):
        raise ValueError(f"koefisien tidak sah: {koefisien_tahunan!r}")
    try:
        # a float such as 12.5 from a table is taken by its shortest decimal form, not its binary value
        koef = Decimal(repr(koefisien_tahunan)) if isinstance(koefisien_tahunan, float) else Decimal(koefisien_tahunan)
    except (ArithmeticError, TypeError, ValueError):
        raise ValueError(f"koefisien tidak sah: {koefisien_tahunan!r}") from None
    if not koef.is_finite() or koef < 0:
        raise ValueError(f"koefisien tidak sah: {koefisien_tahunan!r}")
    return koef * PERSEN_ANGKA_KREDIT[predikat] / 100


class Berakhlak(models.TextChoices):
    BERORIENTASI_PELAYANAN = "berorientasi_pelayanan", _("Berorientasi Pelayanan")
    AKUNTABEL = "akuntabel", _("Akuntabel")
    KOMPETEN = "kompeten", _("Kompeten")
    HARMONIS = "harmonis", _("Harmonis")
    LOYAL = "loyal", _("Loyal")
    ADAPTIF = "adaptif", _("Adaptif")
    KOLABORATIF = "kolaboratif", _("Kolaboratif")


# The three panduan perilaku of each core value (tables.json berakhlak), printed on the SKP.
# gettext_noop only marks them for the catalog: the values stay the regulation's Indonesian (the PDF
# prints them so); the web page translates them when it shows them ({% translate %} of the value).
PANDUAN_PERILAKU: dict[str, tuple[str, str, str]] = {
    Berakhlak.BERORIENTASI_PELAYANAN: (
        gettext_noop("Memahami dan memenuhi kebutuhan masyarakat"),
        gettext_noop("Ramah, cekatan, solutif, dan dapat diandalkan"),
        gettext_noop("Melakukan perbaikan tiada henti"),
    ),
    Berakhlak.AKUNTABEL: (
        gettext_noop("Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan berintegritas tinggi"),
        gettext_noop("Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan efisien"),
        gettext_noop("Tidak menyalahgunakan kewenangan jabatan"),
    ),
    Berakhlak.KOMPETEN: (
        gettext_noop("Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah"),
        gettext_noop("Membantu orang lain belajar"),
        gettext_noop("Melaksanakan tugas dengan kualitas terbaik"),
    ),
    Berakhlak.HARMONIS: (
        gettext_noop("Menghargai setiap orang apapun latar belakangnya"),
        gettext_noop("Suka menolong orang lain"),
        gettext_noop("Membangun lingkungan kerja yang kondusif"),
    ),
    Berakhlak.LOYAL: (
        gettext_noop("Memegang teguh ideologi Pancasila, UUD 1945, setia kepada NKRI serta pemerintahan yang sah"),
        gettext_noop("Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara"),
        gettext_noop("Menjaga rahasia jabatan dan negara"),
    ),
    Berakhlak.ADAPTIF: (
        gettext_noop("Cepat menyesuaikan diri menghadapi perubahan"),
        gettext_noop("Terus berinovasi dan mengembangkan kreativitas"),
        gettext_noop("Bertindak proaktif"),
    ),
    Berakhlak.KOLABORATIF: (
        gettext_noop("Memberi kesempatan kepada berbagai pihak untuk berkontribusi"),
        gettext_noop("Terbuka dalam bekerja sama untuk menghasilkan nilai tambah"),
        gettext_noop("Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama"),
    ),
}


class Aspek(models.TextChoices):
    KUANTITAS = "kuantitas", _("Kuantitas")
    KUALITAS = "kualitas", _("Kualitas")
    WAKTU = "waktu", _("Waktu")
    BIAYA = "biaya", _("Biaya")


class JenisRhk(models.TextChoices):
    UTAMA = "utama", _("Utama")
    TAMBAHAN = "tambahan", _("Tambahan")


class Pendekatan(models.TextChoices):
    KUANTITATIF = "kuantitatif", _("Kuantitatif")
    KUALITATIF = "kualitatif", _("Kualitatif")


class JenisPeriodik(models.TextChoices):
    BULANAN = "bulanan", _("Bulanan")
    TRIWULANAN = "triwulanan", _("Triwulanan")


_ROMAN = ["I", "II", "III", "IV"]
_BULAN = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip


@dataclass(frozen=True)
class Window:
    nomor: int
    label: str
    mulai: dt.date
    selesai: dt.date


def periodic_windows(tahun: int, jenis: str) -> list[Window]:
    """The periodic evaluation windows of a year: 12 months or 4 quarters ("TRIWULAN I".."IV-AKHIR")."""
    if jenis == JenisPeriodik.BULANAN:
        return [
            Window(
                m, f"{_BULAN[m - 1]} {tahun}", dt.date(tahun, m, 1), dt.date(tahun, m, calendar.monthrange(tahun, m)[1])
            )
            for m in range(1, 13)
        ]
    if jenis == JenisPeriodik.TRIWULANAN:
        windows = []
        for q in range(1, 5):
            first, last = 3 * q - 2, 3 * q
            label = f"Triwulan {_ROMAN[q - 1]}" + ("-Akhir" if q == 4 else "")
            windows.append(
                Window(
                    q,
                    f"{label} {tahun}",
                    dt.date(tahun, first, 1),
                    dt.date(tahun, last, calendar.monthrange(tahun, last)[1]),
                )
            )
        return windows
    raise ValueError(f"jenis periodik tidak dikenal: {jenis!r}")


def capaian_persen(target: Decimal | None, realisasi: Decimal | None) -> Decimal | None:
    """Realisasi as a percentage of target, rounded half-up to 2 decimals; None when not measurable."""
    if target is None or realisasi is None or target <= 0:
        return None
    return (Decimal(realisasi) * 100 / Decimal(target)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def working_days_between(start: dt.date, end: dt.date, holidays: frozenset[dt.date] = frozenset()) -> int:
    """Working days (Mon-Fri, minus `holidays`) in the half-open range (start, end]. Pure; with the
    real calendar use pegawai.kalender.hari_kerja_antara."""
    return kalender.hari_kerja_antara_pada(start, end, holidays)


def subtract_working_days(day: dt.date, n: int, holidays: frozenset[dt.date] = frozenset()) -> dt.date:
    """The date n working days before `day` (Mon-Fri minus `holidays`). Pure; with the real calendar
    use pegawai.kalender.kurangi_hari_kerja."""
    return kalender.kurangi_hari_kerja_pada(day, n, holidays)
