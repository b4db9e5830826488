"""SKP workflow buttons (POST): submit, approve, return with a note, new version, ekspektasi khusus,
copy last year's SKP."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.api import DomainError
from kinerja.models import Periode
from kinerja.permissions import is_skp_owner
from kinerja.selectors import skp as sel
from kinerja.services import skp as svc
from kinerja.skp_forms import EkspektasiForm
from kinerja.views.skp_common import current_pegawai, error_messages, skp_or_404
from pegawai.models import Pegawai


def _post_action(request, pk: int, action, ok: str):
    skp = skp_or_404(request, pk)
    try:
        result = action(skp)
    except (ValidationError, DomainError) as exc:
        for m in error_messages(exc):
            messages.error(request, m)
        return redirect("kinerja:skp_detail", skp.pk)
    messages.success(request, ok)
    return redirect("kinerja:skp_detail", getattr(result, "pk", skp.pk))


@login_required
@require_POST
def skp_submit(request, pk: int):
    me = current_pegawai(request)
    if not is_skp_owner(me, skp_or_404(request, pk)):  # someone else's visible SKP: 403, not a state error
        raise PermissionDenied
    return _post_action(request, pk, lambda s: svc.skp_submit(skp=s, actor=me), _("SKP diajukan ke pejabat penilai."))


@login_required
@require_POST
def skp_approve(request, pk: int):
    me = current_pegawai(request)
    subs = sel.substitutes_of(request.user)
    return _post_action(
        request,
        pk,
        lambda s: svc.skp_approve(skp=s, actor=me, substitute_for=subs, catatan=request.POST.get("catatan", "")),
        _("SKP disetujui."),
    )


@login_required
@require_POST
def skp_return(request, pk: int):
    me = current_pegawai(request)
    subs = sel.substitutes_of(request.user)
    return _post_action(
        request,
        pk,
        lambda s: svc.skp_return(skp=s, actor=me, substitute_for=subs, catatan=request.POST.get("catatan", "")),
        _("SKP dikembalikan dengan catatan."),
    )


@login_required
@require_POST
def skp_revise(request, pk: int):
    me = current_pegawai(request)
    return _post_action(
        request, pk, lambda s: svc.skp_revise(skp=s, actor=me), _("Versi baru SKP dibuat sebagai draf.")
    )


@login_required
@require_POST
def skp_ekspektasi(request, pk: int):
    me = current_pegawai(request)
    subs = sel.substitutes_of(request.user)
    form = EkspektasiForm(request.POST)
    if not form.is_valid():
        skp = skp_or_404(request, pk)  # 404 outside the viewer's scope before any message
        for m in form.error_messages():
            messages.error(request, m)
        return redirect("kinerja:skp_detail", skp.pk)
    data = form.changed_values()
    return _post_action(
        request,
        pk,
        lambda s: svc.skp_set_ekspektasi(skp=s, actor=me, ekspektasi=data, substitute_for=subs),
        _("Ekspektasi khusus disimpan."),
    )


@login_required
@require_POST
def skp_copy_previous(request):
    me = Pegawai.objects.select_related("atasan", "jabatan").get(pk=current_pegawai(request).pk)
    raw = request.POST.get("periode", "")
    if not raw.isdigit() or len(raw) > 18:
        raise Http404
    periode = get_object_or_404(Periode, pk=int(raw), instansi_id=me.instansi_id)
    try:
        skp = svc.skp_copy_previous(pegawai=me, periode=periode)
    except (ValidationError, DomainError) as exc:
        for m in error_messages(exc):
            messages.error(request, m)
        return redirect("kinerja:skp_index")
    messages.success(request, _("SKP tahun lalu disalin sebagai draf."))
    return redirect("kinerja:skp_detail", skp.pk)


urlpatterns = [
    path("skp/salin-tahun-lalu/", skp_copy_previous, name="skp_copy_previous"),
    path("skp/<int:pk>/ajukan/", skp_submit, name="skp_submit"),
    path("skp/<int:pk>/setujui/", skp_approve, name="skp_approve"),
    path("skp/<int:pk>/kembalikan/", skp_return, name="skp_return"),
    path("skp/<int:pk>/revisi/", skp_revise, name="skp_revise"),
    path("skp/<int:pk>/ekspektasi/", skp_ekspektasi, name="skp_ekspektasi"),
]
