"""HTML pages of the pegawai app: thin, every read through selectors (already scoped), every write
through pegawai.services, every decision in pegawai.permissions."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pegawai import permissions, selectors, services
from pegawai.forms import DirektoriFilterForm, PegawaiForm, UnitKerjaForm, add_service_errors
from pegawai.models import Pegawai, RiwayatPegawai, UnitKerja

PAGE_SIZE = 25


def _filters(request):
    units = selectors.unit_kerja_list_for(viewer=request.user).select_related(None).only("pk", "nama", "depth", "path")
    form = DirektoriFilterForm(request.GET or None, units=units)
    data = form.cleaned_data if form.is_valid() else {}
    return form, {k: v for k, v in data.items() if v not in (None, "")}


def _visible_pegawai(request, pk: int) -> Pegawai:
    try:
        return selectors.pegawai_detail_for(viewer=request.user, pk=pk)
    except Pegawai.DoesNotExist:
        raise Http404 from None


def _visible_unit(request, pk: int) -> UnitKerja:
    unit = selectors.unit_kerja_list_for(viewer=request.user).filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


@login_required
def direktori(request):
    form, filters = _filters(request)
    qs = selectors.pegawai_list_for(viewer=request.user, **filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "pegawai/direktori.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filtered": bool(filters),
            "can_import": permissions.can_import_pegawai(request.user),
            "can_create": permissions.can_edit_pegawai(request.user),
        },
    )


_LIST_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@login_required
def cari(request):
    """The people picker's search (static/js/picker.js): an HTML listbox fragment of at most
    PICKER_LIMIT people the user may pick (name or NIP), each with NIP, jabatan and unit."""
    q = request.GET.get("q", "")[:100]
    list_id = request.GET.get("list", "")
    if not _LIST_ID.match(list_id):
        list_id = "picker-list"
    rows = selectors.pegawai_search_for(viewer=request.user, q=q)
    limit = selectors.PICKER_LIMIT
    return render(
        request,
        "pegawai/_picker_results.html",
        {"results": rows[:limit], "more": len(rows) > limit, "limit": limit, "q": q.strip(), "list_id": list_id},
    )


@login_required
def profil(request, pk: int):
    pegawai = _visible_pegawai(request, pk)
    return render(
        request,
        "pegawai/profil.html",
        {
            "p": pegawai,
            "riwayat": selectors.riwayat_for(pegawai)[:100],
            "bawahan": selectors.tim_for(atasan=pegawai, langsung_saja=True),
            "can_edit": permissions.can_edit_pegawai(request.user, pegawai),
        },
    )


@login_required
def pegawai_create(request):
    if not permissions.can_edit_pegawai(request.user):
        raise PermissionDenied
    form = PegawaiForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            pegawai = services.pegawai_create(
                actor=request.user, sumber=RiwayatPegawai.Sumber.FORM, **form.service_fields()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Pegawai %(nama)s telah ditambahkan.") % {"nama": pegawai.nama_lengkap})
            return redirect("pegawai:profil", pk=pegawai.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "pegawai/pegawai_form.html", {"form": form, "p": None}, status=status)


@login_required
def pegawai_edit(request, pk: int):
    pegawai = _visible_pegawai(request, pk)
    if not permissions.can_edit_pegawai(request.user, pegawai):
        raise PermissionDenied
    form = PegawaiForm(request.POST or None, instance=pegawai, user=request.user)
    if request.method == "POST" and form.is_valid():
        changes = form.changed_service_fields()
        try:
            if changes:
                services.pegawai_update(
                    pegawai=pegawai, actor=request.user, sumber=RiwayatPegawai.Sumber.FORM, **changes
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Perubahan data pegawai telah disimpan."))
            return redirect("pegawai:profil", pk=pegawai.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "pegawai/pegawai_form.html", {"form": form, "p": pegawai}, status=status)


@login_required
def tim_saya(request):
    me = request.user.pegawai_or_none
    if me is None:
        raise PermissionDenied
    langsung = request.GET.get("langsung") == "1"
    # A head of an OPD may have hundreds of indirect subordinates: paginate like the directory.
    members = Paginator(selectors.tim_for(atasan=me, langsung_saja=langsung), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "pegawai/tim_saya.html",
        {"me": me, "members": members, "langsung": langsung, "query": "langsung=1" if langsung else ""},
    )


@login_required
def unit_tree(request):
    me = request.user.pegawai_or_none
    return render(
        request,
        "pegawai/unit_tree.html",
        {
            "roots": selectors.unit_tree_for(viewer=request.user),
            "can_manage": permissions.is_admin(request.user),
            "my_unit_id": me.unit_kerja_id if me else None,
        },
    )


@login_required
def unit_create(request):
    if not permissions.is_admin(request.user):
        raise PermissionDenied
    form = UnitKerjaForm(request.POST or None, user=request.user, initial={"parent": request.GET.get("parent")})
    if request.method == "POST" and form.is_valid():
        parent = form.cleaned_data["parent"]
        instansi = parent.instansi if parent else form.cleaned_data.get("instansi") or request.user.pegawai.instansi
        if not permissions.can_manage_instansi(request.user, instansi.pk):
            raise PermissionDenied
        try:
            unit = services.unit_kerja_create(
                instansi=instansi, parent=parent, nama=form.cleaned_data["nama"], kode=form.cleaned_data["kode"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Unit kerja %(nama)s telah dibuat.") % {"nama": unit.nama})
            return redirect("pegawai:unit_tree")
    status = 400 if request.method == "POST" else 200
    return render(request, "pegawai/unit_form.html", {"form": form, "unit": None}, status=status)


@login_required
def unit_edit(request, pk: int):
    unit = _visible_unit(request, pk)
    if not permissions.can_manage_instansi(request.user, unit.instansi_id):
        raise PermissionDenied
    initial = {"nama": unit.nama, "kode": unit.kode, "parent": unit.parent_id}
    form = UnitKerjaForm(request.POST or None, user=request.user, unit=unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():  # rename and move together or not at all
                changes = {k: data[k] for k in ("nama", "kode") if data[k] != getattr(unit, k)}
                if changes:
                    services.unit_kerja_update(unit=unit, **changes)
                parent = data["parent"]
                if (parent.pk if parent else None) != unit.parent_id:
                    services.unit_kerja_move(unit=unit, parent=parent)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Unit kerja %(nama)s telah disimpan.") % {"nama": data["nama"]})
            return redirect("pegawai:unit_tree")
    status = 400 if request.method == "POST" else 200
    return render(request, "pegawai/unit_form.html", {"form": form, "unit": unit}, status=status)


def import_pegawai(request):
    """The SIASN import pages live in pegawai.views_import (upload, preview, confirm, progress)."""
    from pegawai.views_import import import_upload

    return import_upload(request)


@login_required
def pegawai_export(request, fmt: str):
    """The directory's filtered list (same filters, same access scope) as XLSX or CSV: the
    "pegawai.direktori" exporter (pegawai/exporters.py) behind the old URL."""
    from common.exporters import export_serve, exporter_for
    from common.spreadsheet import FORMATS

    if fmt not in FORMATS:
        raise Http404
    data = request.GET.copy()
    data["format"] = fmt
    return export_serve(request, exporter_for("pegawai.direktori"), data)
