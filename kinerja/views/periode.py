"""Periode kinerja (admin instansi): create, open/close, evaluation windows, bulk copy of last year's SKP."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from common.api import DomainError
from kinerja import rules
from kinerja.models import Periode, PeriodeEvaluasi
from kinerja.permissions import (
    can_manage_periode,
)
from kinerja.selectors import skp as sel
from kinerja.services import periode as periode_service
from kinerja.services import skp as svc
from kinerja.views.skp_common import MAX_ID, error_messages
from pegawai.models import Instansi
from pegawai.permissions import is_admin, is_admin_bkn, single_instansi_of

# --- periode (admin instansi) -------------------------------------------------------------------


@login_required
def periode_list(request):
    if not is_admin(request.user):
        raise PermissionDenied
    errors = []
    if request.method == "POST":
        instansi_id = single_instansi_of(request.user)
        if is_admin_bkn(request.user):
            raw = request.POST.get("instansi", "")
            instansi_id = int(raw) if raw.isdigit() and len(raw) < 18 else None
        if instansi_id is None or not can_manage_periode(request.user, instansi_id):
            raise PermissionDenied
        tahun = request.POST.get("tahun", "")
        try:
            periode_service.periode_create(
                instansi=get_object_or_404(Instansi, pk=instansi_id),
                tahun=int(tahun) if tahun.isdigit() and len(tahun) < 6 else 0,
                jenis_periodik=request.POST.get("jenis_periodik", ""),
            )
        except (ValidationError, DomainError) as exc:
            errors = error_messages(exc)
        else:
            messages.success(request, _("Periode kinerja dibuat."))
            return redirect("kinerja:periode_list")
    return render(
        request,
        "kinerja/skp/periode_list.html",
        {
            "periodes": list(sel.periode_list_for(user=request.user)[:50]),
            "errors": errors,
            "jenis_choices": rules.JenisPeriodik.choices,
            "instansi_list": Instansi.objects.order_by("nama")[:500] if is_admin_bkn(request.user) else [],
        },
        status=400 if errors else 200,
    )


@login_required
@require_POST
def periode_status(request, pk: int):
    if pk > MAX_ID:
        raise Http404
    periode = get_object_or_404(Periode, pk=pk)
    if not can_manage_periode(request.user, periode.instansi_id):
        raise PermissionDenied
    try:
        periode_service.periode_set_status(periode=periode, status=request.POST.get("status", ""))
    except (ValidationError, DomainError) as exc:
        for m in error_messages(exc):
            messages.error(request, m)
    return redirect("kinerja:periode_list")


@login_required
@require_POST
def window_status(request, pk: int):
    if pk > MAX_ID:
        raise Http404
    window = get_object_or_404(PeriodeEvaluasi.objects.select_related("periode"), pk=pk)
    if not can_manage_periode(request.user, window.periode.instansi_id):
        raise PermissionDenied
    try:
        periode_service.window_set_status(window=window, status=request.POST.get("status", ""))
    except (ValidationError, DomainError) as exc:
        for m in error_messages(exc):
            messages.error(request, m)
    return redirect("kinerja:periode_list")


@login_required
@require_POST
def periode_copy_previous(request, pk: int):
    """Admin quick start: copy last year's SKP for every pegawai of the instansi without one."""
    if pk > MAX_ID:
        raise Http404
    periode = get_object_or_404(Periode, pk=pk)
    if not can_manage_periode(request.user, periode.instansi_id):
        raise PermissionDenied
    try:
        made = svc.skp_copy_previous_bulk(periode=periode)
    except (ValidationError, DomainError) as exc:
        for m in error_messages(exc):
            messages.error(request, m)
    else:
        msg = ngettext("%(n)d SKP tahun lalu disalin sebagai draf.", "%(n)d SKP tahun lalu disalin sebagai draf.", made)
        messages.success(request, msg % {"n": made})
    return redirect("kinerja:periode_list")


urlpatterns = [
    path("periode/", periode_list, name="periode_list"),
    path("periode/<int:pk>/status/", periode_status, name="periode_status"),
    path("periode/window/<int:pk>/status/", window_status, name="window_status"),
    path("periode/<int:pk>/salin-skp-tahun-lalu/", periode_copy_previous, name="periode_copy_previous"),
]
