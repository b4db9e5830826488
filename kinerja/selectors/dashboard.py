"""Dashboard reads: the ASN's own board, the atasan's team board and the admin's compliance board.

Every board runs a fixed number of queries whatever the data size (pinned by tests): rows are
joined and aggregated in the database (conditional aggregates over Exists), never per pegawai.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from common.format import rasio_persen
from kinerja.models import Indikator, LogHarian, PeriodeEvaluasi, Realisasi, Skp
from kinerja.permissions import COMPLIANCE_KEDUDUKAN, log_reviewer_ids
from kinerja.rules import capaian_persen
from kinerja.selectors.delegasi import atasan_ids_for
from kinerja.selectors.log import approval_queue_for, umur, window_for
from kinerja.selectors.skp import skp_in_force_for, skp_in_force_q
from pegawai import kalender
from pegawai.models import Pegawai, UnitKerja
from pegawai.permissions import subordinates_q

DEFAULT_TIDAK_MELAPOR_HARI = 3
QUEUE_PREVIEW = 20
RETURNED_PREVIEW = 20
# A log counts as "reported" once it left the draft state (a draft is not a report to anyone). The
# filter is written NOT (status = 'draft') to match the partial index log_reported_pegawai_idx.
NOT_REPORTED = LogHarian.Status.DRAFT


def _realisasi_subquery(window: PeriodeEvaluasi | None) -> Subquery:
    window_id = window.pk if window is not None else 0
    return Subquery(
        Realisasi.objects.filter(indikator=OuterRef("pk"), periode_evaluasi_id=window_id).values("realisasi_angka")[:1],
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


@dataclass
class TargetRow:
    rhk_id: int
    rhk: str
    jenis: str
    indikator: str
    satuan: str
    target_angka: Decimal | None
    target_teks: str
    realisasi: Decimal | None
    persen: Decimal | None


def _target_rows(qs: QuerySet[Indikator], window: PeriodeEvaluasi | None) -> list[TargetRow]:
    rows = (
        qs.select_related("rhk")
        .annotate(real=_realisasi_subquery(window))
        .order_by("rhk__jenis", "rhk__urutan", "rhk_id", "urutan", "id")
    )
    return [
        TargetRow(
            rhk_id=i.rhk_id,
            rhk=i.rhk.deskripsi,
            jenis=i.rhk.get_jenis_display(),
            indikator=i.deskripsi,
            satuan=i.satuan,
            target_angka=i.target_angka,
            target_teks=i.target_teks,
            realisasi=i.real,
            persen=capaian_persen(i.target_angka, i.real),
        )
        for i in rows
    ]


@dataclass
class AsnDashboard:
    window: PeriodeEvaluasi | None
    skp: Skp | None
    targets: list[TargetRow]
    logs_minggu_ini: list[LogHarian]
    log_ditolak: list[LogHarian]
    skp_dikembalikan: list[Skp]
    minggu_mulai: dt.date = field(default_factory=timezone.localdate)


def asn_dashboard(
    *, pegawai: Pegawai, today: dt.date | None = None, window: PeriodeEvaluasi | None = None
) -> AsnDashboard:
    """The ASN's board in 5 queries: window, current SKP, targets with realisasi, this week's logs,
    what was returned (rejected logs; returned SKPs)."""
    today = today or timezone.localdate()
    if window is None:
        window = window_for(pegawai.instansi_id, today)
    skp = None
    targets: list[TargetRow] = []
    if window is not None:
        skp = skp_in_force_for(pegawai_id=pegawai.pk, periode_id=window.periode_id)
    if skp is not None:
        targets = _target_rows(Indikator.objects.filter(rhk__skp=skp), window)
    monday = today - dt.timedelta(days=today.weekday())
    logs = list(
        LogHarian.objects.filter(pegawai=pegawai, tanggal__gte=monday, tanggal__lte=today)
        .select_related("rhk")
        .order_by("-tanggal", "-jam_mulai", "-id")
    )
    ditolak = list(
        LogHarian.objects.filter(pegawai=pegawai, status=LogHarian.Status.REJECTED)
        .select_related("rhk", "reviewed_by")
        .order_by("-reviewed_at", "-id")[:RETURNED_PREVIEW]
    )
    dikembalikan = list(
        Skp.objects.filter(pegawai=pegawai, status=Skp.Status.RETURNED, is_current=True)
        .select_related("periode")
        .order_by("-periode__tahun")[:RETURNED_PREVIEW]
    )
    return AsnDashboard(
        window=window,
        skp=skp,
        targets=targets,
        logs_minggu_ini=logs,
        log_ditolak=ditolak,
        skp_dikembalikan=dikembalikan,
        minggu_mulai=monday,
    )


@dataclass
class TeamRhkRow:
    pegawai_id: int
    pegawai_nama: str
    rhk_id: int
    rhk: str
    target: Decimal | None
    realisasi: Decimal | None
    persen: Decimal | None


@dataclass
class AntreanRow:
    log: LogHarian
    umur_hari: int
    umur_label: str


@dataclass
class AtasanDashboard:
    window: PeriodeEvaluasi | None
    tim: list[TeamRhkRow]
    antrean: list[AntreanRow]
    antrean_total: int
    tidak_melapor: list[Pegawai]
    tidak_melapor_hari: int
    batas_tanggal: dt.date
    # Team members not expected to report (kedudukan other than aktif: cuti, tugas belajar, ...),
    # listed with `p.get_kedudukan_display()` as the reason instead of being left out silently.
    dikecualikan: list[Pegawai] = field(default_factory=list)
    langsung_saja: bool = False


def team_ids_q(actor: Pegawai, substitute_for: set[int], langsung_saja: bool = False) -> Q:
    """The team: the actor's whole subtree (direct and indirect subordinates, by hirarki), or only the
    direct reports with `langsung_saja`; plus the direct reports of the atasan the actor substitutes
    for as Plt/Plh (the same people whose logs they may approve)."""
    if langsung_saja:
        return Q(atasan_id__in=log_reviewer_ids(actor, substitute_for))
    q = subordinates_q(actor)
    if substitute_for:
        q |= Q(atasan_id__in=substitute_for)
    return q


def atasan_dashboard(
    *,
    actor: Pegawai,
    today: dt.date | None = None,
    hari: int = DEFAULT_TIDAK_MELAPOR_HARI,
    window: PeriodeEvaluasi | None = None,
    langsung_saja: bool = False,
) -> AtasanDashboard:
    """The atasan's board in 7 queries: delegation lookup, window, team progress per RHK (aggregated),
    queue count and oldest-first preview, the admins' days off, members who have not reported for
    `hari` working days together with the members who are not expected to report and why (one query)."""
    today = today or timezone.localdate()
    substitutes = atasan_ids_for(actor, today)
    team_q = team_ids_q(actor, substitutes, langsung_saja)
    if window is None:
        window = window_for(actor.instansi_id, today)
    tim: list[TeamRhkRow] = []
    if window is not None:
        rows = (
            Indikator.objects.filter(
                skp_in_force_q("rhk__skp__"),
                rhk__skp__periode_id=window.periode_id,
                rhk__skp__pegawai__in=Pegawai.objects.filter(team_q).values("pk"),
                target_angka__isnull=False,
            )
            .values("rhk_id", "rhk__deskripsi", "rhk__skp__pegawai_id", "rhk__skp__pegawai__nama")
            .annotate(target=Sum("target_angka"), realisasi=Sum(Coalesce(_realisasi_subquery(window), Decimal(0))))
            .order_by("rhk__skp__pegawai__nama", "rhk__skp__pegawai_id", "rhk_id")
        )
        tim = [
            TeamRhkRow(
                pegawai_id=r["rhk__skp__pegawai_id"],
                pegawai_nama=r["rhk__skp__pegawai__nama"],
                rhk_id=r["rhk_id"],
                rhk=r["rhk__deskripsi"],
                target=r["target"],
                realisasi=r["realisasi"],
                persen=capaian_persen(r["target"], r["realisasi"]),
            )
            for r in rows
        ]
    queue = approval_queue_for(actor=actor, on_date=today).prefetch_related(None)
    total = queue.count()
    now = timezone.now()
    antrean = []
    for log in queue[:QUEUE_PREVIEW]:
        u = umur(log.submitted_at, now)
        antrean.append(AntreanRow(log=log, umur_hari=u.hari, umur_label=u.label))
    batas = kalender.kurangi_hari_kerja(today, hari, actor.instansi_id)  # holidays are not "silent"
    aktif = Q(kedudukan__in=COMPLIANCE_KEDUDUKAN)
    silent_or_excluded = list(
        Pegawai.objects.filter(team_q)
        .annotate(
            reported=Exists(
                LogHarian.objects.filter(pegawai=OuterRef("pk"), tanggal__gt=batas, tanggal__lte=today).exclude(
                    status=NOT_REPORTED
                )
            ),
            log_terakhir=Max("log_harian__tanggal", filter=~Q(log_harian__status=NOT_REPORTED)),
        )
        .filter(Q(reported=False) | ~aktif)
        .order_by("nama", "pk")
    )
    tidak_melapor = [p for p in silent_or_excluded if p.kedudukan in COMPLIANCE_KEDUDUKAN]
    dikecualikan = [p for p in silent_or_excluded if p.kedudukan not in COMPLIANCE_KEDUDUKAN]
    return AtasanDashboard(
        window=window,
        tim=tim,
        antrean=antrean,
        antrean_total=total,
        tidak_melapor=tidak_melapor,
        tidak_melapor_hari=hari,
        batas_tanggal=batas,
        dikecualikan=dikecualikan,
        langsung_saja=langsung_saja,
    )


@dataclass
class KepatuhanRow:
    unit_kerja_id: int
    unit_kerja: str
    pegawai_aktif: int
    dikecualikan: int
    tanpa_skp: int
    skp_belum_disetujui: int
    tanpa_log: int
    pegawai_log_menunggu: int
    log_menunggu: int
    # The unit's OPD (its top-level unit) and its path below the OPD ("Bidang X › Seksi Y"): the same
    # name ("Sekretariat") appears in many OPDs.
    opd_id: int = 0
    opd: str = ""
    unit_path: str = ""

    def _pct(self, n: int) -> Decimal | None:
        return rasio_persen(n, self.pegawai_aktif)

    @property
    def persen_tanpa_skp(self) -> Decimal | None:
        return self._pct(self.tanpa_skp)

    @property
    def persen_skp_belum_disetujui(self) -> Decimal | None:
        return self._pct(self.skp_belum_disetujui)

    @property
    def persen_tanpa_log(self) -> Decimal | None:
        return self._pct(self.tanpa_log)

    @property
    def persen_log_menunggu(self) -> Decimal | None:
        return self._pct(self.pegawai_log_menunggu)

    @property
    def persen_melapor(self) -> Decimal | None:
        """Share of counted pegawai who reported at least one log in the window (the chart)."""
        return self._pct(self.pegawai_aktif - self.tanpa_log)


# ?sort= keys of the compliance board: the column and the value it sorts by (percentages sort by
# share, so a small unit with 3 of 4 missing ranks above a large one with 10 of 200).
KEPATUHAN_SORTS = {
    "unit": lambda r: (r.unit_path or r.unit_kerja).lower(),
    "aktif": lambda r: r.pegawai_aktif,
    "tanpa_skp": lambda r: r.persen_tanpa_skp or 0,
    "skp_belum_disetujui": lambda r: r.persen_skp_belum_disetujui or 0,
    "tanpa_log": lambda r: r.persen_tanpa_log or 0,
    "log_menunggu": lambda r: r.log_menunggu,
    "dikecualikan": lambda r: r.dikecualikan,
}


def parse_sort(raw: str) -> tuple[str, bool]:
    """ "-tanpa_log" -> ("tanpa_log", True). Unknown keys fall back to the unit order (path)."""
    raw = (raw or "").strip()
    desc = raw.startswith("-")
    key = raw[1:] if desc else raw
    if key not in KEPATUHAN_SORTS:
        return "", False
    return key, desc


@dataclass
class OpdGroup:
    opd_id: int
    opd: str
    rows: list[KepatuhanRow]
    total: KepatuhanRow


def _sum_rows(rows: list[KepatuhanRow], label: str, **extra) -> KepatuhanRow:
    def s(attr: str) -> int:
        return sum(getattr(r, attr) for r in rows)

    return KepatuhanRow(
        0,
        label,
        s("pegawai_aktif"),
        s("dikecualikan"),
        s("tanpa_skp"),
        s("skp_belum_disetujui"),
        s("tanpa_log"),
        s("pegawai_log_menunggu"),
        s("log_menunggu"),
        **extra,
    )


@dataclass
class KepatuhanBoard:
    window: PeriodeEvaluasi | None
    rows: list[KepatuhanRow]

    @property
    def total(self) -> KepatuhanRow:
        return _sum_rows(self.rows, "Jumlah")

    def groups(self, sort: str = "", desc: bool = False) -> list[OpdGroup]:
        """Rows grouped by OPD (in tree order, or by the group's total for `sort`), each group's
        units sorted by `sort` (tree order by default). No queries: the rows are already loaded."""
        by_opd: dict[int, list[KepatuhanRow]] = {}
        for r in self.rows:  # rows come in path order: OPDs and units in tree order
            by_opd.setdefault(r.opd_id, []).append(r)
        groups = [
            OpdGroup(
                opd_id=k, opd=rows[0].opd, rows=rows, total=_sum_rows(rows, rows[0].opd, opd_id=k, opd=rows[0].opd)
            )
            for k, rows in by_opd.items()
        ]
        if sort:
            key = KEPATUHAN_SORTS[sort]
            for g in groups:
                g.rows = sorted(g.rows, key=key, reverse=desc)
            group_key = (lambda g: g.opd.lower()) if sort == "unit" else (lambda g: key(g.total))
            groups.sort(key=group_key, reverse=desc)
        return groups


def windows_for_instansi(instansi_id: int) -> QuerySet[PeriodeEvaluasi]:
    return (
        PeriodeEvaluasi.objects.filter(periode__instansi_id=instansi_id)
        .select_related("periode")
        .order_by("-periode__tahun", "nomor")
    )


_AKTIF = Q(kedudukan__in=COMPLIANCE_KEDUDUKAN)
# Each count of the board as a condition on the annotated pegawai rows (_kepatuhan_annotated): the
# board counts them, the drill-down page lists them, so a number and its list always agree.
KEPATUHAN_FILTERS = {
    "aktif": _AKTIF,
    "dikecualikan": ~_AKTIF,
    "tanpa_skp": _AKTIF & Q(has_skp=False),
    "skp_belum_disetujui": _AKTIF & Q(has_skp=True, skp_ok=False),
    "tanpa_log": _AKTIF & Q(has_log=False),
    "log_menunggu": _AKTIF & Q(waiting=True),
}


def _kepatuhan_annotated(instansi_id: int, window: PeriodeEvaluasi) -> QuerySet[Pegawai]:
    # The SKP in force: a draft of a new version does not undo the approval of the one before it.
    current_skp = Skp.objects.filter(skp_in_force_q(), pegawai=OuterRef("pk"), periode_id=window.periode_id)
    in_window = LogHarian.objects.filter(pegawai=OuterRef("pk"), tanggal__gte=window.mulai, tanggal__lte=window.selesai)
    return Pegawai.objects.filter(instansi_id=instansi_id).annotate(
        has_skp=Exists(current_skp),
        skp_ok=Exists(current_skp.filter(status=Skp.Status.APPROVED)),
        has_log=Exists(in_window.exclude(status=NOT_REPORTED)),
        waiting=Exists(in_window.filter(status=LogHarian.Status.SUBMITTED)),
    )


def kepatuhan_pegawai_for(
    *, instansi_id: int, window: PeriodeEvaluasi, unit_kerja_id: int, status: str
) -> QuerySet[Pegawai]:
    """The people behind one number of the board: pegawai of one unit kerja matching one count
    (KEPATUHAN_FILTERS). The caller has checked the viewer may see the instansi's board."""
    return (
        _kepatuhan_annotated(instansi_id, window)
        .filter(KEPATUHAN_FILTERS[status], unit_kerja_id=unit_kerja_id)
        .select_related("jabatan", "unit_kerja")
        .order_by("nama", "nip")
    )


def kepatuhan_board(*, instansi_id: int, window: PeriodeEvaluasi | None) -> KepatuhanBoard:
    """Compliance per unit kerja for one window, in three set-based queries (counts per unit, waiting
    logs per unit, the instansi's unit names for the OPD and unit path of each row).

    Counted: pegawai whose kedudukan is "aktif" (COMPLIANCE_KEDUDUKAN); those on leave (CLTN, tugas
    belajar, diberhentikan sementara) or gone (pensiun, meninggal, berhenti) are only counted in
    `dikecualikan`; someone moved to another instansi is no longer a row of this instansi at all.
    """
    if window is None:
        return KepatuhanBoard(window=None, rows=[])
    rows = (
        _kepatuhan_annotated(instansi_id, window)
        .values("unit_kerja_id", "unit_kerja__nama", "unit_kerja__path")
        .annotate(
            pegawai_aktif=Count("pk", filter=KEPATUHAN_FILTERS["aktif"]),
            dikecualikan=Count("pk", filter=KEPATUHAN_FILTERS["dikecualikan"]),
            tanpa_skp=Count("pk", filter=KEPATUHAN_FILTERS["tanpa_skp"]),
            skp_belum_disetujui=Count("pk", filter=KEPATUHAN_FILTERS["skp_belum_disetujui"]),
            tanpa_log=Count("pk", filter=KEPATUHAN_FILTERS["tanpa_log"]),
            pegawai_log_menunggu=Count("pk", filter=KEPATUHAN_FILTERS["log_menunggu"]),
        )
        .order_by("unit_kerja__path", "unit_kerja_id")
    )
    waiting_logs = dict(
        LogHarian.objects.filter(
            pegawai__instansi_id=instansi_id,
            pegawai__kedudukan__in=COMPLIANCE_KEDUDUKAN,
            status=LogHarian.Status.SUBMITTED,
            tanggal__gte=window.mulai,
            tanggal__lte=window.selesai,
        )
        .values("pegawai__unit_kerja_id")
        .annotate(n=Count("pegawai_id"))  # in the partial index: an index-only scan
        .values_list("pegawai__unit_kerja_id", "n")
    )
    names = dict(UnitKerja.objects.filter(instansi_id=instansi_id).values_list("pk", "nama"))
    out = []
    for r in rows:
        ids = [int(x) for x in r["unit_kerja__path"].strip("/").split("/") if x.isdigit()] or [r["unit_kerja_id"]]
        out.append(
            KepatuhanRow(
                unit_kerja_id=r["unit_kerja_id"],
                unit_kerja=r["unit_kerja__nama"],
                pegawai_aktif=r["pegawai_aktif"],
                dikecualikan=r["dikecualikan"],
                tanpa_skp=r["tanpa_skp"],
                skp_belum_disetujui=r["skp_belum_disetujui"],
                tanpa_log=r["tanpa_log"],
                pegawai_log_menunggu=r["pegawai_log_menunggu"],
                log_menunggu=waiting_logs.get(r["unit_kerja_id"], 0),
                opd_id=ids[0],
                opd=names.get(ids[0], r["unit_kerja__nama"]),
                unit_path=" › ".join(names.get(i, "?") for i in ids[1:]),
            )
        )
    return KepatuhanBoard(window=window, rows=out)


@dataclass
class PegawaiKinerjaExport:
    pegawai: Pegawai
    window: PeriodeEvaluasi | None
    targets: list[TargetRow]
    logs: list[LogHarian]


def pegawai_kinerja_export(*, pegawai: Pegawai, window: PeriodeEvaluasi | None) -> PegawaiKinerjaExport:
    """A pegawai's logs and realisasi for one window (3 queries), for the XLSX export."""
    targets: list[TargetRow] = []
    logs: list[LogHarian] = []
    if window is not None:
        targets = _target_rows(
            Indikator.objects.filter(
                skp_in_force_q("rhk__skp__"), rhk__skp__pegawai=pegawai, rhk__skp__periode_id=window.periode_id
            ),
            window,
        )
        logs = list(
            LogHarian.objects.filter(pegawai=pegawai, tanggal__gte=window.mulai, tanggal__lte=window.selesai)
            .select_related("rhk", "reviewed_by")
            .order_by("tanggal", "jam_mulai", "id")
        )
    return PegawaiKinerjaExport(pegawai=pegawai, window=window, targets=targets, logs=logs)
