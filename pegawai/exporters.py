"""Exporters of the pegawai app (common.exporters): the directory list as CSV or XLSX."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.exporters import Exporter, ExportForm
from common.spreadsheet import Spreadsheet
from pegawai import selectors
from pegawai.forms import DirektoriFilterForm
from pegawai.resources import PegawaiResource

FILTERS = ("q", "unit_kerja", "golongan", "jenis_jabatan", "status", "kedudukan")
PROGRESS_EVERY = 500


class PegawaiExportForm(ExportForm, DirektoriFilterForm):
    """The directory's filters (same choices, scoped units) plus the file format."""

    def __init__(self, *args, viewer, **kwargs):
        units = selectors.unit_kerja_list_for(viewer=viewer).select_related(None).only("pk", "nama", "depth", "path")
        super().__init__(*args, viewer=viewer, units=units, **kwargs)


def _queryset(viewer, params: dict):
    filters = {k: params[k] for k in FILTERS if params.get(k) not in (None, "")}
    return selectors.pegawai_list_for(viewer=viewer, **filters)


class PegawaiDirektoriExporter(Exporter):
    identifier = "pegawai.direktori"
    label = gettext_lazy("Direktori pegawai")
    form_class = PegawaiExportForm

    def allowed(self, viewer) -> bool:
        # Everyone may export what the directory shows them (their own record at least): the
        # selector scopes the rows.
        return viewer.is_authenticated

    def count(self, viewer, params: dict) -> int:
        return _queryset(viewer, params).count()

    def render(self, viewer, params, progress):
        qs = _queryset(viewer, params)
        total = qs.count()
        resource = PegawaiResource()
        book = Spreadsheet(params["format"])
        sheet = book.sheet(_("Pegawai"))
        sheet.append(resource.get_export_headers())
        done = 0
        for obj in qs.iterator(chunk_size=2000):  # streams: no list of 100,000 rows in memory
            sheet.append(resource.export_resource(obj))
            done += 1
            if done % PROGRESS_EVERY == 0:
                progress(done, total)
        progress(done, done)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return book.filename(f"pegawai-{stamp}"), book.content_type, book.getvalue()
