"""The SKP PDF, rendered once per content version and stored on the SKP."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction

from kinerja.models import Skp


def skp_pdf_render(*, skp: Skp) -> Skp:
    """Render and store the SKP PDF; a no-op when the stored file is already of this content
    (pdf_version == version; every change resets pdf_version to 0)."""
    from common import verification
    from common.pdf import render_pdf
    from kinerja.pdf import skp_pdf_context, verification_subject

    if skp.pdf_file and skp.pdf_version == skp.version:
        return skp
    context = skp_pdf_context(skp.pk)
    with transaction.atomic():
        # The PDF carries its verification code and QR (common.verification); the hash of the final
        # bytes is sealed in the same transaction as the stored file's name.
        doc = verification.issue(
            kind="kinerja.skp",
            title=f"SKP {context['skp'].periode.tahun} v{skp.version}",
            subject=verification_subject(context["pegawai"]["nama"], context["pegawai"]["nip"]),
        )
        context["verifikasi"] = verification.pdf_context(doc)
        pdf = render_pdf("kinerja/pdf/skp.html", context)
        verification.seal(doc.code, pdf)
        if skp.pdf_file:
            skp.pdf_file.delete(save=False)  # replace, never pile up
        skp.pdf_file.save(f"skp-{skp.pegawai.nip}-{skp.periode_id}-v{skp.version}.pdf", ContentFile(pdf), save=False)
        Skp.objects.filter(pk=skp.pk).update(pdf_file=skp.pdf_file.name, pdf_version=skp.version)
    skp.pdf_version = skp.version
    return skp
