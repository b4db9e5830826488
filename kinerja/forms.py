"""Forms of the kinerja pages: they parse and label input; the services enforce the domain rules."""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinerja.rules import Berakhlak
from kinerja.selectors.log import rhk_choices_for
from kinerja.services.bukti import ACCEPT
from pegawai.forms import PegawaiPickerField, set_picker_viewer
from pegawai.models import Pegawai


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the content checks happen in kinerja.services.bukti."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT, "multiple": True}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class RhkChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        status = "" if obj.skp.status == "approved" else f" ({obj.skp.get_status_display()})"
        return f"{obj.skp.periode.tahun} · {obj.get_jenis_display()}: {obj.deskripsi[:90]}{status}"


class LogHarianForm(forms.Form):
    tanggal = forms.DateField(label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    rhk = RhkChoiceField(
        label=_("RHK yang didukung"),
        queryset=None,
        empty_label=_("— pilih RHK —"),
        error_messages={"invalid_choice": _("RHK tidak ditemukan di SKP Anda.")},
    )
    kegiatan = forms.CharField(
        label=_("Uraian kegiatan"), widget=forms.Textarea(attrs={"rows": 3, "maxlength": 4000}), max_length=4000
    )
    output_jumlah = forms.DecimalField(
        label=_("Jumlah output"),
        max_digits=12,
        decimal_places=2,
        initial=1,
        widget=forms.NumberInput(attrs={"min": 0, "step": "any", "inputmode": "decimal"}),
    )
    output_satuan = forms.CharField(
        label=_("Satuan output"),
        max_length=50,
        required=False,
        help_text=_("Samakan dengan satuan indikator agar terhitung sebagai realisasi."),
        widget=forms.TextInput(attrs={"list": "satuan-list", "autocomplete": "off"}),
    )
    jam_mulai = forms.TimeField(label=_("Jam mulai"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    jam_selesai = forms.TimeField(
        label=_("Jam selesai"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    files = MultipleFileField(
        label=_("Bukti dukung (berkas)"),
        help_text=_("PDF, JPG, PNG, XLSX, atau DOCX; maksimal 10 MB per berkas."),
    )
    link_bukti = forms.URLField(
        label=_("Tautan bukti dukung"),
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    client_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, pegawai: Pegawai, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rhk"].queryset = rhk_choices_for(pegawai=pegawai)
        # No aria-describedby here: Django sets "<id>_helptext <id>_error" itself (templates use those ids),
        # and a fixed one would hide the error from screen readers.
        if not self.is_bound:
            self.initial.setdefault("tanggal", timezone.localdate())
            self.initial.setdefault("client_token", uuid.uuid4())

    def satuan_options(self) -> list[str]:
        """Units of the pegawai's indikator, offered in a datalist (prefetched with the RHK)."""
        seen: dict[str, None] = {}
        for rhk in self.fields["rhk"].queryset:
            for ind in rhk.indikator.all():
                if ind.satuan:
                    seen.setdefault(ind.satuan, None)
        return list(seen)


class LogReviewForm(forms.Form):
    AKSI = (("setujui", _("Setujui")), ("tolak", _("Kembalikan")))

    ids = forms.TypedMultipleChoiceField(coerce=int, choices=(), label=_("Log"))
    catatan = forms.CharField(
        label=_("Catatan untuk pegawai"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib diisi bila menolak."),
    )
    aksi = forms.ChoiceField(choices=AKSI)

    def __init__(self, *args, ids: list[int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if ids is None:
            # Any integer: the service decides which ids the actor may review.
            raw = self.data.getlist("ids") if hasattr(self.data, "getlist") else self.data.get("ids", [])
            ids = [int(i) for i in raw if str(i).isdigit() and len(str(i)) <= 18]
            if hasattr(self.data, "setlist"):  # drop what is not an id at all
                self.data = self.data.copy()
                self.data.setlist("ids", [str(i) for i in ids])
        self.fields["ids"].choices = [(i, i) for i in ids]
        self.fields["ids"].error_messages["required"] = _("Pilih minimal satu log.")


class RealisasiManualForm(forms.Form):
    indikator = forms.IntegerField(widget=forms.HiddenInput)
    realisasi_angka = forms.DecimalField(
        label=_("Realisasi (angka)"),
        required=False,
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"min": 0, "step": "any", "inputmode": "decimal"}),
    )
    realisasi_teks = forms.CharField(
        label=_("Realisasi (uraian)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    files = MultipleFileField(label=_("Bukti dukung"), help_text=_("PDF, JPG, PNG, XLSX, atau DOCX; maks. 10 MB."))
    link = forms.URLField(label=_("Tautan bukti dukung"), required=False, max_length=500, assume_scheme="https")


class UmpanBalikForm(forms.Form):
    rhk = forms.IntegerField(widget=forms.HiddenInput, required=False)
    perilaku = forms.ChoiceField(choices=[("", "")] + list(Berakhlak.choices), widget=forms.HiddenInput, required=False)
    isi = forms.CharField(label=_("Umpan balik"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class KoreksiAtasanForm(forms.Form):
    """The ASN's koreksi atasan: why, and (optionally) who the right atasan is, picked by name or NIP."""

    alasan = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    usulan_atasan = PegawaiPickerField(label=_("Atasan yang benar (opsional)"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        set_picker_viewer(self, user)


class KoreksiResolveForm(forms.Form):
    """The admin's decision on one koreksi: the right atasan (picked), a note. One per queue card."""

    atasan = PegawaiPickerField(label=_("Atasan yang benar"), required=False)
    catatan = forms.CharField(label=_("Catatan"), required=False, max_length=2000)

    def __init__(self, *args, user, koreksi, **kwargs):
        kwargs.setdefault("auto_id", f"id_k{koreksi.pk}_%s")  # several cards on one page: unique ids
        kwargs.setdefault("initial", {"atasan": koreksi.usulan_atasan})
        super().__init__(*args, **kwargs)
        set_picker_viewer(self, user)
