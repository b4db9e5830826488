"""Headless Chromium: demo.asn starts an SKP on the page, adds a row without a page reload (htmx,
typed text kept), saves and submits; demo.atasan approves it and downloads the PDF."""

import re

import pytest
from playwright.sync_api import expect

from kinerja.models import Skp
from tests.kinerja.skp_helpers import periode_for, rhk_item, skp_for
from tests.pegawai.factories import PegawaiFactory, UnitKerjaFactory, UserFactory

PASSWORD = "rahasia-uji-123"


def _login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-submit")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_asn_fills_skp_with_htmx_rows_and_atasan_approves(live_server, browser, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    unit = UnitKerjaFactory(nama="Bidang Aplikasi Informatika")
    atasan = PegawaiFactory(unit_kerja=unit, nama="Demo Atasan", user=UserFactory(username="demo.atasan"))
    asn = PegawaiFactory(unit_kerja=unit, atasan=atasan, nama="Demo ASN", user=UserFactory(username="demo.asn"))
    periode = periode_for(asn)
    atasan_rhk = skp_for(atasan, periode, rhk=[rhk_item("Meningkatnya layanan digital")]).rhk.get()

    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    _login(page, live_server.url, "demo.asn")
    page.goto(f"{live_server.url}/kinerja/skp/")
    page.get_by_role("link", name="Isi dari awal").click()
    expect(page).to_have_url(re.compile(r"/kinerja/skp/baru/"))

    page.fill("#rhk-0-deskripsi", "Tersusunnya laporan aplikasi")
    page.select_option("#rhk-0-rhk_atasan", str(atasan_rhk.pk))
    page.fill("[name=rhk-0-ind-0-deskripsi]", "Jumlah laporan")
    page.fill("[name=rhk-0-ind-0-target_angka]", "12")
    page.fill("[name=rhk-0-ind-0-satuan]", "laporan")
    rows_before = page.locator("fieldset.rhk-row").count()
    page.evaluate("window.__noReload = true")  # gone if the page reloads
    page.get_by_role("button", name="Tambah baris RHK/indikator").click()
    expect(page.locator("fieldset.rhk-row")).to_have_count(rows_before + 1)
    assert page.evaluate("window.__noReload === true")  # rows swapped in place by htmx
    expect(page.locator("#rhk-0-deskripsi")).to_have_value("Tersusunnya laporan aplikasi")
    expect(page.locator("[name=rhk-0-ind-0-target_angka]")).to_have_value("12")

    page.fill("#dukungan_sumber_daya", "Laptop dan akses server")
    page.get_by_role("button", name="Simpan draf").click()
    expect(page).to_have_url(re.compile(r"/kinerja/skp/\d+/$"))
    expect(page.locator("body")).to_contain_text("Meningkatnya layanan digital")
    page.get_by_role("button", name="Ajukan ke pejabat penilai").click()
    expect(page.locator("span.badge", has_text="Diajukan")).to_have_count(1)
    skp = Skp.objects.get(pegawai=asn, is_current=True)
    assert skp.status == "submitted" and skp.rhk.get().rhk_atasan_id == atasan_rhk.pk

    page2 = browser.new_context().new_page()
    _login(page2, live_server.url, "demo.atasan")
    page2.goto(f"{live_server.url}/kinerja/skp/persetujuan/")
    page2.get_by_role("link", name=re.compile("Demo ASN")).first.click()
    page2.fill("[name=ekspektasi-kolaboratif]", "Aktif berbagi data antarbidang")
    page2.get_by_role("button", name="Simpan ekspektasi khusus").click()
    page2.get_by_role("button", name="Setujui").click()
    expect(page2.locator("span.badge", has_text="Disetujui")).to_have_count(1)
    href = page2.get_by_role("link", name="Unduh PDF").get_attribute("href")
    pdf = page2.request.get(f"{live_server.url}{href}")  # the browser session's cookies
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body()[:4] == b"%PDF"
    skp.refresh_from_db()
    assert skp.status == "approved" and skp.approved_by_id == atasan.pk
    assert skp.perilaku.get(kode="kolaboratif").ekspektasi_khusus == "Aktif berbagi data antarbidang"
