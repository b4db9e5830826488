"""Uploaded files judged by their CONTENT (magic bytes; a PDF must end with its %%EOF trailer; an
Office file must have the Office Open XML layout), never by the name or the browser's Content-Type.
Shared by every app that takes evidence or certificates (kinerja bukti dukung, pelatihan sertifikat)."""

from __future__ import annotations

import hashlib
import zipfile

import filetype

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_ZIP_LIKE = {"application/zip", XLSX, DOCX, "application/vnd.openxmlformats-officedocument.presentationml.presentation"}


def read_head(f, n: int = 8192) -> bytes:
    f.seek(0)
    head = f.read(n)
    f.seek(0)
    return head


def ooxml_kind(f) -> str | None:
    """XLSX or DOCX when the zip has the Office Open XML layout; None otherwise."""
    try:
        f.seek(0)
        with zipfile.ZipFile(f) as z:
            names = z.namelist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None
    finally:
        f.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("xl/") for n in names):
        return XLSX
    if any(n.startswith("word/") for n in names):
        return DOCX
    return None


def pdf_has_trailer(f, size: int) -> bool:
    # A real PDF ends with %%EOF (possibly followed by whitespace); a text file that merely starts
    # with "%PDF" does not.
    f.seek(max(size - 2048, 0))
    tail = f.read()
    f.seek(0)
    return b"%%EOF" in tail


def sniff_content_type(f, size: int) -> str | None:
    """The allowed content type of a file judged by its bytes, or None."""
    kind = filetype.guess(read_head(f))
    if kind is None:
        return None
    if kind.mime == PDF:
        return PDF if pdf_has_trailer(f, size) else None
    if kind.mime in (JPEG, PNG):
        return kind.mime
    if kind.mime in _ZIP_LIKE:
        return ooxml_kind(f)
    return None


def sha256_of(f) -> str:
    h = hashlib.sha256()
    f.seek(0)
    for chunk in f.chunks() if hasattr(f, "chunks") else iter(lambda: f.read(65536), b""):
        h.update(chunk)
    f.seek(0)
    return h.hexdigest()
