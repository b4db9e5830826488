"""The public SKM form: nine unsur in the unit's order, the respondent's profile, saran, a honeypot."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from survei.ikm import UNSUR
from survei.kuesioner import JAWABAN, PERTANYAAN
from survei.models import JenisLayanan, Respon, UnitLayanan

NAMA_UNSUR = dict(UNSUR)


class SurveiForm(forms.Form):
    # Honeypot: hidden from people (CSS and aria-hidden), filled by naive bots.
    website = forms.CharField(required=False, label=_("Jangan isi kolom ini"))

    def __init__(self, *args, unit: UnitLayanan, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.unsur_codes = unit.unsur_berurutan()
        jenis = list(JenisLayanan.objects.filter(unit=unit).order_by("nama"))
        if jenis:
            self.fields["jenis_layanan"] = forms.ModelChoiceField(
                queryset=JenisLayanan.objects.filter(unit=unit),
                required=True,
                label=_("Layanan yang Anda terima"),
                empty_label=_("— pilih layanan —"),
                error_messages={
                    "required": _("Pilih layanan yang Anda terima."),
                    "invalid_choice": _("Layanan tidak dikenal di unit ini."),
                },
            )
        for nomor, kode in enumerate(self.unsur_codes, start=1):
            self.fields[kode.lower()] = forms.TypedChoiceField(
                label=f"{nomor}. {PERTANYAAN[kode]}",
                help_text=NAMA_UNSUR[kode],
                choices=[(str(i), label) for i, label in enumerate(JAWABAN[kode], start=1)],
                coerce=int,
                widget=forms.RadioSelect,
                required=True,
                error_messages={
                    "required": _("Pilih satu jawaban untuk pertanyaan nomor %(n)s.") % {"n": nomor},
                    "invalid_choice": _("Jawaban pertanyaan nomor %(n)s harus 1 sampai 4.") % {"n": nomor},
                },
            )
        self.fields["usia"] = forms.ChoiceField(
            label=_("Usia"), required=False, choices=[("", _("— tidak diisi —")), *Respon.Usia.choices]
        )
        self.fields["jenis_kelamin"] = forms.ChoiceField(
            label=_("Jenis kelamin"),
            required=False,
            choices=[("", _("— tidak diisi —")), ("L", _("Laki-laki")), ("P", _("Perempuan"))],
        )
        self.fields["pendidikan"] = forms.ChoiceField(
            label=_("Pendidikan terakhir"),
            required=False,
            choices=[("", _("— tidak diisi —")), *Respon.Pendidikan.choices],
        )
        self.fields["pekerjaan"] = forms.ChoiceField(
            label=_("Pekerjaan"), required=False, choices=[("", _("— tidak diisi —")), *Respon.Pekerjaan.choices]
        )
        self.fields["saran"] = forms.CharField(
            label=_("Saran dan masukan (tidak wajib)"),
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={"max_length": _("Saran paling banyak %(limit_value)d karakter.")},
        )
        self.fields["client_token"] = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def unsur_fields(self):
        return [self[k.lower()] for k in self.unsur_codes]

    def profil_fields(self):
        return [self[k] for k in ("usia", "jenis_kelamin", "pendidikan", "pekerjaan")]

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))
