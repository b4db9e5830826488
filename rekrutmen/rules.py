"""Pure eligibility rules of an applicant: NIK and age (no ORM, no I/O).

Sources (../shared/domain/rekrutmen.md §4): PP 11/2017 jo PP 17/2020 Pasal 23(1) — CPNS applicants are
at least 18 and at most 35 years old; Keppres 17/2019 raises the maximum to 40 for the jabatan set by
the President (dokter and dokter gigi with specialist qualification, dokter pendidik klinis, dosen,
peneliti, perekayasa), a flag on the formasi (``Formasi.usia_maks_40``).

The NIK (Nomor Induk Kependudukan, UU 24/2013) is 16 digits: province (2), regency (2), district (2),
date of birth DDMMYY with 40 added to the day for women, and a 4-digit serial.
"""

from __future__ import annotations

import datetime as dt

USIA_MIN = 18
USIA_MAKS = 35
USIA_MAKS_KHUSUS = 40  # Keppres 17/2019

# Province codes (Kemendagri): 11 Aceh ... 94 Papua; 2-digit codes outside this range do not exist.
KODE_PROVINSI_MIN = 11
KODE_PROVINSI_MAKS = 94


def validasi_nik(nik: object, *, tanggal_lahir: dt.date | None = None, jenis_kelamin: str | None = None) -> str:
    """The NIK as a 16-digit string; ValueError (in Indonesian, naming the value) when it cannot be one,
    or when it contradicts the birth date or sex given ("L"/"P")."""
    if not isinstance(nik, str):
        raise ValueError(f"NIK harus berupa teks 16 angka: {nik!r}")
    nik = nik.strip()
    if len(nik) != 16 or not nik.isascii() or not nik.isdigit():
        raise ValueError(f"NIK harus 16 angka: {nik!r}")
    provinsi = int(nik[0:2])
    if not KODE_PROVINSI_MIN <= provinsi <= KODE_PROVINSI_MAKS:
        raise ValueError(
            f"kode provinsi NIK {nik[0:2]} tidak dikenal (harus {KODE_PROVINSI_MIN}-{KODE_PROVINSI_MAKS}): {nik}"
        )
    hari, bulan, tahun2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    perempuan = hari > 40
    if perempuan:
        hari -= 40
    if not 1 <= bulan <= 12 or not 1 <= hari <= 31:
        raise ValueError(f"tanggal lahir dalam NIK ({nik[6:12]}) tidak sah: {nik}")
    if tanggal_lahir is not None:
        if (hari, bulan, tahun2) != (tanggal_lahir.day, tanggal_lahir.month, tanggal_lahir.year % 100):
            raise ValueError(
                f"tanggal lahir dalam NIK ({nik[6:12]}) tidak sesuai dengan tanggal lahir "
                f"{tanggal_lahir:%d-%m-%Y}: {nik}"
            )
    else:
        # Without a full date only the 2-digit year is unknown: check the day exists in that month
        # in some year (29 February exists in leap years).
        try:
            dt.date(2000, bulan, hari)
        except ValueError:
            raise ValueError(f"tanggal lahir dalam NIK ({nik[6:12]}) tidak sah: {nik}") from None
    if jenis_kelamin is not None:
        if jenis_kelamin not in ("L", "P"):
            raise ValueError(f"jenis kelamin tidak dikenal: {jenis_kelamin!r}")
        if (jenis_kelamin == "P") != perempuan:
            kode = "perempuan (tanggal + 40)" if perempuan else "laki-laki"
            raise ValueError(f"NIK {nik} menunjukkan {kode}, tidak sesuai dengan jenis kelamin {jenis_kelamin}")
    return nik


def usia_pada(tanggal_lahir: dt.date, tanggal_acuan: dt.date) -> int:
    """Completed years on `tanggal_acuan` (the birthday itself counts as the new year; someone born on
    29 February has their birthday on 1 March in a common year)."""
    if tanggal_acuan < tanggal_lahir:
        raise ValueError(f"tanggal lahir {tanggal_lahir:%d-%m-%Y} setelah tanggal acuan {tanggal_acuan:%d-%m-%Y}")
    belum_ulang_tahun = (tanggal_acuan.month, tanggal_acuan.day) < (tanggal_lahir.month, tanggal_lahir.day)
    return tanggal_acuan.year - tanggal_lahir.year - int(belum_ulang_tahun)


def usia_maks(*, jabatan_khusus: bool = False) -> int:
    return USIA_MAKS_KHUSUS if jabatan_khusus else USIA_MAKS


def alasan_usia(tanggal_lahir: dt.date, tanggal_acuan: dt.date, *, jabatan_khusus: bool = False) -> str | None:
    """Why the applicant's age is not allowed on the reference date, or None when it is.

    "At most 35" is read in completed years: 35 years and 364 days is allowed; whoever turns 36 on or
    before the reference date is not (the same for 18: allowed from the 18th birthday on)."""
    maks = usia_maks(jabatan_khusus=jabatan_khusus)
    usia = usia_pada(tanggal_lahir, tanggal_acuan)
    if usia < USIA_MIN:
        return f"usia {usia} tahun pada {tanggal_acuan:%d-%m-%Y} kurang dari batas minimal {USIA_MIN} tahun"
    if usia > maks:
        return f"usia {usia} tahun pada {tanggal_acuan:%d-%m-%Y} melebihi batas maksimal {maks} tahun"
    return None


def samarkan_nama(nama: str) -> str:
    """A name as published (UU 27/2022): the first letter of each word, the rest hidden with a fixed
    number of stars so the length does not leak ("Budi Santoso" -> "B*** S***")."""
    return " ".join(f"{w[0]}***" for w in nama.split())


def samarkan_nik(nik: str) -> str:
    """Only the last 4 digits of a NIK are published."""
    return "*" * 12 + nik[-4:] if len(nik) >= 4 else "*" * len(nik)
