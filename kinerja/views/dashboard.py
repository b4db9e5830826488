"""Dashboards (ASN, atasan, admin compliance board) and XLSX exports. Thin: selectors read (scoped),
kinerja.permissions decide. The Plt/Plh pages live in kinerja.views.delegasi and are joined here."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.exporters import export_serve, exporter_for
from kinerja.models import PeriodeEvaluasi
from kinerja.permissions import can_view_atasan_dashboard, can_view_compliance_board
from kinerja.selectors import dashboard as sel
from kinerja.selectors.delegasi import atasan_ids_for
from kinerja.selectors.log import window_for
from kinerja.views import delegasi
from pegawai.models import Instansi, UnitKerja
from pegawai.permissions import is_admin, is_admin_bkn, single_instansi_of

MAX_ID = 2**63 - 1


def _int_param(request, name: str) -> int | None:
    raw = request.GET.get(name, "")
    if not raw.isdigit() or len(raw) > 18 or int(raw) > MAX_ID:
        return None
    return int(raw)


def _window(request, instansi_id: int) -> PeriodeEvaluasi | None:
    """The window chosen by ?window= (must be of this instansi: 404 otherwise), else today's."""
    wid = _int_param(request, "window")
    if wid is not None:
        return get_object_or_404(
            PeriodeEvaluasi.objects.select_related("periode"), pk=wid, periode__instansi_id=instansi_id
        )
    return window_for(instansi_id, timezone.localdate())


def _hari(request) -> int:
    n = _int_param(request, "hari")
    return min(max(n, 1), 60) if n is not None else sel.DEFAULT_TIDAK_MELAPOR_HARI


@login_required
def index(request):
    """The ASN's own board; links to the team and compliance boards for those who may open them."""
    me = request.user.pegawai_or_none
    if me is None:
        # Admin BKN accounts have no pegawai: their board is the compliance board.
        if is_admin_bkn(request.user):
            return kepatuhan(request)
        raise PermissionDenied
    board = sel.asn_dashboard(pegawai=me, window=_window(request, me.instansi_id))
    return render(
        request,
        "kinerja/dashboard/asn.html",
        {
            "board": board,
            "can_tim": can_view_atasan_dashboard(request.user, atasan_ids_for(me, timezone.localdate())),
            "can_kepatuhan": is_admin(request.user),
        },
    )


@login_required
def tim(request):
    me = request.user.pegawai_or_none
    if me is None:
        raise PermissionDenied
    substitutes = atasan_ids_for(me, timezone.localdate())
    if not can_view_atasan_dashboard(request.user, substitutes):
        raise PermissionDenied
    board = sel.atasan_dashboard(
        actor=me,
        hari=_hari(request),
        window=_window(request, me.instansi_id),
        langsung_saja=request.GET.get("langsung") == "1",
    )
    return render(request, "kinerja/dashboard/atasan.html", {"board": board})


def _board_instansi(request) -> Instansi:
    """Admin instansi: their own instansi (a different ?instansi= is refused). Admin BKN: ?instansi=."""
    own = single_instansi_of(request.user)
    wanted = _int_param(request, "instansi")
    if own is not None:
        if wanted is not None and wanted != own:
            raise PermissionDenied
        instansi_id = own
    elif is_admin_bkn(request.user):
        instansi_id = wanted
        if instansi_id is None:
            first = Instansi.objects.order_by("nama").first()
            if first is None:
                raise Http404
            return first
    else:
        raise PermissionDenied
    if not can_view_compliance_board(request.user, instansi_id):
        raise PermissionDenied
    return get_object_or_404(Instansi, pk=instansi_id)


# Column headers of the compliance board: ?sort= key and label, in display order.
KEPATUHAN_COLUMNS = [
    ("unit", _("Unit kerja")),
    ("aktif", _("Pegawai dihitung")),
    ("tanpa_skp", _("Tanpa SKP")),
    ("skp_belum_disetujui", _("SKP belum disetujui")),
    ("tanpa_log", _("Belum melapor log")),
    ("log_menunggu", _("Log menunggu")),
    ("dikecualikan", _("Tidak dihitung")),
]


def _sort_headers(request, sort: str, desc: bool) -> list[dict]:
    """Header links: the current column toggles its direction; aria-sort tells which one is active."""
    query = request.GET.copy()
    headers = []
    for key, label in KEPATUHAN_COLUMNS:
        active = key == sort
        if active:
            query["sort"] = key if desc else f"-{key}"  # toggle
        else:
            query["sort"] = key if key == "unit" else f"-{key}"  # counts first show the worst units
        headers.append(
            {
                "key": key,
                "label": label,
                "url": f"?{query.urlencode()}",
                "aria_sort": ("descending" if desc else "ascending") if active else "none",
            }
        )
    return headers


@login_required
def kepatuhan(request):
    instansi = _board_instansi(request)
    window = _window(request, instansi.pk)
    board = sel.kepatuhan_board(instansi_id=instansi.pk, window=window)
    sort, desc = sel.parse_sort(request.GET.get("sort", ""))
    base = request.GET.copy()
    base.pop("sort", None)
    return render(
        request,
        "kinerja/dashboard/kepatuhan.html",
        {
            "board": board,
            "groups": board.groups(sort, desc),
            "headers": _sort_headers(request, sort, desc),
            "filter_query": f"instansi={instansi.pk}" + (f"&window={window.pk}" if window else ""),
            "instansi": instansi,
            "windows": sel.windows_for_instansi(instansi.pk),
            "instansi_list": Instansi.objects.order_by("nama") if is_admin_bkn(request.user) else None,
        },
    )


KEPATUHAN_STATUS_LABELS = {
    "aktif": _("Pegawai dihitung"),
    "tanpa_skp": _("Tanpa SKP"),
    "skp_belum_disetujui": _("SKP belum disetujui"),
    "tanpa_log": _("Belum melapor log"),
    "log_menunggu": _("Memiliki log menunggu persetujuan"),
    "dikecualikan": _("Tidak dihitung (cuti, tugas belajar, pensiun, ...)"),
}


@login_required
def kepatuhan_pegawai(request):
    """The people behind one number of the board (unit kerja + status), for the same instansi and
    window; a unit of another instansi is 404."""
    instansi = _board_instansi(request)
    window = _window(request, instansi.pk)
    status = request.GET.get("status", "")
    unit_id = _int_param(request, "unit")
    if window is None or status not in sel.KEPATUHAN_FILTERS or unit_id is None:
        raise Http404
    unit = get_object_or_404(UnitKerja, pk=unit_id, instansi_id=instansi.pk)
    qs = sel.kepatuhan_pegawai_for(instansi_id=instansi.pk, window=window, unit_kerja_id=unit.pk, status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "kinerja/dashboard/kepatuhan_pegawai.html",
        {
            "instansi": instansi,
            "window": window,
            "unit": unit,
            "status_label": KEPATUHAN_STATUS_LABELS[status],
            "page": page,
            "query": query.urlencode(),
            "back": f"?instansi={instansi.pk}&window={window.pk}",
        },
    )


@login_required
def kepatuhan_export(request):
    """The "kinerja.kepatuhan" exporter (kinerja/exporters.py) behind the old URL; access as the board."""
    instansi = _board_instansi(request)
    data = {"format": "xlsx", "instansi": str(instansi.pk), "window": request.GET.get("window", "")}
    return export_serve(request, exporter_for("kinerja.kepatuhan"), data)


@login_required
def pegawai_export(request, pk: int):
    """The "kinerja.pegawai" exporter behind the old URL (out of scope or unknown: 404)."""
    if pk > MAX_ID:
        raise Http404
    data = {"format": "xlsx", "pegawai": str(pk), "window": request.GET.get("window", "")}
    return export_serve(request, exporter_for("kinerja.pegawai"), data)


urlpatterns = [
    path("", index, name="index"),
    path("dashboard/tim/", tim, name="dashboard_tim"),
    path("dashboard/kepatuhan/", kepatuhan, name="dashboard_kepatuhan"),
    path("dashboard/kepatuhan/pegawai/", kepatuhan_pegawai, name="dashboard_kepatuhan_pegawai"),
    path("dashboard/kepatuhan/xlsx/", kepatuhan_export, name="dashboard_kepatuhan_xlsx"),
    path("ekspor/pegawai/<int:pk>/xlsx/", pegawai_export, name="export_pegawai_xlsx"),
    *delegasi.urlpatterns,
]
