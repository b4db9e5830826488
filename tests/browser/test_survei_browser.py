"""Headless Chromium on the survey pages: the kiosk goes offline, takes two responses, comes back
online and uploads exactly two; and an axe-core WCAG 2.1 AA audit of the survei pages at 390 and
1366 px (nothing scrolls sideways on the phone)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from pegawai.permissions import Peran
from survei.models import Respon
from tests.browser.helpers import DESKTOP, MOBILE, logged_in_context
from tests.pegawai.factories import UserFactory
from tests.survei.factories import JenisLayananFactory, PeriodeSurveiFactory, ResponFactory, UnitLayananFactory

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _unit():
    periode = PeriodeSurveiFactory(unit=UnitLayananFactory(kode="dukcapil-tangsel", nama="Disdukcapil — Loket KTP-el"))
    JenisLayananFactory(unit=periode.unit, nama="Perekaman KTP-el")
    return periode


def _answer(page, value: str) -> None:
    page.select_option("#id_jenis_layanan", label="Perekaman KTP-el")
    for i in range(1, 10):
        page.check(f'input[name="u{i}"][value="{value}"]')


def _queue(page) -> int:
    return page.evaluate("JSON.parse(localStorage.getItem('skm-kiosk-dukcapil-tangsel') || '[]').length")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_kiosk_offline_two_responses_then_online_uploads_exactly_two(live_server, browser):
    _unit()
    ctx = browser.new_context(viewport={"width": 800, "height": 1280})
    page = ctx.new_page()
    page.goto(f"{live_server.url}/s/dukcapil-tangsel/kiosk/")
    expect(page.locator("#kiosk-count")).to_have_text("0")
    ctx.set_offline(True)
    expect(page.locator("#kiosk-offline")).to_be_visible()
    for value in ("4", "2"):
        _answer(page, value)
        page.click("button[type=submit]")
        expect(page.locator("#kiosk-thanks")).not_to_be_empty()
        # a fresh form for the next visitor
        expect(page.locator('input[name="u1"]:checked')).to_have_count(0)
    assert _queue(page) == 2
    expect(page.locator("#kiosk-count")).to_have_text("2")  # today's count includes the queued ones
    expect(page.locator("#kiosk-pending")).to_contain_text("2")
    assert Respon.objects.count() == 0
    ctx.set_offline(False)
    expect(page.locator("#kiosk-pending")).to_have_text("", timeout=15000)  # the queue drained
    assert _queue(page) == 0
    expect(page.locator("#kiosk-count")).to_have_text("2")
    # a reload (or a retried upload) never adds more
    page.reload()
    expect(page.locator("#kiosk-count")).to_have_text("2")
    assert Respon.objects.count() == 2
    assert sorted(r.u1 for r in Respon.objects.all()) == [2, 4]
    assert Respon.objects.filter(client_token__isnull=False).count() == 2
    ctx.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_kiosk_refuses_an_incomplete_response_before_queueing(live_server, browser):
    _unit()
    ctx = browser.new_context(viewport=MOBILE)
    page = ctx.new_page()
    page.goto(f"{live_server.url}/s/dukcapil-tangsel/kiosk/")
    page.select_option("#id_jenis_layanan", label="Perekaman KTP-el")
    page.check('input[name="u1"][value="3"]')
    page.click("button[type=submit]")
    assert _queue(page) == 0
    assert page.evaluate("document.querySelector('form.survei-form').checkValidity()") is False
    ctx.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["1366px", "390px"])
def test_survei_pages_have_no_wcag_violations(live_server, browser, viewport):
    periode = _unit()
    ResponFactory.create_batch(6, periode=periode, usia="26-35", saran="Baik", **{f"u{i}": 3 for i in range(1, 10)})
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=Peran.PENGELOLA_SURVEI)[0])
    periode.unit.pengelola.add(user)
    pages = [
        (None, "/s/dukcapil-tangsel/"),
        (None, "/s/dukcapil-tangsel/hasil/"),
        (None, "/s/dukcapil-tangsel/kiosk/"),
        (None, "/s/dukcapil-tangsel/terima-kasih/"),
        (user, "/survei/"),
        (user, f"/survei/unit/{periode.unit.pk}/"),
    ]
    problems = []
    for who, url in pages:
        ctx = logged_in_context(browser, live_server, who, viewport=viewport)
        page = ctx.new_page()
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        results = Axe().run(page, options=WCAG_21_AA)
        assert results.response["passes"]
        problems += [
            f"{viewport['width']}px {url}: {v['id']}: {v['help']} -> "
            + "; ".join(n["target"][0] for n in v["nodes"][:5])
            for v in results.response["violations"]
        ]
        if viewport["width"] < 700:
            width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if width[0] > width[1]:
                problems.append(f"{viewport['width']}px {url}: scrolls sideways ({width[0]} px)")
        ctx.close()
    assert problems == [], "\n".join(problems)
