"""`manage.py bench pelatihan`: structure of the JSON last line and the data it builds (never timings)."""

import io
import json

import pytest
from django.core.management import call_command

from pelatihan.models import JpEksternal, Pendaftaran


@pytest.mark.django_db
def test_bench_pelatihan_reports_against_the_sql_floor():
    out = io.StringIO()
    args = ["pelatihan", "--pegawai", "60", "--requests", "2", "--warmup", "1"]
    call_command("bench", *args, stdout=out)
    lines = out.getvalue().strip().splitlines()
    result = json.loads(lines[-1])
    assert result["name"] == "pelatihan" and result["n"] == 60
    assert result["ratio"] == pytest.approx(result["seconds"] / result["floor_seconds"])
    assert 0 < result["di_bawah_target"] < 60  # some reach 20 JP (12 internal + up to 20 external)
    assert any("floor" in line for line in lines[:-1])
    counts = (Pendaftaran.objects.count(), JpEksternal.objects.count())
    call_command("bench", *args, stdout=io.StringIO())  # reuses the data, adds nothing
    assert counts == (Pendaftaran.objects.count(), JpEksternal.objects.count())
