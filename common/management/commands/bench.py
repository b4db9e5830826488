"""`manage.py bench NAME [options]`: run one registered benchmark (see common.bench).

Readable figures first; the very last line of output is one JSON object (name, n, seconds,
floor_seconds, ratio, p50, p95, ...) so scripts can `tail -n 1`.
"""

import json
import platform
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from common.bench import REQUIRED_KEYS, BenchContext, benchmarks


def machine_info() -> dict:
    """Where the figures came from: CPU count, RAM, database vendor and version."""
    import os

    info = {"nproc": os.cpu_count(), "python": platform.python_version(), "db": connection.vendor}
    try:
        with open("/proc/meminfo") as fh:
            total_kb = int(fh.readline().split()[1])
        info["ram_gb"] = round(total_kb / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SHOW server_version")
                info["db_version"] = cursor.fetchone()[0]
            elif connection.vendor == "sqlite":
                cursor.execute("select sqlite_version()")
                info["db_version"] = cursor.fetchone()[0]
    except Exception:  # noqa: BLE001 - informational only
        pass
    return info


class Command(BaseCommand):
    help = "Jalankan benchmark terdaftar; baris terakhir keluaran adalah satu objek JSON."

    def add_arguments(self, parser):
        subparsers = parser.add_subparsers(dest="benchmark", metavar="NAME", required=True)
        for bench in benchmarks().values():
            sub = subparsers.add_parser(bench.name, help=bench.help, description=bench.help)
            if bench.add_arguments is not None:
                bench.add_arguments(sub)

    def handle(self, *args, benchmark: str, **options):
        registered = benchmarks()
        if benchmark not in registered:
            raise CommandError(f"Benchmark tidak dikenal: {benchmark!r}. Tersedia: {', '.join(registered)}")
        bench = registered[benchmark]
        machine = machine_info()
        self.stdout.write(
            f"benchmark {bench.name}: {machine.get('nproc')} CPU, {machine.get('ram_gb', '?')} GB RAM, "
            f"{machine['db']} {machine.get('db_version', '')}"
        )
        ctx = BenchContext(name=bench.name, stdout=self.stdout)
        started = time.perf_counter()
        result = bench.func(ctx, **options)
        missing = [key for key in REQUIRED_KEYS if key not in result]
        if missing:
            raise CommandError(f"Benchmark {bench.name} tidak mengembalikan: {', '.join(missing)}")
        result.setdefault("machine", machine)
        result.setdefault("wall_seconds", round(time.perf_counter() - started, 3))
        self.stdout.write(json.dumps(result, default=str, sort_keys=False))
