"""The exporter registry (pretix's model): a new export is one class, no new view, task or template.

An app declares, in `<app>/exporters.py` (autodiscovered by CommonConfig.ready())::

    class PegawaiDirektoriExporter(Exporter):
        identifier = "pegawai.direktori"
        label = _("Direktori pegawai")
        form_class = PegawaiExportForm          # ExportForm + its filters; gets `viewer`

        def allowed(self, viewer) -> bool: ...
        def count(self, viewer, params) -> int: ...        # rows, to choose inline or job
        def render(self, viewer, params, progress) -> tuple[str, str, bytes]: ...

`params` is the form's cleaned_data. `/ekspor/<identifier>/` validates the form and answers with
the file when count() <= inline_max_rows, otherwise starts a "common.export" job and redirects to its
page. `POST /api/ekspor/<identifier>/` always starts a job. Out-of-scope objects named by the
parameters raise a ValidationError with code NOT_FOUND in the form: the view answers 404.
"""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from common.jobs import JobError, JobResult, Progress, job_kind, start_job
from common.spreadsheet import FORMATS

# Up to this many rows an export is built inside the request (about 1 s for 2,000 pegawai rows);
# more rows go to a background job so no web worker is held for long.
INLINE_MAX_ROWS = 2000
NOT_FOUND = "not_found"

FORMAT_LABELS = {"csv": gettext_lazy("CSV"), "xlsx": gettext_lazy("Excel (XLSX)")}


class ExportForm(forms.Form):
    """Base of every exporter's parameter form: the file format, plus the subclass's filters."""

    format = forms.ChoiceField(label=gettext_lazy("Format"))

    def __init__(self, *args, viewer, formats=FORMATS, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        self.fields["format"].choices = [(f, FORMAT_LABELS.get(f, f)) for f in formats]
        if len(formats) == 1:
            self.fields["format"].initial = formats[0]
            self.fields["format"].required = False

    def clean_format(self):
        value = self.cleaned_data.get("format")
        choices = [c for c, _label in self.fields["format"].choices]
        return value or choices[0]

    def not_found(self) -> bool:
        """A parameter names an object outside the viewer's scope (the view answers 404)."""
        return any(e.code == NOT_FOUND for errors in self.errors.as_data().values() for e in errors)


_EXPORTERS: dict[str, type[Exporter]] = {}


class Exporter:
    identifier: ClassVar[str] = ""
    label: ClassVar[str] = ""
    form_class: ClassVar[type[ExportForm]] = ExportForm
    formats: ClassVar[tuple[str, ...]] = FORMATS
    inline_max_rows: ClassVar[int] = INLINE_MAX_ROWS

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.identifier:  # declaring the class registers it
            if cls.identifier in _EXPORTERS and _EXPORTERS[cls.identifier].__qualname__ != cls.__qualname__:
                raise ValueError(f"exporter {cls.identifier!r} is declared twice")
            _EXPORTERS[cls.identifier] = cls

    def allowed(self, viewer) -> bool:
        return False  # fail closed: an exporter says who may use it

    def get_form(self, viewer, data=None) -> ExportForm:
        return self.form_class(data, viewer=viewer, formats=self.formats)

    def count(self, viewer, params: dict) -> int:
        """Rows the export will hold; above inline_max_rows it runs as a job. 0: always inline."""
        return 0

    def render(self, viewer, params: dict, progress: Progress) -> tuple[str, str, bytes]:
        """(filename, content type, content). Every declared exporter implements it; the base class
        has no export of its own, so calling it here is a programming error."""
        raise NotImplementedError(f"{type(self).__name__} declares no render()")


def exporters() -> dict[str, type[Exporter]]:
    return dict(_EXPORTERS)


def exporter_for(identifier: str) -> Exporter:
    try:
        return _EXPORTERS[identifier]()
    except KeyError:
        raise Http404(_("Ekspor tidak dikenal.")) from None


def _plain(data) -> dict[str, list[str]]:
    """Submitted parameters as JSON (a job stores them and re-validates them when it runs)."""
    if isinstance(data, QueryDict):
        return {k: data.getlist(k) for k in data}
    return {k: [str(x) for x in v] if isinstance(v, list | tuple) else [str(v)] for k, v in (data or {}).items()}


def _bind(exporter: Exporter, viewer, plain: dict[str, list[str]]) -> ExportForm:
    qd = QueryDict(mutable=True)
    for k, values in plain.items():
        qd.setlist(k, values)
    return exporter.get_form(viewer, qd)


def _attachment(filename: str, content_type: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_serve(request, exporter: Exporter, data) -> HttpResponse:
    """Validate `data` for `exporter` as request.user; the file itself (small) or a job (large).
    403 when the exporter is not for this user, 404 for out-of-scope objects, 400 with the form's
    errors for bad parameters."""
    if not exporter.allowed(request.user):
        raise PermissionDenied
    plain = _plain(data)
    form = _bind(exporter, request.user, plain)
    if not form.is_valid():
        if form.not_found():
            raise Http404
        return render(request, "common/export_form.html", {"exporter": exporter, "form": form}, status=400)
    params = form.cleaned_data
    if exporter.count(request.user, params) > exporter.inline_max_rows:
        job = start_job(
            owner=request.user, kind="common.export", params={"exporter": exporter.identifier, "data": plain}
        )
        return redirect("jobs:detail", pk=job.pk)
    filename, content_type, content = exporter.render(request.user, params, lambda done, total: None)
    return _attachment(filename, content_type, content)


@login_required
def export_view(request, identifier: str):
    """`/ekspor/<identifier>/`: without parameters, the form; with them, the export."""
    exporter = exporter_for(identifier)
    if not exporter.allowed(request.user):
        raise PermissionDenied
    if not request.GET:
        return render(
            request, "common/export_form.html", {"exporter": exporter, "form": exporter.get_form(request.user)}
        )
    return export_serve(request, exporter, request.GET)


class ExportStartApi(APIView):
    """POST /api/ekspor/<identifier>/ with the form's fields: always a job (202 with its state)."""

    throttle_scope = "export"  # heavy work: the strict "export" rate (settings REST_FRAMEWORK)

    @extend_schema(
        summary="Mulai ekspor sebagai pekerjaan latar",
        tags=["jobs"],
        request=dict,
        responses={202: OpenApiResponse(description="Pekerjaan dibuat; pantau lewat /api/jobs/<id>/"),
                   400: OpenApiResponse(description="Parameter tidak valid (galat per kolom)"),
                   403: OpenApiResponse(description="Ekspor ini bukan untuk Anda"),
                   404: OpenApiResponse(description="Ekspor atau objek tidak ditemukan")},
    )  # fmt: skip
    def post(self, request, identifier: str):
        from common.views_jobs import JobSerializer  # local: views_jobs is the interface layer

        exporter = exporter_for(identifier)
        if not exporter.allowed(request.user):
            raise PermissionDenied
        plain = _plain(request.data)
        form = _bind(exporter, request.user, plain)
        if not form.is_valid():
            if form.not_found():
                raise Http404
            raise serializers.ValidationError({k: [str(m) for m in v] for k, v in form.errors.items()})
        job = start_job(owner=request.user, kind="common.export", params={"exporter": identifier, "data": plain})
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


def _export_label(job) -> str:
    exporter = _EXPORTERS.get(job.params.get("exporter", ""))
    return _("Ekspor: %(label)s") % {"label": exporter.label if exporter else job.params.get("exporter", "")}


@job_kind("common.export", label=_export_label)
def export_job(job, progress: Progress) -> JobResult:
    """Any exporter as a job: re-checks access and parameters as they are now (the owner's role or
    the data may have changed since the job was queued)."""
    exporter = _EXPORTERS.get(job.params.get("exporter", ""))
    if exporter is None:
        raise JobError(_("Ekspor tidak dikenal."))
    exporter = exporter()
    if not exporter.allowed(job.owner):
        raise JobError(_("Anda tidak lagi berhak menjalankan ekspor ini."))
    form = _bind(exporter, job.owner, job.params.get("data") or {})
    if not form.is_valid():
        raise JobError(_("Parameter ekspor tidak lagi valid: %(err)s") % {"err": form.errors.as_text()})
    filename, content_type, content = exporter.render(job.owner, form.cleaned_data, progress)
    return JobResult(filename, content_type, content)
