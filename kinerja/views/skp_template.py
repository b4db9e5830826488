"""SKP templates per jabatan (admin instansi): list, edit, delete, push to the holders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.api import DomainError
from kinerja.models import Periode, SkpTemplate
from kinerja.permissions import (
    can_manage_skp_template,
)
from kinerja.selectors import skp as sel
from kinerja.services import skp as svc
from kinerja.views.skp_common import MAX_ID, error_messages
from kinerja.views.skp_rows import plan_form
from pegawai.models import Jabatan
from pegawai.permissions import is_admin, managed_instansi_q

# --- templates (admin instansi) -----------------------------------------------------------------


@login_required
def template_list(request):
    if not is_admin(request.user):
        raise PermissionDenied
    scope = managed_instansi_q(request.user)  # admin BKN: all; admin instansi: theirs; else nothing
    periodes = Periode.objects.filter(scope, status="open").order_by("-tahun")
    jabatan = Jabatan.objects.filter(scope).order_by("nama")
    return render(
        request,
        "kinerja/skp/template_list.html",
        {
            "templates": list(sel.template_list_for(user=request.user)[:200]),
            "periodes": list(periodes[:20]),
            "jabatan_list": list(jabatan[:1000]),
        },
    )


@login_required
def template_edit(request, pk: int | None = None):
    if not is_admin(request.user):
        raise PermissionDenied
    template = None
    if pk is not None:
        if pk > MAX_ID:
            raise Http404
        template = get_object_or_404(sel.template_list_for(user=request.user), pk=pk)
    rows = (
        [
            {
                "jenis": r.jenis,
                "deskripsi": r.deskripsi,
                "indikator": [
                    {
                        "aspek": i.aspek,
                        "deskripsi": i.deskripsi,
                        "target_angka": i.target_angka,
                        "satuan": i.satuan,
                        "target_teks": i.target_teks,
                    }
                    for i in r.indikator.all()
                ],
            }
            for r in template.rhk.all()
        ]
        if template
        else []
    )
    nama = template.nama if template else ""
    jabatan_id = template.jabatan_id if template else None
    form, aksi = plan_form(request, rows=rows, meta={}, extra=1 if template else 2, is_template=True)
    errors: list = []
    if request.method == "POST":
        nama = request.POST.get("nama", "")
        raw = request.POST.get("jabatan", "")
        jabatan_id = int(raw) if raw.isdigit() and len(raw) < 18 else None
        if aksi == "simpan" and form.is_valid():
            jabatan = Jabatan.objects.filter(pk=jabatan_id).first() if jabatan_id else None
            if jabatan is None or not can_manage_skp_template(request.user, jabatan.instansi_id):
                errors = [_("Pilih jabatan instansi Anda.")]
            else:
                try:
                    template = svc.template_save(
                        jabatan=jabatan, nama=nama, rhk=form.rows_cleaned(), actor=request.user, template=template
                    )
                except (ValidationError, DomainError) as exc:
                    form.add_service_error(exc)
                else:
                    messages.success(request, _("Templat disimpan."))
                    return redirect("kinerja:template_list")
    jabatan_qs = Jabatan.objects.filter(managed_instansi_q(request.user)).order_by("nama")
    ctx = {
        "form": form,
        "errors": errors,
        "template": template,
        "nama": nama,
        "jabatan_id": jabatan_id,
        "jabatan_list": list(jabatan_qs[:1000]),
        "is_template": True,
        "jpt": False,
    }
    return render(request, "kinerja/skp/template_form.html", ctx, status=400 if errors or form.errors else 200)


@login_required
@require_POST
def template_delete(request, pk: int):
    if pk > MAX_ID:
        raise Http404
    template = get_object_or_404(sel.template_list_for(user=request.user), pk=pk)
    template.delete()
    messages.success(request, _("Templat dihapus."))
    return redirect("kinerja:template_list")


@login_required
@require_POST
def template_push(request, pk: int):
    if pk > MAX_ID:
        raise Http404
    template = get_object_or_404(SkpTemplate.objects.select_related("jabatan"), pk=pk)
    if not can_manage_skp_template(request.user, template.jabatan.instansi_id):
        raise PermissionDenied
    raw = request.POST.get("periode", "")
    periode = None
    if raw.isdigit() and len(raw) < 18:
        periode = Periode.objects.filter(pk=int(raw), instansi_id=template.jabatan.instansi_id).first()
    if periode is None:
        messages.error(request, _("Pilih periode kinerja."))
        return redirect("kinerja:template_list")
    try:
        r = svc.template_push(template=template, periode=periode)
    except (ValidationError, DomainError) as exc:
        for m in error_messages(exc):
            messages.error(request, m)
    else:
        messages.success(
            request,
            _("Templat dikirim: %(a)d SKP baru, %(b)d SKP draf ditambah, %(c)d dilewati (sudah diajukan/disetujui).")
            % {"a": r.dibuat, "b": r.ditambah, "c": r.dilewati},
        )
    return redirect("kinerja:template_list")


urlpatterns = [
    path("skp/templat/", template_list, name="template_list"),
    path("skp/templat/baru/", template_edit, name="template_create"),
    path("skp/templat/<int:pk>/", template_edit, name="template_edit"),
    path("skp/templat/<int:pk>/hapus/", template_delete, name="template_delete"),
    path("skp/templat/<int:pk>/kirim/", template_push, name="template_push"),
]
