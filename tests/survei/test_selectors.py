"""The IKM aggregated in SQL (survei.selectors) equals the pure rule (survei.ikm.hitung_ikm)."""

import random

import pytest

from survei import ikm, selectors
from survei.models import Respon
from tests.survei.factories import JenisLayananFactory, PeriodeSurveiFactory, ResponFactory

pytestmark = pytest.mark.django_db


def _answers(rnd):
    return [rnd.choice([None, 1, 2, 3, 3, 4, 4, 4]) for _ in range(9)]


@pytest.mark.parametrize("seed", [1, 2])
def test_sql_ikm_equals_hitung_ikm(seed, django_assert_num_queries):
    rnd = random.Random(seed)
    periode = PeriodeSurveiFactory()
    rows = []
    for _ in range(120):
        a = _answers(rnd)
        if all(x is None for x in a):
            a[0] = 4
        rows.append(a)
        ResponFactory(periode=periode, **{f"u{i + 1}": v for i, v in enumerate(a)})
    with django_assert_num_queries(1):
        got = selectors.ikm_of(Respon.objects.filter(periode=periode))
    assert got == ikm.hitung_ikm(rows)


def test_grouped_ikm_per_jenis_layanan_equals_the_rule_per_group(django_assert_num_queries):
    rnd = random.Random(3)
    periode = PeriodeSurveiFactory()
    jenis = [JenisLayananFactory(unit=periode.unit) for _ in range(3)]
    by_group = {j.pk: [] for j in jenis}
    for i in range(90):
        j = jenis[i % 3]
        a = [rnd.randint(1, 4) for _ in range(9)]
        by_group[j.pk].append(a)
        ResponFactory(periode=periode, jenis_layanan=j, **{f"u{k + 1}": v for k, v in enumerate(a)})
    with django_assert_num_queries(1):
        rows = selectors.ikm_grouped(Respon.objects.filter(periode=periode), "jenis_layanan")
    assert {r.key: r.hasil for r in rows} == {k: ikm.hitung_ikm(v) for k, v in by_group.items()}
    assert all(r.n == 30 for r in rows)


def test_small_profile_groups_keep_their_count_but_hide_their_index():
    periode = PeriodeSurveiFactory()
    for _ in range(4):
        ResponFactory(periode=periode, usia="17-25", u1=4)
    for _ in range(5):
        ResponFactory(periode=periode, usia="26-35", u1=2)
    rows = {r.key: r for r in selectors.ikm_grouped(Respon.objects.filter(periode=periode), "usia", min_n=5)}
    assert rows["17-25"].n == 4 and rows["17-25"].hasil is None
    assert rows["26-35"].n == 5 and rows["26-35"].hasil.ikm == ikm.hitung_ikm([[2] + [None] * 8] * 5).ikm


def test_no_response_gives_no_index():
    periode = PeriodeSurveiFactory()
    assert selectors.ikm_of(Respon.objects.filter(periode=periode)) is None
