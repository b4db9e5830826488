"""The published results page /s/<kode>/hasil/: aggregates only, no saran, no small groups."""

import pytest
from django.urls import reverse

from tests.survei.factories import JenisLayananFactory, PeriodeSurveiFactory, ResponFactory, UnitLayananFactory

pytestmark = pytest.mark.django_db

ALL4 = {f"u{i}": 4 for i in range(1, 10)}
ALL3 = {f"u{i}": 3 for i in range(1, 10)}


@pytest.fixture
def periode():
    p = PeriodeSurveiFactory(unit=UnitLayananFactory(kode="loket-ktp", nama="Loket KTP-el"), nama="Semester II 2026")
    ktp = JenisLayananFactory(unit=p.unit, nama="Perekaman KTP-el")
    kk = JenisLayananFactory(unit=p.unit, nama="Kartu Keluarga")
    ResponFactory.create_batch(6, periode=p, jenis_layanan=ktp, usia="26-35", saran="RAHASIA petugas loket 3", **ALL4)
    ResponFactory.create_batch(2, periode=p, jenis_layanan=kk, usia="56+", **ALL3)
    return p


def _url(unit, **params):
    url = reverse("skm:hasil", args=[unit.kode])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_public_results_show_the_aggregates_without_login(client, periode):
    page = client.get(_url(periode.unit))
    assert page.status_code == 200
    html = page.content.decode()
    # 6 x all-4 and 2 x all-3: NRR 3.75 per unsur, IKM 93.75 (A)
    assert "93,75" in html or "93.75" in html
    assert "Sangat Baik" in html
    assert "Semester II 2026" in html
    assert html.count('class="bar-row') == 9


def test_public_results_never_show_saran(client, periode):
    assert "RAHASIA" not in client.get(_url(periode.unit)).content.decode()


def test_groups_below_five_respondents_are_not_shown(client, periode):
    html = client.get(_url(periode.unit)).content.decode()
    assert "26–35 tahun" in html
    assert "56 tahun ke atas" not in html  # only 2 respondents in that age band
    assert "Perekaman KTP-el" in html
    assert "Kartu Keluarga" not in html  # only 2 respondents used it


def test_unknown_or_inactive_unit_and_foreign_period_are_404(client, periode):
    assert client.get(reverse("skm:hasil", args=["tidak-ada"])).status_code == 404
    other = PeriodeSurveiFactory()
    assert client.get(_url(periode.unit, periode=other.pk)).status_code == 404
    periode.unit.aktif = False
    periode.unit.save()
    assert client.get(_url(periode.unit)).status_code == 404


def test_an_empty_period_says_so(client):
    p = PeriodeSurveiFactory()
    html = client.get(_url(p.unit)).content.decode()
    assert "Belum ada responden" in html


def test_public_results_query_count_is_fixed(client, periode, django_assert_num_queries):
    ResponFactory.create_batch(10, periode=periode, usia="17-25", **ALL3)
    # unit, periods, IKM, jenis layanan names, 5 GROUP BY queries (layanan + 4 profile fields)
    with django_assert_num_queries(9):
        assert client.get(_url(periode.unit)).status_code == 200
