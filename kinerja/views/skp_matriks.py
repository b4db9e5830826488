"""Matriks peran hasil of a unit kerja."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import path

from kinerja.models import Periode
from kinerja.permissions import (
    can_view_matriks,
)
from kinerja.selectors import skp as sel
from pegawai.models import UnitKerja

# --- matriks peran hasil ------------------------------------------------------------------------


@login_required
def matriks(request):
    me = request.user.pegawai_or_none
    raw_unit, raw_periode = request.GET.get("unit", ""), request.GET.get("periode", "")
    unit = None
    if raw_unit.isdigit() and len(raw_unit) < 18:
        unit = UnitKerja.objects.filter(pk=int(raw_unit)).first()
    elif me is not None:
        unit = me.unit_kerja
    if unit is None or not can_view_matriks(request.user, unit.instansi_id):
        raise Http404
    periodes = list(Periode.objects.filter(instansi_id=unit.instansi_id).order_by("-tahun"))
    periode = None
    if raw_periode.isdigit() and len(raw_periode) < 18:
        periode = next((p for p in periodes if p.pk == int(raw_periode)), None)
    elif periodes:
        periode = periodes[0]
    m = sel.matriks_for(unit=unit, periode=periode) if periode is not None else None
    units = UnitKerja.objects.filter(instansi_id=unit.instansi_id).only("pk", "nama", "depth").order_by("path")[:500]
    return render(
        request,
        "kinerja/skp/matriks.html",
        {"m": m, "unit": unit, "periode": periode, "periodes": periodes, "units": units},
    )


urlpatterns = [
    path("skp/matriks/", matriks, name="matriks"),
]
