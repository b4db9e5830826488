"""Pure rules of competence development (pengembangan kompetensi): JP arithmetic and the catalogue's
vocabularies. No ORM, no I/O (STYLE §1).

Facts from ../shared/domain/pelatihan.md and tables.json `pengembangan_kompetensi`:
- every PNS is owed at least 20 JP a year (PP 11/2017 Pasal 203(4) as amended by PP 17/2020);
- 1 JP = 45 minutes (the universal convention; the regulation article was not located, so it is a
  named constant, not buried arithmetic).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

MIN_JP_PER_TAHUN = 20
MENIT_PER_JP = 45
# No single activity is plausibly longer than this (a full Latsar CPNS is well under 1,000 JP);
# anything above is a typing error (minutes or hours entered as JP), refused rather than stored.
MAX_JP_PER_KEGIATAN = 1000


class JenisProgram(models.TextChoices):
    # The regulation's own names are the values (STYLE §2): exports and SIASN read alike.
    LATSAR_CPNS = "latsar_cpns", _("Latsar CPNS")
    PKA = "pka", _("PKA (Pelatihan Kepemimpinan Administrator)")
    PKP = "pkp", _("PKP (Pelatihan Kepemimpinan Pengawas)")
    PKN_II = "pkn_ii", _("PKN Tingkat II")
    PKN_I = "pkn_i", _("PKN Tingkat I")
    TEKNIS = "teknis", _("Pelatihan teknis")
    FUNGSIONAL = "fungsional", _("Pelatihan fungsional")
    SEMINAR = "seminar", _("Seminar")
    WORKSHOP = "workshop", _("Workshop")
    E_LEARNING = "e_learning", _("E-learning")


class BidangKompetensi(models.TextChoices):
    MANAJERIAL = "manajerial", _("Manajerial")
    SOSIAL_KULTURAL = "sosial_kultural", _("Sosial kultural")
    TEKNIS = "teknis", _("Teknis")


def validasi_jp(jp: object) -> int:
    """The JP of one activity as an int; ValueError naming the value when it is not a whole number
    from 1 to MAX_JP_PER_KEGIATAN (0 JP is not training; 5,000 JP is a typing error)."""
    if isinstance(jp, bool) or not isinstance(jp, int):
        raise ValueError(f"JP harus bilangan bulat, bukan {jp!r}")
    if jp < 1:
        raise ValueError(f"JP harus paling sedikit 1, bukan {jp}")
    if jp > MAX_JP_PER_KEGIATAN:
        raise ValueError(f"JP {jp} tidak masuk akal: paling banyak {MAX_JP_PER_KEGIATAN} JP per kegiatan")
    return jp


def jp_dari_menit(menit: int) -> int:
    """Whole JP earned by `menit` minutes of learning: completed 45-minute units only (a 44-minute
    session earns nothing; rounding up would credit time not spent). Negative minutes: ValueError."""
    if isinstance(menit, bool) or not isinstance(menit, int):
        raise ValueError(f"menit harus bilangan bulat, bukan {menit!r}")
    if menit < 0:
        raise ValueError(f"menit tidak boleh negatif: {menit}")
    return menit // MENIT_PER_JP


def kurang_jp(total: int, target: int = MIN_JP_PER_TAHUN) -> int:
    """JP still missing to reach the yearly target; 0 once reached or exceeded."""
    if total < 0:
        raise ValueError(f"total JP tidak boleh negatif: {total}")
    return max(target - total, 0)


def persen_target(total: int, target: int = MIN_JP_PER_TAHUN) -> int:
    """Progress toward the target in whole percent, capped at 100 (for the progress bar)."""
    if total <= 0:
        return 0
    return min(total * 100 // target, 100)


def sisa_kursi(kuota: int, terisi: int) -> int:
    """Free seats of a run; never negative."""
    return max(kuota - terisi, 0)
