"""BKN SIASN "Export Data ASN" (CSV/XLSX): reading the file and mapping one row to our fields.

Pure: no ORM, no I/O beyond the bytes handed in. Layouts and codes: ../shared/domain/siasn.md
(64/65/67/69 columns). Columns are matched by name, never by position. Decisions where the file is
silent: docs/keputusan-domain.md, "SIASN import".
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from pegawai import rules
from pegawai.rules import JenisJabatan, JenisKelamin, Kedudukan, StatusPegawai, TingkatPendidikan

# Columns without which a row cannot become a pegawai.
REQUIRED_COLUMNS = ("NIP BARU", "NAMA", "TANGGAL LAHIR", "JENIS KELAMIN")
# Every column map_row reads; the others (NIK, NPWP, alamat...) are ignored.
USED_COLUMNS = frozenset(
    {
        *REQUIRED_COLUMNS, "PNS ID", "GELAR DEPAN", "GELAR BELAKANG", "TEMPAT LAHIR NAMA", "NOMOR HP", "EMAIL",
        "EMAIL GOV", "JENIS PEGAWAI NAMA", "KEDUDUKAN HUKUM ID", "KEDUDUKAN HUKUM NAMA", "STATUS CPNS PNS",
        "TMT CPNS", "GOL AKHIR ID", "GOL AKHIR NAMA", "TMT GOLONGAN", "JENIS JABATAN ID", "JABATAN ID",
        "JABATAN NAMA", "TMT JABATAN", "TINGKAT PENDIDIKAN ID", "PENDIDIKAN NAMA", "UNOR ID", "UNOR NAMA",
        "INSTANSI KERJA ID", "INSTANSI KERJA NAMA", "SATUAN KERJA KERJA ID", "SATUAN KERJA KERJA NAMA",
        "ESELON ID", "ESELON NAMA",
    }
)  # fmt: skip
DELIMITERS = (",", ";", "|", "\t")
EMPTY_TOKENS = {"", "null", "-", "none", "nan"}
EXCEL_EPOCH = dt.date(1899, 12, 30)


class SiasnFileError(Exception):
    """The file as a whole cannot be read (not CSV/XLSX, no header, required columns missing)."""


@dataclass
class RowError:
    baris: int  # row number as the admin sees it in the file (header = 1)
    kolom: str
    pesan: str

    def as_dict(self) -> dict:
        return {"baris": self.baris, "kolom": self.kolom, "pesan": self.pesan}


@dataclass
class SiasnRecord:
    """One mapped row: pegawai fields plus the keys to resolve instansi, units and jabatan."""

    baris: int
    nip: str = ""
    nama: str = ""
    gelar_depan: str = ""
    gelar_belakang: str = ""
    tempat_lahir: str = ""
    tanggal_lahir: dt.date | None = None
    jenis_kelamin: str = ""
    status: str = ""
    kedudukan: str = Kedudukan.AKTIF
    golongan: str = ""
    tmt_golongan: dt.date | None = None
    tmt_cpns: dt.date | None = None
    tmt_jabatan: dt.date | None = None
    pendidikan_terakhir: str = ""
    jurusan: str = ""
    email: str = ""
    nomor_hp: str = ""
    siasn_id: str = ""
    instansi_kode: str = ""
    instansi_nama: str = ""
    satker_kode: str = ""
    satker_nama: str = ""
    unor_kode: str = ""
    unor_nama: str = ""
    jabatan_nama: str = ""
    jabatan_kode: str = ""
    jabatan_jenis: str = ""
    jabatan_jenjang: str = ""
    errors: list[RowError] = field(default_factory=list)

    @property
    def batas_usia_pensiun(self) -> int:
        return rules.batas_usia_pensiun(self.jabatan_jenis, self.jabatan_jenjang) if self.jabatan_jenis else 58

    def error(self, kolom: str, pesan: str) -> None:
        self.errors.append(RowError(self.baris, kolom, str(pesan)))


# --- Reading the file ---------------------------------------------------------------------------


def normalize_header(name: object) -> str:
    """'\ufeffnip_baru ' -> 'NIP BARU' (BOM and spaces stripped, case-insensitive, '_' = space)."""
    text = str(name or "").replace("\ufeff", "").replace("_", " ")
    return " ".join(text.split()).upper()


def clean_cell(value: object) -> object:
    """Cell as text (or a date for real XLSX date cells): leading apostrophes stripped, `null`/-/blank
    -> "", integral floats from XLSX shown without '.0'."""
    if type(value) is str:  # the common case first: this runs for every cell of 100,000 rows
        text = value.strip().lstrip("'").strip()
        return "" if text.lower() in EMPTY_TOKENS else text
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value)) if abs(value) < 2**53 else repr(value)
        return repr(value)
    if isinstance(value, int):
        return str(value)
    text = str(value).strip().lstrip("'").strip()
    return "" if text.lower() in EMPTY_TOKENS else text


def is_xlsx(data: bytes, filename: str = "") -> bool:
    return data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm"))


def sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _csv_rows(data: bytes) -> Iterator[list]:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first_line))


# Limits of an XLSX before it is opened (defect 4: a 644 KB file inflating to 400,000 junk rows held
# a web worker for 190 s and 1.3 GB). A real 100,000-row, 67-column SIASN export inflates to about
# 150 MB with a ratio near 10; the limits leave room for that and refuse what only a bomb reaches.
# Only the zip directory is read (declared sizes; zipfile never inflates a member past them).
MAX_XLSX_INFLATED_BYTES = 400 * 1024 * 1024
MAX_XLSX_RATIO = 100
MAX_XLSX_MEMBERS = 1000
# A file with more data rows than this is refused (the largest instansi has well under it).
MAX_ROWS = 300_000


def xlsx_inflated_size(data: bytes) -> int:
    """Total inflated size of the XLSX's members, from the zip directory only (cheap).
    Raises SiasnFileError for an archive that is damaged, too large or a compression bomb."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise SiasnFileError(_("Berkas XLSX tidak dapat dibaca: %(err)s") % {"err": exc}) from None
    if len(members) > MAX_XLSX_MEMBERS:
        raise SiasnFileError(
            _("Berkas XLSX ditolak: berisi %(n)s bagian (maksimal %(max)s); ini bukan Export Data ASN dari SIASN.")
            % {"n": len(members), "max": MAX_XLSX_MEMBERS}
        )
    inflated = sum(m.file_size for m in members)
    too_big = inflated > MAX_XLSX_INFLATED_BYTES
    bomb = inflated > 10 * 1024 * 1024 and inflated > MAX_XLSX_RATIO * max(len(data), 1)
    if too_big or bomb:
        raise SiasnFileError(
            _(
                "Berkas XLSX ditolak: isinya mengembang menjadi %(mb)s MB dari %(kb)s KB (maksimal %(max)s MB, "
                "rasio maksimal %(ratio)s kali). Simpan ulang dari SIASN atau gunakan CSV."
            )
            % {
                "mb": inflated // (1024 * 1024),
                "kb": max(len(data) // 1024, 1),
                "max": MAX_XLSX_INFLATED_BYTES // (1024 * 1024),
                "ratio": MAX_XLSX_RATIO,
            }
        )
    return inflated


def _xlsx_rows(data: bytes) -> Iterator[list]:
    from openpyxl import load_workbook

    xlsx_inflated_size(data)  # refuse a bomb before openpyxl inflates anything
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zip/xml errors of a damaged or non-xlsx file
        raise SiasnFileError(_("Berkas XLSX tidak dapat dibaca: %(err)s") % {"err": exc}) from None
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def iter_rows(data: bytes, filename: str = "") -> tuple[list[str], Iterator[tuple[int, dict]]]:
    """Header (normalized names) and an iterator over the data rows as (row number, {column: cleaned
    value}), streamed from the file (openpyxl read-only for XLSX): no list of all rows is built.

    Row numbers count the header as row 1, as a spreadsheet shows them; blank rows are skipped but
    still counted. Raises SiasnFileError when the file cannot be used at all (also while iterating:
    a damaged CSV line, or more than MAX_ROWS data rows)."""
    if not data:
        raise SiasnFileError(_("Berkas kosong."))
    if filename.lower().endswith(".xls") and not is_xlsx(data, ""):
        raise SiasnFileError(_("Format .xls lama tidak didukung; simpan ulang sebagai .xlsx atau .csv."))
    raw_rows = _xlsx_rows(data) if is_xlsx(data, filename) else _csv_rows(data)
    try:
        header_raw = next(raw_rows)
    except StopIteration:
        raise SiasnFileError(_("Berkas tidak memiliki baris judul kolom.")) from None
    except csv.Error as exc:
        raise SiasnFileError(_("Berkas CSV tidak dapat dibaca: %(err)s") % {"err": exc}) from None
    header = [normalize_header(h) for h in header_raw]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise SiasnFileError(
            _("Kolom wajib tidak ditemukan pada baris judul: %(cols)s. Gunakan berkas Export Data ASN dari SIASN.")
            % {"cols": ", ".join(missing)}
        )
    # First occurrence wins when a column name repeats; empty header cells are ignored.
    index = {}
    for i, name in enumerate(header):
        if name in USED_COLUMNS and name not in index:
            index[name] = i

    def rows() -> Iterator[tuple[int, dict]]:
        count = 0
        try:
            for number, raw in enumerate(raw_rows, start=2):
                values = {name: clean_cell(raw[i]) if i < len(raw) else "" for name, i in index.items()}
                if all(v == "" for v in values.values()):
                    continue
                count += 1
                if count > MAX_ROWS:
                    raise SiasnFileError(
                        _("Berkas berisi lebih dari %(max)s baris data; bagi berkas per instansi lalu unggah ulang.")
                        % {"max": f"{MAX_ROWS:,}".replace(",", ".")}
                    )
                yield number, values
        except csv.Error as exc:
            raise SiasnFileError(_("Berkas CSV tidak dapat dibaca: %(err)s") % {"err": exc}) from None

    return header, rows()


def read_rows(data: bytes, filename: str = "") -> tuple[list[str], list[tuple[int, dict]]]:
    """iter_rows as a list (small files and tests)."""
    header, rows = iter_rows(data, filename)
    return header, list(rows)


# --- Value parsers ------------------------------------------------------------------------------

_DATE_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_DATE_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_SERIAL = re.compile(r"^\d{1,6}(?:\.\d+)?$")


def parse_date(value: object) -> dt.date | None:
    """dd-mm-yyyy (SIASN), yyyy-mm-dd, Excel serial numbers and real date cells. Raises ValueError."""
    if value in ("", None):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if m := _DATE_DMY.match(text):
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    if m := _DATE_YMD.match(text):
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    if _SERIAL.match(text):
        serial = int(float(text))
        if 1 <= serial <= 2958465:
            return EXCEL_EPOCH + dt.timedelta(days=serial)
    raise ValueError(text)


def map_jenis_kelamin(value: str) -> str:
    code = (value or "").strip().upper()
    mapping = {
        "M": JenisKelamin.LAKI_LAKI,
        "L": JenisKelamin.LAKI_LAKI,
        "LAKI-LAKI": JenisKelamin.LAKI_LAKI,
        "1": JenisKelamin.LAKI_LAKI,
        "F": JenisKelamin.PEREMPUAN,
        "P": JenisKelamin.PEREMPUAN,
        "PEREMPUAN": JenisKelamin.PEREMPUAN,
        "2": JenisKelamin.PEREMPUAN,
    }
    if code not in mapping:
        raise ValueError(code)
    return str(mapping[code])


KEDUDUKAN_BY_ID: dict[str, str] = {
    "01": Kedudukan.AKTIF,
    "02": Kedudukan.CLTN,
    "03": Kedudukan.TUGAS_BELAJAR,
    "04": Kedudukan.DIBERHENTIKAN_SEMENTARA,
    "15": Kedudukan.BERHENTI,  # diberhentikan (hukuman disiplin)
    "66": Kedudukan.BERHENTI,
    "77": Kedudukan.MENINGGAL,
    "99": Kedudukan.PENSIUN,
    # PPPK (71 aktif, 72 and 73 other PPPK kinds) and PPPK paruh waktu (101) are working employees.
    "71": Kedudukan.AKTIF,
    "72": Kedudukan.AKTIF,
    "73": Kedudukan.AKTIF,
    "101": Kedudukan.AKTIF,
}
PPPK_KEDUDUKAN_IDS = {"71", "72", "73", "101"}
_KEDUDUKAN_BY_NAME: list[tuple[str, str]] = [
    ("sementara", Kedudukan.DIBERHENTIKAN_SEMENTARA),
    ("meninggal", Kedudukan.MENINGGAL),
    ("wafat", Kedudukan.MENINGGAL),
    ("pensiun", Kedudukan.PENSIUN),
    ("berhenti", Kedudukan.BERHENTI),
    ("cltn", Kedudukan.CLTN),
    ("cuti di luar", Kedudukan.CLTN),
    ("tugas belajar", Kedudukan.TUGAS_BELAJAR),
    ("aktif", Kedudukan.AKTIF),
]


def _code(value: str, width: int = 2) -> str:
    text = (value or "").strip()
    return text.zfill(width) if text.isdigit() and len(text) < width else text


def map_kedudukan(kode: str, nama: str = "") -> str:
    """KEDUDUKAN HUKUM ID (or, for codes we do not know, its NAMA) -> Kedudukan. Blank = aktif."""
    code = _code(kode)
    if code in KEDUDUKAN_BY_ID:
        return str(KEDUDUKAN_BY_ID[code])
    lowered = (nama or "").lower()
    for needle, value in _KEDUDUKAN_BY_NAME:
        if needle in lowered:
            return str(value)
    if not code and not lowered:
        return str(Kedudukan.AKTIF)
    raise ValueError(code or nama)


_ROMAN_PPPK = re.compile(r"\b(XVII|XVI|XV|XIV|XIII|XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)\b")
_GOL_PNS = re.compile(r"^\s*(IV|III|II|I)\s*[/\-. ]?\s*([A-Ea-e])\s*$")


def map_golongan_pns(gol_id: str, gol_nama: str) -> str:
    """GOL AKHIR ID 11..45 -> 'I/a'..'IV/e', else GOL AKHIR NAMA ('III/c', 'III-C'). Raises ValueError."""
    code = (gol_id or "").strip()
    if code:
        if code.isdigit() and int(code) in rules.GOLONGAN_BY_SIASN_ID:
            return rules.GOLONGAN_BY_SIASN_ID[int(code)]
        if not gol_nama:
            raise ValueError(code)
    if gol_nama:
        m = _GOL_PNS.match(gol_nama)
        if m:
            return f"{m[1]}/{m[2].lower()}"
        raise ValueError(gol_nama)
    return ""


def map_golongan_pppk(gol_id: str, gol_nama: str) -> str:
    """PPPK golongan as a roman numeral I..XVII, from GOL AKHIR NAMA ('IX', 'PPPK IX') or a 1..17 ID."""
    if gol_nama:
        m = _ROMAN_PPPK.search(gol_nama.upper())
        if m:
            return m[1]
        raise ValueError(gol_nama)
    code = (gol_id or "").strip().upper()
    if not code:
        return ""
    if code in rules.GOLONGAN_PPPK:
        return code
    if code.isdigit() and 1 <= int(code) <= len(rules.GOLONGAN_PPPK):
        return rules.GOLONGAN_PPPK[int(code) - 1]
    raise ValueError(code)


# SIASN ESELON ID: 11/12 I.a/I.b, 21/22 II.a/II.b, 31/32 III.a/III.b, 41/42 IV.a/IV.b, 51 V.a.
_ESELON_LEVEL = re.compile(r"^(IV|V|III|II|I)\b")
_ESELON_BY_LEVEL = {
    "1": JenisJabatan.JPT_MADYA,
    "2": JenisJabatan.JPT_PRATAMA,
    "3": JenisJabatan.ADMINISTRATOR,
    "4": JenisJabatan.PENGAWAS,
    "5": JenisJabatan.PENGAWAS,
}
_ROMAN_LEVEL = {"I": "1", "II": "2", "III": "3", "IV": "4", "V": "5"}

# Name heuristics for struktural jabatan without ESELON (first match wins; order matters).
_STRUKTURAL_BY_NAME: list[tuple[str, str]] = [
    ("sekretaris kelurahan", JenisJabatan.PENGAWAS),
    ("sekretaris lurah", JenisJabatan.PENGAWAS),
    ("sekretaris kecamatan", JenisJabatan.ADMINISTRATOR),
    ("sekretaris daerah", JenisJabatan.JPT_PRATAMA),
    ("sekretaris dprd", JenisJabatan.JPT_PRATAMA),
    ("sekretaris dewan", JenisJabatan.JPT_PRATAMA),
    ("kepala sub", JenisJabatan.PENGAWAS),  # Kepala Subbagian/Sub Bagian/Subbidang/Seksi below
    ("kasubag", JenisJabatan.PENGAWAS),
    ("kasubbag", JenisJabatan.PENGAWAS),
    ("kepala seksi", JenisJabatan.PENGAWAS),
    ("kasi ", JenisJabatan.PENGAWAS),
    ("kepala unit pelaksana", JenisJabatan.PENGAWAS),
    ("kepala upt", JenisJabatan.PENGAWAS),
    ("lurah", JenisJabatan.PENGAWAS),
    ("inspektur pembantu", JenisJabatan.ADMINISTRATOR),
    ("kepala bidang", JenisJabatan.ADMINISTRATOR),
    ("kabid", JenisJabatan.ADMINISTRATOR),
    ("kepala bagian", JenisJabatan.ADMINISTRATOR),
    ("kabag", JenisJabatan.ADMINISTRATOR),
    ("camat", JenisJabatan.ADMINISTRATOR),
    ("sekretaris", JenisJabatan.ADMINISTRATOR),  # of a dinas/badan
    ("asisten", JenisJabatan.JPT_PRATAMA),
    ("staf ahli", JenisJabatan.JPT_PRATAMA),
    ("kepala dinas", JenisJabatan.JPT_PRATAMA),
    ("kepala badan", JenisJabatan.JPT_PRATAMA),
    ("kepala satuan", JenisJabatan.JPT_PRATAMA),
    ("inspektur", JenisJabatan.JPT_PRATAMA),
    ("direktur", JenisJabatan.JPT_PRATAMA),
]


def struktural_jenis(nama_jabatan: str, eselon_id: str = "", eselon_nama: str = "") -> str:
    """Split SIASN's 'Jabatan Struktural' into JPT madya/pratama, administrator, pengawas."""
    eselon = (eselon_id or "").strip()
    if eselon[:1] in _ESELON_BY_LEVEL and eselon.isdigit():
        return str(_ESELON_BY_LEVEL[eselon[:1]])
    m = _ESELON_LEVEL.match((eselon_nama or "").strip().upper())
    if m:
        return str(_ESELON_BY_LEVEL[_ROMAN_LEVEL[m[1]]])
    lowered = " ".join((nama_jabatan or "").lower().split()) + " "
    for needle, jenis in _STRUKTURAL_BY_NAME:
        if re.search(r"\b" + re.escape(needle), lowered):  # word start: "aplikasi" is no "kasi"
            return str(jenis)
    return str(JenisJabatan.PENGAWAS)  # the most common echelon (IV) when nothing tells


def map_jenis_jabatan(jenis_id: str, nama_jabatan: str, eselon_id: str = "", eselon_nama: str = "") -> str:
    """JENIS JABATAN ID: 1 struktural (split by eselon/name), 2 fungsional, 3 rangkap (treated as the
    struktural post), 4 fungsional umum = pelaksana. Blank ID with a jabatan name = pelaksana."""
    code = (jenis_id or "").strip()
    if code in ("1", "3"):
        return struktural_jenis(nama_jabatan, eselon_id, eselon_nama)
    if code == "2":
        return str(JenisJabatan.FUNGSIONAL)
    if code == "4" or (not code and nama_jabatan):
        return str(JenisJabatan.PELAKSANA)
    if not code:
        return ""
    raise ValueError(code)


_PENDIDIKAN = {c.value for c in TingkatPendidikan}


def map_tingkat_pendidikan(value: str) -> str:
    code = _code(value)
    if not code:
        return ""
    if code not in _PENDIDIKAN:
        raise ValueError(code)
    return code


def map_status(status_cpns_pns: str, kedudukan_id: str, jenis_pegawai_nama: str) -> str:
    if _code(kedudukan_id) in PPPK_KEDUDUKAN_IDS or "PPPK" in (jenis_pegawai_nama or "").upper():
        return str(StatusPegawai.PPPK)
    code = (status_cpns_pns or "").strip().upper()
    if code in ("C", "CPNS"):
        return str(StatusPegawai.CPNS)
    if code in ("P", "PNS", ""):
        return str(StatusPegawai.PNS)  # blank: PNS (the usual case; documented)
    raise ValueError(code)


@functools.lru_cache(maxsize=4096)
def _jenjang(nama_jabatan: str) -> str:
    return rules.jenjang_from_nama(nama_jabatan)  # a file repeats few jabatan names many times


# --- One row ------------------------------------------------------------------------------------

_MAX_LEN = {"nama": 200, "jabatan_nama": 255, "unor_nama": 255, "satker_nama": 255, "instansi_nama": 200}
_TRUNCATE = {"gelar_depan": 50, "gelar_belakang": 100, "tempat_lahir": 100, "jurusan": 200, "nomor_hp": 20}


def _s(values: dict, column: str) -> str:
    value = values.get(column, "")
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def map_row(baris: int, values: dict) -> SiasnRecord:
    """Map one file row to a SiasnRecord; problems land in record.errors (column + Indonesian reason).

    Applies the rules of Pegawai.clean that need no database: NIP (parse_nip), NIP vs TANGGAL LAHIR
    and JENIS KELAMIN, golongan valid for status."""
    r = SiasnRecord(baris=baris)
    r.nama = _s(values, "NAMA")
    if not r.nama:
        r.error("NAMA", _("Nama wajib diisi."))
    r.gelar_depan = _s(values, "GELAR DEPAN")[: _TRUNCATE["gelar_depan"]]
    r.gelar_belakang = _s(values, "GELAR BELAKANG")[: _TRUNCATE["gelar_belakang"]]
    r.tempat_lahir = _s(values, "TEMPAT LAHIR NAMA")[: _TRUNCATE["tempat_lahir"]]
    r.jurusan = _s(values, "PENDIDIKAN NAMA")[: _TRUNCATE["jurusan"]]
    r.nomor_hp = _s(values, "NOMOR HP")[: _TRUNCATE["nomor_hp"]]
    r.siasn_id = _s(values, "PNS ID")[:64]
    email = _s(values, "EMAIL") or _s(values, "EMAIL GOV")
    try:
        validate_email(email)
        r.email = email[:254]
    except ValidationError:
        r.email = ""  # a malformed e-mail is dropped, never a reason to refuse the file (documented)

    # Dates
    for attr, column in (
        ("tanggal_lahir", "TANGGAL LAHIR"),
        ("tmt_golongan", "TMT GOLONGAN"),
        ("tmt_cpns", "TMT CPNS"),
        ("tmt_jabatan", "TMT JABATAN"),
    ):
        try:
            setattr(r, attr, parse_date(values.get(column, "")))
        except (ValueError, OverflowError):
            r.error(column, _("Tanggal '%(v)s' tidak valid; gunakan format dd-mm-yyyy.") % {"v": _s(values, column)})
    if r.tanggal_lahir is None and not any(e.kolom == "TANGGAL LAHIR" for e in r.errors):
        r.error("TANGGAL LAHIR", _("Tanggal lahir wajib diisi."))

    try:
        r.jenis_kelamin = map_jenis_kelamin(_s(values, "JENIS KELAMIN"))
    except ValueError:
        r.error(
            "JENIS KELAMIN",
            _("Jenis kelamin '%(v)s' tidak dikenal (M/F atau L/P).") % {"v": _s(values, "JENIS KELAMIN")},
        )

    # NIP: an XLSX numeric cell cannot hold 18 digits exactly.
    raw_nip = values.get("NIP BARU", "")
    if isinstance(raw_nip, str) and re.fullmatch(r"\d+\.\d+(?:[eE]\+?\d+)?|\d(?:\.\d+)?[eE]\+?\d+", raw_nip):
        r.error("NIP BARU", _("NIP tersimpan sebagai angka sehingga digit terakhir hilang; simpan kolom sebagai teks."))
    elif not raw_nip:
        r.error("NIP BARU", _("NIP wajib diisi."))
    else:
        try:
            parts = rules.parse_nip(str(raw_nip))
        except ValidationError as exc:
            r.error("NIP BARU", " ".join(exc.messages))
        else:
            r.nip = parts.nip
            conflicts = rules.nip_conflicts(parts, tanggal_lahir=r.tanggal_lahir, jenis_kelamin=r.jenis_kelamin or None)
            if "tanggal_lahir" in conflicts:
                r.error("TANGGAL LAHIR", conflicts["tanggal_lahir"])
            if "jenis_kelamin" in conflicts:
                r.error("JENIS KELAMIN", conflicts["jenis_kelamin"])

    kedudukan_id = _s(values, "KEDUDUKAN HUKUM ID")
    try:
        r.kedudukan = map_kedudukan(kedudukan_id, _s(values, "KEDUDUKAN HUKUM NAMA"))
    except ValueError:
        r.error(
            "KEDUDUKAN HUKUM ID",
            _("Kedudukan hukum '%(v)s' tidak dikenal.") % {"v": kedudukan_id or _s(values, "KEDUDUKAN HUKUM NAMA")},
        )
    try:
        r.status = map_status(_s(values, "STATUS CPNS PNS"), kedudukan_id, _s(values, "JENIS PEGAWAI NAMA"))
    except ValueError:
        r.error(
            "STATUS CPNS PNS",
            _("Status '%(v)s' tidak dikenal (P atau C).") % {"v": _s(values, "STATUS CPNS PNS")},
        )

    gol_id, gol_nama = _s(values, "GOL AKHIR ID"), _s(values, "GOL AKHIR NAMA")
    mapper = map_golongan_pppk if r.status == StatusPegawai.PPPK else map_golongan_pns
    try:
        r.golongan = mapper(gol_id, gol_nama)
    except ValueError:
        r.error(
            "GOL AKHIR ID" if gol_id else "GOL AKHIR NAMA",
            _("Golongan '%(v)s' tidak dikenal.") % {"v": gol_id or gol_nama},
        )
    else:
        if r.status and not rules.golongan_valid_for(r.status, r.golongan):
            r.error(
                "GOL AKHIR NAMA",
                _("Golongan %(gol)s tidak berlaku untuk status %(status)s.")
                % {"gol": r.golongan, "status": StatusPegawai(r.status).label},
            )

    r.jabatan_nama = _s(values, "JABATAN NAMA")
    r.jabatan_kode = _s(values, "JABATAN ID")[:64]
    try:
        r.jabatan_jenis = map_jenis_jabatan(
            _s(values, "JENIS JABATAN ID"), r.jabatan_nama, _s(values, "ESELON ID"), _s(values, "ESELON NAMA")
        )
    except ValueError:
        r.error(
            "JENIS JABATAN ID",
            _("Jenis jabatan '%(v)s' tidak dikenal (1-4).") % {"v": _s(values, "JENIS JABATAN ID")},
        )
    if r.jabatan_jenis and not r.jabatan_nama:
        r.error("JABATAN NAMA", _("Nama jabatan wajib diisi bila jenis jabatan diisi."))
    if r.jabatan_jenis == JenisJabatan.FUNGSIONAL:
        r.jabatan_jenjang = _jenjang(r.jabatan_nama)

    try:
        r.pendidikan_terakhir = map_tingkat_pendidikan(_s(values, "TINGKAT PENDIDIKAN ID"))
    except ValueError:
        r.error(
            "TINGKAT PENDIDIKAN ID",
            _("Tingkat pendidikan '%(v)s' tidak dikenal.") % {"v": _s(values, "TINGKAT PENDIDIKAN ID")},
        )

    r.instansi_kode = _s(values, "INSTANSI KERJA ID")[:40]
    r.instansi_nama = _s(values, "INSTANSI KERJA NAMA")
    r.satker_kode = _s(values, "SATUAN KERJA KERJA ID")[:64]
    r.satker_nama = _s(values, "SATUAN KERJA KERJA NAMA")
    r.unor_kode = _s(values, "UNOR ID")[:64]
    r.unor_nama = _s(values, "UNOR NAMA")
    if not (r.satker_nama or r.unor_nama):
        r.error("UNOR NAMA", _("Unit kerja wajib diisi (UNOR NAMA atau SATUAN KERJA KERJA NAMA)."))

    column_of = {
        "nama": "NAMA",
        "jabatan_nama": "JABATAN NAMA",
        "unor_nama": "UNOR NAMA",
        "satker_nama": "SATUAN KERJA KERJA NAMA",
        "instansi_nama": "INSTANSI KERJA NAMA",
    }
    for attr, limit in _MAX_LEN.items():
        if len(getattr(r, attr)) > limit:
            r.error(column_of[attr], _("Teks terlalu panjang (maksimal %(n)s karakter).") % {"n": limit})
    return r


def map_rows(rows: list[tuple[int, dict]]) -> list[SiasnRecord]:
    """Map every row and flag NIPs that appear more than once in the file."""
    return flag_duplicate_nips([map_row(baris, values) for baris, values in rows])


def flag_duplicate_nips(records: list[SiasnRecord]) -> list[SiasnRecord]:
    """Mark the second and later rows of a NIP as errors (the first row stays valid)."""
    first_row: dict[str, int] = {}
    for r in records:
        if not r.nip:
            continue
        if r.nip in first_row:
            r.error(
                "NIP BARU", _("NIP %(nip)s ganda: sudah ada di baris %(b)s.") % {"nip": r.nip, "b": first_row[r.nip]}
            )
        else:
            first_row[r.nip] = r.baris
    return records
