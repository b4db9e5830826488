"""The announcement PDF of a published stage (WeasyPrint via common.pdf) with its verification code
and QR (common.verification). The context comes from the same selector as the public page."""

from __future__ import annotations

from django.db import transaction

from rekrutmen import rules, selectors
from rekrutmen.models import Seleksi


def pengumuman_context(seleksi: Seleksi, tahap: str) -> dict:
    per_formasi: dict = {}
    for r in selectors.pengumuman_rows(seleksi=seleksi, tahap=tahap):
        r.nama_samar, r.nik_samar = rules.samarkan_nama(r.pelamar.nama), rules.samarkan_nik(r.pelamar.nik)
        per_formasi.setdefault(r.formasi, []).append(r)
    return {"seleksi": seleksi, "tahap": tahap, "per_formasi": list(per_formasi.items())}


def pengumuman_pdf(*, seleksi: Seleksi, tahap: str, issued_by=None) -> bytes:
    """Render the announcement; the code is issued and the final bytes sealed in one transaction."""
    from common import verification
    from common.pdf import render_pdf

    context = pengumuman_context(seleksi, tahap)
    with transaction.atomic():
        doc = verification.issue(
            kind="rekrutmen.pengumuman",
            title=f"Pengumuman {tahap.upper()} {seleksi.nama}",
            subject=seleksi.nama,
            issued_by=issued_by,
        )
        context["verifikasi"] = verification.pdf_context(doc)
        pdf = render_pdf("rekrutmen/pdf/pengumuman.html", context)
        verification.seal(doc.code, pdf)
    return pdf
