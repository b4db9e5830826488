"""Reads of e-Kinerja II: the evidence of a window, a pegawai's results, a unit's distribution."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from kinerja import rules
from kinerja.models import (
    EvaluasiPeriodik,
    EvaluasiTahunan,
    LogHarian,
    PeriodeEvaluasi,
    PredikatUnit,
    Realisasi,
    Skp,
    UmpanBalik,
    pola_distribusi,
)
from kinerja.permissions import evaluasi_visible_q
from kinerja.services.evaluasi import distribusi_unit
from pegawai.models import UnitKerja, User


@dataclass
class Bukti:
    rhk: list
    realisasi: list[Realisasi]
    logs: list[LogHarian]
    umpan_balik: list[UmpanBalik]


def bukti_window(*, skp: Skp, window: PeriodeEvaluasi) -> Bukti:
    """The evidence the rater sees for a window: RHK, realisasi, logs and feedback (four queries)."""
    return Bukti(
        rhk=list(skp.rhk.order_by("jenis", "urutan", "pk")),
        realisasi=list(
            Realisasi.objects.filter(indikator__rhk__skp=skp, periode_evaluasi=window)
            .select_related("indikator__rhk")
            .order_by("indikator__rhk__urutan", "indikator__urutan", "pk")
        ),
        logs=list(
            LogHarian.objects.filter(rhk__skp=skp, tanggal__range=(window.mulai, window.selesai))
            .select_related("rhk")
            .order_by("tanggal", "pk")[:200]
        ),
        umpan_balik=list(
            UmpanBalik.objects.filter(skp=skp, periode_evaluasi=window)
            .select_related("author", "rhk")
            .order_by("created_at", "pk")
        ),
    )


def evaluasi_periodik_of(*, user: User, pegawai_id: int) -> QuerySet[EvaluasiPeriodik]:
    return (
        EvaluasiPeriodik.objects.filter(evaluasi_visible_q(user), pegawai_id=pegawai_id)
        .select_related("periode_evaluasi", "penilai")
        .order_by("-periode_evaluasi__mulai")
    )


def evaluasi_tahunan_of(*, user: User, pegawai_id: int) -> QuerySet[EvaluasiTahunan]:
    return (
        EvaluasiTahunan.objects.filter(evaluasi_visible_q(user), pegawai_id=pegawai_id)
        .select_related("periode", "penilai")
        .order_by("-periode__tahun")
    )


@dataclass
class Batang:
    kode: str
    label: str
    n: int
    persen: float
    y: int
    lebar: float


@dataclass
class DistribusiUnit:
    predikat_unit: PredikatUnit | None
    jumlah: dict[str, int]
    belum: int
    total: int
    batang: list[Batang]
    penyimpangan: list[str]


def distribusi_unit_view(*, unit: UnitKerja, periode_id: int, tahun: int) -> DistribusiUnit:
    """A unit's distribution against its pattern, ready for the SVG bars (three queries)."""
    pu = PredikatUnit.objects.filter(unit_kerja=unit, tahun=tahun).first()
    jumlah = distribusi_unit(unit=unit, periode_id=periode_id)
    belum = jumlah.pop("", 0)
    total = sum(jumlah.values())
    batang = []
    for i, (kode, label) in enumerate(rules.Predikat.choices):
        n = jumlah.get(kode, 0)
        persen = (n * 100 / total) if total else 0.0
        batang.append(Batang(kode, str(label), n, round(persen, 1), 10 + i * 34, round(persen * 3, 1)))
    penyimpangan = rules.cek_distribusi(pu.predikat, jumlah, pola_distribusi()) if pu else []
    return DistribusiUnit(pu, jumlah, belum, total, batang, penyimpangan)
