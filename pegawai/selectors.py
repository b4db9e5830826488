"""Reads of employee records, always scoped by pegawai.permissions and joined (no N+1)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from pegawai.models import Pegawai, RiwayatPegawai, UnitKerja, User
from pegawai.permissions import pegawai_pickable_q, pegawai_visible_q, subordinates_q, unit_kerja_visible_q
from pegawai.rules import normalize_nip


def pegawai_list_for(
    *,
    viewer: User,
    q: str = "",
    unit_kerja: UnitKerja | int | None = None,
    golongan: str = "",
    jenis_jabatan: str = "",
    status: str = "",
    kedudukan: str = "",
) -> QuerySet[Pegawai]:
    qs = Pegawai.objects.filter(pegawai_visible_q(viewer)).select_related("jabatan", "unit_kerja", "instansi", "atasan")
    q = (q or "").strip()
    if q:
        nip = normalize_nip(q)
        if nip.isdigit():
            qs = qs.filter(nip__startswith=nip)
        else:
            qs = qs.filter(nama__icontains=q)
    if unit_kerja:
        unit = unit_kerja if isinstance(unit_kerja, UnitKerja) else UnitKerja.objects.filter(pk=unit_kerja).first()
        qs = qs.filter(unit_kerja__path__startswith=unit.path) if unit else qs.none()
    if golongan:
        qs = qs.filter(golongan=golongan)
    if jenis_jabatan:
        qs = qs.filter(jabatan__jenis=jenis_jabatan)
    if status:
        qs = qs.filter(status=status)
    if kedudukan:
        qs = qs.filter(kedudukan=kedudukan)
    return qs.order_by("nama", "nip")


PICKER_LIMIT = 10


def pegawai_pick_list_for(*, viewer: User, aktif_saja: bool = True) -> QuerySet[Pegawai]:
    """The people a picker may offer to `viewer` (pegawai_pickable_q), joined for the result line."""
    qs = Pegawai.objects.filter(pegawai_pickable_q(viewer))
    if aktif_saja:
        qs = qs.aktif()
    return qs.select_related("jabatan", "unit_kerja").order_by("nama", "nip")


def pegawai_search_for(*, viewer: User, q: str, limit: int = PICKER_LIMIT, aktif_saja: bool = True) -> list[Pegawai]:
    """Picker search in one query: a NIP prefix (B-tree pegawai_nip_prefix_idx) when `q` is digits,
    else a name substring (UPPER(nama) LIKE, served by the trigram index pegawai_nama_trgm_idx).
    Returns at most `limit` + 1 rows so callers can tell "more than `limit`"."""
    q = (q or "").strip()
    if len(q) < 2:
        return []
    qs = pegawai_pick_list_for(viewer=viewer, aktif_saja=aktif_saja)
    nip = normalize_nip(q)
    qs = qs.filter(nip__startswith=nip) if nip.isdigit() else qs.filter(nama__icontains=q)
    return list(qs[: limit + 1])


def pegawai_detail_for(*, viewer: User, pk: int) -> Pegawai:
    """Raises Pegawai.DoesNotExist when the viewer may not see it (views answer 404)."""
    return pegawai_list_for(viewer=viewer).get(pk=pk)


def riwayat_for(pegawai: Pegawai) -> QuerySet[RiwayatPegawai]:
    return pegawai.riwayat.select_related("changed_by").order_by("-changed_at", "-id")


def tim_for(*, atasan: Pegawai, langsung_saja: bool = False) -> QuerySet[Pegawai]:
    cond = Q(atasan=atasan) if langsung_saja else subordinates_q(atasan)
    return Pegawai.objects.filter(cond).select_related("jabatan", "unit_kerja", "atasan").order_by("hirarki", "nama")


def unit_kerja_list_for(*, viewer: User, instansi_id: int | None = None) -> QuerySet[UnitKerja]:
    qs = UnitKerja.objects.filter(unit_kerja_visible_q(viewer)).select_related("instansi", "parent")
    if instansi_id:
        qs = qs.filter(instansi_id=instansi_id)
    return qs.order_by("instansi__nama", "path")


def unit_tree_for(*, viewer: User, instansi_id: int | None = None) -> list[dict]:
    """The unit tree with head counts (own unit and whole subtree), in two queries."""
    units = list(unit_kerja_list_for(viewer=viewer, instansi_id=instansi_id))
    own = (
        dict(
            Pegawai.objects.aktif()
            .filter(unit_kerja__in=[u.pk for u in units])
            .values_list("unit_kerja")
            .annotate(n=Count("pk"))
            .values_list("unit_kerja", "n")
        )
        if units
        else {}
    )
    nodes: dict[int | None, dict[str, Any]] = {
        u.pk: {"unit": u, "jumlah": own.get(u.pk, 0), "total": 0, "children": []} for u in units
    }
    roots: list[dict[str, Any]] = []
    for u in units:  # ordered by path: parents come before children
        node = nodes[u.pk]
        parent = nodes.get(u.parent_id)
        (parent["children"] if parent else roots).append(node)
    for u in reversed(units):  # children before parents: accumulate subtree totals
        node = nodes[u.pk]
        node["total"] += node["jumlah"]
        parent = nodes.get(u.parent_id)
        if parent:
            parent["total"] += node["total"]
    return roots
