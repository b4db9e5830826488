"""HTML forms of rekrutmen: thin; the services validate (NIK, age, scores) and their errors are put
on the field they name."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from rekrutmen.models import Formasi, Pelamar


class PendaftaranForm(forms.Form):
    nik = forms.CharField(label=_("NIK"), max_length=16, min_length=16, help_text=_("16 angka sesuai KTP."))
    nama = forms.CharField(label=_("Nama lengkap"), max_length=200)
    tempat_lahir = forms.CharField(label=_("Tempat lahir"), max_length=100, required=False)
    tanggal_lahir = forms.DateField(label=_("Tanggal lahir"), widget=forms.DateInput(attrs={"type": "date"}))
    jenis_kelamin = forms.ChoiceField(
        label=_("Jenis kelamin"), choices=Pelamar._meta.get_field("jenis_kelamin").choices
    )
    email = forms.EmailField(label=_("E-mail"))
    nomor_hp = forms.CharField(label=_("Nomor HP"), max_length=20, required=False)


class LamaranForm(forms.Form):
    formasi = forms.ModelChoiceField(label=_("Formasi"), queryset=Formasi.objects.none())
    pendidikan = forms.CharField(label=_("Pendidikan terakhir"), max_length=100)
    ipk = forms.DecimalField(
        label=_("IPK / rata-rata ijazah"),
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        required=False,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    client_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, formasi_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if formasi_qs is not None:
            self.fields["formasi"].queryset = formasi_qs
        self.fields["formasi"].label_from_instance = lambda f: (
            f"{f.kode} {f.jabatan}, {f.instansi.nama} ({f.get_jenis_formasi_display()})"
        )


class VerifikasiForm(forms.Form):
    memenuhi = forms.TypedChoiceField(
        label=_("Hasil"), choices=[("1", _("MS")), ("0", _("TMS"))], coerce=lambda v: v == "1"
    )
    alasan = forms.CharField(label=_("Alasan (wajib untuk TMS)"), required=False, max_length=2000)


class SanggahForm(forms.Form):
    alasan = forms.CharField(label=_("Alasan sanggah"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class RankingForm(forms.Form):
    tahap = forms.ChoiceField(label=_("Tahap"), choices=[("skd", _("SKD")), ("akhir", _("Hasil akhir"))])
    alasan = forms.CharField(label=_("Alasan koreksi (wajib setelah diumumkan)"), required=False, max_length=2000)


class PublikasiForm(forms.Form):
    tahap = forms.ChoiceField(
        label=_("Tahap yang diumumkan"),
        choices=[
            ("administrasi", _("Seleksi administrasi")),
            ("skd", _("SKD")),
            ("akhir", _("Hasil akhir")),
        ],
    )


class SkdImportForm(forms.Form):
    berkas = forms.FileField(
        label=_("Berkas hasil CAT (CSV/XLSX)"), help_text=_("Kolom: nomor_peserta, twk, tiu, tkp.")
    )
    periksa_saja = forms.BooleanField(label=_("Periksa saja (tanpa menyimpan)"), required=False, initial=True)

    MAKS_BYTES = 20 * 1024 * 1024

    def clean_berkas(self):
        f = self.cleaned_data["berkas"]
        if not f.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Berkas harus berformat CSV atau XLSX."))
        if f.size > self.MAKS_BYTES:
            raise forms.ValidationError(_("Berkas lebih dari 20 MB."))
        return f


class SanggahKeputusanForm(forms.Form):
    diterima = forms.TypedChoiceField(
        label=_("Keputusan"), choices=[("1", _("Diterima")), ("0", _("Ditolak"))], coerce=lambda v: v == "1"
    )
    jawaban = forms.CharField(label=_("Jawaban"), max_length=2000)
