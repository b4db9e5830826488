"""Exporters of survei (common.exporters): the raw answers of one survey period as CSV or XLSX.

Rows are streamed from the database (values_list().iterator(): no model instance, no list of a
million rows); every cell that comes from a person (saran) is written as inert text by Spreadsheet."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.exporters import NOT_FOUND, Exporter, ExportForm
from common.spreadsheet import Spreadsheet
from survei.models import PeriodeSurvei, Respon
from survei.permissions import can_view_survei
from survei.selectors import UNSUR_FIELDS, unit_list_for

PROGRESS_EVERY = 5000
MAX_ID = 2**31 - 1


class ResponExportForm(ExportForm):
    periode = forms.CharField(label=gettext_lazy("Periode survei"))

    def clean_periode(self) -> PeriodeSurvei:
        raw = str(self.cleaned_data.get("periode") or "").strip()
        periode = None
        if raw.isdigit() and int(raw) <= MAX_ID:
            periode = (
                PeriodeSurvei.objects.select_related("unit")
                .filter(pk=int(raw), unit__in=unit_list_for(user=self.viewer))
                .first()
            )
        if periode is None:  # missing or another unit's period: the same answer, 404
            raise ValidationError(_("Periode survei tidak ditemukan."), code=NOT_FOUND)
        return periode


def _rows(periode: PeriodeSurvei):
    return (
        Respon.objects.filter(periode=periode)
        .order_by("pk")
        .values_list(
            "pk",
            "created_at",
            "jenis_layanan__nama",
            *UNSUR_FIELDS,
            "usia",
            "jenis_kelamin",
            "pendidikan",
            "pekerjaan",
            "token_terverifikasi",
            "saran",
            "saran_disembunyikan",
        )
    )


class SurveiResponExporter(Exporter):
    identifier = "survei.respon"
    label = gettext_lazy("Jawaban mentah survei kepuasan masyarakat")
    form_class = ResponExportForm

    def allowed(self, viewer) -> bool:
        return can_view_survei(viewer)  # the form's period lookup scopes to the viewer's units

    def count(self, viewer, params: dict) -> int:
        return Respon.objects.filter(periode=params["periode"]).count()

    def render(self, viewer, params, progress):
        periode = params["periode"]
        total = self.count(viewer, params)
        book = Spreadsheet(params["format"])
        sheet = book.sheet(_("Jawaban"))
        sheet.append(
            [
                _("ID respon"),
                _("Waktu"),
                _("Jenis layanan"),
                *[f.upper() for f in UNSUR_FIELDS],
                _("Usia"),
                _("Jenis kelamin"),
                _("Pendidikan"),
                _("Pekerjaan"),
                _("Token layanan"),
                _("Saran"),
                _("Saran disembunyikan"),
            ]
        )
        done = 0
        for row in _rows(periode).iterator(chunk_size=5000):
            pk, created, layanan, *rest = row
            *jawaban_profil, token, saran, hidden = rest
            sheet.append(
                [
                    pk,
                    timezone.localtime(created).strftime("%Y-%m-%d %H:%M"),
                    layanan or "",
                    *jawaban_profil,
                    _("ya") if token else _("tidak"),
                    saran,
                    _("ya") if hidden else _("tidak"),
                ]
            )
            done += 1
            if done % PROGRESS_EVERY == 0:
                progress(done, total)
        progress(done, done)
        return book.filename(f"skm-{periode.unit.kode}-{periode.pk}"), book.content_type, book.getvalue()
