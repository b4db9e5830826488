"""`manage.py evaluasi_tahunan --tahun Y [--instansi KODE]`: the annual batch from the command line.

The same run record (a second run of a scope while one is running is refused) and the same chunked
set-based SQL as the job the admin starts (kinerja.services.evaluasi_batch); runs in this process.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from kinerja.models import EvaluasiRun, Periode
from kinerja.services.errors import KinerjaError


class Command(BaseCommand):
    help = "Menjalankan evaluasi kinerja tahunan (batch SQL per kelompok unit)."

    def add_arguments(self, parser):
        parser.add_argument("--tahun", type=int, required=True)
        parser.add_argument("--instansi", default="", help="kode instansi; kosong = semua instansi")

    def handle(self, *args, tahun: int, instansi: str, **options):
        from django.db import IntegrityError, transaction

        from kinerja.services.evaluasi_batch import _release_dead_runs, evaluasi_tahunan_run

        qs = Periode.objects.filter(tahun=tahun).select_related("instansi").order_by("instansi__kode")
        if instansi:
            qs = qs.filter(instansi__kode=instansi)
        periodes = list(qs)
        if not periodes:
            raise CommandError(
                f"Tidak ada periode kinerja tahun {tahun}" + (f" untuk instansi {instansi}." if instansi else ".")
            )
        for periode in periodes:
            _release_dead_runs(periode.instansi_id, periode.tahun)
            try:
                with transaction.atomic():
                    # No job row: a command-line run is tracked by its run record only; it still
                    # blocks (and is blocked by) a run of the same scope.
                    run = EvaluasiRun.objects.create(instansi_id=periode.instansi_id, tahun=tahun)
            except IntegrityError:
                raise CommandError(f"Evaluasi tahunan {tahun} untuk {periode.instansi.kode} sedang berjalan.") from None
            try:
                rows = evaluasi_tahunan_run(run=run, periode=periode)
            except KinerjaError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"{periode.instansi.kode} {tahun}: {rows} baris ditulis")
