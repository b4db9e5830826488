"""Exporters of pelatihan (common.exporters): who is under the 20 JP target, XLSX or CSV."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.exporters import Exporter, ExportForm
from common.spreadsheet import Spreadsheet
from pelatihan import rules
from pelatihan.selectors import SORTS, jp_di_bawah_target


class JpKurangExportForm(ExportForm):
    tahun = forms.IntegerField(label=gettext_lazy("Tahun"), min_value=2000, max_value=2100, required=False)
    urut = forms.ChoiceField(
        label=gettext_lazy("Urutkan"), required=False, choices=[(k, k) for k in SORTS], initial="jp"
    )

    def clean_tahun(self):
        return self.cleaned_data.get("tahun") or timezone.localdate().year


class JpKurangExporter(Exporter):
    identifier = "pelatihan.jp_kurang"
    label = gettext_lazy("Pegawai di bawah target 20 JP")
    form_class = JpKurangExportForm

    def allowed(self, viewer) -> bool:
        return viewer.is_authenticated  # scoped by the selector: ASN self, atasan team, pengelola instansi

    def count(self, viewer, params) -> int:
        return jp_di_bawah_target(viewer=viewer, tahun=params["tahun"]).count()

    def render(self, viewer, params, progress):
        tahun = params["tahun"]
        wb = Spreadsheet(params["format"])
        ws = wb.sheet(_("Kurang JP"))
        ws.append([_("NIP"), _("Nama"), _("Unit kerja"), _("JP pelatihan"), _("JP eksternal"), _("Jumlah JP"),
                   _("Kurang JP")])  # fmt: skip
        qs = jp_di_bawah_target(viewer=viewer, tahun=tahun, sort=params.get("urut") or "jp")
        for p in qs.iterator(chunk_size=2000):
            ws.append([p.nip, p.nama_lengkap, p.unit_kerja.nama, p.jp_dalam, p.jp_luar, p.jp_total,
                       rules.kurang_jp(p.jp_total)])  # fmt: skip
        return wb.filename(f"kurang-jp-{tahun}"), wb.content_type, wb.getvalue()
