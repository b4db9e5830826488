"""Headless Chromium on the SKP edit page: save unchanged, save after an error (the typed new RHK
is kept, the error sits on its field), and on a 390 px phone: no sideways scroll, "Simpan draf"
reachable, no axe-core (WCAG 2.1 A/AA) violations on the SKP pages."""

import re
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from kinerja.models import Indikator, Rhk
from tests.kinerja.skp_helpers import periode_for, rhk_item, skp_for
from tests.pegawai.factories import PegawaiFactory, UnitKerjaFactory, UserFactory

PASSWORD = "rahasia-uji-123"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-submit")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def _setup():
    unit = UnitKerjaFactory(nama="Bidang Aplikasi Informatika")
    atasan = PegawaiFactory(unit_kerja=unit, nama="Demo Atasan", user=UserFactory(username="demo.atasan"))
    asn = PegawaiFactory(unit_kerja=unit, atasan=atasan, nama="Demo ASN", user=UserFactory(username="demo.asn"))
    periode = periode_for(asn)
    atasan_rhk = skp_for(atasan, periode, rhk=[rhk_item("Meningkatnya layanan digital")]).rhk.get()
    skp = skp_for(
        asn,
        periode,
        rhk=[
            rhk_item("Tersedianya aplikasi layanan", target=24, rhk_atasan=atasan_rhk.pk),
            rhk_item("Terselenggaranya pelatihan", target=Decimal("1234.5")),
        ],
    )
    return skp


def _state(skp):
    return sorted(
        Indikator.objects.filter(rhk__skp=skp).values_list("pk", "rhk_id", "deskripsi", "target_angka", "target_teks")
    ), sorted(Rhk.objects.filter(skp=skp).values_list("pk", "deskripsi", "rhk_atasan_id"))


def _violations(page):
    result = Axe().run(page, options=WCAG)
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result.response["violations"]]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_edit_page_saves_unchanged_and_after_an_error(live_server, browser, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    skp = _setup()
    before = _state(skp)
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    _login(page, live_server.url, "demo.asn")
    edit = f"{live_server.url}/kinerja/skp/{skp.pk}/ubah/"
    page.goto(edit)
    expect(page.locator("[name=rhk-0-ind-0-target_angka]")).to_have_value("24,00")
    page.get_by_role("button", name="Simpan draf").click()
    expect(page).to_have_url(re.compile(rf"/kinerja/skp/{skp.pk}/$"))
    assert _state(skp) == before

    page.goto(edit)
    page.fill("[name=rhk-1-ind-0-target_angka]", "dua puluh")
    page.fill("#rhk-2-deskripsi", "RHK baru dari peramban")
    page.fill("[name=rhk-2-ind-0-deskripsi]", "Jumlah modul")
    page.fill("[name=rhk-2-ind-0-target_angka]", "3,5")
    page.get_by_role("button", name="Simpan draf").click()
    alert = page.locator("#form-errors")
    expect(alert).to_contain_text("RHK 2, indikator 1: Target (angka)")
    bad = page.locator("[name=rhk-1-ind-0-target_angka]")
    expect(bad).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#" + bad.get_attribute("aria-describedby"))).to_contain_text("Masukkan angka")
    expect(page.locator("#rhk-2-deskripsi")).to_have_value("RHK baru dari peramban")
    assert _state(skp) == before  # nothing saved
    assert _violations(page) == []  # the page with errors is clean too

    bad.fill("20,25")
    page.get_by_role("button", name="Simpan draf").click()
    expect(page).to_have_url(re.compile(rf"/kinerja/skp/{skp.pk}/$"))
    assert Indikator.objects.get(
        rhk__skp=skp, rhk__deskripsi="Terselenggaranya pelatihan", urutan=1
    ).target_angka == Decimal("20.25")
    assert Indikator.objects.get(rhk__deskripsi="RHK baru dari peramban").target_angka == Decimal("3.5")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_skp_pages_fit_a_phone_and_pass_axe(live_server, browser, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    skp = _setup()
    page = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
    _login(page, live_server.url, "demo.asn")

    def check(url):
        page.goto(live_server.url + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (url, width)
        assert _violations(page) == [], url

    check(f"/kinerja/skp/{skp.pk}/")
    check(f"/kinerja/skp/{skp.pk}/ubah/")
    save = page.get_by_role("button", name="Simpan draf")
    save.scroll_into_view_if_needed()
    expect(save).to_be_visible()
    box = save.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    save.tap()
    expect(page).to_have_url(re.compile(rf"/kinerja/skp/{skp.pk}/$"))
    skp.periode.skp.filter(pegawai=skp.pegawai).update(is_current=False)  # make room for a new SKP
    check(f"/kinerja/skp/baru/?periode={skp.periode_id}")
