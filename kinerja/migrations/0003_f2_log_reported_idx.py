"""F2: a partial index over reported (non-draft) logs per pegawai and date.

"Has this pegawai reported in this window?" (compliance board, atasan board, reminders) becomes an
index-only probe: 5.2 s -> 1.2 s for the board of 100,000 pegawai over 10M logs (docs/benchmarks.md).
The queries filter with NOT (status = 'draft'), the index predicate, so PostgreSQL can use it.
RunSQL keeps models.py untouched (owned by another helper) and the model state unchanged.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS log_reported_pegawai_idx "
    "ON kinerja_logharian (pegawai_id, tanggal) WHERE NOT (status = 'draft')"
)
DROP = "DROP INDEX IF EXISTS log_reported_pegawai_idx"


class Migration(migrations.Migration):
    dependencies = [("kinerja", "0002_f2_log_submitted_idx")]

    operations = [migrations.RunSQL(CREATE, DROP)]
