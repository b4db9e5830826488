"""Rankings of a seleksi computed in the database: one window query per stage, never Python sorting.

The SQL follows rekrutmen.scoring exactly (a test compares both on the same rows):
- SKD stage: among applications that are MS and have SKD scores, the passing grade of the formation's
  kind (``lulus_skd``), then RANK() per formasi by total SKD, TKP, TIU, TWK among those who passed
  (``peringkat_skd``); ``ke_skb`` when the rank is within kelipatan x kuota. RANK gives tied rows the
  same rank, so everyone tied with the last place at the cut goes through.
- Final stage: among those ``ke_skb`` with an SKB score, RANK() per formasi by the final score, total
  SKD, TKP, TIU, TWK, IPK (unknown last), birth date (older first, unknown last). The final score is
  ordered by its exact numerator ``bobot_skd x total x skb_maks + bobot_skb x skb x skd_maks`` (the
  denominator is the same for the whole seleksi), so no rounding can create or break a tie; the stored
  ``nilai_akhir`` is that value divided out, for display.

Work is split by formasi id range (``formasi_range``), so a large selection is ranked by many workers
at once, each on its own formations (rekrutmen.tasks); a rerun writes the same values (idempotent).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection, transaction

from rekrutmen import scoring
from rekrutmen.models import Lamaran, Seleksi

L = Lamaran._meta.db_table
F = "rekrutmen_formasi"
P = "rekrutmen_pelamar"


@dataclass(frozen=True)
class RangkingSkd:
    lamaran_id: int
    lulus_skd: bool
    peringkat_skd: int | None
    ke_skb: bool


def _ambang_sql(parameter: scoring.ParameterSkd) -> tuple[str, list]:
    """CASE over the formation's kind: the passing rule of each kind, from the cycle's parameters."""
    parts, params = [], []
    for jenis, a in sorted(parameter.ambang.items()):
        if isinstance(a, scoring.AmbangSubtes):
            parts.append("WHEN %s THEN (l.twk >= %s AND l.tiu >= %s AND l.tkp >= %s)")
            params += [jenis, a.twk, a.tiu, a.tkp]
        else:
            parts.append("WHEN %s THEN (l.twk + l.tiu + l.tkp >= %s AND l.tiu >= %s)")
            params += [jenis, a.total, a.tiu]
    return "CASE f.jenis_formasi " + " ".join(parts) + " ELSE FALSE END", params


def _scope(seleksi_id: int, formasi_range: tuple[int, int] | None) -> tuple[str, list]:
    where = "l.seleksi_id = %s AND l.status = %s AND l.twk IS NOT NULL"
    params: list = [seleksi_id, Lamaran.Status.MS]
    if formasi_range is not None:
        where += " AND l.formasi_id BETWEEN %s AND %s"
        params += list(formasi_range)
    return where, params


def skd_ranking_sql(seleksi: Seleksi, formasi_range: tuple[int, int] | None = None) -> tuple[str, list]:
    """SELECT lamaran id, lulus, peringkat, ke_skb for every ranked application in scope."""
    parameter = seleksi.parameter.as_rules()
    ambang, ambang_params = _ambang_sql(parameter)
    where, where_params = _scope(seleksi.pk, formasi_range)
    sql = f"""
        WITH s AS (
            SELECT l.id, l.formasi_id, f.kuota, l.twk, l.tiu, l.tkp, ({ambang}) AS lulus
            FROM {L} l JOIN {F} f ON f.id = l.formasi_id
            WHERE {where}
        ), r AS (
            SELECT id, lulus, kuota,
                   CASE WHEN lulus THEN RANK() OVER (
                       PARTITION BY formasi_id, lulus
                       ORDER BY twk + tiu + tkp DESC, tkp DESC, tiu DESC, twk DESC
                   ) END AS peringkat
            FROM s
        )
        SELECT id, lulus, peringkat, (peringkat IS NOT NULL AND peringkat <= %s * kuota) AS ke_skb FROM r
    """
    return sql, [*ambang_params, *where_params, parameter.kelipatan_skb]


def skd_ranking(seleksi: Seleksi, formasi_range: tuple[int, int] | None = None) -> list[RangkingSkd]:
    sql, params = skd_ranking_sql(seleksi, formasi_range)
    with connection.cursor() as cur:
        cur.execute(sql + " ORDER BY id", params)
        return [RangkingSkd(i, bool(lulus), rank, bool(ke)) for i, lulus, rank, ke in cur.fetchall()]


@transaction.atomic
def skd_ranking_apply(*, seleksi: Seleksi, formasi_range: tuple[int, int] | None = None) -> int:
    """Write lulus_skd / peringkat_skd / ke_skb of every application in scope; clear them on the rest
    of the scope (no longer MS, or scores removed). Returns the number of rows ranked."""
    sql, params = skd_ranking_sql(seleksi, formasi_range)
    scope_extra = ""
    clear_params: list = [seleksi.pk]
    if formasi_range is not None:
        scope_extra = " AND formasi_id BETWEEN %s AND %s"
        clear_params += list(formasi_range)
    with connection.cursor() as cur:
        cur.execute(
            f"""UPDATE {L} SET lulus_skd = NULL, peringkat_skd = NULL, ke_skb = NULL
                WHERE seleksi_id = %s{scope_extra} AND lulus_skd IS NOT NULL
                  AND NOT (status = %s AND twk IS NOT NULL)""",
            [*clear_params, Lamaran.Status.MS],
        )
        cur.execute(
            f"""UPDATE {L} SET lulus_skd = k.lulus, peringkat_skd = k.peringkat, ke_skb = k.ke_skb
                FROM ({sql}) k WHERE {L}.id = k.id""",
            params,
        )
        return cur.rowcount


def final_ranking_sql(seleksi: Seleksi, formasi_range: tuple[int, int] | None = None) -> tuple[str, list]:
    """SELECT lamaran id, nilai_akhir, peringkat_akhir, hasil for every application that went to SKB."""
    parameter = seleksi.parameter.as_rules()
    bobot_skd = int(parameter.bobot_skd * 100)
    bobot_skb = int(parameter.bobot_skb * 100)
    where, where_params = _scope(seleksi.pk, formasi_range)
    # exact numerator of the final score x 100 x skd_maks x skb_maks (see the module docstring)
    pembilang = "(%s * (l.twk + l.tiu + l.tkp) * %s + %s * l.skb * %s)"
    p_params = [bobot_skd, seleksi.skb_maks, bobot_skb, parameter.skd_maks]
    sql = f"""
        WITH s AS (
            SELECT l.id, l.formasi_id, f.kuota, l.twk, l.tiu, l.tkp, l.ipk, p.tanggal_lahir,
                   {pembilang} AS pembilang
            FROM {L} l JOIN {F} f ON f.id = l.formasi_id JOIN {P} p ON p.id = l.pelamar_id
            WHERE {where} AND l.ke_skb AND l.skb IS NOT NULL
        ), r AS (
            SELECT id, kuota, pembilang,
                   RANK() OVER (
                       PARTITION BY formasi_id
                       ORDER BY pembilang DESC, twk + tiu + tkp DESC, tkp DESC, tiu DESC, twk DESC,
                                CASE WHEN ipk IS NULL THEN 1 ELSE 0 END, ipk DESC,
                                CASE WHEN tanggal_lahir IS NULL THEN 1 ELSE 0 END, tanggal_lahir ASC
                   ) AS peringkat
            FROM s
        )
        SELECT id, CAST(pembilang AS NUMERIC(30, 10)) / %s AS nilai_akhir, peringkat,
               CASE WHEN peringkat <= kuota THEN %s ELSE %s END AS hasil
        FROM r
    """
    return sql, [
        *p_params,
        *where_params,
        seleksi.skb_maks * parameter.skd_maks,
        Lamaran.Hasil.LULUS,
        Lamaran.Hasil.OPTIMALISASI,
    ]


@transaction.atomic
def final_ranking_apply(*, seleksi: Seleksi, formasi_range: tuple[int, int] | None = None) -> int:
    """Write nilai_akhir / peringkat_akhir / hasil for those who took SKB; everyone else in scope who
    has a stage result is tidak lulus. Returns the number of rows ranked."""
    sql, params = final_ranking_sql(seleksi, formasi_range)
    scope_extra, scope_params = "", []
    if formasi_range is not None:
        scope_extra = " AND formasi_id BETWEEN %s AND %s"
        scope_params = list(formasi_range)
    with connection.cursor() as cur:
        cur.execute(
            f"""UPDATE {L} SET nilai_akhir = NULL, peringkat_akhir = NULL, hasil = %s
                WHERE seleksi_id = %s{scope_extra} AND status IN (%s, %s, %s)""",
            [
                Lamaran.Hasil.TIDAK_LULUS,
                seleksi.pk,
                *scope_params,
                Lamaran.Status.MS,
                Lamaran.Status.TMS,
                Lamaran.Status.SUBMITTED,
            ],
        )
        cur.execute(
            f"""UPDATE {L} SET nilai_akhir = ROUND(k.nilai_akhir, 8), peringkat_akhir = k.peringkat,
                       hasil = k.hasil
                FROM ({sql}) k WHERE {L}.id = k.id""",
            params,
        )
        return cur.rowcount


def formasi_ranges(seleksi: Seleksi, chunks: int) -> Sequence[tuple[int, int]]:
    """Split the seleksi's formasi ids into at most `chunks` contiguous ranges of similar size."""
    ids = list(seleksi.formasi.order_by("id").values_list("id", flat=True))
    if not ids:
        return []
    size = max(1, -(-len(ids) // max(1, chunks)))
    return [(ids[i], ids[min(i + size, len(ids)) - 1]) for i in range(0, len(ids), size)]
