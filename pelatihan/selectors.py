"""Reads of pelatihan, scoped by pelatihan.permissions and joined (no N+1)."""

from __future__ import annotations

from django.db.models import F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from pegawai.models import Pegawai, User
from pelatihan import rules
from pelatihan.models import Angkatan, JpEksternal, Pendaftaran, Program
from pelatihan.permissions import (
    angkatan_visible_q,
    jp_eksternal_visible_q,
    pegawai_ledger_q,
    pendaftaran_visible_q,
    program_visible_q,
)

SORTS = {
    "nama": ("nama", "pk"),
    "-nama": ("-nama", "-pk"),
    "jp": ("jp_total", "nama", "pk"),
    "-jp": ("-jp_total", "nama", "pk"),
    "unit": ("unit_kerja__nama", "nama", "pk"),
}


def program_list_for(*, viewer: User) -> QuerySet[Program]:
    return Program.objects.filter(program_visible_q(viewer)).order_by("nama", "pk")


def angkatan_list_for(*, viewer: User, status: str | None = None) -> QuerySet[Angkatan]:
    qs = Angkatan.objects.filter(angkatan_visible_q(viewer)).select_related("program")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-tanggal_mulai", "pk")


def pendaftaran_list_for(*, viewer: User) -> QuerySet[Pendaftaran]:
    return (
        Pendaftaran.objects.filter(pendaftaran_visible_q(viewer))
        .select_related("pegawai", "angkatan__program")
        .order_by("-angkatan__tanggal_mulai", "pegawai__nama", "pk")
    )


def pendaftaran_menunggu_atasan(*, atasan: Pegawai) -> QuerySet[Pendaftaran]:
    """Self-registrations of the atasan's direct subordinates waiting for a decision."""
    return (
        Pendaftaran.objects.filter(status=Pendaftaran.Status.REQUESTED, pegawai__atasan=atasan)
        .select_related("pegawai", "angkatan__program")
        .order_by("created_at", "pk")
    )


def jp_eksternal_list_for(*, viewer: User) -> QuerySet[JpEksternal]:
    return JpEksternal.objects.filter(jp_eksternal_visible_q(viewer)).select_related("pegawai")


def _jp_internal_sq(tahun: int) -> Subquery:
    # JP of the graduated runs that ended in `tahun` (the year the competence was earned).
    return Subquery(
        Pendaftaran.objects.filter(pegawai=OuterRef("pk"), lulus=True, angkatan__tanggal_selesai__year=tahun)
        .values("pegawai")
        .annotate(s=Sum("angkatan__program__jp"))
        .values("s"),
        output_field=IntegerField(),
    )


def _jp_eksternal_sq(tahun: int) -> Subquery:
    return Subquery(
        JpEksternal.objects.filter(
            pegawai=OuterRef("pk"), status=JpEksternal.Status.VERIFIED, tanggal_selesai__year=tahun
        )
        .values("pegawai")
        .annotate(s=Sum("jp"))
        .values("s"),
        output_field=IntegerField(),
    )


def jp_ledger(qs: QuerySet[Pegawai], *, tahun: int) -> QuerySet[Pegawai]:
    """`qs` annotated with jp_dalam (catalogue runs), jp_luar (verified external) and jp_total for `tahun`: one query, two
    correlated aggregates served by the ledger indexes (no join fan-out between the two sources)."""
    return qs.annotate(
        jp_dalam=Coalesce(_jp_internal_sq(tahun), Value(0)),
        jp_luar=Coalesce(_jp_eksternal_sq(tahun), Value(0)),
    ).annotate(jp_total=F("jp_dalam") + F("jp_luar"))


def jp_pegawai(*, pegawai: Pegawai, tahun: int) -> int:
    row = jp_ledger(Pegawai.objects.filter(pk=pegawai.pk), tahun=tahun).values("jp_total").first()  # type: ignore[misc]
    return row["jp_total"] if row else 0


def jp_di_bawah_target(
    *, viewer: User, tahun: int, unit_kerja_id: int | None = None, sort: str = "jp"
) -> QuerySet[Pegawai]:
    """Active pegawai the viewer may see with fewer than 20 JP in `tahun`, sortable (SORTS)."""
    qs = Pegawai.objects.aktif().filter(pegawai_ledger_q(viewer)).select_related("unit_kerja", "jabatan")
    if unit_kerja_id is not None:
        qs = qs.filter(unit_kerja_id=unit_kerja_id)
    qs = jp_ledger(qs, tahun=tahun).filter(jp_total__lt=rules.MIN_JP_PER_TAHUN)  # type: ignore[misc]
    return qs.order_by(*SORTS.get(sort, SORTS["jp"]))


def riwayat_jp(*, pegawai: Pegawai, tahun: int) -> list[dict]:
    """The entries of one pegawai's ledger (graduated runs and verified external JP), for their page."""
    internal = (
        Pendaftaran.objects.filter(pegawai=pegawai, lulus=True, angkatan__tanggal_selesai__year=tahun)
        .select_related("angkatan__program")
        .order_by("angkatan__tanggal_selesai")
    )
    external = JpEksternal.objects.filter(
        Q(pegawai=pegawai, status=JpEksternal.Status.VERIFIED, tanggal_selesai__year=tahun)
    ).order_by("tanggal_selesai")
    rows = [
        {
            "nama": p.angkatan.program.nama,
            "tanggal": p.angkatan.tanggal_selesai,
            "jp": p.angkatan.program.jp,
            "sumber": "internal",
        }
        for p in internal
    ] + [{"nama": e.nama_kegiatan, "tanggal": e.tanggal_selesai, "jp": e.jp, "sumber": "eksternal"} for e in external]
    return sorted(rows, key=lambda r: r["tanggal"])
