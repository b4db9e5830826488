"""Bukti dukung (evidence): files checked by their CONTENT (magic bytes plus the OOXML zip layout),
never by name or the browser's Content-Type; at most 10 MB each; stored with sha256, size, name.

Validation happens for every file before the first one is written, so a request whose second file is
bad stores nothing; files written before a later failure are removed again.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from common.berkas import DOCX, JPEG, PDF, PNG, XLSX, sha256_of, sniff_content_type
from kinerja.models import BuktiDukung, LogHarian, Realisasi
from pegawai.models import Pegawai

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 10


# Content type -> the file-name extensions that agree with it.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    PDF: (".pdf",),
    JPEG: (".jpg", ".jpeg"),
    PNG: (".png",),
    XLSX: (".xlsx",),
    DOCX: (".docx",),
}
ACCEPT = ",".join(ext for exts in EXTENSIONS.values() for ext in exts)
_LABEL = {PDF: "PDF", JPEG: "JPG", PNG: "PNG", XLSX: "XLSX", DOCX: "DOCX"}


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    nama_asli: str
    content_type: str
    ukuran: int
    sha256: str


def check_file(upload: UploadedFile) -> CheckedFile:
    """Validate one upload; raises ValidationError (field "files") with an Indonesian message."""
    name = os.path.basename(upload.name or "berkas")
    size = upload.size or 0
    if size > MAX_BYTES:
        raise ValidationError(
            {"files": _("Berkas %(nama)s terlalu besar (%(mb).1f MB); maksimal 10 MB per berkas.")
             % {"nama": name, "mb": size / 1024 / 1024}}
        )  # fmt: skip
    if size == 0:
        raise ValidationError({"files": _("Berkas %(nama)s kosong.") % {"nama": name}})
    content_type = sniff_content_type(upload, size)
    if content_type is None:
        raise ValidationError(
            {"files": _("Isi berkas %(nama)s bukan PDF, JPG, PNG, XLSX, atau DOCX yang valid "
                        "(jenis berkas diperiksa dari isinya, bukan dari namanya).") % {"nama": name}}
        )  # fmt: skip
    ext = os.path.splitext(name)[1].lower()
    claimed = next((ct for ct, exts in EXTENSIONS.items() if ext in exts), None)
    if claimed is not None and claimed != content_type:
        raise ValidationError(
            {"files": _("Berkas %(nama)s bernama %(ext)s tetapi isinya %(isi)s.")
             % {"nama": name, "ext": _LABEL[claimed], "isi": _LABEL[content_type]}}
        )  # fmt: skip
    return CheckedFile(upload, name[:255], content_type, size, sha256_of(upload))


def check_files(uploads: Sequence[UploadedFile], *, already: int = 0) -> list[CheckedFile]:
    """Validate every upload (all or nothing). `already` counts files the parent already has."""
    if len(uploads) + already > MAX_FILES:
        raise ValidationError({"files": _("Maksimal %(n)d berkas bukti dukung per log.") % {"n": MAX_FILES}})
    return [check_file(u) for u in uploads]


class FilesGuard:
    """Deletes the files written inside the block when the block fails. Use it OUTSIDE the
    transaction (`with FilesGuard() as guard, transaction.atomic():`) so a rollback anywhere in the
    service also removes files already on disk: the database has no rows for them any more."""

    def __init__(self) -> None:
        self.written: list = []

    def __enter__(self) -> FilesGuard:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:  # None: the exception, if any, propagates
        if exc_type is not None:
            for field_file in self.written:
                field_file.storage.delete(field_file.name)


def _store(
    checked: Iterable[CheckedFile], *, actor: Pegawai, guard: FilesGuard, log=None, realisasi=None
) -> list[BuktiDukung]:
    created: list[BuktiDukung] = []
    for c in checked:
        bukti = BuktiDukung(
            log=log,
            realisasi=realisasi,
            nama_asli=c.nama_asli,
            content_type=c.content_type,
            ukuran=c.ukuran,
            sha256=c.sha256,
            uploaded_by=actor,
        )
        safe = get_valid_filename(c.nama_asli) or "berkas"
        bukti.file.save(safe[-100:], c.upload, save=False)
        guard.written.append(bukti.file)
        created.append(bukti)
    return BuktiDukung.objects.bulk_create(created)


def attach_to_log(
    *, log: LogHarian, checked: Sequence[CheckedFile], actor: Pegawai, guard: FilesGuard
) -> list[BuktiDukung]:
    return _store(checked, actor=actor, guard=guard, log=log)


def attach_to_realisasi(
    *, realisasi: Realisasi, checked: Sequence[CheckedFile], actor: Pegawai, guard: FilesGuard
) -> list[BuktiDukung]:
    return _store(checked, actor=actor, guard=guard, realisasi=realisasi)


def bukti_delete(*, bukti: BuktiDukung) -> None:
    """Remove one evidence row, and its file once the deletion is committed."""
    field_file = bukti.file
    bukti.delete()
    if field_file and field_file.name:  # a FieldFile is truthy exactly when it has a name
        name, storage = field_file.name, field_file.storage
        transaction.on_commit(lambda: storage.delete(name))
