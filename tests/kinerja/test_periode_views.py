"""Periode kinerja page and API: the admin instansi manages their own instansi's years and windows;
admin BKN any instansi; ASN and foreign admins are refused; bad input is a 400, never a 500."""

import pytest
from rest_framework.test import APIClient

from kinerja.models import Periode
from kinerja.services import periode as svc

pytestmark = pytest.mark.django_db

PAGE = "/kinerja/periode/"
API = "/api/kinerja/periode/"


def api(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_admin_instansi_creates_a_monthly_year_on_the_page(client, admin_bkd, instansi):
    client.force_login(admin_bkd.user)
    assert client.get(PAGE).status_code == 200
    r = client.post(PAGE, {"tahun": "2027", "jenis_periodik": "bulanan"})
    assert r.status_code == 302
    periode = Periode.objects.get(instansi=instansi, tahun=2027)
    assert periode.windows.count() == 12
    page = client.get(PAGE).content.decode()
    assert "2027" in page and "Tutup tahun" in page


@pytest.mark.parametrize(
    "data",
    [
        {"tahun": "abc", "jenis_periodik": "bulanan"},
        {"tahun": "2027", "jenis_periodik": "harian"},
        {"tahun": "99999999999999999999", "jenis_periodik": "bulanan"},
        {"tahun": "1900", "jenis_periodik": "bulanan"},
    ],
)
def test_bad_input_on_the_page_is_400_with_a_message(client, admin_bkd, data):
    client.force_login(admin_bkd.user)
    r = client.post(PAGE, data)
    assert r.status_code == 400
    assert not Periode.objects.exists()


def test_duplicate_year_on_the_page_is_400(client, admin_bkd, instansi):
    svc.periode_create(instansi=instansi, tahun=2027, jenis_periodik="bulanan")
    client.force_login(admin_bkd.user)
    r = client.post(PAGE, {"tahun": "2027", "jenis_periodik": "triwulanan"})
    assert r.status_code == 400 and "sudah ada" in r.content.decode()
    assert Periode.objects.get(instansi=instansi, tahun=2027).jenis_periodik == "bulanan"


def test_asn_and_foreign_admin_are_refused(client, pegawai, admin_lain, instansi):
    periode = svc.periode_create(instansi=instansi, tahun=2027, jenis_periodik="triwulanan")
    window = periode.windows.get(nomor=1)
    client.force_login(pegawai.user)
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"tahun": "2028", "jenis_periodik": "bulanan"}).status_code == 403
    assert client.post(f"/kinerja/periode/{periode.pk}/status/", {"status": "closed"}).status_code == 403
    client.force_login(admin_lain.user)
    assert client.post(f"/kinerja/periode/{periode.pk}/status/", {"status": "closed"}).status_code == 403
    assert client.post(f"/kinerja/periode/window/{window.pk}/status/", {"status": "closed"}).status_code == 403
    assert "2027" not in client.get(PAGE).content.decode()  # not their instansi's year
    # The API looks the year up through the viewer's scope: another instansi's year does not exist.
    assert (
        api(admin_lain.user).post(f"/api/kinerja/periode/{periode.pk}/status/", {"status": "closed"}).status_code == 404
    )
    assert (
        api(admin_lain.user).post(f"/api/kinerja/periode/window/{window.pk}/status/", {"status": "closed"}).status_code
        == 404
    )
    assert api(admin_lain.user).post(f"/api/kinerja/periode/{periode.pk}/salin-skp-tahun-lalu/").status_code == 404
    assert api(pegawai.user).post(API, {"tahun": 2028, "jenis_periodik": "bulanan"}).status_code == 403
    periode.refresh_from_db()
    window.refresh_from_db()
    assert periode.status == "open" and window.status == "open"
    assert not Periode.objects.filter(tahun=2028).exists()


def test_admin_closes_and_reopens_year_and_window_on_the_page(client, admin_bkd, instansi):
    periode = svc.periode_create(instansi=instansi, tahun=2027, jenis_periodik="triwulanan")
    window = periode.windows.get(nomor=3)
    client.force_login(admin_bkd.user)
    assert client.post(f"/kinerja/periode/window/{window.pk}/status/", {"status": "closed"}).status_code == 302
    assert client.post(f"/kinerja/periode/{periode.pk}/status/", {"status": "closed"}).status_code == 302
    periode.refresh_from_db()
    window.refresh_from_db()
    assert (periode.status, window.status) == ("closed", "closed")
    # a repeated or bogus status is a message, not an error page
    assert client.post(f"/kinerja/periode/{periode.pk}/status/", {"status": "closed"}).status_code == 302
    assert client.post(f"/kinerja/periode/{periode.pk}/status/", {"status": "bogus"}).status_code == 302
    assert client.post(f"/kinerja/periode/{periode.pk}/status/", {"status": "open"}).status_code == 302
    assert Periode.objects.get(pk=periode.pk).status == "open"
    assert client.post(f"/kinerja/periode/{2**70}/status/", {"status": "open"}).status_code == 404


def test_admin_bkn_creates_for_any_instansi_through_the_api(admin_bkn, instansi_lain):
    r = api(admin_bkn).post(API, {"tahun": 2027, "jenis_periodik": "triwulanan", "instansi": instansi_lain.pk})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["instansi"] == instansi_lain.pk and len(body["windows"]) == 4
    assert api(admin_bkn).post(API, {"tahun": 2027, "jenis_periodik": "x"}).status_code == 400


def test_api_create_duplicate_and_bad_year_are_400_with_field_errors(admin_bkd, instansi):
    c = api(admin_bkd.user)
    assert c.post(API, {"tahun": 2027, "jenis_periodik": "bulanan"}).status_code == 201
    r = c.post(API, {"tahun": 2027, "jenis_periodik": "bulanan"})
    assert r.status_code == 400 and "tahun" in r.json()
    r = c.post(API, {"tahun": -5, "jenis_periodik": "bulanan"})
    assert r.status_code == 400 and "tahun" in r.json()
    periode = Periode.objects.get(instansi=instansi, tahun=2027)
    w = periode.windows.get(nomor=1).pk
    r = c.post(f"/api/kinerja/periode/window/{w}/status/", {"status": "closed"})
    assert r.status_code == 200 and r.json()["status"] == "closed"
    assert c.post(f"/api/kinerja/periode/window/{w}/status/", {"status": "closed"}).status_code == 400


def test_periode_page_and_api_query_counts_do_not_grow_with_years(client, admin_bkd, instansi):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    svc.periode_create(instansi=instansi, tahun=2026, jenis_periodik="triwulanan")
    client.force_login(admin_bkd.user)
    c = api(admin_bkd.user)
    client.get(PAGE), c.get(API)  # warm per-user caches (roles)
    with CaptureQueriesContext(connection) as one_page:
        client.get(PAGE)
    with CaptureQueriesContext(connection) as one_api:
        c.get(API)
    for tahun in (2027, 2028, 2029):
        svc.periode_create(instansi=instansi, tahun=tahun, jenis_periodik="bulanan")
    with CaptureQueriesContext(connection) as many_page:
        r = client.get(PAGE)
    with CaptureQueriesContext(connection) as many_api:
        body = c.get(API).json()
    assert r.status_code == 200 and len(body) == 4
    assert len(many_page.captured_queries) == len(one_page.captured_queries) == 8
    assert len(many_api.captured_queries) == len(one_api.captured_queries) == 2
