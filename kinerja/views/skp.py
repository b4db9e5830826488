"""SKP pages of the ASN and the atasan: my SKP, list, create/edit form, detail, PDF, approval
list. Thin: selectors scope, permissions decide, services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from common.api import DomainError
from kinerja import rules
from kinerja.models import Periode, Skp
from kinerja.permissions import (
    can_approve_skp,
    can_edit_ekspektasi,
    can_edit_skp,
    can_revise_skp,
)
from kinerja.selectors import skp as sel
from kinerja.services import skp as svc
from kinerja.views.skp_common import current_pegawai, skp_or_404
from kinerja.views.skp_rows import plan_form, rows_from_skp
from pegawai.models import Pegawai
from pegawai.permissions import (
    is_admin,
)

# --- ASN pages ----------------------------------------------------------------------------------


@login_required
def skp_index(request):
    """My SKP (all years) and, for atasan, the count waiting for approval."""
    me = request.user.pegawai_or_none
    mine = list(sel.skp_list_for(user=request.user, pegawai_id=me.pk)) if me else []
    periodes = list(Periode.objects.filter(instansi_id=me.instansi_id).order_by("-tahun")) if me else []
    have = {s.periode_id for s in mine}
    waiting = sel.skp_approval_list_for(actor=me, substitute_for=sel.substitutes_of(request.user)).count() if me else 0
    return render(
        request,
        "kinerja/skp/index.html",
        {
            "mine": mine,
            "periodes_tanpa_skp": [p for p in periodes if p.pk not in have and p.status == "open"],
            "waiting": waiting,
            "is_admin": is_admin(request.user),
        },
    )


@login_required
def skp_list(request):
    """SKP the user may read (subordinates for atasan, the instansi for admins), filterable."""
    status = request.GET.get("status", "")
    if status not in Skp.Status.values:
        status = ""
    periode_id = request.GET.get("periode", "")
    periode_id = int(periode_id) if periode_id.isdigit() and len(periode_id) < 18 else None
    qs = sel.skp_list_for(user=request.user, status=status, periode_id=periode_id)[:200]
    return render(
        request, "kinerja/skp/list.html", {"skps": list(qs), "status": status, "statuses": Skp.Status.choices}
    )


def _plan_page(request, form, *, skp: Skp | None, periode: Periode, jabatan, status: int = 200):
    ctx = {
        "skp": skp,
        "periode": periode,
        "form": form,
        "jpt": svc.is_jpt(jabatan),
    }
    return render(request, "kinerja/skp/form.html", ctx, status=status)


@login_required
def skp_create(request):
    me = current_pegawai(request)
    me = Pegawai.objects.select_related("atasan", "jabatan").get(pk=me.pk)
    periode_id = request.POST.get("periode") or request.GET.get("periode", "")
    if not str(periode_id).isdigit() or len(str(periode_id)) > 18:
        raise Http404
    periode = get_object_or_404(Periode, pk=int(periode_id), instansi_id=me.instansi_id)
    options = []
    if me.atasan_id:
        options = list(sel.rhk_atasan_options(Skp(pejabat_penilai_id=me.atasan_id, periode_id=periode.pk)))
    jpt = svc.is_jpt(me.jabatan)
    form, aksi = plan_form(request, rows=[], meta={}, extra=2, rhk_atasan_options=options, jpt=jpt)
    if aksi == "simpan" and form.is_valid():
        try:
            skp = svc.skp_create(pegawai=me, periode=periode, rhk=form.rows_cleaned(), **form.meta_cleaned())
        except (ValidationError, DomainError) as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("SKP dibuat sebagai draf."))
            return redirect("kinerja:skp_detail", skp.pk)
    return _plan_page(request, form, skp=None, periode=periode, jabatan=me.jabatan, status=400 if form.errors else 200)


@login_required
def skp_edit(request, pk: int):
    """Edit the RHK rows, pendekatan and lampiran. What the page renders posts back unchanged; on an
    error everything typed (new rows too) comes back with the error on its row and field, and
    nothing is saved (skp_update is one transaction)."""
    me = current_pegawai(request)
    skp = skp_or_404(request, pk)
    if not can_edit_skp(me, skp):
        raise PermissionDenied
    meta = {"pendekatan": skp.pendekatan, **{f: getattr(skp, f) for f in svc.LAMPIRAN_FIELDS}}
    form, aksi = plan_form(
        request,
        rows=rows_from_skp(skp),
        meta=meta,
        extra=1,
        rhk_atasan_options=list(sel.rhk_atasan_options(skp)),
        jpt=svc.is_jpt(skp.jabatan),
    )
    if aksi == "simpan" and form.is_valid():
        try:
            svc.skp_update(skp=skp, actor=me, rhk=form.rows_cleaned(), **form.meta_cleaned())
        except (ValidationError, DomainError) as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("SKP disimpan."))
            return redirect("kinerja:skp_detail", skp.pk)
    return _plan_page(
        request, form, skp=skp, periode=skp.periode, jabatan=skp.jabatan, status=400 if form.errors else 200
    )


@login_required
def skp_detail(request, pk: int):
    skp = skp_or_404(request, pk)
    me = request.user.pegawai_or_none
    subs = sel.substitutes_of(request.user)
    rhk = list(skp.rhk.all())
    return render(
        request,
        "kinerja/skp/detail.html",
        {
            "skp": skp,
            "utama": [r for r in rhk if r.jenis == rules.JenisRhk.UTAMA],
            "tambahan": [r for r in rhk if r.jenis == rules.JenisRhk.TAMBAHAN],
            "perilaku": sel.perilaku_rows(skp),
            "jpt": svc.is_jpt(skp.jabatan),
            "can_edit": can_edit_skp(me, skp),
            "can_review": can_approve_skp(me, skp, subs),
            "can_ekspektasi": can_edit_ekspektasi(me, skp, subs),
            "can_revise": can_revise_skp(me, skp),
            "is_owner": me is not None and skp.pegawai_id == me.pk,
            "versions": list(sel.skp_versions(skp).only("pk", "version", "status", "is_current")),
            "history": sel.skp_history(skp),
        },
    )


@login_required
def skp_pdf(request, pk: int):
    """Serve the stored PDF; render synchronously when missing or stale."""
    skp = skp_or_404(request, pk)
    if not (skp.pdf_file and skp.pdf_version == skp.version):
        svc.skp_pdf_render(skp=skp)
    try:
        f = skp.pdf_file.open("rb")
    except FileNotFoundError:
        Skp.objects.filter(pk=skp.pk).update(pdf_version=0)
        skp.pdf_version = 0
        svc.skp_pdf_render(skp=skp)
        f = skp.pdf_file.open("rb")
    return FileResponse(f, content_type="application/pdf", filename=f"SKP-{skp.pegawai.nip}-{skp.periode.tahun}.pdf")


@login_required
def skp_approval_list(request):
    me = current_pegawai(request)
    skps = list(sel.skp_approval_list_for(actor=me, substitute_for=sel.substitutes_of(request.user))[:200])
    return render(request, "kinerja/skp/approval_list.html", {"skps": skps})


urlpatterns = [
    path("skp/", skp_index, name="skp_index"),
    path("skp/daftar/", skp_list, name="skp_list"),
    path("skp/baru/", skp_create, name="skp_create"),
    path("skp/<int:pk>/pdf/", skp_pdf, name="skp_pdf"),
    path("skp/persetujuan/", skp_approval_list, name="skp_approval_list"),
    path("skp/<int:pk>/", skp_detail, name="skp_detail"),
    path("skp/<int:pk>/ubah/", skp_edit, name="skp_edit"),
]
