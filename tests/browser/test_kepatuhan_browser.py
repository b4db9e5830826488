"""Headless Chromium: the compliance board at 390 px and 1366 px. The admin sorts by a column with the
keyboard (header links, aria-sort) and follows a number to the people behind it."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

PASSWORD = "rahasia-uji-123"  # tests.pegawai.factories.UserFactory
SIZES = {"mobile": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_sorts_the_board_by_keyboard_and_opens_the_people(live_server, browser, admin_bkd, instansi):
    from tests.kinerja.factories import PeriodeFactory
    from tests.pegawai.factories import PegawaiFactory, UnitKerjaFactory

    PeriodeFactory(instansi=instansi, tahun=timezone.localdate().year)
    diskes = UnitKerjaFactory(instansi=instansi, nama="Dinas Kesehatan")
    sekr = UnitKerjaFactory(instansi=instansi, parent=diskes, nama="Sekretariat")
    for i in range(3):
        PegawaiFactory(unit_kerja=sekr, nama=f"Staf Sekretariat {i}")
    for name, viewport in SIZES.items():
        ctx = browser.new_context(viewport=viewport, locale="id-ID")
        page = ctx.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", admin_bkd.user.username)
        page.fill("#id_password", PASSWORD)
        page.click("#login-submit")
        expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
        page.goto(f"{live_server.url}/kinerja/dashboard/kepatuhan/")
        expect(page.get_by_role("heading", name="Dinas Kesehatan")).to_be_visible()
        expect(page.get_by_role("img", name=re.compile("Dinas Kesehatan"))).to_be_visible()
        header = page.get_by_role("link", name="Belum melapor log").first
        header.focus()
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"sort=-tanpa_log"))
        expect(page.locator('th[aria-sort="descending"]').first).to_contain_text("Belum melapor log")
        page.screenshot(path=f"/tmp/kepatuhan-{name}.png", full_page=True)
        # no horizontal scrolling of the page itself at this width
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1
        page.get_by_role("link", name=re.compile(r"^3 pegawai Sekretariat: Belum melapor log")).click()
        expect(page.get_by_role("heading", name="Belum melapor log")).to_be_visible()
        expect(page.get_by_role("link", name="Staf Sekretariat 0")).to_be_visible()
        ctx.close()
