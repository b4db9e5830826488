"""Shared setup of the log/bukti/realisasi/umpan balik tests: real small files made on the fly and
an SKP with one RHK and one indikator in the performance year that covers today."""

from __future__ import annotations

import functools
import io
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kinerja.models import Periode
from tests.kinerja.factories import IndikatorFactory, PeriodeFactory, RhkFactory, SkpFactory


@pytest.fixture
def media(settings, tmp_path):
    """Evidence files go to a fresh directory per test, so tests can check what is on disk."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def stored_files(media_root) -> list:
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


def setup_skp(pegawai, *, status="approved", satuan="dokumen", target=12, jenis="triwulanan"):
    """Current SKP of `pegawai` for this year's open periode (with windows), one RHK, one indikator."""
    tahun = timezone.localdate().year
    periode = PeriodeFactory(instansi=pegawai.instansi, tahun=tahun, jenis_periodik=jenis)
    skp = SkpFactory(pegawai=pegawai, periode=periode, status=status)
    rhk = RhkFactory(skp=skp)
    indikator = IndikatorFactory(rhk=rhk, satuan=satuan, target_angka=target)
    return skp, rhk, indikator


def current_window(periode: Periode):
    today = timezone.localdate()
    return periode.windows.get(mulai__lte=today, selesai__gte=today)


def log_data(the_rhk, **over) -> dict:
    import datetime as dt
    from decimal import Decimal

    data = {
        "tanggal": timezone.localdate(),
        "rhk": the_rhk.pk,
        "kegiatan": "Menyusun laporan layanan aplikasi",
        "output_jumlah": Decimal("2"),
        "output_satuan": "dokumen",
        "jam_mulai": dt.time(8, 0),
        "jam_selesai": dt.time(10, 30),
        "link_bukti": "",
    }
    data.update(over)
    return data


# --- real small files -----------------------------------------------------------------------------


@functools.cache
def pdf_bytes() -> bytes:
    """A real one-page PDF rendered by WeasyPrint."""
    from weasyprint import HTML

    return HTML(string="<p>Laporan uji bukti dukung</p>").write_pdf()


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A valid PNG built with zlib (RGB, no filter)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def jpg_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 10, 10)).save(buf, format="JPEG")
    return buf.getvalue()


@functools.cache
def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "Rekap layanan"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def docx_bytes(*, content_types: bool = True, part: str = "word/document.xml") -> bytes:
    """A DOCX-like zip: [Content_Types].xml plus a word/ part (or whatever the test asks)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        if content_types:
            z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr(part, "<w:document/>")
    return buf.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def fake_pdf() -> SimpleUploadedFile:
    """A text file that claims to be a PDF (name and declared type)."""
    return upload("laporan.pdf", b"Ini hanya teks biasa, bukan PDF.\n" * 10, "application/pdf")
