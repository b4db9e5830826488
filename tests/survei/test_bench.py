import json
from io import StringIO

import pytest
from django.core.management import call_command

from common.bench import REQUIRED_KEYS
from survei import ikm
from survei.models import Respon

pytestmark = pytest.mark.django_db


def test_bench_survei_prints_the_ikm_against_a_plain_average_as_json_last():
    out = StringIO()
    call_command("bench", "survei", "--respon", "300", "--repeat", "2", stdout=out)
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert set(REQUIRED_KEYS) <= set(result) and result["n"] == 300
    rows = [r.jawaban() for r in Respon.objects.all()]
    assert len(rows) == 300 and result["ikm"] == str(ikm.hitung_ikm(rows).ikm)
