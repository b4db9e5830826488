"""`manage.py import_pegawai FILE [--dry-run]`: import a BKN SIASN "Export Data ASN" file (CSV/XLSX)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pegawai.imports import pegawai_import
from pegawai.models import Instansi


class Command(BaseCommand):
    help = "Impor pegawai dari berkas Export Data ASN SIASN (CSV atau XLSX). Semua baris atau tidak sama sekali."

    def add_arguments(self, parser):
        parser.add_argument("file", help="berkas CSV atau XLSX dari SIASN")
        parser.add_argument("--dry-run", action="store_true", help="periksa saja, tidak menyimpan apa pun")
        parser.add_argument(
            "--instansi",
            metavar="KODE",
            default="",
            help="hanya terima baris instansi berkode ini (baris tanpa kolom INSTANSI KERJA masuk ke instansi ini)",
        )

    def handle(self, *args, file, dry_run, instansi="", **options):
        scope = None
        if instansi:
            scope = Instansi.objects.filter(kode__iexact=instansi).first()
            if scope is None:
                raise CommandError(f"Instansi dengan kode {instansi} tidak ada.")
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Berkas tidak dapat dibaca: {exc}") from None
        result = pegawai_import(data=data, filename=path.name, dry_run=dry_run, instansi=scope)
        for e in result.errors:
            kolom = f" [{e['kolom']}]" if e["kolom"] else ""
            self.stderr.write(f"Baris {e['baris']}{kolom}: {e['pesan']}")
        summary = (
            f"{result.total} baris: {result.created} baru, {result.updated} diubah, "
            f"{result.unchanged} tetap, {result.riwayat} riwayat"
        )
        if not result.ok:
            raise CommandError(
                f"Impor dibatalkan, tidak ada yang disimpan: {len(result.errors)} kesalahan ({summary})."
            )
        if dry_run:
            self.stdout.write(f"Uji coba (tidak disimpan): {summary}.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Impor selesai: {summary}."))
