"""Headless Chromium on the seeded demo: demo.asn logs in and opens their profile (desktop and mobile
width); demo.asn2's profile answers 404 to them."""

import base64
import re

import pytest
from django.core.management import call_command
from django_otp.oath import totp
from playwright.sync_api import expect

from pegawai.demo import DEMO_TOTP_SECRET
from pegawai.models import Pegawai
from pegawai.rules import format_nip

PASSWORD = "kinerja-demo-2026"
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def mfa_on(settings):
    settings.MFA_ENFORCED = True  # as in production: the demo admins give their TOTP code


def _login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-submit")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    if username in ("demo.admin", "demo.bkn"):
        # Second step with the documented demo secret (README), the way a newcomer's app computes it.
        expect(page).to_have_url(re.compile(r"/accounts/mfa/"))
        key = base64.b32decode(DEMO_TOTP_SECRET)
        page.fill("#id_kode", f"{totp(key):06d}")
        page.click("#mfa-submit")
        expect(page).not_to_have_url(re.compile(r"/accounts/mfa/"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_demo_asn_opens_own_profile_and_not_another(live_server, browser):
    call_command("seed_demo", password=PASSWORD, verbosity=0)
    asn = Pegawai.objects.select_related("user").get(user__username="demo.asn")
    asn2 = Pegawai.objects.get(user__username="demo.asn2")

    for name, viewport in (("desktop", DESKTOP), ("mobile", MOBILE)):
        ctx = browser.new_context(viewport=viewport, locale="id-ID")
        page = ctx.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.screenshot(path=f"/tmp/pegawai-login-{name}.png")
        _login(page, live_server.url, "demo.asn")
        page.goto(f"{live_server.url}/")
        page.screenshot(path=f"/tmp/pegawai-beranda-{name}.png", full_page=True)
        page.get_by_role("link", name="Profil saya").click()
        expect(page).to_have_url(re.compile(rf"/pegawai/{asn.pk}/$"))
        expect(page.locator("#profil-nama")).to_have_text(asn.nama_lengkap)
        expect(page.locator("#profil-nip")).to_have_text(format_nip(asn.nip))
        expect(page.locator("#profil-ubah")).to_have_count(0)  # an ASN cannot edit their record
        page.screenshot(path=f"/tmp/pegawai-profil-{name}.png", full_page=True)

        response = page.goto(f"{live_server.url}/pegawai/{asn2.pk}/")
        assert response.status == 404
        assert asn2.nama not in page.content()

        page.goto(f"{live_server.url}/pegawai/")
        page.screenshot(path=f"/tmp/pegawai-direktori-{name}.png", full_page=True)
        ctx.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_demo_admin_sees_the_edit_button_and_form(live_server, browser):
    call_command("seed_demo", password=PASSWORD, verbosity=0)
    asn = Pegawai.objects.get(user__username="demo.asn")
    ctx = browser.new_context(viewport=DESKTOP, locale="id-ID")
    page = ctx.new_page()
    _login(page, live_server.url, "demo.admin")
    page.goto(f"{live_server.url}/pegawai/{asn.pk}/")
    page.click("#profil-ubah")
    expect(page).to_have_url(re.compile(rf"/pegawai/{asn.pk}/ubah/$"))
    expect(page.locator("#id_nip")).to_have_value(asn.nip)
    page.screenshot(path="/tmp/pegawai-ubah-desktop.png", full_page=True)
    page.goto(f"{live_server.url}/pegawai/unit-kerja/")
    expect(page.locator("#unit-tree")).to_contain_text("Bidang Aplikasi Informatika")
    page.screenshot(path="/tmp/pegawai-unit-desktop.png")
    ctx.close()
