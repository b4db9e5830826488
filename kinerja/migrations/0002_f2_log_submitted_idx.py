"""F2: a partial index over the few waiting (submitted) logs, per pegawai and date.

Serves the approval queue (status = submitted AND pegawai IN team), the compliance board's "logs
waiting" counts and the reminder's old-queue query without walking the whole status index
(see docs/benchmarks.md, kinerja). RunSQL keeps models.py untouched (owned by another helper); the
index is not in the model state, so makemigrations never proposes to drop it.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS log_submitted_pegawai_idx "
    "ON kinerja_logharian (pegawai_id, tanggal) WHERE status = 'submitted'"
)
DROP = "DROP INDEX IF EXISTS log_submitted_pegawai_idx"


class Migration(migrations.Migration):
    dependencies = [("kinerja", "0001_initial")]

    operations = [migrations.RunSQL(CREATE, DROP)]
