"""Koreksi atasan: the ASN's flag and the admin's queue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.api import DomainError
from kinerja.models import Skp
from kinerja.permissions import (
    can_resolve_koreksi,
)
from kinerja.selectors import skp as sel
from kinerja.services import skp as svc
from kinerja.views.skp_common import MAX_ID, current_pegawai, error_messages
from pegawai.models import Pegawai
from pegawai.permissions import (
    is_admin,
)

# --- koreksi atasan -----------------------------------------------------------------------------


@login_required
def koreksi_create(request):
    me = current_pegawai(request)
    errors = []
    if request.method == "POST":
        usulan = None
        raw = request.POST.get("usulan_atasan", "")
        if raw.isdigit() and len(raw) < 18:
            usulan = Pegawai.objects.filter(pk=int(raw), instansi_id=me.instansi_id).first()
        skp = None
        raw_skp = request.POST.get("skp", "")
        if raw_skp.isdigit() and len(raw_skp) < 18:
            skp = Skp.objects.filter(pk=int(raw_skp), pegawai=me).first()
        try:
            svc.koreksi_create(pegawai=me, alasan=request.POST.get("alasan", ""), usulan_atasan=usulan, skp=skp)
        except (ValidationError, DomainError) as exc:
            errors = error_messages(exc)
        else:
            messages.success(request, _("Koreksi atasan dikirim ke admin kepegawaian."))
            nxt = request.POST.get("next", "")
            if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=False):
                nxt = "/kinerja/skp/"  # never redirect off-site
            return redirect(nxt)
    kandidat = (
        Pegawai.objects.aktif().filter(instansi_id=me.instansi_id).exclude(pk=me.pk).only("pk", "nama", "nip")[:500]
    )
    return render(
        request,
        "kinerja/skp/koreksi_form.html",
        {"errors": errors, "kandidat": kandidat, "atasan": me.atasan, "skp_id": request.GET.get("skp", "")},
        status=400 if errors else 200,
    )


@login_required
def koreksi_queue(request):
    if not is_admin(request.user):
        raise PermissionDenied
    items = list(sel.koreksi_list_for(user=request.user)[:200])
    return render(request, "kinerja/skp/koreksi_queue.html", {"items": items})


@login_required
@require_POST
def koreksi_decide(request, pk: int):
    if pk > MAX_ID:
        raise Http404
    k = get_object_or_404(sel.koreksi_list_for(user=request.user, status=""), pk=pk)
    if not can_resolve_koreksi(request.user, k.pegawai):
        raise PermissionDenied
    try:
        if request.POST.get("aksi") == "tolak":
            svc.koreksi_reject(koreksi=k, user=request.user, catatan=request.POST.get("catatan", ""))
        else:
            raw = request.POST.get("atasan", "")
            atasan = None
            if raw.isdigit() and len(raw) < 18:
                atasan = Pegawai.objects.filter(pk=int(raw)).first()
            if atasan is None:
                raise ValidationError({"atasan": [_("Pilih atasan yang benar.")]})
            svc.koreksi_resolve(koreksi=k, user=request.user, atasan=atasan, catatan=request.POST.get("catatan", ""))
    except (ValidationError, DomainError) as exc:
        for m in error_messages(exc):
            messages.error(request, m)
    else:
        messages.success(request, _("Koreksi atasan ditindaklanjuti."))
    return redirect("kinerja:koreksi_queue")


urlpatterns = [
    path("skp/koreksi-atasan/", koreksi_create, name="koreksi_create"),
    path("skp/koreksi-atasan/antrean/", koreksi_queue, name="koreksi_queue"),
    path("skp/koreksi-atasan/<int:pk>/", koreksi_decide, name="koreksi_decide"),
]
