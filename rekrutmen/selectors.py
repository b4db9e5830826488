"""Reads of rekrutmen, scoped by rekrutmen.permissions and joined (no N+1)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from rekrutmen.models import Formasi, Lamaran, Seleksi
from rekrutmen.permissions import formasi_managed_q, lamaran_visible_q

if TYPE_CHECKING:
    from pegawai.models import User


def seleksi_open() -> QuerySet[Seleksi]:
    return Seleksi.objects.filter(status=Seleksi.Status.REGISTRATION).order_by("-tahun", "nama")


def formasi_open() -> QuerySet[Formasi]:
    """Formasi an applicant may choose: public information of the seleksi open for registration."""
    return (
        Formasi.objects.filter(seleksi__status=Seleksi.Status.REGISTRATION)
        .select_related("seleksi", "instansi")
        .order_by("seleksi__nama", "instansi__nama", "kode")
    )


def seleksi_managed_for(*, viewer: User) -> QuerySet[Seleksi]:
    """Seleksi with at least one formasi the viewer manages."""
    return Seleksi.objects.filter(pk__in=Formasi.objects.filter(formasi_managed_q(viewer)).values("seleksi_id"))


def formasi_list_for(*, viewer: User, seleksi: Seleksi) -> QuerySet[Formasi]:
    """The viewer's formasi of a seleksi with the application counts per administrasi result."""
    return (
        Formasi.objects.filter(formasi_managed_q(viewer), seleksi=seleksi)
        .select_related("instansi")
        .annotate(
            n_lamaran=Count("lamaran", filter=~Q(lamaran__status=Lamaran.Status.DRAFT)),
            n_ms=Count("lamaran", filter=Q(lamaran__status=Lamaran.Status.MS)),
            n_tms=Count("lamaran", filter=Q(lamaran__status=Lamaran.Status.TMS)),
            n_ke_skb=Count("lamaran", filter=Q(lamaran__ke_skb=True)),
        )
        .order_by("instansi__nama", "kode")
    )


def lamaran_list_for(*, viewer: User, formasi: Formasi) -> QuerySet[Lamaran]:
    """Applications to one formasi, in ranking order once ranked (unranked after, by participant number)."""
    return (
        Lamaran.objects.filter(lamaran_visible_q(viewer), formasi=formasi)
        .exclude(status=Lamaran.Status.DRAFT)
        .select_related("pelamar")
        .order_by("peringkat_akhir", "peringkat_skd", "nomor_peserta", "pk")
    )


def lamaran_own(*, user: User) -> QuerySet[Lamaran]:
    return (
        Lamaran.objects.filter(pelamar__user_id=user.pk)
        .select_related("formasi__instansi", "seleksi__parameter", "pelamar")
        .order_by("-seleksi__tahun")
    )


def tetangga_peringkat(lamaran: Lamaran) -> tuple[Lamaran | None, Lamaran | None]:
    """The ranked applications just above and just below `lamaran` in its formasi (SKD stage), to
    explain which tie-break separated them. Two indexed queries."""
    if lamaran.peringkat_skd is None:
        return None, None
    base = Lamaran.objects.filter(formasi_id=lamaran.formasi_id, lulus_skd=True).exclude(pk=lamaran.pk)
    atas = base.filter(peringkat_skd__lte=lamaran.peringkat_skd).order_by("-peringkat_skd", "pk").first()
    bawah = base.filter(peringkat_skd__gte=lamaran.peringkat_skd).order_by("peringkat_skd", "pk").first()
    return atas, bawah


def seleksi_published(*, tahap: str) -> QuerySet[Seleksi]:
    """Seleksi whose `tahap` ("skd" or "akhir") results are public."""
    field = {"skd": "skd_published_at", "akhir": "akhir_published_at"}.get(tahap)
    if field is None:
        return Seleksi.objects.none()
    return Seleksi.objects.filter(**{f"{field}__isnull": False}).select_related("parameter")


def pengumuman_rows(*, seleksi: Seleksi, tahap: str) -> QuerySet[Lamaran]:
    """The published ranking of a stage, per formasi in ranking order (one query, pelamar and formasi
    joined). SKD: every ranked participant; akhir: those who took SKB."""
    qs = Lamaran.objects.filter(seleksi=seleksi).select_related("pelamar", "formasi")
    if tahap == "akhir":
        return qs.filter(peringkat_akhir__isnull=False).order_by("formasi__kode", "peringkat_akhir", "nomor_peserta")
    return qs.filter(lulus_skd__isnull=False).order_by("formasi__kode", "-lulus_skd", "peringkat_skd", "nomor_peserta")
