"""The SKP PDF, rendered once per content version and stored on the SKP."""

from __future__ import annotations

from django.core.files.base import ContentFile

from kinerja.models import Skp


def skp_pdf_render(*, skp: Skp) -> Skp:
    """Render and store the SKP PDF; a no-op when the stored file is already of this content
    (pdf_version == version; every change resets pdf_version to 0)."""
    from common.pdf import render_pdf
    from kinerja.pdf import skp_pdf_context

    if skp.pdf_file and skp.pdf_version == skp.version:
        return skp
    pdf = render_pdf("kinerja/pdf/skp.html", skp_pdf_context(skp.pk))
    if skp.pdf_file:
        skp.pdf_file.delete(save=False)  # replace, never pile up
    skp.pdf_file.save(f"skp-{skp.pegawai.nip}-{skp.periode_id}-v{skp.version}.pdf", ContentFile(pdf), save=False)
    Skp.objects.filter(pk=skp.pk).update(pdf_file=skp.pdf_file.name, pdf_version=skp.version)
    skp.pdf_version = skp.version
    return skp

