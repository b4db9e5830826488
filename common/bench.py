"""Benchmark registry shared by every app (`manage.py bench NAME`), plus scale-data extensions.

An app adds benchmarks in `<app>/benchmarks.py`; the module is imported by `autodiscover()`:

    from common.bench import BenchContext, register

    @register("kinerja_harian", help="...", arguments=lambda p: p.add_argument("--pegawai", type=int))
    def kinerja_harian(ctx: BenchContext, *, pegawai: int, **options) -> dict:
        samples = ctx.time_many(lambda: ..., repeat=200)
        floor = ctx.time_many(lambda: ..., repeat=200)
        return ctx.result(n=pegawai, samples=samples, floor_samples=floor)

The command prints what the benchmark writes on `ctx.stdout` and then, as its very last line, the
returned dict as one JSON object: at least name, n, seconds, floor_seconds, ratio (seconds / floor).

`manage.py generate_scale` is extended the same way (`register_scale_extension`), so an app can add
its own options (e.g. kinerja's `--logs-per-pegawai`) without pegawai importing that app.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps
from django.utils.module_loading import module_has_submodule

BENCHMARK_MODULE = "benchmarks"

# Keys every benchmark's JSON line carries (tests pin them).
REQUIRED_KEYS = ("name", "n", "seconds", "floor_seconds", "ratio")


@dataclass(frozen=True)
class Benchmark:
    name: str
    func: Callable[..., dict]
    help: str = ""
    add_arguments: Callable[[Any], None] | None = None


@dataclass(frozen=True)
class ScaleExtension:
    """A hook run by `generate_scale` after the pegawai rows exist.

    `run(result=ScaleResult, options=dict, stdout=OutputWrapper)` receives what was generated (the
    instansi and the id range of the new pegawai) and every parsed option, its own included.
    """

    name: str
    run: Callable[..., None]
    add_arguments: Callable[[Any], None] | None = None


_BENCHMARKS: dict[str, Benchmark] = {}
_SCALE_EXTENSIONS: dict[str, ScaleExtension] = {}
_discovered = False


def register(name: str, *, help: str = "", arguments: Callable[[Any], None] | None = None):  # noqa: A002
    """Decorator: register `func(ctx, **options) -> dict` as benchmark `name`.

    `arguments(parser)` adds the benchmark's own options to its argparse sub-parser.
    """

    def decorator(func: Callable[..., dict]) -> Callable[..., dict]:
        existing = _BENCHMARKS.get(name)
        if existing is not None and existing.func.__qualname__ != func.__qualname__:
            raise ValueError(f"benchmark {name!r} is registered twice")
        _BENCHMARKS[name] = Benchmark(name=name, func=func, help=help, add_arguments=arguments)
        return func

    return decorator


def register_scale_extension(name: str, *, arguments: Callable[[Any], None] | None = None):
    """Decorator: run `func(result=..., options=..., stdout=...)` at the end of `generate_scale`."""

    def decorator(func: Callable[..., None]) -> Callable[..., None]:
        _SCALE_EXTENSIONS[name] = ScaleExtension(name=name, run=func, add_arguments=arguments)
        return func

    return decorator


def autodiscover() -> None:
    """Import `<app>.benchmarks` for every installed app that has one (once per process)."""
    global _discovered
    if _discovered:
        return
    for app_config in apps.get_app_configs():
        if module_has_submodule(app_config.module, BENCHMARK_MODULE):
            import_module(f"{app_config.name}.{BENCHMARK_MODULE}")
    _discovered = True


def benchmarks() -> dict[str, Benchmark]:
    autodiscover()
    return dict(sorted(_BENCHMARKS.items()))


def scale_extensions() -> list[ScaleExtension]:
    autodiscover()
    return [_SCALE_EXTENSIONS[k] for k in sorted(_SCALE_EXTENSIONS)]


# --- Measuring ----------------------------------------------------------------------------------


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile (pct in 0..100) of a non-empty list."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def summarize(samples: list[float]) -> dict[str, float]:
    """p50/p95/p99/mean/min/max of latency samples, in seconds."""
    return {
        "count": len(samples),
        "p50": percentile(samples, 50),
        "p95": percentile(samples, 95),
        "p99": percentile(samples, 99),
        "mean": statistics.fmean(samples),
        "min": min(samples),
        "max": max(samples),
    }


def time_many(fn: Callable[[], Any], *, repeat: int, warmup: int = 3) -> list[float]:
    """Call `fn` `warmup` times unmeasured, then `repeat` times; return each call's seconds."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def time_once(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> float:
    """Seconds one call of fn(*args, **kwargs) takes (for interleaving several measured cases)."""
    start = time.perf_counter()
    fn(*args, **kwargs)
    return time.perf_counter() - start


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


@dataclass
class BenchContext:
    """What a benchmark gets: its name, an output stream and measuring helpers."""

    name: str
    stdout: Any
    extra: dict[str, Any] = field(default_factory=dict)

    def say(self, message: str = "") -> None:
        self.stdout.write(message)

    def time_many(self, fn: Callable[[], Any], *, repeat: int, warmup: int = 3) -> list[float]:
        return time_many(fn, repeat=repeat, warmup=warmup)

    def report(self, label: str, samples: list[float]) -> dict[str, float]:
        """Print one readable line of latency figures and return them."""
        s = summarize(samples)
        self.say(
            f"  {label:<28} n={s['count']:<5} p50={ms(s['p50']):>11} p95={ms(s['p95']):>11} "
            f"p99={ms(s['p99']):>11} mean={ms(s['mean']):>11}"
        )
        return s

    def result(self, *, n: int, samples: list[float], floor_samples: list[float], **extra: Any) -> dict[str, Any]:
        """The JSON line: `seconds` and `floor_seconds` are medians (p50); ratio = seconds / floor."""
        s, f = summarize(samples), summarize(floor_samples)
        return {
            "name": self.name,
            "n": n,
            "seconds": s["p50"],
            "floor_seconds": f["p50"],
            "ratio": s["p50"] / f["p50"] if f["p50"] > 0 else None,
            "p50": s["p50"],
            "p95": s["p95"],
            "p99": s["p99"],
            "mean": s["mean"],
            "requests": s["count"],
            "floor_p50": f["p50"],
            "floor_p95": f["p95"],
            **self.extra,
            **extra,
        }
