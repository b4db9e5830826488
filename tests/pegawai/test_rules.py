import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from pegawai import rules
from tests.domain import domain_tables


def test_parse_nip_splits_segments():
    parts = rules.parse_nip("19860926 201505 1 001")
    assert parts.nip == "198609262015051001"
    assert parts.tanggal_lahir == dt.date(1986, 9, 26)
    assert (parts.tmt_cpns_tahun, parts.tmt_cpns_bulan) == (2015, 5)
    assert parts.jenis_kelamin == rules.JenisKelamin.LAKI_LAKI
    assert parts.nomor_urut == 1


def test_parse_nip_accepts_dots_and_apostrophe():
    assert rules.parse_nip("'19660801.198803.2.001").jenis_kelamin == rules.JenisKelamin.PEREMPUAN


@pytest.mark.parametrize(
    ("nip", "code"),
    [
        ("19860926201505100", "nip_panjang"),  # 17 digits
        ("1986092620150510011", "nip_panjang"),  # 19 digits
        ("19860926201505100A", "nip_bukan_angka"),
        ("198602312015051001", "nip_tanggal_lahir"),  # 31 Feb
        ("198613262015051001", "nip_tanggal_lahir"),  # month 13
        ("198609262015131001", "nip_tmt"),  # TMT month 13
        ("198609261985011001", "nip_tmt"),  # appointed before birth
        ("198609262015053001", "nip_jenis_kelamin"),
        ("198609262015050001", "nip_jenis_kelamin"),
        ("", "nip_bukan_angka"),
    ],
)
def test_parse_nip_rejects_invalid(nip, code):
    with pytest.raises(ValidationError) as exc:
        rules.parse_nip(nip)
    assert exc.value.code == code
    assert exc.value.messages[0]  # a message in Bahasa Indonesia
    assert "NIP" in exc.value.messages[0] or "Digit" in exc.value.messages[0]


def test_nip_conflicts_reports_birth_date_and_sex():
    parts = rules.parse_nip("198609262015051001")
    errors = rules.nip_conflicts(parts, tanggal_lahir=dt.date(1986, 9, 27), jenis_kelamin="P")
    assert set(errors) == {"tanggal_lahir", "jenis_kelamin"}
    assert rules.nip_conflicts(parts, tanggal_lahir=dt.date(1986, 9, 26), jenis_kelamin="L") == {}


def test_build_nip_round_trips():
    nip = rules.build_nip(
        tanggal_lahir=dt.date(1990, 2, 28), tmt_tahun=2019, tmt_bulan=3, jenis_kelamin="P", nomor_urut=1042
    )
    parts = rules.parse_nip(nip)
    assert parts.tanggal_lahir == dt.date(1990, 2, 28) and parts.jenis_kelamin == "P" and parts.nomor_urut == 42


def test_golongan_tables_match_domain_reference():
    tables = domain_tables()
    assert [[g, p] for g, p, _id in rules.GOLONGAN_PNS] == tables["golongan_pns"]["values"]
    assert tables["golongan_pppk"]["values"] == rules.GOLONGAN_PPPK
    assert rules.GOLONGAN_BY_SIASN_ID[33] == "III/c" and rules.GOLONGAN_BY_SIASN_ID[45] == "IV/e"
    assert rules.pangkat_for("IV/a") == "Pembina" and rules.pangkat_for("IX") == ""


def test_golongan_valid_for_status():
    assert rules.golongan_valid_for("pns", "III/a")
    assert not rules.golongan_valid_for("pns", "IX")
    assert rules.golongan_valid_for("pppk", "IX")
    assert not rules.golongan_valid_for("pppk", "III/a")


@pytest.mark.parametrize(
    ("jenis", "jenjang", "bup"),
    [
        ("jpt_pratama", "", 60),
        ("jpt_madya", "", 60),
        ("administrator", "", 58),
        ("pengawas", "", 58),
        ("pelaksana", "", 58),
        ("fungsional", "ahli_pertama", 58),
        ("fungsional", "ahli_muda", 58),
        ("fungsional", "ahli_madya", 60),
        ("fungsional", "ahli_utama", 65),
        ("fungsional", "terampil", 58),
    ],
)
def test_batas_usia_pensiun(jenis, jenjang, bup):
    assert rules.batas_usia_pensiun(jenis, jenjang) == bup


def test_tanggal_pensiun_is_first_of_next_month():
    assert rules.tanggal_pensiun(dt.date(1970, 12, 15), 58) == dt.date(2029, 1, 1)
    assert rules.tanggal_pensiun(dt.date(1970, 5, 15), 60) == dt.date(2030, 6, 1)


def test_jenjang_from_nama():
    assert rules.jenjang_from_nama("Analis Kebijakan Ahli Muda") == "ahli_muda"
    assert rules.jenjang_from_nama("Pranata Komputer Terampil") == "terampil"
    assert rules.jenjang_from_nama("Pengadministrasi Umum") == ""


def test_nama_lengkap_and_format_nip():
    assert rules.nama_lengkap("Siti Aminah", "Dr.", "S.E., M.M.") == "Dr. Siti Aminah, S.E., M.M."
    assert rules.format_nip("198609262015051001") == "19860926 201505 1 001"
