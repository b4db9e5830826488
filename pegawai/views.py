"""HTML pages of the pegawai app: thin, every read through selectors (already scoped)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from pegawai import permissions, selectors
from pegawai.forms import DirektoriFilterForm
from pegawai.models import Pegawai

PAGE_SIZE = 25


def _filters(request):
    units = selectors.unit_kerja_list_for(viewer=request.user).only("pk", "nama", "depth", "path", "instansi")
    form = DirektoriFilterForm(request.GET or None, units=units)
    data = form.cleaned_data if form.is_valid() else {}
    return form, {k: v for k, v in data.items() if v not in (None, "")}


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
            "can_import": permissions.can_import_pegawai(request.user),
        },
    )


@login_required
def profil(request, pk: int):
    try:
        pegawai = selectors.pegawai_detail_for(viewer=request.user, pk=pk)
    except Pegawai.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "pegawai/profil.html",
        {
            "p": pegawai,
            "riwayat": selectors.riwayat_for(pegawai)[:100],
            "bawahan": selectors.tim_for(atasan=pegawai, langsung_saja=True),
        },
    )


@login_required
def tim_saya(request):
    me = request.user.pegawai_or_none
    if me is None:
        raise PermissionDenied
    members = selectors.tim_for(atasan=me)
    return render(request, "pegawai/tim_saya.html", {"me": me, "members": members})


@login_required
def unit_tree(request):
    return render(request, "pegawai/unit_tree.html", {"roots": selectors.unit_tree_for(viewer=request.user)})


@login_required
def import_pegawai(request):
    if not permissions.can_import_pegawai(request.user):
        raise PermissionDenied
    return render(request, "pegawai/import.html", {})
