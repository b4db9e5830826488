"""Plt/Plh delegation pages for the admin instansi: list, add (people picked by name or NIP), remove."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from kinerja.models import DelegasiPersetujuan
from kinerja.selectors.delegasi import delegasi_list_for
from kinerja.services import delegasi as delegasi_service
from pegawai.forms import PegawaiPickerField, set_picker_viewer
from pegawai.permissions import is_admin


class DelegasiForm(forms.Form):
    atasan = PegawaiPickerField(label=gettext_lazy("Atasan yang digantikan"))
    penerima = PegawaiPickerField(label=gettext_lazy("Penerima (Plt/Plh)"))
    jenis = forms.ChoiceField(label=gettext_lazy("Jenis"), choices=DelegasiPersetujuan.Jenis.choices)
    mulai = forms.DateField(
        label=pgettext_lazy("tanggal awal", "Mulai"), widget=forms.DateInput(attrs={"type": "date"})
    )
    selesai = forms.DateField(
        label=pgettext_lazy("tanggal akhir", "Selesai"), widget=forms.DateInput(attrs={"type": "date"})
    )
    alasan = forms.CharField(label=gettext_lazy("Alasan"), max_length=255, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        set_picker_viewer(self, user)  # only people of the admin's instansi can be found


def _require_admin(request) -> None:
    if not is_admin(request.user):
        raise PermissionDenied


@login_required
def delegasi_list(request):
    _require_admin(request)
    form = DelegasiForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            delegasi_service.delegasi_create(
                actor=request.user,
                atasan_id=d["atasan"].pk,
                penerima_id=d["penerima"].pk,
                mulai=d["mulai"],
                selesai=d["selesai"],
                jenis=d["jenis"],
                alasan=d["alasan"],
            )
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            messages.success(request, _("Delegasi Plt/Plh disimpan."))
            return redirect("kinerja:delegasi_list")
    rows = delegasi_list_for(user=request.user)[:200]
    return render(
        request,
        "kinerja/delegasi/list.html",
        {"form": form, "rows": rows},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def delegasi_delete(request, pk: int):
    _require_admin(request)
    delegasi = get_object_or_404(delegasi_list_for(user=request.user), pk=pk)
    delegasi_service.delegasi_delete(actor=request.user, delegasi=delegasi)
    messages.success(request, _("Delegasi dihapus."))
    return redirect("kinerja:delegasi_list")


urlpatterns = [
    path("delegasi/", delegasi_list, name="delegasi_list"),
    path("delegasi/<int:pk>/hapus/", delegasi_delete, name="delegasi_delete"),
]
