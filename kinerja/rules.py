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
    """Working days (Mon-Fri, minus holidays) in the half-open range (start, end]."""
    if end <= start:
        return 0
    days = 0
    d = start + dt.timedelta(days=1)
    while d <= end:
        if d.weekday() < 5 and d not in holidays:
            days += 1
        d += dt.timedelta(days=1)
    return days


def subtract_working_days(day: dt.date, n: int, holidays: frozenset[dt.date] = frozenset()) -> dt.date:
    """The date n working days before `day`."""
    d = day
    while n > 0:
        d -= dt.timedelta(days=1)
        if d.weekday() < 5 and d not in holidays:
            n -= 1
    return d
