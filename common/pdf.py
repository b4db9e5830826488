"""render_pdf(template, context) -> bytes. Never queries: apps build the context (STYLE §5)."""

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML  # heavy import: only where PDFs are made

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
