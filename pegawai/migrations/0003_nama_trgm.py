"""Trigram index for name search (UPPER(nama) LIKE '%...%'); PostgreSQL only, a no-op on SQLite."""

from django.db import migrations


def add_trgm(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS pegawai_nama_trgm_idx ON pegawai_pegawai USING gin (UPPER(nama) gin_trgm_ops)"
    )


def drop_trgm(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS pegawai_nama_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("pegawai", "0002_importjob"),
    ]

    operations = [migrations.RunPython(add_trgm, drop_trgm)]
