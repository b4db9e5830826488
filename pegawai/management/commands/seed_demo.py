"""`manage.py seed_demo [--password P]`: the demo instansi Pemerintah Kota Tangerang Selatan.
The data and the writing live in pegawai/demo/; this is only the command line."""

from __future__ import annotations

import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# Re-exported: tests and other code import these from the command module.
from pegawai.demo import DEFAULT_PASSWORD, DEMO_TOTP_SECRET, build_plan, check_plan, seed_demo  # noqa: F401


def refuse_reason() -> str | None:
    """Why the demo must not be written here, or None. Demo accounts share a published password and
    TOTP secret: never in production (its settings module, or any DEBUG=False settings but the tests')."""
    # The environment variable, as Django reads it: settings.SETTINGS_MODULE reads None under
    # override_settings.
    module = os.environ.get("DJANGO_SETTINGS_MODULE") or settings.SETTINGS_MODULE or ""
    if module.endswith(".production"):
        return "pengaturan produksi"
    if not settings.DEBUG and not module.endswith(".test"):
        return "DEBUG=False"
    return None


class Command(BaseCommand):
    help = "Isi data demo Pemerintah Kota Tangerang Selatan beserta akun demo (idempoten)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f"Kata sandi semua akun demo (bawaan: {DEFAULT_PASSWORD}).",
        )

    def handle(self, *args, password: str, **options):
        reason = refuse_reason()
        if reason:
            raise CommandError(
                f"seed_demo ditolak ({reason}): data demo memakai kata sandi dan kunci TOTP yang dipublikasikan, "
                "jadi tidak boleh dibuat di server produksi."
            )
        started = time.perf_counter()
        stats = seed_demo(password=password)
        seconds = time.perf_counter() - started
        if stats.created or stats.restored or stats.passwords:
            made = ", ".join(f"{n} {what}" for what, n in stats.created.items()) or "tidak ada"
            self.stdout.write(
                self.style.SUCCESS(
                    f"Data demo dibuat: {made}; dipulihkan: {stats.restored} pegawai; "
                    f"kata sandi diatur ulang: {stats.passwords} akun."
                )
            )
        else:
            self.stdout.write("Data demo sudah lengkap; tidak ada yang diubah.")
        self.stdout.write(
            f"Akun demo: demo.admin, demo.atasan, demo.asn, demo.asn2, demo.bkn (kata sandi: {password}); "
            f"setiap pegawai juga dapat masuk dengan NIP. ({seconds:.1f} detik)"
        )
        self.stdout.write(
            f"demo.admin dan demo.bkn memakai verifikasi dua langkah: kunci rahasia TOTP demo "
            f"{DEMO_TOTP_SECRET} (tambahkan ke aplikasi autentikator)."
        )
