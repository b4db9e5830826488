from django import forms
from django.utils.translation import gettext_lazy as _

from pegawai import rules


class DirektoriFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari nama atau NIP"), required=False)
    unit_kerja = forms.IntegerField(label=_("Unit kerja"), required=False, widget=forms.Select)
    golongan = forms.ChoiceField(
        label=_("Golongan"), required=False, choices=[("", _("Semua"))] + rules.GOLONGAN_CHOICES
    )
    jenis_jabatan = forms.ChoiceField(
        label=_("Jenis jabatan"), required=False, choices=[("", _("Semua"))] + rules.JenisJabatan.choices
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua"))] + rules.StatusPegawai.choices
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_kerja"].widget.choices = [("", _("Semua"))] + [
            (u.pk, f"{'— ' * u.depth}{u.nama}") for u in units
        ]
