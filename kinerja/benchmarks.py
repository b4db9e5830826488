"""Benchmarks and scale data of e-Kinerja (registry in common.bench).

- `generate_scale --pegawai N --logs-per-pegawai M`: SKP, RHK, indikator and M logs for each new
  pegawai (kinerja.scale, set-based).
- `bench kinerja_harian [--pegawai N --logs-per-pegawai M]`: latency of the ASN dashboard, the
  atasan's approval queue (page and API), log creation through the API and a bulk approval of 100
  logs, against a trivial view (floor) in the same run.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from common.bench import BenchContext, register, register_scale_extension, summarize, time_once
from kinerja.models import LogHarian, Rhk, Skp
from kinerja.scale import generate_kinerja
from pegawai.management.commands.generate_scale import DEFAULT_INSTANSI, generate_pegawai
from pegawai.models import Instansi, Pegawai, User


def _scale_arguments(parser) -> None:
    parser.add_argument(
        "--logs-per-pegawai",
        type=int,
        default=0,
        help="Buat SKP, RHK, indikator dan N log harian per pegawai baru, tersebar sepanjang tahun (bawaan 0).",
    )


@register_scale_extension("kinerja", arguments=_scale_arguments)
def kinerja_scale(*, result, options: dict, stdout) -> None:
    n = options.get("logs_per_pegawai") or 0
    if n <= 0:
        return
    stats = generate_kinerja(instansi=result.instansi, logs_per_pegawai=n, stdout=stdout)
    result.seconds.update({f"kinerja_{k[8:]}": v for k, v in stats.items() if k.startswith("seconds_")})


# --- bench kinerja_harian ---------------------------------------------------------------------


def _arguments(parser) -> None:
    parser.add_argument("--pegawai", type=int, default=100_000, help="Jumlah pegawai di instansi uji (bawaan 100000).")
    parser.add_argument("--logs-per-pegawai", type=int, default=100, help="Log harian per pegawai (bawaan 100).")
    parser.add_argument("--instansi", default=DEFAULT_INSTANSI, help="Kode instansi uji (bawaan SKALA).")
    parser.add_argument("--requests", type=int, default=100, help="Permintaan per kasus (bawaan 100).")
    parser.add_argument("--warmup", type=int, default=3, help="Permintaan pemanasan per kasus (tidak diukur).")


def _ensure_data(ctx: BenchContext, *, kode: str, n: int, logs: int) -> Instansi:
    instansi = Instansi.objects.filter(kode=kode).first()
    have = Pegawai.objects.filter(instansi=instansi).count() if instansi else 0
    if have < n:
        ctx.say(f"Instansi {kode} punya {have} pegawai; membuat {n - have} lagi ...")
        instansi = generate_pegawai(n=n - have, instansi_kode=kode, stdout=ctx.stdout).instansi
    ctx.say(f"Memastikan data kinerja ({logs} log per pegawai) ...")
    stats = generate_kinerja(instansi=instansi, logs_per_pegawai=logs, stdout=ctx.stdout)
    ctx.extra["generated"] = {k: (round(v, 2) if isinstance(v, float) else v) for k, v in stats.items()}
    return instansi


def _account(pegawai: Pegawai, username: str) -> User:
    if pegawai.user_id:
        return pegawai.user
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create(username=username)
    Pegawai.objects.filter(user=user).update(user=None)
    Pegawai.objects.filter(pk=pegawai.pk).update(user=user)
    return user


def _cast(instansi: Instansi) -> tuple[Pegawai, Pegawai, int]:
    """An atasan with the most direct subordinates among the first heads, and one of their staff."""
    from django.db.models import Count

    atasan_id = (
        Pegawai.objects.filter(instansi=instansi, atasan__isnull=False, bawahan__isnull=True)
        .values("atasan_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "atasan_id")
        .values_list("atasan_id", flat=True)
        .first()
    )
    atasan = Pegawai.objects.get(pk=atasan_id)
    asn = Pegawai.objects.filter(atasan=atasan, bawahan__isnull=True, skp__isnull=False).order_by("pk").first()
    team = Pegawai.objects.filter(atasan=atasan).count()
    return atasan, asn, team


def _make_submitted(atasan: Pegawai, k: int, today: dt.date) -> list[int]:
    """k fresh submitted logs of the atasan's direct subordinates, for one bulk approval."""
    rhks = list(
        Rhk.objects.filter(
            skp__pegawai__atasan=atasan, skp__is_current=True, skp__periode__tahun=today.year
        ).values_list("pk", "skp__pegawai_id")[:50]
    )
    now = timezone.now()
    rows = [
        LogHarian(
            pegawai_id=rhks[i % len(rhks)][1],
            rhk_id=rhks[i % len(rhks)][0],
            tanggal=today,
            kegiatan="Kegiatan uji persetujuan massal",
            output_jumlah=1,
            output_satuan="dokumen",
            jam_mulai=dt.time(8, 0),
            jam_selesai=dt.time(9, 0),
            status=LogHarian.Status.SUBMITTED,
            submitted_at=now,
        )
        for i in range(k)
    ]
    return [r.pk for r in LogHarian.objects.bulk_create(rows)]


@register(
    "kinerja_harian",
    help="Latensi dasbor ASN, antrean persetujuan atasan, pembuatan log lewat API, dan persetujuan massal "
    "100 log, dibandingkan dengan view JSON sepele (floor).",
    arguments=_arguments,
)
def kinerja_harian(
    ctx: BenchContext, *, pegawai: int, logs_per_pegawai: int, instansi: str, requests: int, warmup: int, **_o
) -> dict:
    from kinerja.services.log import log_review

    inst = _ensure_data(ctx, kode=instansi, n=pegawai, logs=logs_per_pegawai)
    n = Pegawai.objects.filter(instansi=inst).count()
    n_logs = LogHarian.objects.filter(pegawai__instansi=inst).count() if n <= 20_000 else None
    atasan, asn, team = _cast(inst)
    atasan_user = _account(atasan, "bench.kinerja.atasan")
    asn_user = _account(asn, "bench.kinerja.asn")
    today = timezone.localdate()
    rhk_id = Rhk.objects.filter(skp__pegawai=asn, skp__is_current=True, skp__periode__tahun=today.year).values_list(
        "pk", flat=True
    )[0]
    queued = LogHarian.objects.filter(status="submitted", pegawai__atasan=atasan).count()

    def log_body() -> dict:
        return {
            "tanggal": today.isoformat(),
            "rhk": rhk_id,
            "kegiatan": "Menyusun dokumen layanan (bench)",
            "output_jumlah": "1",
            "output_satuan": "dokumen",
            "jam_mulai": "08:00",
            "jam_selesai": "09:00",
            "client_token": str(uuid.uuid4()),
            "kirim": True,
        }

    with override_settings(ROOT_URLCONF="common.bench_urls", DEBUG=False):
        c_asn, c_atasan = Client(), Client()
        c_asn.force_login(asn_user)
        c_atasan.force_login(atasan_user)
        floor_url = reverse("bench-floor")
        cases = {
            "dasbor ASN": (c_asn, "get", "/kinerja/", None),
            "dasbor ASN (API)": (c_asn, "get", "/api/kinerja/dashboard/saya/", None),
            "antrean atasan": (c_atasan, "get", "/kinerja/log/antrian/", None),
            "antrean atasan (API)": (c_atasan, "get", "/api/kinerja/log/queue/", None),
            "dasbor tim atasan": (c_atasan, "get", "/kinerja/dashboard/tim/", None),
            "buat log (API)": (c_asn, "post", "/api/kinerja/log/", log_body),
        }

        def call(client, method, url, body):
            if method == "get":
                r = client.get(url)
                ok = r.status_code == 200
            else:
                r = client.post(url, body(), content_type="application/json")
                ok = r.status_code == 201
            if not ok:
                raise RuntimeError(f"{method} {url} -> HTTP {r.status_code}: {r.content[:300]!r}")
            return r

        ctx.say(
            f"\n{n} pegawai di {inst.kode}; atasan uji: {team} bawahan langsung, {queued} log menunggu; "
            f"{requests} permintaan per kasus"
        )
        queries = {}
        for name, (client, method, url, body) in cases.items():
            with CaptureQueriesContext(connection) as captured:
                call(client, method, url, body)
            queries[name] = len(captured.captured_queries)
            ctx.say(f"  {name:<24} {queries[name]} query")
        for _ in range(warmup):
            c_asn.get(floor_url)
            for client, method, url, body in cases.values():
                call(client, method, url, body)
        samples: dict[str, list[float]] = {name: [] for name in cases}
        floor: list[float] = []
        for _ in range(requests):
            floor.append(time_once(c_asn.get, floor_url))
            for name, (client, method, url, body) in cases.items():
                samples[name].append(time_once(call, client, method, url, body))

    # Bulk approval of 100 logs through the service (the API/page call it the same way).
    bulk: list[float] = []
    rounds = max(5, min(20, requests // 5))
    for _ in range(rounds):
        ids = _make_submitted(atasan, 100, today)
        bulk.append(time_once(log_review, actor=atasan, ids=ids, approve=True))
    samples["setujui 100 log"] = bulk
    # The admin's compliance board over the whole instansi: a report, measured a few times only.
    from kinerja.selectors.dashboard import kepatuhan_board
    from kinerja.selectors.log import window_for

    window = window_for(inst.pk, today)
    board_runs = [time_once(kepatuhan_board, instansi_id=inst.pk, window=window) for _ in range(3)]
    ctx.report("papan kepatuhan (selector)", board_runs)
    # Leave the data as found: the bench's own logs go away (approved ones included).
    LogHarian.objects.filter(
        kegiatan__in=["Kegiatan uji persetujuan massal", "Menyusun dokumen layanan (bench)"]
    ).delete()

    ctx.say("\nLatensi (satu proses, django.test.Client, middleware lengkap):")
    per_case = {name: ctx.report(name, s) for name, s in samples.items()}
    ctx.report("floor: view JSON sepele", floor)
    pages = [x for name, s in samples.items() if name != "setujui 100 log" for x in s]
    pooled = ctx.report("semua kasus halaman/API", pages)
    ctx.say(f"  rasio p50 / floor: {pooled['p50'] / summarize(floor)['p50']:.1f}x")
    return ctx.result(
        n=n,
        samples=pages,
        floor_samples=floor,
        logs_per_pegawai=logs_per_pegawai,
        logs_total=n_logs,
        team=team,
        queue=queued,
        kepatuhan_board_seconds={"p50": summarize(board_runs)["p50"], "max": max(board_runs)},
        skp=Skp.objects.filter(pegawai__instansi=inst, is_current=True).count() if n <= 20_000 else None,
        cases={
            name: {"p50": s["p50"], "p95": s["p95"], "queries": queries.get(name), "count": s["count"]}
            for name, s in per_case.items()
        },
    )


# --- bench evaluasi ---------------------------------------------------------------------------
# The annual run (kinerja.services.evaluasi_batch) over an instansi whose annual rows carry ratings,
# against the database's floor: one plain aggregate over the same rating rows.


def _evaluasi_arguments(parser) -> None:
    parser.add_argument("--pegawai", type=int, default=100_000, help="Jumlah pegawai di instansi uji (bawaan 100000).")
    parser.add_argument("--instansi", default=DEFAULT_INSTANSI, help="Kode instansi uji (bawaan SKALA).")
    parser.add_argument("--tahun", type=int, default=2026, help="Tahun evaluasi (bawaan 2026).")
    parser.add_argument("--repeat", type=int, default=3, help="Pengukuran per kasus (bawaan 3).")


@register(
    "evaluasi", help="Waktu evaluasi tahunan (batch SQL) dibanding agregat SQL polos.", arguments=_evaluasi_arguments
)
def evaluasi(ctx: BenchContext, *, pegawai: int, instansi: str, tahun: int, repeat: int, **options) -> dict:
    from kinerja import rules
    from kinerja.models import EvaluasiRun, EvaluasiTahunan, Periode, PeriodeEvaluasi, PredikatUnit
    from kinerja.services.evaluasi_batch import chunks_for, evaluasi_tahunan_run
    from pegawai.models import UnitKerja

    inst = Instansi.objects.filter(kode=instansi).first()
    have = Pegawai.objects.filter(instansi=inst).count() if inst else 0
    if have < pegawai:
        ctx.say(f"Instansi {instansi} punya {have} pegawai; membuat {pegawai - have} lagi ...")
        inst = generate_pegawai(n=pegawai - have, instansi_kode=instansi, stdout=ctx.stdout).instansi
    n = Pegawai.objects.filter(instansi=inst).count()
    periode, created = Periode.objects.get_or_create(
        instansi=inst, tahun=tahun, defaults={"mulai": dt.date(tahun, 1, 1), "selesai": dt.date(tahun, 12, 31)}
    )
    if created:
        PeriodeEvaluasi.objects.bulk_create(
            PeriodeEvaluasi(periode=periode, nomor=w.nomor, label=w.label, mulai=w.mulai, selesai=w.selesai)
            for w in rules.periodic_windows(tahun, periode.jenis_periodik)
        )
    # Every unit a predikat organisasi (cycled), so unit heads take a Rating Hasil Kerja.
    orgs = rules.PredikatOrganisasi.values
    PredikatUnit.objects.bulk_create(
        (
            PredikatUnit(unit_kerja_id=u, tahun=tahun, predikat=orgs[u % len(orgs)])
            for u in UnitKerja.objects.filter(instansi=inst).values_list("pk", flat=True)
        ),
        ignore_conflicts=True,
    )

    def run_once() -> int:
        run = EvaluasiRun.objects.create(instansi=inst, tahun=tahun)
        return evaluasi_tahunan_run(run=run, periode=periode)

    rows_first = run_once()  # makes the rows (or finds them)
    # Ratings on every row, set-based and deterministic (by id), as the raters would leave them.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE kinerja_evaluasitahunan SET "
            "rating_hasil = (ARRAY['di_atas','sesuai','di_bawah'])[1 + id %% 3], "
            "rating_perilaku = (ARRAY['sesuai','di_atas','sesuai','di_bawah'])[1 + id %% 4] "
            "WHERE periode_id = %s AND NOT is_kepala_unit AND status <> 'final'",
            [periode.pk],
        )

    def reset() -> None:
        EvaluasiTahunan.objects.filter(periode=periode).exclude(status="final").update(predikat="")

    def floor_once() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT unit_kerja_id, rating_hasil, rating_perilaku, count(*) FROM kinerja_evaluasitahunan "
                "WHERE periode_id = %s GROUP BY 1, 2, 3",
                [periode.pk],
            )
            cursor.fetchall()

    samples: list[float] = []
    floor: list[float] = []
    for _ in range(max(1, repeat)):
        reset()
        samples.append(time_once(run_once))
        floor.append(time_once(floor_once))
    rerun = time_once(run_once)  # nothing to change: the idempotent rerun
    rows = EvaluasiTahunan.objects.filter(periode=periode).count()
    ctx.say(f"\n{n} pegawai di {inst.kode}; {rows} baris evaluasi tahunan; {len(chunks_for(inst.pk))} kelompok unit")
    ctx.report("evaluasi tahunan (batch)", samples)
    ctx.report("floor: agregat SQL", floor)
    ctx.say(f"  jalankan ulang tanpa perubahan: {rerun * 1000:.1f} ms")
    return ctx.result(
        n=n, samples=samples, floor_samples=floor, rows=rows, rows_first_run=rows_first, rerun_seconds=rerun
    )
