"""Error answers: JSON under /api/ (never a Django debug or HTML page for API clients), Indonesian
HTML pages elsewhere."""

import pytest
from django.test import Client
from django.urls import path

from common import views


def test_unknown_api_url_is_a_json_404(client, pegawai):
    client.force_login(pegawai.user)
    for url in ("/api/tidak-ada/", "/api/pegawai/-3.5e-10/", "/api/unit-kerja/abc/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/json"
        assert "tidak ditemukan" in response.json()["detail"].lower()  # ours or DRF's own 404


def test_unknown_page_is_an_indonesian_html_404(client, pegawai, penilai):
    client.force_login(pegawai.user)
    response = client.get(f"/pegawai/{penilai.pk}/")  # exists, but outside the ASN's scope
    assert response.status_code == 404
    body = response.content.decode()
    assert 'id="error-404"' in body
    assert "Halaman tidak ditemukan" in body
    assert penilai.nama not in body


def test_forbidden_page_is_an_indonesian_html_403(client, pegawai):
    client.force_login(pegawai.user)
    response = client.get("/pegawai/tambah/")
    assert response.status_code == 403
    assert 'id="error-403"' in response.content.decode()


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("api/boom/", _boom), path("boom/", _boom)]
handler500 = views.server_error


@pytest.mark.urls(__name__)
def test_server_error_is_json_under_api_and_html_elsewhere(db):
    client = Client(raise_request_exception=False)
    api = client.get("/api/boom/")
    assert api.status_code == 500
    assert api.json() == {"detail": "Terjadi kesalahan pada server. Silakan coba lagi."}
    page = client.get("/boom/")
    assert page.status_code == 500
    assert "Terjadi kesalahan" in page.content.decode()
