"""Small defects (defect 12): the favicon, and /api/notifikasi/ answering what its OpenAPI schema says."""

import pytest
from django.contrib.staticfiles import finders

from common.models import Notifikasi

pytestmark = pytest.mark.django_db


def test_favicon_ico_redirects_to_the_svg_icon_that_exists(client):
    r = client.get("/favicon.ico")
    assert r.status_code == 301 and r["Location"].endswith("/static/favicon.svg")
    path = finders.find("favicon.svg")
    with open(path) as f:
        assert f.read().startswith("<svg")


def test_pages_link_the_icon(client, pegawai):
    client.force_login(pegawai.user)
    assert 'rel="icon" href="/static/favicon.svg"' in client.get("/").content.decode()


def _schema(client) -> dict:
    return client.get("/api/schema/", {"format": "json"}).json()


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _response_schema(schema: dict, method: str) -> dict:
    op = schema["paths"]["/api/notifikasi/"][method]
    return _resolve(schema, op["responses"]["200"]["content"]["application/json"]["schema"])


def test_notifikasi_list_matches_its_schema(client, pegawai):
    Notifikasi.objects.create(penerima=pegawai.user, jenis="uji", judul="Halo", pesan="Isi", url="/")
    client.force_login(pegawai.user)
    schema = _schema(client)
    body = client.get("/api/notifikasi/").json()
    described = _response_schema(schema, "get")
    assert described.get("type") == "object"
    assert set(body) == set(described["properties"]) == {"belum_dibaca", "results"}
    item = _resolve(schema, described["properties"]["results"]["items"])
    assert set(body["results"][0]) == set(item["properties"])
    assert body["belum_dibaca"] == 1


def test_notifikasi_mark_read_matches_its_schema(client, pegawai):
    Notifikasi.objects.create(penerima=pegawai.user, jenis="uji", judul="Halo", pesan="Isi", url="/")
    client.force_login(pegawai.user)
    schema = _schema(client)
    body = client.post("/api/notifikasi/", {}, content_type="application/json").json()
    assert set(body) == set(_response_schema(schema, "post")["properties"]) == {"ditandai", "belum_dibaca"}
    assert body == {"ditandai": 1, "belum_dibaca": 0}
