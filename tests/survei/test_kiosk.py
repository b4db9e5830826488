"""Kiosk mode pages (server side): the form with the queue script, the day's count, the manifest."""

import datetime as dt
import json

import pytest
import time_machine
from django.urls import reverse

from tests.survei.factories import PeriodeSurveiFactory, ResponFactory, UnitLayananFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def periode():
    return PeriodeSurveiFactory(unit=UnitLayananFactory(kode="dukcapil-tangsel", nama="Loket KTP-el"))


def test_kiosk_page_is_the_form_with_the_offline_queue_and_todays_count(client, periode, django_assert_num_queries):
    ResponFactory.create_batch(3, periode=periode)
    with django_assert_num_queries(4):  # unit, open period, today's count, jenis layanan
        html = client.get(reverse("skm:kiosk", args=["dukcapil-tangsel"])).content.decode()
    assert 'id="kiosk-count">3<' in html
    assert "survei-kiosk.js" in html and 'rel="manifest"' in html
    assert f'data-api="{reverse("api_survei_submit", args=["dukcapil-tangsel"])}"' in html
    assert html.count('type="radio"') == 36
    assert f'action="{reverse("skm:form", args=["dukcapil-tangsel"])}"' in html  # works without JavaScript


def test_todays_count_counts_only_today_in_jakarta(client, periode):
    with time_machine.travel(dt.datetime(2026, 12, 1, 16, 30, tzinfo=dt.UTC)):  # 23:30 WIB, 1 Dec
        ResponFactory(periode=periode)
    with time_machine.travel(dt.datetime(2026, 12, 1, 17, 30, tzinfo=dt.UTC)):  # 00:30 WIB, 2 Dec
        ResponFactory.create_batch(2, periode=periode)
        ResponFactory(periode=PeriodeSurveiFactory())  # another unit
        response = client.get(reverse("skm:kiosk_count", args=["dukcapil-tangsel"]))
    assert response.json() == {"hari_ini": 2}
    assert response["Cache-Control"] == "no-store"


def test_manifest_installs_the_kiosk_full_screen(client, periode):
    response = client.get(reverse("skm:kiosk_manifest", args=["dukcapil-tangsel"]))
    assert response["Content-Type"].startswith("application/manifest+json")
    data = json.loads(response.content)
    assert data["start_url"] == reverse("skm:kiosk", args=["dukcapil-tangsel"])
    assert data["display"] == "fullscreen" and data["name"] == "SKM Loket KTP-el" and data["icons"]


def test_kiosk_of_unknown_unit_is_404_and_a_closed_period_says_so(client, periode):
    assert client.get(reverse("skm:kiosk", args=["tidak-ada"])).status_code == 404
    assert client.get(reverse("skm:kiosk_count", args=["tidak-ada"])).status_code == 404
    periode.status = periode.Status.CLOSED
    periode.save()
    assert "tidak dibuka" in client.get(reverse("skm:kiosk", args=["dukcapil-tangsel"])).content.decode()
