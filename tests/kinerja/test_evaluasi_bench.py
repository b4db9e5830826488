"""`bench evaluasi`: runs the annual batch on generate_scale data and prints the JSON line last."""

import io
import json

import pytest
from django.core.management import call_command

from kinerja import rules
from kinerja.models import EvaluasiTahunan

pytestmark = pytest.mark.django_db


def test_bench_evaluasi_prints_json_last_and_every_row_gets_the_rule_predikat():
    out = io.StringIO()
    call_command("bench", "evaluasi", "--pegawai", "40", "--instansi", "UJIE", "--repeat", "1", stdout=out)
    data = json.loads(out.getvalue().strip().splitlines()[-1])
    assert data["name"] == "evaluasi" and data["n"] == 40 and data["rows"] == 40
    for key in ("seconds", "floor_seconds", "ratio"):
        assert data[key] is not None
    rows = EvaluasiTahunan.objects.filter(pegawai__instansi__kode="UJIE")
    assert rows.count() == 40
    for ev in rows:
        expected = (
            rules.predikat_kinerja(ev.rating_hasil, ev.rating_perilaku)
            if ev.rating_hasil and ev.rating_perilaku
            else ""
        )
        assert ev.predikat == expected
