"""Pages of the SIASN import: upload -> preview (dry run) -> confirm -> progress (htmx polling).

Thin: the work is in pegawai.imports; access in pegawai.permissions."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pegawai import permissions, siasn
from pegawai.imports import ImportJobStateError, import_job_confirm, import_job_create
from pegawai.models import ImportJob

MAX_UPLOAD_BYTES = 100 * 1024 * 1024  # a 100,000-row, 67-column SIASN CSV is about 64 MB
ALLOWED_SUFFIXES = (".csv", ".txt", ".xlsx")


class ImportUploadForm(forms.Form):
    berkas = forms.FileField(
        label=gettext_lazy("Berkas Export Data ASN (CSV atau XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        if not berkas.name.lower().endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError(_("Gunakan berkas .csv atau .xlsx dari SIASN."))
        if berkas.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Berkas terlalu besar (maksimal 100 MB)."))
        # An XLSX bomb (small zip, huge sheet) is refused here from its zip directory alone,
        # before anything is stored or parsed.
        head = berkas.read(4)
        berkas.seek(0)
        if siasn.is_xlsx(head, berkas.name):
            try:
                siasn.xlsx_inflated_size(berkas.read())
            except siasn.SiasnFileError as exc:
                raise forms.ValidationError(str(exc)) from None
            finally:
                berkas.seek(0)
        return berkas


def _require_importer(request) -> None:
    if not permissions.can_import_pegawai(request.user):
        raise PermissionDenied


def _jobs_for(request):
    qs = ImportJob.objects.select_related("created_by", "job")
    return qs if permissions.is_admin_bkn(request.user) else qs.filter(created_by=request.user)


def _job_or_404(request, pk: int) -> ImportJob:
    job = _jobs_for(request).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


@login_required
def import_upload(request):
    _require_importer(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        berkas = form.cleaned_data["berkas"]
        job = import_job_create(data=berkas.read(), filename=berkas.name, actor=request.user)
        return redirect("pegawai:import_job", pk=job.pk)
    status = 400 if request.method == "POST" else 200
    jobs = _jobs_for(request)[:10]
    return render(request, "pegawai/import.html", {"form": form, "jobs": jobs}, status=status)


@login_required
def import_job(request, pk: int):
    _require_importer(request)
    job = _job_or_404(request, pk)
    return render(request, "pegawai/import_job.html", {"job": job})


@login_required
def import_progress(request, pk: int):
    _require_importer(request)
    job = _job_or_404(request, pk)
    return render(request, "pegawai/import_progress.html", {"job": job})


@login_required
@require_POST
def import_confirm(request, pk: int):
    _require_importer(request)
    job = _job_or_404(request, pk)
    try:
        import_job_confirm(job=job, actor=request.user)
    except ImportJobStateError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Impor dimulai. Halaman ini menampilkan kemajuannya."))
    return redirect("pegawai:import_job", pk=job.pk)
