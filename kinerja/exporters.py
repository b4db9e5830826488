"""Exporters of the kinerja app (common.exporters): the compliance board and one pegawai's logs and
realisasi, both XLSX. The old URLs (kinerja:dashboard_kepatuhan_xlsx, kinerja:export_pegawai_xlsx)
check access as before and hand their parameters to these classes."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.exporters import NOT_FOUND, Exporter, ExportForm
from kinerja.models import PeriodeEvaluasi
from kinerja.permissions import can_view_compliance_board, kinerja_export_pegawai_q
from kinerja.resources import XLSX_CONTENT_TYPE, kepatuhan_xlsx, pegawai_kinerja_xlsx
from kinerja.selectors import dashboard as sel
from kinerja.selectors.log import window_for
from pegawai.models import Instansi, Pegawai
from pegawai.permissions import is_admin, single_instansi_of

MAX_ID = 2**63 - 1


def _id(value) -> int | None:
    """A positive id, or None for blank / not a number (the old views ignored such a ?window=)."""
    raw = str(value or "").strip()
    if not raw.isdigit() or len(raw) > 18 or int(raw) > MAX_ID:
        return None
    return int(raw)


def _not_found(what: str) -> ValidationError:
    return ValidationError(_("%(what)s tidak ditemukan.") % {"what": what}, code=NOT_FOUND)


def _window(raw, instansi_id: int) -> PeriodeEvaluasi | None:
    """The chosen window (of this instansi, else not found) or today's window."""
    wid = _id(raw)
    if wid is None:
        return window_for(instansi_id, timezone.localdate())
    window = PeriodeEvaluasi.objects.select_related("periode").filter(pk=wid, periode__instansi_id=instansi_id).first()
    if window is None:
        raise _not_found(_("Periode evaluasi"))
    return window


class KepatuhanExportForm(ExportForm):
    instansi = forms.CharField(label=gettext_lazy("Instansi (admin BKN)"), required=False)
    window = forms.CharField(label=gettext_lazy("Periode evaluasi"), required=False)

    def clean(self):
        data = super().clean()
        own = single_instansi_of(self.viewer)
        wanted = _id(data.get("instansi"))
        if own is not None:
            if wanted is not None and wanted != own:
                raise _not_found(_("Instansi"))
            instansi = Instansi.objects.filter(pk=own).first()
        else:  # admin BKN (allowed() let no one else in)
            qs = Instansi.objects.order_by("nama")
            instansi = qs.filter(pk=wanted).first() if wanted is not None else qs.first()
        if instansi is None or not can_view_compliance_board(self.viewer, instansi.pk):
            raise _not_found(_("Instansi"))
        data["instansi"] = instansi
        data["window"] = _window(data.get("window"), instansi.pk)
        return data


class KepatuhanExporter(Exporter):
    identifier = "kinerja.kepatuhan"
    label = gettext_lazy("Papan kepatuhan kinerja")
    form_class = KepatuhanExportForm
    formats = ("xlsx",)

    def allowed(self, viewer) -> bool:
        return is_admin(viewer)

    def render(self, viewer, params, progress):
        instansi, window = params["instansi"], params["window"]
        board = sel.kepatuhan_board(instansi_id=instansi.pk, window=window)
        suffix = f"-{window.periode.tahun}-{window.nomor}" if window else ""
        content = kepatuhan_xlsx(board, instansi_nama=instansi.nama)
        return f"kepatuhan-{instansi.kode}{suffix}.xlsx", XLSX_CONTENT_TYPE, content


class PegawaiKinerjaExportForm(ExportForm):
    pegawai = forms.CharField(label=gettext_lazy("Pegawai (id)"))
    window = forms.CharField(label=gettext_lazy("Periode evaluasi"), required=False)

    def clean_pegawai(self):
        pk = _id(self.cleaned_data.get("pegawai"))
        # Looked up through the export scope: out of scope looks exactly like missing.
        scoped = Pegawai.objects.filter(kinerja_export_pegawai_q(self.viewer))
        pegawai = scoped.filter(pk=pk).first() if pk is not None else None
        if pegawai is None:
            raise _not_found(_("Pegawai"))
        return pegawai

    def clean(self):
        data = super().clean()
        if isinstance(data.get("pegawai"), Pegawai):
            data["window"] = _window(data.get("window"), data["pegawai"].instansi_id)
        return data


class PegawaiKinerjaExporter(Exporter):
    identifier = "kinerja.pegawai"
    label = gettext_lazy("Log harian dan realisasi pegawai")
    form_class = PegawaiKinerjaExportForm
    formats = ("xlsx",)

    def allowed(self, viewer) -> bool:
        return viewer.is_authenticated  # per pegawai: the form's clean_pegawai decides

    def render(self, viewer, params, progress):
        pegawai, window = params["pegawai"], params["window"]
        data = sel.pegawai_kinerja_export(pegawai=pegawai, window=window)
        suffix = f"-{window.periode.tahun}-{window.nomor}" if window else ""
        return f"kinerja-{pegawai.nip}{suffix}.xlsx", XLSX_CONTENT_TYPE, pegawai_kinerja_xlsx(data)
