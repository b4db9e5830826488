"""rekrutmen.rules: NIK and the age limit on the reference date (../shared/domain/rekrutmen.md §4)."""

import datetime as dt

import pytest

from rekrutmen import rules

# 36 74 01 | 170598 | 0001: Banten (36), Tangerang Selatan, born 17-05-1998, male
NIK_L = "3674011705980001"
NIK_P = "3674015705980002"  # the same date, female: day 17 + 40 = 57


def test_valid_nik_is_returned_stripped():
    assert rules.validasi_nik(f" {NIK_L} ") == NIK_L
    assert rules.validasi_nik(NIK_L, tanggal_lahir=dt.date(1998, 5, 17), jenis_kelamin="L") == NIK_L
    assert rules.validasi_nik(NIK_P, tanggal_lahir=dt.date(1998, 5, 17), jenis_kelamin="P") == NIK_P


@pytest.mark.parametrize(
    "nik, pesan",
    [
        ("367401170598000", "16 angka"),  # 15 digits
        ("36740117059800011", "16 angka"),  # 17
        ("36740117059800a1", "16 angka"),
        ("３６７４０１１７０５９８０００１", "16 angka"),  # full-width digits are not ASCII
        ("1074011705980001", "kode provinsi NIK 10"),
        ("9574011705980001", "kode provinsi NIK 95"),
        ("3674011713980001", "tidak sah"),  # month 13
        ("3674010005980001", "tidak sah"),  # day 0
        ("3674013205980001", "tidak sah"),  # day 32 (neither a man's day nor a woman's)
        ("3674017205980001", "tidak sah"),  # day 72 = 32 for a woman
        ("3674013102980001", "tidak sah"),  # 31 February
    ],
)
def test_invalid_nik_raises_naming_the_value(nik, pesan):
    with pytest.raises(ValueError, match=pesan) as e:
        rules.validasi_nik(nik)
    assert nik in str(e.value) or repr(nik) in str(e.value)


def test_nik_province_range_edges():
    assert rules.validasi_nik("1174011705980001")
    assert rules.validasi_nik("9474011705980001")


def test_non_string_nik_is_rejected():
    with pytest.raises(ValueError, match="teks 16 angka"):
        rules.validasi_nik(3674011705980001)


def test_nik_leap_day_without_birth_date_is_accepted():
    assert rules.validasi_nik("3674012902000001")


def test_nik_must_match_birth_date():
    with pytest.raises(ValueError, match=r"tidak sesuai dengan tanggal lahir 18-05-1998"):
        rules.validasi_nik(NIK_L, tanggal_lahir=dt.date(1998, 5, 18))
    with pytest.raises(ValueError, match="tidak sesuai dengan tanggal lahir"):
        rules.validasi_nik(NIK_L, tanggal_lahir=dt.date(1988, 5, 17))  # year 88 != 98
    with pytest.raises(ValueError, match="tidak sesuai dengan tanggal lahir"):
        rules.validasi_nik(NIK_L, tanggal_lahir=dt.date(1998, 6, 17))


def test_nik_must_match_sex():
    with pytest.raises(ValueError, match="laki-laki, tidak sesuai dengan jenis kelamin P"):
        rules.validasi_nik(NIK_L, jenis_kelamin="P")
    with pytest.raises(ValueError, match=r"perempuan \(tanggal \+ 40\), tidak sesuai dengan jenis kelamin L"):
        rules.validasi_nik(NIK_P, jenis_kelamin="L")
    with pytest.raises(ValueError, match="jenis kelamin tidak dikenal"):
        rules.validasi_nik(NIK_L, jenis_kelamin="X")


ACUAN = dt.date(2024, 8, 1)


@pytest.mark.parametrize(
    "lahir, usia",
    [
        (dt.date(2006, 8, 1), 18),  # 18th birthday exactly on the reference date
        (dt.date(2006, 8, 2), 17),  # one day later: still 17
        (dt.date(2006, 7, 31), 18),
        (dt.date(1988, 8, 1), 36),
        (dt.date(1988, 8, 2), 35),
        (dt.date(1988, 7, 31), 36),
    ],
)
def test_age_in_completed_years(lahir, usia):
    assert rules.usia_pada(lahir, ACUAN) == usia


def test_leap_day_birthday_counts_from_1_march_in_common_years():
    assert rules.usia_pada(dt.date(2004, 2, 29), dt.date(2023, 2, 28)) == 18
    assert rules.usia_pada(dt.date(2004, 2, 29), dt.date(2023, 3, 1)) == 19
    assert rules.usia_pada(dt.date(2004, 2, 29), dt.date(2024, 2, 29)) == 20


def test_birth_after_reference_date_is_an_error():
    with pytest.raises(ValueError, match="setelah tanggal acuan"):
        rules.usia_pada(dt.date(2024, 8, 2), ACUAN)


@pytest.mark.parametrize(
    "lahir, khusus, boleh",
    [
        (dt.date(2006, 8, 1), False, True),  # turns 18 on the day
        (dt.date(2006, 8, 2), False, False),  # 18 one day too late
        (dt.date(2006, 7, 31), False, True),
        (dt.date(1988, 8, 2), False, True),  # 35 years and 364 days
        (dt.date(1988, 8, 1), False, False),  # turns 36 on the day
        (dt.date(1988, 7, 31), False, False),
        (dt.date(1988, 8, 1), True, True),  # Keppres 17/2019 jabatan: up to 40
        (dt.date(1983, 8, 2), True, True),  # 40 years and 364 days
        (dt.date(1983, 8, 1), True, False),  # turns 41 on the day
        (dt.date(2006, 8, 2), True, False),  # the minimum holds for them too
    ],
)
def test_age_limit_edges(lahir, khusus, boleh):
    alasan = rules.alasan_usia(lahir, ACUAN, jabatan_khusus=khusus)
    assert (alasan is None) == boleh, alasan


def test_age_reason_is_indonesian_and_names_the_numbers():
    assert rules.alasan_usia(dt.date(1988, 8, 1), ACUAN) == (
        "usia 36 tahun pada 01-08-2024 melebihi batas maksimal 35 tahun"
    )
    assert rules.alasan_usia(dt.date(2006, 8, 2), ACUAN) == (
        "usia 17 tahun pada 01-08-2024 kurang dari batas minimal 18 tahun"
    )


def test_masking_hides_all_but_initials_and_last_four_digits():
    assert rules.samarkan_nama("Budi  Santoso") == "B*** S***"
    assert rules.samarkan_nama("Ani") == "A***"
    assert rules.samarkan_nik(NIK_L) == "************0001"
