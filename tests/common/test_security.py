"""Content-Security-Policy (django-csp 4) and API throttling (DRF) as production runs them."""

import re
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.module_loading import import_string
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from config.settings import base
from tests.kinerja.log_helpers import setup_skp

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def _directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_pages_send_a_self_only_policy_without_unsafe_inline(client, db):
    policy = _directives(client.get("/accounts/login/"))
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]  # htmx settles style attributes
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]


def test_inline_style_blocks_and_htmx_carry_the_nonce_of_the_page(client, pegawai, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    setup_skp(pegawai)
    client.force_login(pegawai.user)
    r = client.get("/kinerja/log/")
    assert r.status_code == 200
    policy = _directives(r)
    nonce = re.search(r"'nonce-([^']+)'", " ".join(policy["script-src"])).group(1)
    html = r.content.decode()
    assert f'<style nonce="{nonce}">' in html
    assert f'"inlineStyleNonce": "{nonce}"' in html  # htmx's indicator <style>
    assert "onclick=" not in html and "onchange=" not in html
    assert client.get("/kinerja/log/")["Content-Security-Policy"] != r["Content-Security-Policy"]  # fresh per request


def test_templates_have_no_inline_scripts_or_event_handlers():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        if "pdf" in path.parts:  # rendered by WeasyPrint, never by a browser
            continue
        text = path.read_text()
        if re.search(r"\son[a-z]+\s*=", text):
            offenders.append(f"{path.relative_to(TEMPLATES)}: inline event handler")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "application/json" not in tag:
                offenders.append(f"{path.relative_to(TEMPLATES)}: inline <script>")
        for tag in re.findall(r"<style\b[^>]*>", text):
            if "csp_nonce" not in tag:
                offenders.append(f"{path.relative_to(TEMPLATES)}: <style> without nonce")
    assert offenders == []


def test_only_the_api_docs_page_may_load_swagger_from_its_cdn(admin_client):
    docs = _directives(admin_client.get("/api/docs/"))
    assert "https://cdn.jsdelivr.net" in docs["script-src"]
    home = _directives(admin_client.get("/accounts/login/"))
    assert "https://cdn.jsdelivr.net" not in home["script-src"]


@pytest.fixture
def production_throttling(monkeypatch):
    """The throttle classes and rates of base settings (the test settings switch them off). DRF reads
    both at import time, so they are patched where it keeps them."""
    drf = base.REST_FRAMEWORK
    monkeypatch.setattr(APIView, "throttle_classes", [import_string(c) for c in drf["DEFAULT_THROTTLE_CLASSES"]])
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", drf["DEFAULT_THROTTLE_RATES"])
    # A fresh client address per run: the counters live in the shared (Redis) cache.
    return f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"


def test_token_endpoint_answers_429_after_ten_tries_a_minute(client, db, production_throttling):
    ip = production_throttling
    limit = int(base.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth"].split("/")[0])
    body = {"username": "tidak.ada", "password": "salah"}
    codes = [client.post("/api/auth/token/", body, REMOTE_ADDR=ip).status_code for _ in range(limit + 1)]
    assert codes[:limit] == [400] * limit
    assert codes[limit] == 429
    r = client.post("/api/auth/token/", body, REMOTE_ADDR=ip)
    assert r.status_code == 429 and "Retry-After" in r
    # Another client is not affected.
    assert client.post("/api/auth/token/", body, REMOTE_ADDR="10.254.254.254").status_code in (400, 429)


def test_a_spoofed_x_forwarded_for_does_not_escape_the_limit(client, db, production_throttling, settings):
    ip = production_throttling
    limit = int(base.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth"].split("/")[0])
    body = {"username": "tidak.ada", "password": "salah"}
    codes = [
        client.post("/api/auth/token/", body, REMOTE_ADDR=ip, HTTP_X_FORWARDED_FOR=f"192.0.2.{i}").status_code
        for i in range(limit + 1)
    ]
    assert codes[-1] == 429  # NUM_PROXIES=0: the client's own address counts, not what it claims


def test_user_rate_applies_to_signed_in_api_calls(client, pegawai, production_throttling, monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", "3/minute")
    client.force_login(pegawai.user)
    codes = [client.get("/api/notifikasi/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
