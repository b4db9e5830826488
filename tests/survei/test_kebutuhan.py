"""Feedback into training: at period close, U6/U7 below the unit's threshold become a recorded need."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from config.celery import app as celery_app
from pegawai.permissions import Peran
from survei import services, tasks
from survei.models import KebutuhanPelatihanSurvei, PeriodeSurvei
from tests.pegawai.factories import UserFactory
from tests.survei.factories import PeriodeSurveiFactory, ResponFactory, UnitLayananFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2027, 1, 2)


def answers(**over):
    a = {f"u{i}": 4 for i in range(1, 10)}
    a.update(over)
    return a


@pytest.fixture
def ended():
    """A period that ended yesterday: U6 averages 2.50, U7 3.00, the rest 4."""
    p = PeriodeSurveiFactory(mulai=dt.date(2026, 7, 1), selesai=dt.date(2027, 1, 1))
    ResponFactory(periode=p, **answers(u6=2, u7=3))
    ResponFactory(periode=p, **answers(u6=3, u7=3))
    return p


def test_close_records_a_need_for_each_unsur_below_the_threshold(ended, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.periode_close_due(today=TODAY) == [ended.pk]
    ended.refresh_from_db()
    assert ended.status == PeriodeSurvei.Status.CLOSED
    need = KebutuhanPelatihanSurvei.objects.get()  # U7 = 3.00 is not *below* 3.00
    assert (need.unit, need.periode, need.unsur) == (ended.unit, ended, "U6")
    assert need.nrr == Decimal("2.50") and need.ambang == Decimal("3.00") and need.jumlah_responden == 2


def test_the_threshold_is_the_units_own(ended):
    ended.unit.ambang_pelatihan = Decimal("3.10")
    ended.unit.save()
    assert services.kebutuhan_pelatihan_record(periode=ended) == 2
    assert set(KebutuhanPelatihanSurvei.objects.values_list("unsur", flat=True)) == {"U6", "U7"}


def test_close_and_record_are_safe_to_run_twice(ended, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.periode_close_due(today=TODAY)
    with django_capture_on_commit_callbacks(execute=True) as again:
        assert services.periode_close_due(today=TODAY) == []
    assert again == []
    assert tasks.kebutuhan_pelatihan_task(ended.pk) == 0
    assert KebutuhanPelatihanSurvei.objects.count() == 1


def test_open_and_running_periods_are_left_alone(django_capture_on_commit_callbacks):
    running = PeriodeSurveiFactory(mulai=dt.date(2026, 12, 1), selesai=TODAY)
    ResponFactory(periode=running, **answers(u6=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.periode_close_due(today=TODAY) == []
    running.refresh_from_db()
    assert running.status == PeriodeSurvei.Status.OPEN
    assert not KebutuhanPelatihanSurvei.objects.exists()


def test_a_period_without_responses_records_nothing(django_capture_on_commit_callbacks):
    PeriodeSurveiFactory(mulai=dt.date(2026, 7, 1), selesai=dt.date(2027, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        assert len(services.periode_close_due(today=TODAY)) == 1
    assert not KebutuhanPelatihanSurvei.objects.exists()


def test_the_daily_close_is_scheduled():
    entry = celery_app.conf.beat_schedule["survei-periode-tutup"]
    assert entry["task"] == "survei.tasks.periode_close_due_task"
    assert entry["task"] in celery_app.tasks


def test_results_page_shows_the_need_with_a_fixed_query_count(client, ended, django_assert_num_queries):
    services.kebutuhan_pelatihan_record(periode=ended)
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=Peran.PENGELOLA_SURVEI)[0])
    ended.unit.pengelola.add(user)
    ResponFactory.create_batch(10, periode=ended, saran="Baik", **answers())
    client.force_login(user)
    url = reverse("survei:hasil", args=[ended.unit.pk])
    client.get(url)  # warm the session
    with django_assert_num_queries(17):
        html = client.get(url).content.decode()
    assert "Kebutuhan pelatihan" in html and "Kompetensi pelaksana" in html
    other = UnitLayananFactory()
    assert client.get(reverse("survei:hasil", args=[other.pk])).status_code == 404
