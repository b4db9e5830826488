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


class Berakhlak(models.TextChoices):
    BERORIENTASI_PELAYANAN = "berorientasi_pelayanan", _("Berorientasi Pelayanan")
    AKUNTABEL = "akuntabel", _("Akuntabel")
    KOMPETEN = "kompeten", _("Kompeten")
    HARMONIS = "harmonis", _("Harmonis")
    LOYAL = "loyal", _("Loyal")
    ADAPTIF = "adaptif", _("Adaptif")
    KOLABORATIF = "kolaboratif", _("Kolaboratif")


# The three panduan perilaku of each core value (tables.json berakhlak), printed on the SKP.
PANDUAN_PERILAKU: dict[str, tuple[str, str, str]] = {
    Berakhlak.BERORIENTASI_PELAYANAN: (
        "Memahami dan memenuhi kebutuhan masyarakat",
        "Ramah, cekatan, solutif, dan dapat diandalkan",
        "Melakukan perbaikan tiada henti",
    ),
    Berakhlak.AKUNTABEL: (
        "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan berintegritas tinggi",
        "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan efisien",
        "Tidak menyalahgunakan kewenangan jabatan",
    ),
    Berakhlak.KOMPETEN: (
        "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
        "Membantu orang lain belajar",
        "Melaksanakan tugas dengan kualitas terbaik",
    ),
    Berakhlak.HARMONIS: (
        "Menghargai setiap orang apapun latar belakangnya",
        "Suka menolong orang lain",
        "Membangun lingkungan kerja yang kondusif",
    ),
    Berakhlak.LOYAL: (
        "Memegang teguh ideologi Pancasila, UUD 1945, setia kepada NKRI serta pemerintahan yang sah",
        "Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara",
        "Menjaga rahasia jabatan dan negara",
    ),
    Berakhlak.ADAPTIF: (
        "Cepat menyesuaikan diri menghadapi perubahan",
        "Terus berinovasi dan mengembangkan kreativitas",
        "Bertindak proaktif",
    ),
    Berakhlak.KOLABORATIF: (
        "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
        "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
        "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama",
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
