"""import-export resources of rekrutmen: the SKD CAT result file (columns nomor_peserta, twk, tiu, tkp).

The resource defines the columns (its export is the template the panitia fills); the import itself
goes through ``skd_import`` so it is validated row by row with rekrutmen.scoring and written
all-or-nothing with one set-based UPDATE (a CAT file has one row per participant, up to hundreds of
thousands)."""

from __future__ import annotations

from dataclasses import dataclass, field

from import_export import fields, resources
from import_export.formats import base_formats

from rekrutmen.models import Lamaran

KOLOM = ("nomor_peserta", "twk", "tiu", "tkp")


class SkdResource(resources.ModelResource):
    nomor_peserta = fields.Field(attribute="nomor_peserta", column_name="nomor_peserta")
    twk = fields.Field(attribute="twk", column_name="twk")
    tiu = fields.Field(attribute="tiu", column_name="tiu")
    tkp = fields.Field(attribute="tkp", column_name="tkp")

    class Meta:
        model = Lamaran
        fields = KOLOM
        export_order = KOLOM


@dataclass
class BarisError:
    baris: int  # 1-based spreadsheet row, the header being row 1
    kolom: str
    pesan: str


@dataclass
class SkdBaris:
    baris: int
    nomor_peserta: str
    twk: object
    tiu: object
    tkp: object


@dataclass
class SkdBerkas:
    rows: list[SkdBaris] = field(default_factory=list)
    errors: list[BarisError] = field(default_factory=list)


def _angka(nilai: object) -> object:
    """Cells as integers when they are written as whole numbers ("90", 90, 90.0); anything else is
    passed on as it is so that scoring.validasi_skd names it."""
    if isinstance(nilai, float) and nilai.is_integer():
        return int(nilai)
    if isinstance(nilai, str) and nilai.strip().isdigit():
        return int(nilai.strip())
    return nilai.strip() if isinstance(nilai, str) else nilai


def baca_berkas(content: bytes, nama_berkas: str) -> SkdBerkas:
    """The rows of a CSV or XLSX CAT file; a file that cannot be read or lacks a column is an error
    on row 1."""
    out = SkdBerkas()
    fmt = base_formats.XLSX() if nama_berkas.lower().endswith(".xlsx") else base_formats.CSV()
    try:
        data = fmt.create_dataset(content if fmt.is_binary() else content.decode("utf-8-sig"))
    except Exception:  # noqa: BLE001 - openpyxl/tablib raise many kinds for a damaged file
        out.errors.append(BarisError(1, "", "berkas tidak dapat dibaca sebagai CSV/XLSX"))
        return out
    headers = [str(h or "").strip().lower() for h in (data.headers or [])]
    missing = [k for k in KOLOM if k not in headers]
    if missing:
        out.errors.append(BarisError(1, ", ".join(missing), f"kolom tidak ada: {', '.join(missing)}"))
        return out
    idx = {k: headers.index(k) for k in KOLOM}
    for i, row in enumerate(data, start=2):
        if all(v in (None, "") for v in row):
            continue  # trailing blank lines
        out.rows.append(
            SkdBaris(
                baris=i,
                nomor_peserta=str(row[idx["nomor_peserta"]] or "").strip(),
                twk=_angka(row[idx["twk"]]),
                tiu=_angka(row[idx["tiu"]]),
                tkp=_angka(row[idx["tkp"]]),
            )
        )
    return out
