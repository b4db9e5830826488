"""Headless Chromium: demo.asn registers for an open run on "Pelatihan saya" and demo.atasan approves
it; both pages are axe-clean (WCAG 2.1 AA) at 390 px and 1366 px and do not scroll sideways."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from pelatihan.models import Pendaftaran
from tests.browser.helpers import DESKTOP, MOBILE, logged_in_context
from tests.pegawai.factories import PegawaiFactory, UnitKerjaFactory, UserFactory
from tests.pelatihan.factories import AngkatanFactory, ProgramFactory

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _problems(page) -> list[str]:
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.response["passes"], "axe checked nothing: not injected?"
    out = [f"{v['id']}: {v['help']}" for v in results.response["violations"]]
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if scroll > inner:
        out.append(f"scrolls sideways ({scroll} px)")
    return out


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["390px", "1366px"])
def test_asn_registers_and_atasan_approves(live_server, browser, viewport):
    unit = UnitKerjaFactory(nama="Bidang Aplikasi Informatika")
    atasan = PegawaiFactory(unit_kerja=unit, nama="Demo Atasan", user=UserFactory(username="demo.atasan"))
    asn = PegawaiFactory(unit_kerja=unit, atasan=atasan, nama="Demo ASN", user=UserFactory(username="demo.asn"))
    angkatan = AngkatanFactory(
        program=ProgramFactory(instansi=unit.instansi, nama="Pelatihan Keamanan Informasi"), kuota=5
    )

    ctx = logged_in_context(browser, live_server, asn.user, viewport=viewport)
    page = ctx.new_page()
    page.goto(f"{live_server.url}/pelatihan/")
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "0")
    assert _problems(page) == []
    page.locator(f"#angkatan-{angkatan.pk}").get_by_role("button", name="Daftar").click()
    expect(page.locator(".messages")).to_contain_text("diajukan ke atasan")
    ctx.close()
    p = Pendaftaran.objects.get(pegawai=asn)
    assert p.status == Pendaftaran.Status.REQUESTED

    ctx = logged_in_context(browser, live_server, atasan.user, viewport=viewport)
    page = ctx.new_page()
    page.goto(f"{live_server.url}/pelatihan/")
    row = page.locator(f"#menunggu-{p.pk}")
    expect(row).to_contain_text("Demo ASN")
    assert _problems(page) == []
    row.get_by_role("button", name="Setujui").click()
    expect(page.locator(".messages")).to_contain_text("disetujui")
    ctx.close()
    p.refresh_from_db()
    assert p.status == Pendaftaran.Status.APPROVED and p.disetujui_oleh == atasan
