"""HTML forms of the pegawai app. Choices are scoped to what the user may manage; writes go through
pegawai.services (the views pass `cleaned_data`, never `form.save()`)."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from pegawai import permissions, rules
from pegawai.models import Jabatan, Pegawai, UnitKerja

ALL = [("", _("Semua"))]


class DirektoriFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari nama atau NIP"), required=False, max_length=100)
    unit_kerja = forms.TypedChoiceField(label=_("Unit kerja"), required=False, coerce=int, empty_value=None)
    golongan = forms.ChoiceField(label=_("Golongan"), required=False, choices=ALL + list(rules.GOLONGAN_CHOICES))
    jenis_jabatan = forms.ChoiceField(
        label=_("Jenis jabatan"), required=False, choices=ALL + list(rules.JenisJabatan.choices)
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ALL + list(rules.StatusPegawai.choices))
    kedudukan = forms.ChoiceField(label=_("Kedudukan"), required=False, choices=ALL + list(rules.Kedudukan.choices))

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"placeholder": _("Nama atau NIP"), "type": "search"})
        self.fields["unit_kerja"].choices = ALL + [(u.pk, f"{'— ' * u.depth}{u.nama}") for u in units]


def _scoped_units(user):
    qs = UnitKerja.objects.select_related("instansi").order_by("instansi__nama", "path")
    return qs.filter(permissions.managed_instansi_q(user))


def _scoped_jabatan(user):
    return Jabatan.objects.filter(permissions.managed_instansi_q(user)).order_by("nama")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{'— ' * obj.depth}{obj.nama}"


class PegawaiForm(forms.ModelForm):
    """Create or edit a pegawai. The atasan is picked by NIP (an instansi has thousands of pegawai)."""

    atasan_nip = forms.CharField(
        label=_("NIP atasan langsung"),
        required=False,
        max_length=30,
        help_text=_("Kosongkan bila tidak memiliki atasan langsung."),
    )

    class Meta:
        model = Pegawai
        fields = [
            "nip",
            "gelar_depan",
            "nama",
            "gelar_belakang",
            "tempat_lahir",
            "tanggal_lahir",
            "jenis_kelamin",
            "status",
            "kedudukan",
            "golongan",
            "tmt_golongan",
            "tmt_cpns",
            "unit_kerja",
            "jabatan",
            "tmt_jabatan",
            "pendidikan_terakhir",
            "jurusan",
            "email",
            "nomor_hp",
        ]
        widgets = {
            "tanggal_lahir": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "tmt_golongan": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "tmt_cpns": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "tmt_jabatan": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "nip": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "nomor_hp": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        }
        field_classes = {"unit_kerja": UnitChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit_kerja"].queryset = _scoped_units(user)
        self.fields["jabatan"].queryset = _scoped_jabatan(user)
        self.fields["unit_kerja"].error_messages["invalid_choice"] = _(
            "Unit kerja tidak ditemukan atau di luar instansi yang Anda kelola."
        )
        self.fields["jabatan"].error_messages["invalid_choice"] = _(
            "Jabatan tidak ditemukan atau di luar instansi yang Anda kelola."
        )
        self.fields["nip"].help_text = _("18 digit; tanggal lahir dan jenis kelamin harus sesuai dengan NIP.")
        if self.instance.pk and self.instance.atasan_id:
            self.initial.setdefault("atasan_nip", self.instance.atasan.nip)

    def clean_atasan_nip(self):
        nip = rules.normalize_nip(self.cleaned_data.get("atasan_nip", ""))
        if not nip:
            return None
        atasan = Pegawai.objects.filter(permissions.managed_instansi_q(self.user), nip=nip).first()
        if atasan is None:
            raise ValidationError(_("Pegawai dengan NIP ini tidak ditemukan di instansi yang Anda kelola."))
        return atasan

    def _post_clean(self):
        # Validation of the whole record (NIP vs birth date, cycles, instansi) happens in the service;
        # here only the form-level checks run, so nothing touches the instance before the service.
        pass

    def service_fields(self) -> dict:
        """The values to hand to pegawai_create / pegawai_update."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["atasan"] = self.cleaned_data.get("atasan_nip")
        unit = data.get("unit_kerja")
        if unit is not None:
            data["instansi"] = unit.instansi
        return data

    def changed_service_fields(self) -> dict:
        data = self.service_fields()
        original = self.instance
        return {
            name: value
            for name, value in data.items()
            if getattr(original, f"{name}_id" if name in ("unit_kerja", "jabatan", "atasan", "instansi") else name)
            != (value.pk if hasattr(value, "pk") else value)
        }


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Attach a service's ValidationError to the form: field errors where the form has the field."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        target = field
        if field == "atasan":
            target = "atasan_nip"
        if target not in form.fields:
            target = None
        form.add_error(target, errors)


class UnitKerjaForm(forms.Form):
    nama = forms.CharField(label=_("Nama unit"), max_length=255)
    kode = forms.CharField(label=_("Kode (UNOR ID SIASN)"), max_length=64, required=False)
    parent = UnitChoiceField(
        label=_("Unit induk"),
        queryset=UnitKerja.objects.none(),
        required=False,
        empty_label=_("— (unit teratas / OPD) —"),
    )

    def __init__(self, *args, user, unit: UnitKerja | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.unit = unit
        qs = _scoped_units(user)
        if unit is not None:
            # A unit cannot go under itself or its own descendants (the service checks too).
            qs = qs.filter(instansi_id=unit.instansi_id).exclude(path__startswith=unit.path)
        self.fields["parent"].queryset = qs
        self.fields["parent"].error_messages["invalid_choice"] = _(
            "Unit induk tidak ditemukan, di luar instansi Anda, atau berada di bawah unit ini."
        )
        if permissions.is_admin_bkn(user) and unit is None:  # only admin BKN picks the instansi
            from pegawai.models import Instansi

            self.fields["instansi"] = forms.ModelChoiceField(
                label=_("Instansi"),
                queryset=Instansi.objects.order_by("nama"),
                required=False,
                help_text=_("Wajib bila unit induk kosong."),
            )

    def clean(self):
        data = super().clean()
        if self.unit is None and "instansi" in self.fields and not data.get("parent") and not data.get("instansi"):
            self.add_error("instansi", _("Pilih instansi untuk unit teratas."))
        return data


# --- people picker ------------------------------------------------------------------------------

_NIP_IN_TEXT = re.compile(r"(?<!\d)(\d{18})(?!\d)")


class PegawaiPickerWidget(forms.TextInput):
    """A search box (name or NIP) that works without JavaScript; static/js/picker.js turns it into
    an ARIA combobox fed by /pegawai/cari/. When a typed name matched several people the form is
    re-rendered with `candidates`: a radio list (`<name>__pilih`, value = NIP) to choose from."""

    template_name = "pegawai/widgets/picker.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.candidates: list[Pegawai] = []

    def format_value(self, value):
        if isinstance(value, Pegawai):
            return f"{value.nama_lengkap} — {value.nip}"
        return super().format_value(value)

    def value_from_datadict(self, data, files, name):
        chosen = data.get(f"{name}__pilih")
        return chosen if chosen else data.get(name)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["candidates"] = self.candidates
        context["widget"]["search_url"] = reverse("pegawai:cari")
        return context

    def _render(self, template_name, context, renderer=None):
        # The template lives in templates/ (the project loader), not in a form renderer's directory.
        return mark_safe(render_to_string(template_name, context))


class PegawaiPickerField(forms.Field):
    """Pick one pegawai by NIP (with or without separators, or the "Nama — NIP" the widget shows) or
    by name. Only people in `pegawai_pick_list_for(viewer)` are found: the form calls `set_viewer`."""

    widget = PegawaiPickerWidget
    default_error_messages = {
        "not_found": _("Tidak ada pegawai dengan NIP atau nama “%(q)s” yang dapat Anda pilih."),
        "ambiguous": _("Ada beberapa pegawai yang cocok dengan “%(q)s”: pilih salah satu dari daftar."),
        "too_many": _(
            "Lebih dari %(n)s pegawai cocok dengan “%(q)s”: ketik nama lebih lengkap atau NIP, "
            "atau pilih salah satu dari daftar."
        ),
        "too_short": _("Ketik minimal 2 huruf nama atau NIP."),
    }

    def __init__(self, *args, aktif_saja: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.aktif_saja = aktif_saja
        self.viewer = None

    def set_viewer(self, viewer) -> None:
        self.viewer = viewer

    def prepare_value(self, value):
        return value

    def to_python(self, value):
        if isinstance(value, Pegawai):
            return value
        text = (value or "").strip()
        if not text:
            return None
        if self.viewer is None:  # programming error: a picker without a viewer would leak everyone
            raise RuntimeError("PegawaiPickerField.set_viewer() was not called")
        from pegawai.selectors import PICKER_LIMIT, pegawai_pick_list_for, pegawai_search_for

        found = _NIP_IN_TEXT.search(text)
        nip = found.group(1) if found else rules.normalize_nip(text)
        if nip.isdigit() and len(nip) == 18:
            pegawai = pegawai_pick_list_for(viewer=self.viewer, aktif_saja=self.aktif_saja).filter(nip=nip).first()
            if pegawai is None:
                raise ValidationError(self.error_messages["not_found"], code="not_found", params={"q": text})
            return pegawai
        if len(text) < 2:
            raise ValidationError(self.error_messages["too_short"], code="too_short")
        matches = pegawai_search_for(viewer=self.viewer, q=text, aktif_saja=self.aktif_saja)
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise ValidationError(self.error_messages["not_found"], code="not_found", params={"q": text})
        self.widget.candidates = matches[:PICKER_LIMIT]
        if len(matches) > PICKER_LIMIT:
            raise ValidationError(
                self.error_messages["too_many"], code="too_many", params={"q": text, "n": PICKER_LIMIT}
            )
        raise ValidationError(self.error_messages["ambiguous"], code="ambiguous", params={"q": text})


def set_picker_viewer(form: forms.BaseForm, viewer) -> None:
    """Give every PegawaiPickerField of `form` the viewer whose scope it searches."""
    for field in form.fields.values():
        if isinstance(field, PegawaiPickerField):
            field.set_viewer(viewer)


class LoginForm(AuthenticationForm):
    """Django's login form with our own wrong-password message: Django's Indonesian catalog says
    "Masukkan nama pengguna %(username)s ...", and with our user name field that read
    "nama pengguna nama pengguna". The message names both ways to log in and reveals nothing about
    which of the two was wrong."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "NIP/nama pengguna atau kata sandi salah. Periksa kembali; huruf besar dan kecil dibedakan."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("NIP atau nama pengguna")
