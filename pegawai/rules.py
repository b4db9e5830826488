"""Pure rules about employee records: NIP, golongan/pangkat, jabatan, batas usia pensiun.

No ORM, no I/O. Tables are copied once from ../shared/domain/ (pegawai.md, tables.json) and pinned
by tests/pegawai/test_rules.py.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.format import tanggal

# --- NIP (Peraturan Kepala BKN 22/2007) -------------------------------------------------------

NIP_LENGTH = 18
_NIP_SEPARATORS = re.compile(r"[\s.\-']")


class JenisKelamin(models.TextChoices):
    LAKI_LAKI = "L", _("Laki-laki")
    PEREMPUAN = "P", _("Perempuan")


_NIP_SEX_DIGIT = {"1": JenisKelamin.LAKI_LAKI, "2": JenisKelamin.PEREMPUAN}


@dataclass(frozen=True)
class NipParts:
    nip: str
    tanggal_lahir: dt.date
    tmt_cpns_tahun: int
    tmt_cpns_bulan: int
    jenis_kelamin: str  # JenisKelamin value
    nomor_urut: int


def normalize_nip(raw: str) -> str:
    """Strip the separators people print NIPs with (spaces, dots, dashes, a leading apostrophe)."""
    return _NIP_SEPARATORS.sub("", str(raw or ""))


def parse_nip(nip: str) -> NipParts:
    """Split an 18-digit NIP into its segments, raising ValidationError (Bahasa Indonesia) if invalid.

    Digits 1-8 birth date YYYYMMDD, 9-14 TMT CPNS YYYYMM, 15 sex (1 = L, 2 = P), 16-18 sequence.
    """
    value = normalize_nip(nip)
    if not value.isdigit():
        raise ValidationError(_("NIP hanya boleh berisi angka."), code="nip_bukan_angka")
    if len(value) != NIP_LENGTH:
        raise ValidationError(
            _("NIP harus %(n)s digit, bukan %(got)s digit.") % {"n": NIP_LENGTH, "got": len(value)},
            code="nip_panjang",
        )
    try:
        lahir = dt.date(int(value[0:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        raise ValidationError(
            _("Tanggal lahir pada NIP (digit 1-8) bukan tanggal yang valid."), code="nip_tanggal_lahir"
        ) from None
    tahun, bulan = int(value[8:12]), int(value[12:14])
    if not 1 <= bulan <= 12:
        raise ValidationError(_("Bulan TMT CPNS pada NIP (digit 13-14) tidak valid."), code="nip_tmt")
    if (tahun, bulan) <= (lahir.year, lahir.month):
        raise ValidationError(_("TMT CPNS pada NIP (digit 9-14) harus sesudah tanggal lahir."), code="nip_tmt")
    sex = _NIP_SEX_DIGIT.get(value[14])
    if sex is None:
        raise ValidationError(
            _("Digit ke-15 NIP (jenis kelamin) harus 1 (laki-laki) atau 2 (perempuan)."),
            code="nip_jenis_kelamin",
        )
    return NipParts(
        nip=value,
        tanggal_lahir=lahir,
        tmt_cpns_tahun=tahun,
        tmt_cpns_bulan=bulan,
        jenis_kelamin=sex,
        nomor_urut=int(value[15:18]),
    )


def nip_conflicts(parts: NipParts, *, tanggal_lahir: dt.date | None, jenis_kelamin: str | None) -> dict:
    """Field errors where a record's birth date or sex disagrees with its NIP."""
    errors: dict[str, str] = {}
    if tanggal_lahir and tanggal_lahir != parts.tanggal_lahir:
        errors["tanggal_lahir"] = str(
            _("Tanggal lahir %(tgl)s tidak sesuai dengan NIP (%(nip_tgl)s).")
            % {"tgl": tanggal(tanggal_lahir), "nip_tgl": tanggal(parts.tanggal_lahir)}
        )
    if jenis_kelamin and jenis_kelamin != parts.jenis_kelamin:
        errors["jenis_kelamin"] = str(_("Jenis kelamin tidak sesuai dengan digit ke-15 NIP."))
    return errors


def format_nip(nip: str) -> str:
    """Print a NIP the way documents do: 19860926 201505 1 001."""
    v = normalize_nip(nip)
    if len(v) != NIP_LENGTH:
        return v
    return f"{v[:8]} {v[8:14]} {v[14]} {v[15:]}"


# --- Status, golongan, jabatan ------------------------------------------------------------------


class StatusPegawai(models.TextChoices):
    CPNS = "cpns", "CPNS"
    PNS = "pns", "PNS"
    PPPK = "pppk", "PPPK"


class Kedudukan(models.TextChoices):
    AKTIF = "aktif", _("Aktif")
    CLTN = "cltn", _("Cuti di luar tanggungan negara")
    TUGAS_BELAJAR = "tugas_belajar", _("Tugas belajar")
    DIBERHENTIKAN_SEMENTARA = "diberhentikan_sementara", _("Diberhentikan sementara")
    PENSIUN = "pensiun", _("Pensiun")
    MENINGGAL = "meninggal", _("Meninggal")
    BERHENTI = "berhenti", _("Berhenti")


KEDUDUKAN_AKTIF = {Kedudukan.AKTIF, Kedudukan.TUGAS_BELAJAR}

# PNS golongan/ruang and pangkat (pegawai.md §2), with SIASN's GOL ID codes (siasn.md §2).
GOLONGAN_PNS: list[tuple[str, str, int]] = [
    ("I/a", "Juru Muda", 11),
    ("I/b", "Juru Muda Tingkat I", 12),
    ("I/c", "Juru", 13),
    ("I/d", "Juru Tingkat I", 14),
    ("II/a", "Pengatur Muda", 21),
    ("II/b", "Pengatur Muda Tingkat I", 22),
    ("II/c", "Pengatur", 23),
    ("II/d", "Pengatur Tingkat I", 24),
    ("III/a", "Penata Muda", 31),
    ("III/b", "Penata Muda Tingkat I", 32),
    ("III/c", "Penata", 33),
    ("III/d", "Penata Tingkat I", 34),
    ("IV/a", "Pembina", 41),
    ("IV/b", "Pembina Tingkat I", 42),
    ("IV/c", "Pembina Utama Muda", 43),
    ("IV/d", "Pembina Utama Madya", 44),
    ("IV/e", "Pembina Utama", 45),
]
# PPPK golongan I-XVII (pegawai.md §3, unverified; see docs/keputusan-domain.md).
GOLONGAN_PPPK: list[str] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
]  # fmt: skip

PANGKAT: dict[str, str] = {gol: pangkat for gol, pangkat, _id in GOLONGAN_PNS}
GOLONGAN_BY_SIASN_ID: dict[int, str] = {code: gol for gol, _p, code in GOLONGAN_PNS}
GOLONGAN_CHOICES: list[tuple[str, str]] = [(g, f"{g} – {p}") for g, p, _id in GOLONGAN_PNS] + [
    (g, f"PPPK {g}") for g in GOLONGAN_PPPK
]
GOLONGAN_ORDER: dict[str, int] = {g: i for i, (g, _label) in enumerate(GOLONGAN_CHOICES)}


def pangkat_for(golongan: str) -> str:
    """Pangkat name of a PNS golongan ("III/c" -> "Penata"); PPPK golongan have no pangkat."""
    return PANGKAT.get(golongan, "")


def golongan_valid_for(status: str, golongan: str) -> bool:
    if not golongan:
        return True
    if status == StatusPegawai.PPPK:
        return golongan in GOLONGAN_PPPK
    return golongan in PANGKAT


class JenisJabatan(models.TextChoices):
    JPT_UTAMA = "jpt_utama", _("JPT Utama")
    JPT_MADYA = "jpt_madya", _("JPT Madya")
    JPT_PRATAMA = "jpt_pratama", _("JPT Pratama")
    ADMINISTRATOR = "administrator", _("Administrator")
    PENGAWAS = "pengawas", _("Pengawas")
    FUNGSIONAL = "fungsional", _("Fungsional")
    PELAKSANA = "pelaksana", _("Pelaksana")


JPT = {JenisJabatan.JPT_UTAMA, JenisJabatan.JPT_MADYA, JenisJabatan.JPT_PRATAMA}
MANAJERIAL = JPT | {JenisJabatan.ADMINISTRATOR, JenisJabatan.PENGAWAS}


class JenjangFungsional(models.TextChoices):
    AHLI_PERTAMA = "ahli_pertama", _("Ahli Pertama")
    AHLI_MUDA = "ahli_muda", _("Ahli Muda")
    AHLI_MADYA = "ahli_madya", _("Ahli Madya")
    AHLI_UTAMA = "ahli_utama", _("Ahli Utama")
    PEMULA = "pemula", _("Pemula")
    TERAMPIL = "terampil", _("Terampil")
    MAHIR = "mahir", _("Mahir")
    PENYELIA = "penyelia", _("Penyelia")


KETERAMPILAN = {
    JenjangFungsional.PEMULA,
    JenjangFungsional.TERAMPIL,
    JenjangFungsional.MAHIR,
    JenjangFungsional.PENYELIA,
}


def jenjang_from_nama(nama_jabatan: str) -> str:
    """Jenjang of a jabatan fungsional read from its name ("Analis Kebijakan Ahli Muda")."""
    lowered = (nama_jabatan or "").lower()
    for value, label in JenjangFungsional.choices:
        if str(label).lower() in lowered:
            return value
    return ""


def batas_usia_pensiun(jenis_jabatan: str, jenjang: str = "") -> int:
    """BUP in years (pegawai.md §6, PP 11/2017 Pasal 239): 58 administrasi, JF ahli pertama/muda and
    keterampilan; 60 JPT and JF ahli madya; 65 JF ahli utama. Unknown jabatan: 58 (the common case)."""
    if jenis_jabatan in JPT:
        return 60
    if jenis_jabatan == JenisJabatan.FUNGSIONAL:
        if jenjang == JenjangFungsional.AHLI_UTAMA:
            return 65
        if jenjang == JenjangFungsional.AHLI_MADYA:
            return 60
    return 58


def tanggal_pensiun(tanggal_lahir: dt.date, bup: int) -> dt.date:
    """Pension TMT: the first day of the month after the BUP birthday (pegawai.md §6, [U] convention)."""
    year, month = tanggal_lahir.year + bup, tanggal_lahir.month + 1
    if month == 13:
        year, month = year + 1, 1
    return dt.date(year, month, 1)


class TingkatPendidikan(models.TextChoices):
    SD = "05", "SD"
    SLTP = "10", "SLTP"
    SLTA = "15", "SLTA"
    D1 = "20", "D-I"
    D2 = "25", "D-II"
    D3 = "30", "D-III"
    D4 = "35", "D-IV"
    S1 = "40", "S-1"
    PROFESI = "42", _("Profesi")
    S2 = "45", "S-2"
    S3 = "50", "S-3"


def nama_lengkap(nama: str, gelar_depan: str = "", gelar_belakang: str = "") -> str:
    """Name as printed on documents: "Dr. Siti Aminah, S.E., M.M."."""
    full = f"{gelar_depan.strip()} {nama.strip()}".strip()
    return f"{full}, {gelar_belakang.strip()}" if gelar_belakang.strip() else full


def would_create_cycle(*, node_id: int, new_parent_path: str) -> bool:
    """True when attaching node under a parent whose materialized path already contains the node."""
    return f"/{node_id}/" in (new_parent_path or "")


def build_nip(*, tanggal_lahir: dt.date, tmt_tahun: int, tmt_bulan: int, jenis_kelamin: str, nomor_urut: int) -> str:
    """Compose a NIP from its parts (used by demo/scale data generators; inverse of parse_nip)."""
    sex_digit = "1" if jenis_kelamin == JenisKelamin.LAKI_LAKI else "2"
    return f"{tanggal_lahir:%Y%m%d}{tmt_tahun:04d}{tmt_bulan:02d}{sex_digit}{nomor_urut % 1000:03d}"
