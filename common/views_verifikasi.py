"""Public document verification page: /v/<code>/ (no login). Shows what the code stands for and
compares an uploaded PDF with the sealed hash. Unknown code: a 404 page that says so."""

from __future__ import annotations

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from common import verification

MAX_PDF_BYTES = 20 * 1024 * 1024


class VerifikasiForm(forms.Form):
    berkas = forms.FileField(
        label=_("Berkas PDF yang ingin dicocokkan"), widget=forms.ClearableFileInput(attrs={"accept": ".pdf"})
    )

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        if berkas.size > MAX_PDF_BYTES:
            raise forms.ValidationError(_("Berkas terlalu besar (maksimal 20 MB)."))
        return berkas


@require_http_methods(["GET", "POST"])
def verifikasi(request, code: str):
    doc = verification.document_for(code)
    if doc is None:
        return render(request, "common/verifikasi_tidak_ditemukan.html", {"code": code[:40]}, status=404)
    # Bound on every POST, even an empty one (no file chosen): that is an error to show.
    form = VerifikasiForm(request.POST, request.FILES) if request.method == "POST" else VerifikasiForm()
    cocok = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            cocok = verification.matches(doc, form.cleaned_data["berkas"].file)
        else:
            status = 400
    context = {
        "doc": doc,
        "kind_label": verification.kind_label(doc.kind),
        "code": verification.display_code(doc.code),
        "form": form,
        "cocok": cocok,
    }
    return render(request, "common/verifikasi.html", context, status=status)
