"""`manage.py bench`: registry, discovery, and the JSON last line (structure only, never timings)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from common import bench
from pegawai.models import Pegawai

REQUIRED = {"name", "n", "seconds", "floor_seconds", "ratio", "p50", "p95"}


def run_bench(*args: str) -> tuple[list[str], dict]:
    out = io.StringIO()
    call_command("bench", *args, stdout=out)
    lines = out.getvalue().strip().splitlines()
    return lines, json.loads(lines[-1])


@pytest.mark.django_db
def test_direktori_prints_figures_then_one_json_object_last():
    lines, result = run_bench("direktori", "--pegawai", "60", "--requests", "3", "--warmup", "1")
    assert result.keys() >= REQUIRED
    assert result["name"] == "direktori"
    assert result["n"] == 60
    assert result["requests"] == 3 * len(result["cases"])
    assert result["ratio"] == pytest.approx(result["seconds"] / result["floor_seconds"])
    assert result["p50"] <= result["p95"]
    assert {"admin: daftar", "atasan: daftar", "admin: cari nama"} <= result["cases"].keys()
    for case in result["cases"].values():
        assert {"p50", "p95", "queries"} <= case.keys()
    assert result["machine"]["nproc"] >= 1
    assert any("floor" in line for line in lines[:-1]), "readable figures come before the JSON line"
    assert Pegawai.objects.filter(instansi__kode="SKALA").count() == 60


@pytest.mark.django_db
def test_direktori_reuses_existing_data():
    run_bench("direktori", "--pegawai", "40", "--requests", "1", "--warmup", "0")
    lines, result = run_bench("direktori", "--pegawai", "40", "--requests", "1", "--warmup", "0")
    assert result["n"] == 40
    assert Pegawai.objects.filter(instansi__kode="SKALA").count() == 40
    assert any("Memakai 40 pegawai" in line for line in lines)


def test_direktori_is_discovered_from_the_pegawai_app():
    assert "direktori" in bench.benchmarks()


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(bench, "_BENCHMARKS", dict(bench.benchmarks()))


def test_a_registered_benchmark_gets_its_options_and_its_json_printed_last(registry):
    calls = []

    @bench.register("uji", arguments=lambda p: p.add_argument("--ukuran", type=int, default=1))
    def uji(ctx, *, ukuran, **options):
        calls.append(ukuran)
        ctx.say("baris yang dapat dibaca")
        return ctx.result(n=ukuran, samples=[0.2, 0.4, 0.3], floor_samples=[0.1, 0.1, 0.1])

    lines, result = run_bench("uji", "--ukuran", "7")
    assert calls == [7]
    assert lines[-2].strip() != "" and "baris yang dapat dibaca" in "\n".join(lines)
    assert result["name"] == "uji" and result["n"] == 7
    assert result["seconds"] == pytest.approx(0.3)
    assert result["floor_seconds"] == pytest.approx(0.1)
    assert result["ratio"] == pytest.approx(3.0)


def test_a_benchmark_missing_required_keys_is_an_error(registry):
    @bench.register("rusak")
    def rusak(ctx, **options):
        return {"name": "rusak"}

    with pytest.raises(CommandError, match="seconds"):
        run_bench("rusak")


def test_unknown_benchmark_is_an_error():
    with pytest.raises(CommandError):
        run_bench("tidak-ada")


def test_percentiles_use_nearest_rank():
    samples = [float(x) for x in range(1, 101)]
    assert bench.percentile(samples, 50) == 50.0
    assert bench.percentile(samples, 95) == 95.0
    assert bench.percentile([3.0], 95) == 3.0
    summary = bench.summarize([0.3, 0.1, 0.2])
    assert (summary["min"], summary["p50"], summary["max"], summary["count"]) == (0.1, 0.2, 0.3, 3)
    with pytest.raises(ValueError):
        bench.percentile([], 50)
