"""Plt/Plh delegation pages for the admin instansi: list, add (by NIP), remove."""

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
from pegawai.models import Pegawai
from pegawai.permissions import admin_instansi_id, is_admin


class DelegasiForm(forms.Form):
    atasan_nip = forms.CharField(label=gettext_lazy("NIP atasan yang digantikan"), max_length=18)
    penerima_nip = forms.CharField(label=gettext_lazy("NIP penerima (Plt/Plh)"), max_length=18)
    jenis = forms.ChoiceField(label=gettext_lazy("Jenis"), choices=DelegasiPersetujuan.Jenis.choices)
    mulai = forms.DateField(label=pgettext_lazy("tanggal awal", "Mulai"), widget=forms.DateInput(attrs={"type": "date"}))
    selesai = forms.DateField(label=pgettext_lazy("tanggal akhir", "Selesai"), widget=forms.DateInput(attrs={"type": "date"}))
    alasan = forms.CharField(label=gettext_lazy("Alasan"), max_length=255, required=False)


def _require_admin(request) -> None:
    if not is_admin(request.user):
        raise PermissionDenied


@login_required
def delegasi_list(request):
    _require_admin(request)
    form = DelegasiForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        ids = dict(Pegawai.objects.filter(nip__in=[d["atasan_nip"], d["penerima_nip"]]).values_list("nip", "pk"))
        try:
            delegasi_service.delegasi_create(
                actor=request.user,
                atasan_id=ids.get(d["atasan_nip"]),
                penerima_id=ids.get(d["penerima_nip"]),
                mulai=d["mulai"],
                selesai=d["selesai"],
                jenis=d["jenis"],
                alasan=d["alasan"],
            )
        except ValidationError as exc:
            mapping = {"atasan": "atasan_nip", "penerima": "penerima_nip"}
            for field, errs in exc.message_dict.items():
                target = mapping.get(field, field)
                form.add_error(target if target in form.fields else None, errs)
        else:
            messages.success(request, _("Delegasi Plt/Plh disimpan."))
            return redirect("kinerja:delegasi_list")
    rows = delegasi_list_for(instansi_id=admin_instansi_id(request.user))[:200]
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
    delegasi = get_object_or_404(delegasi_list_for(instansi_id=admin_instansi_id(request.user)), pk=pk)
    delegasi_service.delegasi_delete(actor=request.user, delegasi=delegasi)
    messages.success(request, _("Delegasi dihapus."))
    return redirect("kinerja:delegasi_list")


urlpatterns = [
    path("delegasi/", delegasi_list, name="delegasi_list"),
    path("delegasi/<int:pk>/hapus/", delegasi_delete, name="delegasi_delete"),
]
