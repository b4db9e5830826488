"""Benchmarks of the pegawai app (run with `manage.py bench NAME`; registry in common.bench)."""

from __future__ import annotations

import math

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from common.bench import BenchContext, register, summarize, time_once
from pegawai import services
from pegawai.management.commands.generate_scale import DEFAULT_INSTANSI, generate_pegawai
from pegawai.models import Instansi, Pegawai, User
from pegawai.permissions import Peran
from pegawai.rules import JenisJabatan


def _direktori_arguments(parser) -> None:
    parser.add_argument("--pegawai", type=int, default=100_000, help="Jumlah pegawai di instansi uji (bawaan 100000).")
    parser.add_argument("--requests", type=int, default=200, help="Permintaan per kasus (bawaan 200).")
    parser.add_argument("--instansi", default=DEFAULT_INSTANSI, help="Kode instansi uji (bawaan SKALA).")
    parser.add_argument("--warmup", type=int, default=5, help="Permintaan pemanasan per kasus (tidak diukur).")


def _ensure_pegawai(ctx: BenchContext, *, kode: str, n: int) -> Instansi:
    """Reuse the instansi's rows; top up with generate_scale when it has fewer than n."""
    instansi = Instansi.objects.filter(kode=kode).first()
    have = Pegawai.objects.filter(instansi=instansi).count() if instansi else 0
    if have < n:
        ctx.say(f"Instansi {kode} punya {have} pegawai; membuat {n - have} lagi dengan generate_scale ...")
        instansi = generate_pegawai(n=n - have, instansi_kode=kode, stdout=ctx.stdout).instansi
    else:
        ctx.say(f"Memakai {have} pegawai yang sudah ada di instansi {kode}.")
    return instansi


def _login_for(pegawai: Pegawai, username: str) -> User:
    """The pegawai's own account, or a new passwordless one (the benchmark uses force_login)."""
    if pegawai.user_id:
        return pegawai.user
    stale = User.objects.filter(username=username).first()
    if stale is not None:  # left from a run on other data: detach it from its old pegawai
        Pegawai.objects.filter(user=stale).update(user=None)
        Pegawai.objects.filter(pk=pegawai.pk).update(user=stale)
        return stale
    return services.pegawai_account_ensure(pegawai=pegawai, username=username)


def _bench_users(instansi: Instansi) -> tuple[User, User, int]:
    """An admin instansi and the head of an OPD (an atasan), plus the size of that head's subtree."""
    head = (
        Pegawai.objects.filter(instansi=instansi, jabatan__jenis=JenisJabatan.JPT_PRATAMA, atasan__isnull=False)
        .order_by("pk")
        .first()
    ) or Pegawai.objects.filter(instansi=instansi, bawahan__isnull=False).order_by("pk").first()
    if head is None:
        raise ValueError(f"instansi {instansi.kode} has no atasan to benchmark with")
    admin = User.objects.filter(groups__name=Peran.ADMIN_INSTANSI, pegawai__instansi=instansi).order_by("pk").first()
    if admin is None:
        staff = (
            Pegawai.objects.filter(instansi=instansi, user__isnull=True, bawahan__isnull=True)
            .exclude(pk=head.pk)
            .order_by("pk")
            .first()
        )
        if staff is None:
            raise ValueError(f"instansi {instansi.kode} has no pegawai without an account to make admin")
        admin = _login_for(staff, "bench.admin")
        admin.groups.add(Group.objects.get_or_create(name=Peran.ADMIN_INSTANSI)[0])
    atasan = _login_for(head, "bench.atasan")
    subtree = Pegawai.objects.filter(hirarki__startswith=head.hirarki).count() - 1
    return User.objects.get(pk=admin.pk), User.objects.get(pk=atasan.pk), subtree


@register(
    "direktori",
    help="Latensi API direktori pegawai (GET /api/pegawai/) sebagai admin instansi dan atasan, "
    "dibandingkan dengan view JSON sepele (floor).",
    arguments=_direktori_arguments,
)
def direktori(ctx: BenchContext, *, pegawai: int, requests: int, instansi: str, warmup: int, **_options) -> dict:
    inst = _ensure_pegawai(ctx, kode=instansi, n=pegawai)
    n = Pegawai.objects.filter(instansi=inst).count()
    admin, atasan, subtree = _bench_users(inst)
    some_unit = atasan.pegawai.unit_kerja_id
    # A page further in (OFFSET): page 20, or the last page on small data.
    deep_page = max(1, min(20, math.ceil(n / settings.REST_FRAMEWORK.get("PAGE_SIZE", 50))))
    sample_nip = Pegawai.objects.filter(instansi=inst).order_by("pk").values_list("nip", flat=True)[n // 2]

    with override_settings(ROOT_URLCONF="common.bench_urls", DEBUG=False):
        api = reverse("pegawai-list")
        clients = {}
        for label, user in (("admin", admin), ("atasan", atasan)):
            clients[label] = Client()
            clients[label].force_login(user)
        cases = {
            "admin: daftar": ("admin", api, {}),
            f"admin: halaman {deep_page}": ("admin", api, {"page": deep_page}),
            "admin: cari nama": ("admin", api, {"q": "rahma"}),
            "admin: cari NIP": ("admin", api, {"q": sample_nip[:8]}),
            "admin: filter unit+gol": ("admin", api, {"unit_kerja": some_unit, "golongan": "III/a"}),
            "admin: filter status": ("admin", api, {"status": "pppk", "jenis_jabatan": "pelaksana"}),
            "atasan: daftar": ("atasan", api, {}),
            "atasan: cari nama": ("atasan", api, {"q": "sari"}),
        }
        floor_url = reverse("bench-floor")

        def get(label: str, url: str, params: dict):
            response = clients[label].get(url, params)
            if response.status_code != 200:
                raise RuntimeError(f"{url} {params} -> HTTP {response.status_code}")
            return response

        ctx.say(
            f"\n{n} pegawai di {inst.kode}; atasan uji membawahi {subtree} pegawai; {requests} permintaan per kasus"
        )
        ctx.say("Jumlah query per permintaan dan jumlah hasil:")
        queries = {}
        for name, (label, url, params) in cases.items():
            with CaptureQueriesContext(connection) as captured:
                body = get(label, url, params).json()
            queries[name] = len(captured.captured_queries)
            ctx.say(f"  {name:<28} {queries[name]} query, {body.get('count')} hasil")

        # Interleave the cases and the floor request by request so drift hits all of them alike.
        samples: dict[str, list[float]] = {name: [] for name in cases}
        floor: list[float] = []
        for _ in range(warmup):
            get("admin", floor_url, {})
            for label, url, params in cases.values():
                get(label, url, params)
        for _ in range(requests):
            floor.append(time_once(get, "admin", floor_url, {}))
            for name, (label, url, params) in cases.items():
                samples[name].append(time_once(get, label, url, params))

    ctx.say("\nLatensi (satu proses, django.test.Client, middleware lengkap):")
    per_case = {name: ctx.report(name, s) for name, s in samples.items()}
    ctx.report("floor: view JSON sepele", floor)
    everything = [x for s in samples.values() for x in s]
    pooled = ctx.report("semua kasus direktori", everything)
    ctx.say(f"  rasio p50 direktori / floor: {pooled['p50'] / summarize(floor)['p50']:.1f}x")
    return ctx.result(
        n=n,
        samples=everything,
        floor_samples=floor,
        atasan_subtree=subtree,
        cases={name: {"p50": s["p50"], "p95": s["p95"], "queries": queries[name]} for name, s in per_case.items()},
    )
