"""The certificate file of an external training: PDF, JPG or PNG judged by its CONTENT (magic bytes,
and a PDF must end with its %%EOF trailer), never by the name or the browser's Content-Type; at most
5 MB. The sniffing is common.berkas, shared with kinerja's bukti dukung."""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common.berkas import JPEG, PDF, PNG, sha256_of, sniff_content_type

MAX_BYTES = 5 * 1024 * 1024
EXTENSIONS = {PDF: (".pdf",), JPEG: (".jpg", ".jpeg"), PNG: (".png",)}
ACCEPT = ",".join(e for exts in EXTENSIONS.values() for e in exts)


@dataclass(frozen=True)
class BerkasSertifikat:
    nama: str
    content_type: str
    sha256: str


def _sniff(f, size: int) -> str | None:
    ct = sniff_content_type(f, size)
    return ct if ct in EXTENSIONS else None


def periksa_sertifikat(upload) -> BerkasSertifikat:
    """Validate the upload; ValidationError on field "berkas" with an Indonesian message."""
    if upload is None:
        raise ValidationError({"berkas": _("Unggah berkas sertifikat (PDF, JPG, atau PNG).")})
    nama = os.path.basename(upload.name or "sertifikat")[:255]
    size = upload.size or 0
    if size == 0:
        raise ValidationError({"berkas": _("Berkas %(nama)s kosong.") % {"nama": nama}})
    if size > MAX_BYTES:
        raise ValidationError({"berkas": _("Berkas %(nama)s lebih dari 5 MB.") % {"nama": nama}})
    ct = _sniff(upload, size)
    ext = os.path.splitext(nama)[1].lower()
    if ct is None or ext not in EXTENSIONS[ct]:
        raise ValidationError(
            {"berkas": _("Isi berkas %(nama)s bukan PDF, JPG, atau PNG yang valid (diperiksa dari isinya, "
                         "dan nama berkas harus sesuai isinya).") % {"nama": nama}}
        )  # fmt: skip
    return BerkasSertifikat(nama, ct, sha256_of(upload))
