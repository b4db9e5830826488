"""Document verification: one implementation for every PDF that leaves the system.

Flow (docs/verifikasi-dokumen.md)::

    doc = issue(kind="kinerja.skp", title="SKP 2026", subject="Budi Santoso (NIP …2001)")
    context["verifikasi"] = pdf_context(doc)      # code, url and QR (PNG data URI) for the template
    pdf = render_pdf("kinerja/pdf/skp.html", context)
    seal(doc.code, pdf)                           # stores sha256 of the final bytes

`/v/<code>/` (no login) shows that the code exists with kind, title, subject and date, and compares
an uploaded PDF's hash with the sealed one. Codes are 10 Crockford base32 characters (50 random
bits): unguessable, and readable over the phone (no I, L, O, U; O/I/L typed by a person are
read as 0/1/1).
"""

from __future__ import annotations

import hashlib
import secrets
from typing import IO

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.models import DokumenTerverifikasi

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32
CODE_LENGTH = 10
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})

# Kind labels for the public page. Plain labels (common imports no app); a new kind is one line here
# or a register_kind() call in the app.
KINDS: dict[str, object] = {
    "kinerja.skp": _("Sasaran Kinerja Pegawai (SKP)"),
    "kinerja.evaluasi": _("Dokumen evaluasi kinerja"),
    "pelatihan.sertifikat": _("Sertifikat pelatihan"),
    "survei.laporan_skm": _("Laporan survei kepuasan masyarakat"),
    "rekrutmen.pengumuman": _("Pengumuman seleksi"),
}


class SealError(Exception):
    pass


def register_kind(kind: str, label) -> None:
    KINDS[kind] = label


def kind_label(kind: str):
    return KINDS.get(kind, _("Dokumen"))


def reserve_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(raw: str) -> str:
    """What a person typed or scanned -> the stored code ("abcde-fghjk" -> "ABCDEFGHJK")."""
    return "".join(ch for ch in str(raw).upper() if ch.isalnum()).translate(_READ_AS)[:32]


def display_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}" if len(code) == CODE_LENGTH else code


def verification_url(code: str) -> str:
    """Absolute URL printed in the PDF and in its QR code (SITE_URL: the public address)."""
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    return f"{base}{reverse('verifikasi', args=[code])}"


def issue(*, kind: str, title: str, subject: str = "", issued_by=None) -> DokumenTerverifikasi:
    """Reserve a unique code for a document about to be rendered. Retries on the (rare) collision."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return DokumenTerverifikasi.objects.create(
                    code=reserve_code(), kind=kind, title=title[:200], subject=subject[:200], issued_by=issued_by
                )
        except IntegrityError:  # the same 50-bit code twice: draw again
            continue
    raise RuntimeError("no free verification code after 5 attempts")


def pdf_context(doc: DokumenTerverifikasi) -> dict:
    """What a PDF template prints: the code (grouped), the URL and the QR code as a PNG data URI."""
    import segno

    url = verification_url(doc.code)
    return {
        "code": display_code(doc.code),
        "url": url,
        "qr": segno.make(url, error="m").png_data_uri(scale=4, border=1),
    }


def sha256_of(content: bytes | IO[bytes]) -> str:
    digest = hashlib.sha256()
    if isinstance(content, bytes):
        digest.update(content)
    else:
        for chunk in iter(lambda: content.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def seal(code: str, pdf_bytes: bytes) -> DokumenTerverifikasi:
    """Store the hash of the final PDF. A code is sealed once: sealing it again raises SealError
    (a re-rendered document gets a new code)."""
    changed = DokumenTerverifikasi.objects.filter(code=code, sha256="").update(
        sha256=sha256_of(pdf_bytes), sealed_at=timezone.now()
    )
    if changed != 1:
        raise SealError(f"verification code {code!r} is unknown or already sealed")
    return DokumenTerverifikasi.objects.get(code=code)


def document_for(raw_code: str) -> DokumenTerverifikasi | None:
    code = normalize_code(raw_code)
    if len(code) != CODE_LENGTH:
        return None
    return DokumenTerverifikasi.objects.filter(code=code).first()


def matches(doc: DokumenTerverifikasi, content: bytes | IO[bytes]) -> bool:
    """True when `content` is byte for byte the sealed PDF."""
    return bool(doc.sha256) and secrets.compare_digest(doc.sha256, sha256_of(content))
