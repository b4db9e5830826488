"""Pure tests of pegawai.siasn: reading SIASN files and mapping codes (no database)."""

import datetime as dt

import pytest

from pegawai import siasn
from tests.pegawai.siasn_files import COLUMNS_64, COLUMNS_69, csv_bytes, row, xlsx_bytes


def test_header_names_are_normalized():
    assert siasn.normalize_header("\ufeff nip_baru ") == "NIP BARU"
    assert siasn.normalize_header("Tanggal  Lahir") == "TANGGAL LAHIR"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("'198502142010031001", "198502142010031001"), ("null", ""), ("NULL", ""), ("-", ""), ("  x ", "x"), (33.0, "33")],
)
def test_clean_cell(raw, expected):
    assert siasn.clean_cell(raw) == expected


@pytest.mark.parametrize(
    ("line", "delimiter"), [("A,B,C", ","), ("A;B;C", ";"), ("A|B|C", "|"), ("A\tB\tC", "\t"), ("A", ",")]
)
def test_sniff_delimiter(line, delimiter):
    assert siasn.sniff_delimiter(line) == delimiter


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("14-02-1985", dt.date(1985, 2, 14)),
        ("14/02/1985", dt.date(1985, 2, 14)),
        ("1985-02-14", dt.date(1985, 2, 14)),
        ("31092", dt.date(1985, 2, 14)),  # Excel serial
        (dt.datetime(1985, 2, 14, 0, 0), dt.date(1985, 2, 14)),
        ("", None),
    ],
)
def test_parse_date(raw, expected):
    assert siasn.parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["31-02-1985", "kemarin", "14-2-85"])
def test_parse_date_rejects_junk(raw):
    with pytest.raises(ValueError):
        siasn.parse_date(raw)


def test_codes_map():
    assert siasn.map_jenis_kelamin("M") == "L"
    assert siasn.map_jenis_kelamin("F") == "P"
    assert siasn.map_golongan_pns("33", "") == "III/c"
    assert siasn.map_golongan_pns("45", "IV/e") == "IV/e"
    assert siasn.map_golongan_pns("", "III/C") == "III/c"
    assert siasn.map_golongan_pppk("", "IX") == "IX"
    assert siasn.map_golongan_pppk("", "PPPK XI") == "XI"
    assert siasn.map_status("P", "01", "") == "pns"
    assert siasn.map_status("C", "01", "") == "cpns"
    assert siasn.map_status("", "71", "") == "pppk"
    assert siasn.map_status("P", "01", "PPPK") == "pppk"
    assert [siasn.map_kedudukan(c) for c in ("01", "1", "02", "03", "04", "99")] == [
        "aktif", "aktif", "cltn", "tugas_belajar", "diberhentikan_sementara", "pensiun",
    ]  # fmt: skip
    assert siasn.map_tingkat_pendidikan("5") == "05"
    assert siasn.map_tingkat_pendidikan("40") == "40"


@pytest.mark.parametrize("bad", ["99", "V/a"])
def test_unknown_golongan_raises(bad):
    with pytest.raises(ValueError):
        siasn.map_golongan_pns(bad if bad.isdigit() else "", "" if bad.isdigit() else bad)


@pytest.mark.parametrize(
    ("jenis_id", "nama", "eselon", "expected"),
    [
        ("1", "Kepala Dinas Komunikasi dan Informatika", "", "jpt_pratama"),
        ("1", "Sekretaris Daerah", "", "jpt_pratama"),
        ("1", "Asisten Pemerintahan", "", "jpt_pratama"),
        ("1", "Camat Serpong", "", "administrator"),
        ("1", "Sekretaris Dinas Kesehatan", "", "administrator"),
        ("1", "Kepala Bidang Aplikasi Informatika", "", "administrator"),
        ("1", "Kepala Bagian Umum", "", "administrator"),
        ("1", "Kepala Seksi Pelayanan", "", "pengawas"),
        ("1", "Kepala Subbagian Keuangan", "", "pengawas"),
        ("1", "Kepala Sub Bagian Umum", "", "pengawas"),
        ("1", "Lurah Ciputat", "", "pengawas"),
        ("1", "Kepala Bidang X", "21", "jpt_pratama"),  # ESELON ID wins over the name
        ("1", "Kepala Dinas X", "31", "administrator"),
        ("1", "Sesuatu", "41", "pengawas"),
        ("1", "Sesuatu", "12", "jpt_madya"),
        ("3", "Kepala Seksi Data", "", "pengawas"),
        ("2", "Pranata Komputer Ahli Muda", "", "fungsional"),
        ("4", "Pengadministrasi Umum", "", "pelaksana"),
        ("", "Pengadministrasi Umum", "", "pelaksana"),
        ("", "", "", ""),
    ],
)
def test_jenis_jabatan(jenis_id, nama, eselon, expected):
    assert siasn.map_jenis_jabatan(jenis_id, nama, eselon) == expected


def test_map_row_valid_67_column_row():
    r = siasn.map_row(2, {k: siasn.clean_cell(v) for k, v in row().items()})
    assert r.errors == []
    assert (r.nip, r.jenis_kelamin, r.status, r.golongan, r.kedudukan) == (
        "198502142010031001",
        "L",
        "pns",
        "III/c",
        "aktif",
    )
    assert (r.jabatan_jenis, r.jabatan_jenjang, r.pendidikan_terakhir) == ("fungsional", "ahli_muda", "40")
    assert r.tanggal_lahir == dt.date(1985, 2, 14) and r.tmt_golongan == dt.date(2020, 4, 1)
    assert r.batas_usia_pensiun == 58
    assert r.gelar_depan == "" and r.gelar_belakang == "S.Kom."


def test_map_row_pppk_golongan_from_name():
    r = siasn.map_row(2, row(kedudukan="71", gol_id="", gol_nama="IX", status=""))
    assert r.errors == []
    assert (r.status, r.golongan) == ("pppk", "IX")


@pytest.mark.parametrize(
    ("override", "kolom"),
    [
        ({"nip": "19850214201003100"}, "NIP BARU"),  # 17 digits
        ({"lahir": "15-02-1985"}, "TANGGAL LAHIR"),  # disagrees with NIP
        ({"jk": "F"}, "JENIS KELAMIN"),  # disagrees with NIP digit 15
        ({"gol_id": "99", "gol_nama": ""}, "GOL AKHIR ID"),
        ({"gol_id": "", "gol_nama": "IX"}, "GOL AKHIR NAMA"),  # PPPK golongan on a PNS
        ({"jenis_jabatan": "7"}, "JENIS JABATAN ID"),
        ({"kedudukan": "55"}, "KEDUDUKAN HUKUM ID"),
        ({"lahir": "31-02-1985"}, "TANGGAL LAHIR"),
    ],
)
def test_map_row_reports_column_and_reason(override, kolom):
    values = row(**override)
    if "kedudukan" in override:
        values["KEDUDUKAN HUKUM NAMA"] = "Sesuatu"
    r = siasn.map_row(5, {k: siasn.clean_cell(v) for k, v in values.items()})
    assert [e.kolom for e in r.errors] == [kolom]
    assert r.errors[0].baris == 5 and r.errors[0].pesan


def test_read_rows_layouts_match_by_name():
    for columns in (COLUMNS_64, COLUMNS_69):
        header, rows = siasn.read_rows(csv_bytes([row()], columns=columns), "x.csv")
        assert len(header) == len(columns)
        assert rows[0][0] == 2 and rows[0][1]["NIP BARU"] == "198502142010031001"
    _, rows = siasn.read_rows(csv_bytes([row(), row()], delimiter="|", bom=False), "x.csv")
    assert [n for n, _ in rows] == [2, 3] and rows[1][1]["NAMA"] == "Budi Santoso"


def test_read_rows_reordered_lowercase_columns_and_blank_lines():
    data = b"nama;nip_baru;tanggal_lahir;jenis_kelamin;extra\r\nBudi;'198502142010031001;14-02-1985;M;x\r\n;;;;\r\nSiti;'1;1;F;\r\n"
    _, rows = siasn.read_rows(data, "x.csv")
    assert [n for n, _ in rows] == [2, 4]
    assert rows[0][1]["NAMA"] == "Budi" and rows[1][1]["NIP BARU"] == "1"


def test_read_rows_xlsx_serial_and_date_cells():
    for serial in (True, False):
        _, rows = siasn.read_rows(xlsx_bytes([row()], serial_dates=serial), "x.xlsx")
        r = siasn.map_row(*rows[0])
        assert r.errors == [] and r.tanggal_lahir == dt.date(1985, 2, 14)


def test_read_rows_rejects_file_without_required_columns():
    with pytest.raises(siasn.SiasnFileError, match="NIP BARU"):
        siasn.read_rows(b"NAMA,ALAMAT\r\nBudi,Jl\r\n", "x.csv")
    with pytest.raises(siasn.SiasnFileError):
        siasn.read_rows(b"", "x.csv")
    with pytest.raises(siasn.SiasnFileError):
        siasn.read_rows(b"PK\x03\x04junk", "x.xlsx")


def test_duplicate_nip_in_file_is_an_error():
    records = siasn.map_rows([(2, row()), (3, row())])
    assert records[0].errors == []
    assert [(e.baris, e.kolom) for e in records[1].errors] == [(3, "NIP BARU")]
    assert "baris 2" in records[1].errors[0].pesan
