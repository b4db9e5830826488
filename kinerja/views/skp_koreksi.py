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
from kinerja.forms import KoreksiAtasanForm, KoreksiResolveForm
from kinerja.models import Skp
from kinerja.permissions import (
    can_resolve_koreksi,
)
from kinerja.selectors import skp as sel
from kinerja.services import skp as svc
from kinerja.views.skp_common import MAX_ID, current_pegawai, error_messages
from pegawai.permissions import (
    is_admin,
)

# --- koreksi atasan -----------------------------------------------------------------------------


@login_required
def koreksi_create(request):
    me = current_pegawai(request)
    errors = []
    form = KoreksiAtasanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        skp = None
        raw_skp = request.POST.get("skp", "")
        if raw_skp.isdigit() and len(raw_skp) < 18:
            skp = Skp.objects.filter(pk=int(raw_skp), pegawai=me).first()
        try:
            svc.koreksi_create(
                pegawai=me,
                alasan=form.cleaned_data["alasan"],
                usulan_atasan=form.cleaned_data["usulan_atasan"],
                skp=skp,
            )
        except (ValidationError, DomainError) as exc:
            errors = error_messages(exc)
        else:
            messages.success(request, _("Koreksi atasan dikirim ke admin kepegawaian."))
            nxt = request.POST.get("next", "")
            if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=False):
                nxt = "/kinerja/skp/"  # never redirect off-site
            return redirect(nxt)
    invalid = request.method == "POST" and (errors or form.errors)
    return render(
        request,
        "kinerja/skp/koreksi_form.html",
        {
            "errors": errors,
            "form": form,
            "atasan": me.atasan,
            "skp_id": request.POST.get("skp") or request.GET.get("skp", ""),
        },
        status=400 if invalid else 200,
    )


def _koreksi_queue_page(request, bound=None, status=200):
    """The queue with one KoreksiResolveForm per card; `bound` is the card whose POST was invalid."""
    bound_koreksi, bound_form = bound if bound is not None else (None, None)
    cards = [
        (
            k,
            bound_form
            if bound_koreksi is not None and k.pk == bound_koreksi.pk
            else KoreksiResolveForm(user=request.user, koreksi=k),
        )
        for k in sel.koreksi_list_for(user=request.user)[:200]
    ]
    return render(request, "kinerja/skp/koreksi_queue.html", {"cards": cards}, status=status)


@login_required
def koreksi_queue(request):
    if not is_admin(request.user):
        raise PermissionDenied
    return _koreksi_queue_page(request)


@login_required
@require_POST
def koreksi_decide(request, pk: int):
    if pk > MAX_ID:
        raise Http404
    k = get_object_or_404(sel.koreksi_list_for(user=request.user, status=""), pk=pk)
    if not can_resolve_koreksi(request.user, k.pegawai):
        raise PermissionDenied
    form = KoreksiResolveForm(request.POST, user=request.user, koreksi=k)
    tolak = request.POST.get("aksi") == "tolak"
    if not form.is_valid() and not tolak:
        # e.g. a name that matches several people: show the card again with the candidates
        return _koreksi_queue_page(request, bound=(k, form), status=400)
    catatan = form.cleaned_data.get("catatan", "") if form.is_valid() else request.POST.get("catatan", "")
    try:
        if tolak:
            svc.koreksi_reject(koreksi=k, user=request.user, catatan=catatan)
        else:
            atasan = form.cleaned_data["atasan"]
            if atasan is None:
                raise ValidationError({"atasan": [_("Pilih atasan yang benar.")]})
            svc.koreksi_resolve(koreksi=k, user=request.user, atasan=atasan, catatan=catatan)
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
