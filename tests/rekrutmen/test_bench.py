import json
from io import StringIO

import pytest
from django.core.management import call_command

from common.bench import REQUIRED_KEYS
from rekrutmen.models import Lamaran
from tests.rekrutmen.factories import parameter_2024

pytestmark = pytest.mark.django_db


def test_bench_rekrutmen_ranks_generated_applicants_and_prints_json_last():
    parameter_2024()  # present unless a transactional test flushed it
    out = StringIO()
    call_command("bench", "rekrutmen", "--pelamar", "400", "--formasi", "20", "--repeat", "1", stdout=out)
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert set(REQUIRED_KEYS) <= set(result) and result["n"] == 400 and result["formasi"] == 20
    assert Lamaran.objects.count() == 400
    # the ranking was written: every formation sends at most 3 x kuota (plus ties) to SKB
    assert result["ke_skb"] == Lamaran.objects.filter(ke_skb=True).count() > 0


def test_generate_scale_gains_applicants():
    parameter_2024()
    out = StringIO()
    call_command("generate_scale", "--pegawai", "5", "--pelamar", "50", "--formasi", "5", stdout=out)
    assert Lamaran.objects.count() == 50
    assert Lamaran.objects.values("formasi").distinct().count() == 5
