"""Headless Chromium under the Content-Security-Policy: the pages raise no CSP violation, and the
behaviours moved out of inline handlers into static/js/app.js still work (menu, check all,
filter that submits itself, confirm before delete)."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.kinerja.factories import LogHarianFactory
from tests.kinerja.log_helpers import setup_skp
from tests.pegawai.factories import PegawaiFactory, UnitKerjaFactory, UserFactory

pytest_plugins = ["tests.kinerja.log_helpers"]

PASSWORD = "rahasia-uji-123"
MOBILE = {"width": 390, "height": 844}


def _page_watching_csp(browser):
    ctx = browser.new_context(viewport=MOBILE)
    page = ctx.new_page()
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    return ctx, page, violations


def _login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-submit")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_work_under_the_csp_without_violations(live_server, browser, media):
    unit = UnitKerjaFactory()
    atasan = PegawaiFactory(unit_kerja=unit, nama="Atasan Uji", user=UserFactory(username="csp.atasan"))
    asn = PegawaiFactory(unit_kerja=unit, atasan=atasan, nama="ASN Uji", user=UserFactory(username="csp.asn"))
    _skp, rhk, _ind = setup_skp(asn)
    logs = LogHarianFactory.create_batch(2, rhk=rhk, tanggal=timezone.localdate())
    draft = LogHarianFactory(rhk=rhk, tanggal=timezone.localdate(), status="draft")

    ctx, page, violations = _page_watching_csp(browser)
    _login(page, live_server.url, "csp.asn")
    # Menu button (mobile): opens and closes the navigation.
    toggle = page.locator("button.nav-toggle")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#mainnav")).to_have_class(re.compile(r"\bopen\b"))
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    # The status filter submits itself; the page with the nonce'd <style> block renders styled.
    page.goto(f"{live_server.url}/kinerja/log/")
    page.select_option("#f-status", "draft")
    expect(page).to_have_url(re.compile(r"status=draft"))
    assert page.evaluate("getComputedStyle(document.querySelector('.log-form .actions') || document.body).display")
    # Delete asks first; dismissing keeps the log.
    page.goto(f"{live_server.url}/kinerja/log/{draft.pk}/")
    page.once("dialog", lambda d: d.dismiss())
    page.click("text=Hapus log")
    expect(page).to_have_url(re.compile(rf"/kinerja/log/{draft.pk}/$"))
    ctx.close()

    ctx, page2, violations2 = _page_watching_csp(browser)
    _login(page2, live_server.url, "csp.atasan")
    page2.goto(f"{live_server.url}/kinerja/log/antrian/")
    page2.check("#pilih-semua")
    for log in logs:
        expect(page2.locator(f"#queue-form input[name=ids][value='{log.pk}']")).to_be_checked()
    ctx.close()

    assert violations + violations2 == []
