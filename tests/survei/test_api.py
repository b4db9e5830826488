"""Survei API: public submit (throttled, idempotent, 400 with Indonesian field errors), units and
periods, results of a period (scoped: 404 outside)."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from pegawai.permissions import Peran
from survei import services
from survei.models import Respon
from tests.pegawai.factories import PegawaiFactory, UserFactory
from tests.survei.factories import JenisLayananFactory, PeriodeSurveiFactory, ResponFactory, UnitLayananFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient(enforce_csrf_checks=True)


@pytest.fixture
def periode():
    p = PeriodeSurveiFactory(unit=UnitLayananFactory(kode="dukcapil-tangsel", nama="Loket KTP-el"), populasi=1000)
    JenisLayananFactory(unit=p.unit, nama="Perekaman KTP-el")
    return p


def body(periode, **over):
    data = {f"u{i}": 4 for i in range(1, 10)}
    data["jenis_layanan"] = periode.unit.jenis_layanan.first().pk
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def submit_url(kode="dukcapil-tangsel"):
    return reverse("api_survei_submit", args=[kode])


def pengelola_of(unit):
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=Peran.PENGELOLA_SURVEI)[0])
    unit.pengelola.add(user)
    return user


def test_public_submit_stores_one_anonymous_response(api, periode):
    response = api.post(submit_url(), body(periode, saran="Cepat"), format="json")
    assert response.status_code == 201, response.json()
    respon = Respon.objects.get()
    assert response.json() == {"id": respon.pk, "baru": True}
    assert respon.periode == periode and respon.jawaban() == [4] * 9 and respon.saran == "Cepat"


def test_submit_retry_with_the_same_client_token_counts_once(api, periode):
    token = str(uuid.uuid4())
    first = api.post(submit_url(), body(periode, client_token=token), format="json")
    again = api.post(submit_url(), body(periode, client_token=token), format="json")
    assert first.status_code == 201 and again.status_code == 200
    assert again.json() == {"id": first.json()["id"], "baru": False}
    assert Respon.objects.count() == 1


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        ({"u3": None}, "u3", "Pilih satu jawaban untuk pertanyaan nomor 3."),
        ({"u5": 7}, "u5", "Jawaban pertanyaan nomor 5 harus 1 sampai 4."),
        ({"u1": "x"}, "u1", "Jawaban pertanyaan nomor 1 harus 1 sampai 4."),
        ({"jenis_layanan": 999999}, "jenis_layanan", "Layanan tidak dikenal di unit ini."),
        ({"client_token": "bukan-uuid"}, "client_token", "UUID"),
    ],
)
def test_bad_submit_is_400_with_indonesian_field_errors_and_nothing_stored(api, periode, over, field, message):
    response = api.post(submit_url(), body(periode, **over), format="json")
    assert response.status_code == 400
    assert any(message in m for m in response.json()[field])
    assert not Respon.objects.exists()


def test_submit_refuses_junk_closed_unknown_and_huge(api, periode):
    assert api.post(submit_url(), [1, 2, 3], format="json").status_code == 400
    assert api.post(submit_url(), "{not json", content_type="application/json").status_code == 400
    assert api.post(submit_url(), body(periode, website="http://spam"), format="json").status_code == 400
    assert api.post(submit_url("tidak-ada"), body(periode), format="json").status_code == 404
    huge = api.post(submit_url(), body(periode, saran="x" * 70000), format="json")
    assert huge.status_code == 400
    periode.status = periode.Status.CLOSED
    periode.save()
    closed = api.post(submit_url(), body(periode), format="json")
    assert closed.status_code == 400 and "tidak dibuka" in closed.json()["detail"][0]
    assert not Respon.objects.exists()


def test_a_flood_from_one_client_is_throttled(api, periode, monkeypatch):
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "survei_submit", "3/hour")
    codes = [api.post(submit_url(), body(periode), format="json").status_code for _ in range(5)]
    assert codes == [201, 201, 201, 429, 429]
    assert Respon.objects.count() == 3
    # the cache key is the keyed hash, never the address in clear
    assert cache.get(f"throttle_survei_submit_{services.client_key('127.0.0.1')}")
    assert cache.get("throttle_survei_submit_127.0.0.1") is None


def test_units_and_periods_are_listed_for_their_pengelola_only(api, periode, django_assert_num_queries):
    other = PeriodeSurveiFactory()
    user = pengelola_of(periode.unit)
    second = UnitLayananFactory()
    second.pengelola.add(user)
    PeriodeSurveiFactory(unit=second)
    api.force_authenticate(user)
    with django_assert_num_queries(5):  # count, units, periods, jenis layanan (+ the groups of the role check)
        response = api.get(reverse("api_survei_unit"))
    assert response.status_code == 200
    kodes = [u["kode"] for u in response.json()["results"]]
    assert sorted(kodes) == sorted([periode.unit.kode, second.kode])
    assert other.unit.kode not in kodes
    unit = next(u for u in response.json()["results"] if u["kode"] == "dukcapil-tangsel")
    assert unit["jenis_layanan"] == ["Perekaman KTP-el"] and unit["periode"][0]["id"] == periode.pk
    api.force_authenticate(PegawaiFactory().user)
    assert api.get(reverse("api_survei_unit")).json()["results"] == []
    api.force_authenticate(None)
    assert api.get(reverse("api_survei_unit")).status_code in (401, 403)


def test_results_of_a_period_for_its_pengelola_and_404_for_another(api, periode):
    ResponFactory.create_batch(3, periode=periode, **{f"u{i}": 4 for i in range(1, 10)})
    ResponFactory(periode=periode, **{f"u{i}": 2 for i in range(1, 10)})
    api.force_authenticate(pengelola_of(periode.unit))
    data = api.get(reverse("api_survei_hasil", args=[periode.pk])).json()
    assert data["jumlah_responden"] == 4 and data["ikm"] == "87.50" and data["mutu"] == "B"
    assert data["sampel_minimal"] == 278
    assert [u["nrr"] for u in data["unsur"]] == ["3.50"] * 9
    api.force_authenticate(pengelola_of(UnitLayananFactory()))
    assert api.get(reverse("api_survei_hasil", args=[periode.pk])).status_code == 404
    api.force_authenticate(PegawaiFactory().user)
    assert api.get(reverse("api_survei_hasil", args=[periode.pk])).status_code == 404
