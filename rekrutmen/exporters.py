"""Exporters of rekrutmen (common.exporters): the published ranking of a stage as a spreadsheet, so
anyone can recompute it with rekrutmen.scoring from the scores it lists (names and NIK masked).

Birth dates are personal data and are not published; the last tie-break (older first, PermenPANRB
6/2024) is shown as the published rank itself."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.exporters import NOT_FOUND, Exporter, ExportForm
from common.spreadsheet import Spreadsheet
from rekrutmen import rules, selectors


class PeringkatExportForm(ExportForm):
    seleksi = forms.IntegerField(label=gettext_lazy("Seleksi (id)"))
    tahap = forms.ChoiceField(
        label=gettext_lazy("Tahap"), choices=[("skd", gettext_lazy("SKD")), ("akhir", gettext_lazy("Hasil akhir"))]
    )

    def clean(self):
        data = super().clean()
        if "seleksi" in data and "tahap" in data:
            seleksi = selectors.seleksi_published(tahap=data["tahap"]).filter(pk=data["seleksi"]).first()
            if seleksi is None:  # unpublished results do not exist for the public
                raise ValidationError(_("Seleksi tidak ditemukan."), code=NOT_FOUND)
            data["seleksi"] = seleksi
        return data


class PeringkatExporter(Exporter):
    identifier = "rekrutmen.peringkat"
    label = gettext_lazy("Peringkat seleksi yang diumumkan")
    form_class = PeringkatExportForm

    def allowed(self, viewer) -> bool:
        return True  # published results are public information

    def render(self, viewer, params, progress):
        seleksi, tahap = params["seleksi"], params["tahap"]
        book = Spreadsheet(params["format"])
        sheet = book.sheet(_("Peringkat"))
        header = [
            _("Kode formasi"),
            _("Jenis formasi"),
            _("Kuota"),
            _("Nomor peserta"),
            _("Nama"),
            _("NIK"),
            "TWK",
            "TIU",
            "TKP",
            _("Total SKD"),
            _("Lulus ambang batas"),
            _("Peringkat SKD"),
            _("Lolos ke SKB"),
        ]
        if tahap == "akhir":
            header += ["SKB", _("IPK"), _("Nilai akhir"), _("Peringkat akhir"), _("Hasil")]
        sheet.append(header)
        n = 0
        for r in selectors.pengumuman_rows(seleksi=seleksi, tahap=tahap).iterator(chunk_size=2000):
            row = [
                r.formasi.kode,
                r.formasi.jenis_formasi,
                r.formasi.kuota,
                r.nomor_peserta,
                rules.samarkan_nama(r.pelamar.nama),
                rules.samarkan_nik(r.pelamar.nik),
                r.twk,
                r.tiu,
                r.tkp,
                r.skd_total,
                _("Ya") if r.lulus_skd else _("Tidak"),
                r.peringkat_skd or "",
                _("Ya") if r.ke_skb else _("Tidak"),
            ]
            if tahap == "akhir":
                row += [
                    r.skb,
                    r.ipk if r.ipk is not None else "",
                    r.nilai_akhir,
                    r.peringkat_akhir,
                    r.get_hasil_display(),
                ]
            sheet.append(row)
            n += 1
        progress(n, n)
        return book.filename(f"peringkat-{tahap}-{seleksi.pk}"), book.content_type, book.getvalue()
