"""The one place every export writes spreadsheet cells: CSV and XLSX, with every text cell inert.

A name, gelar or tempat lahir typed as `=HYPERLINK(...)` or `+1+1` (in a form or from a SIASN file)
must reach the reader as text, never as a live formula (defect 3):

- CSV goes through defusedcsv, which prefixes a cell starting with = + - @ | % with a quote
  (Excel, LibreOffice and Google Sheets then show it as text; plain negative numbers stay numbers).
- XLSX stores a cell's type explicitly; openpyxl types a string starting with "=" as a formula, so
  such a string is written as a WriteOnlyCell forced to the string type. Other strings are already
  strings. Characters XLSX cannot hold (control characters) are dropped instead of failing the export.

Usage::

    book = Spreadsheet("xlsx")
    sheet = book.sheet(_("Pegawai"))
    sheet.append(["NIP", "Nama"])
    sheet.append([p.nip, p.nama])
    book.filename("pegawai-20261201"), book.content_type, book.getvalue()
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from defusedcsv import csv
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(CONTENT_TYPES)


class _XlsxSheet:
    def __init__(self, ws):
        self._ws = ws

    def _cell(self, value):
        if isinstance(value, str):
            if ILLEGAL_CHARACTERS_RE.search(value):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            if value.startswith("="):
                cell = WriteOnlyCell(self._ws, value=value)
                cell.data_type = "s"  # text, never a formula
                return cell
        return value

    def append(self, row: Iterable) -> None:
        self._ws.append([self._cell(v) for v in row])


class _CsvSheet:
    def __init__(self, out: io.StringIO):
        self._writer = csv.writer(out)

    def append(self, row: Iterable) -> None:
        self._writer.writerow(["" if v is None else v for v in row])


class Spreadsheet:
    """A CSV file (one sheet) or an XLSX workbook (openpyxl write-only: streams rows, low memory)."""

    def __init__(self, fmt: str):
        if fmt not in CONTENT_TYPES:
            raise ValueError(f"unknown spreadsheet format {fmt!r}")
        self.format = fmt
        self.content_type = CONTENT_TYPES[fmt]
        self._sheets = 0
        if fmt == "xlsx":
            self._workbook = Workbook(write_only=True)
        else:
            self._text = io.StringIO()
            self._text.write("\ufeff")  # BOM: Excel opens UTF-8 names correctly

    def sheet(self, title: str):
        self._sheets += 1
        if self.format == "csv":
            if self._sheets > 1:
                raise ValueError("a CSV file has one sheet")
            return _CsvSheet(self._text)
        return _XlsxSheet(self._workbook.create_sheet(str(title)[:31]))

    def filename(self, stem: str) -> str:
        return f"{stem}.{self.format}"

    def getvalue(self) -> bytes:
        if self.format == "csv":
            return self._text.getvalue().encode("utf-8")
        out = io.BytesIO()
        self._workbook.save(out)
        return out.getvalue()
