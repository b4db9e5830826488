"""Reads of survei: scoped units, and the IKM aggregated in the database.

The index of any set of responses is one query of SUM/COUNT per unsur column (optionally grouped), handed
to survei.ikm.ikm_dari_jumlah: the same exact arithmetic as hitung_ikm, with no response loaded into
Python (a test pins that both paths agree).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, IntegerField, QuerySet, Sum
from django.db.models.functions import Coalesce

from survei import ikm
from survei.models import PeriodeSurvei, Respon, UnitLayanan
from survei.permissions import unit_layanan_visible_q

UNSUR_FIELDS = [f"u{i}" for i in range(1, 10)]
MIN_GROUP = 5  # aggregates below 5 respondents are not shown per profile group (anonymity)


def unit_list_for(*, user) -> QuerySet[UnitLayanan]:
    return (
        UnitLayanan.objects.filter(unit_layanan_visible_q(user)).select_related("instansi").distinct().order_by("nama")
    )


def _aggregates() -> dict:
    agg: dict = {"n": Count("id")}
    for f in UNSUR_FIELDS:
        agg[f"s_{f}"] = Coalesce(Sum(f), 0, output_field=IntegerField())
        agg[f"c_{f}"] = Count(f)
    return agg


def _hasil(row: dict) -> ikm.HasilIkm | None:
    if not row["n"] or not any(row[f"c_{f}"] for f in UNSUR_FIELDS):
        return None
    return ikm.ikm_dari_jumlah([row[f"s_{f}"] for f in UNSUR_FIELDS], [row[f"c_{f}"] for f in UNSUR_FIELDS], row["n"])


def ikm_of(responses: QuerySet[Respon]) -> ikm.HasilIkm | None:
    """The IKM of a queryset of responses (one aggregate query); None when nobody answered."""
    return _hasil(responses.aggregate(**_aggregates()))


@dataclass(frozen=True)
class BarisIkm:
    key: object
    label: str
    hasil: ikm.HasilIkm | None
    n: int


def ikm_grouped(
    responses: QuerySet[Respon], field: str, labels: dict | None = None, *, min_n: int = 0
) -> list[BarisIkm]:
    """IKM per value of `field` (jenis layanan, periode, a profile field), one GROUP BY query. Groups
    with fewer than `min_n` respondents keep their count but not their index."""
    rows = responses.order_by().values(field).annotate(**_aggregates()).order_by(field)
    out = []
    for row in rows:
        key = row[field]
        hasil = _hasil(row) if row["n"] >= min_n else None
        out.append(
            BarisIkm(
                key=key,
                label=str((labels or {}).get(key, key if key not in (None, "") else "—")),
                hasil=hasil,
                n=row["n"],
            )
        )
    return out


def responses_for_periode(periode: PeriodeSurvei, *, token_only: bool = False) -> QuerySet[Respon]:
    qs = Respon.objects.filter(periode=periode)
    if token_only:
        qs = qs.filter(token_terverifikasi=True)
    return qs
