"""Builders of SIASN "Export Data ASN" files for tests (layouts of ../shared/domain/siasn.md §1)."""

import csv
import datetime as dt
import io

COLUMNS_67 = [
    "PNS ID", "NIP BARU", "NIP LAMA", "NAMA", "GELAR DEPAN", "GELAR BELAKANG", "TEMPAT LAHIR ID",
    "TEMPAT LAHIR NAMA", "TANGGAL LAHIR", "JENIS KELAMIN", "AGAMA ID", "AGAMA NAMA", "JENIS KAWIN ID",
    "JENIS KAWIN NAMA", "NIK", "NOMOR HP", "EMAIL", "EMAIL GOV", "ALAMAT", "NPWP NOMOR", "BPJS",
    "JENIS PEGAWAI ID", "JENIS PEGAWAI NAMA", "KEDUDUKAN HUKUM ID", "KEDUDUKAN HUKUM NAMA", "STATUS CPNS PNS",
    "KARTU ASN VIRTUAL", "NOMOR SK CPNS", "TANGGAL SK CPNS", "TMT CPNS", "NOMOR SK PNS", "TANGGAL SK PNS",
    "TMT PNS", "GOL AWAL ID", "GOL AWAL NAMA", "GOL AKHIR ID", "GOL AKHIR NAMA", "TMT GOLONGAN", "MK TAHUN",
    "MK BULAN", "JENIS JABATAN ID", "JENIS JABATAN NAMA", "JABATAN ID", "JABATAN NAMA", "TMT JABATAN",
    "TINGKAT PENDIDIKAN ID", "TINGKAT PENDIDIKAN NAMA", "PENDIDIKAN ID", "PENDIDIKAN NAMA", "TAHUN LULUS",
    "KPKN ID", "KPKN NAMA", "LOKASI KERJA ID", "LOKASI KERJA NAMA", "UNOR ID", "UNOR NAMA",
    "INSTANSI INDUK ID", "INSTANSI INDUK NAMA", "INSTANSI KERJA ID", "INSTANSI KERJA NAMA",
    "SATUAN KERJA INDUK ID", "SATUAN KERJA INDUK NAMA", "SATUAN KERJA KERJA ID", "SATUAN KERJA KERJA NAMA",
    "IS VALID NIK", "NAMA SEKOLAH", "FLAG IKD",
]  # fmt: skip
COLUMNS_64 = COLUMNS_67[:64]
COLUMNS_69 = [*COLUMNS_67, "ESELON ID", "ESELON NAMA"]

INSTANSI_ID = "A5C0FFEE000000001111222200000001"
INSTANSI_NAMA = "Pemerintah Kota Tangerang Selatan"
SATKER_ID = "A5C0FFEE000000001111222200000010"
SATKER_NAMA = "Dinas Komunikasi dan Informatika"
UNOR_ID = "A5C0FFEE000000001111222200000011"
UNOR_NAMA = "Bidang Aplikasi Informatika"


def row(
    *, nip="198502142010031001", lahir="14-02-1985", jk="M", nama="Budi Santoso", gol_id="33", gol_nama="III/c",
    status="P", kedudukan="01", jenis_jabatan="2", jabatan="Pranata Komputer Ahli Muda", **extra,
) -> dict:  # fmt: skip
    values = {
        "PNS ID": "A5C0FFEE0000000011112222AAAA" + nip[-4:],
        "NIP BARU": "'" + nip,
        "NIP LAMA": "null",
        "NAMA": nama,
        "GELAR DEPAN": "null",
        "GELAR BELAKANG": "S.Kom.",
        "TEMPAT LAHIR NAMA": "Tangerang",
        "TANGGAL LAHIR": lahir,
        "JENIS KELAMIN": jk,
        "NIK": "'3674011402850009",
        "NOMOR HP": "'081234567890",
        "EMAIL": "budi@example.go.id",
        "JENIS PEGAWAI ID": "15",
        "JENIS PEGAWAI NAMA": "PNS Daerah Kab./Kota yang bekerja pada Kab./Kota",
        "KEDUDUKAN HUKUM ID": kedudukan,
        "KEDUDUKAN HUKUM NAMA": "Aktif",
        "STATUS CPNS PNS": status,
        "TMT CPNS": "01-03-2010",
        "GOL AKHIR ID": gol_id,
        "GOL AKHIR NAMA": gol_nama,
        "TMT GOLONGAN": "01-04-2020",
        "JENIS JABATAN ID": jenis_jabatan,
        "JABATAN ID": "-",
        "JABATAN NAMA": jabatan,
        "TMT JABATAN": "01-01-2022",
        "TINGKAT PENDIDIKAN ID": "40",
        "PENDIDIKAN NAMA": "S-1 Teknik Informatika",
        "UNOR ID": UNOR_ID,
        "UNOR NAMA": UNOR_NAMA,
        "INSTANSI KERJA ID": INSTANSI_ID,
        "INSTANSI KERJA NAMA": INSTANSI_NAMA,
        "SATUAN KERJA KERJA ID": SATKER_ID,
        "SATUAN KERJA KERJA NAMA": SATKER_NAMA,
        "IS VALID NIK": "1",
    }
    values.update(extra)
    return values


def csv_bytes(rows: list[dict], *, columns=COLUMNS_67, delimiter=",", bom=True) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([r.get(c, "null") for c in columns])
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def xlsx_bytes(rows: list[dict], *, columns=COLUMNS_67, serial_dates=True) -> bytes:
    """An XLSX like SIASN's: text cells, dates as Excel serial numbers (or real date cells)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(columns)
    for r in rows:
        cells = []
        for c in columns:
            v = r.get(c, None)
            if isinstance(v, str) and (c.startswith("TANGGAL") or c.startswith("TMT")) and v not in ("", "null"):
                d = dt.datetime.strptime(v, "%d-%m-%Y").date()
                v = (d - dt.date(1899, 12, 30)).days if serial_dates else d
            cells.append(v)
        ws.append(cells)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
