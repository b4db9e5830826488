"""Headless Chromium, mobile width: demo.asn writes a log with a file (draft survives a reload, no
page reload on submit), demo.atasan approves it from the queue."""

import re

import pytest
from playwright.sync_api import expect

from kinerja.models import LogHarian
from tests.kinerja.log_helpers import current_window, png_bytes, setup_skp
from tests.pegawai.factories import PegawaiFactory, UnitKerjaFactory, UserFactory

pytest_plugins = ["tests.kinerja.log_helpers"]

PASSWORD = "rahasia-uji-123"
MOBILE = {"width": 390, "height": 844}
SCREENSHOT = "/tmp/kinerja-log-form-mobile.png"


def _demo_people():
    unit = UnitKerjaFactory(nama="Bidang Aplikasi Informatika")
    atasan = PegawaiFactory(unit_kerja=unit, nama="Demo Atasan", user=UserFactory(username="demo.atasan"))
    asn = PegawaiFactory(unit_kerja=unit, atasan=atasan, nama="Demo ASN", user=UserFactory(username="demo.asn"))
    return asn, atasan


def _login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-submit")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_asn_logs_with_a_file_and_atasan_approves(live_server, browser, media, tmp_path):
    asn, _atasan = _demo_people()
    skp, rhk, _ind = setup_skp(asn)
    evidence = tmp_path / "foto-kegiatan.png"
    evidence.write_bytes(png_bytes(8, 8))

    ctx = browser.new_context(viewport=MOBILE)
    page = ctx.new_page()
    _login(page, live_server.url, "demo.asn")
    page.goto(f"{live_server.url}/kinerja/log/")
    page.select_option("#id_rhk", str(rhk.pk))
    page.fill("#id_kegiatan", "Memasang pembaruan aplikasi layanan perizinan")
    page.fill("#id_output_jumlah", "2")
    page.fill("#id_output_satuan", "dokumen")
    page.fill("#id_jam_mulai", "08:00")
    page.fill("#id_jam_selesai", "09:30")
    token = page.input_value("#id_client_token")

    # The end-of-month rush: the page reloads before sending; the draft (and its token) come back.
    page.reload()
    expect(page.locator("#id_kegiatan")).to_have_value("Memasang pembaruan aplikasi layanan perizinan")
    expect(page.locator("#id_client_token")).to_have_value(token)
    expect(page.locator("#log-draft-status")).to_contain_text("dipulihkan")

    page.set_input_files("#id_files", str(evidence))
    page.locator("#log-form-card").screenshot(path=SCREENSHOT)
    page.evaluate("window.__noReload = true")
    page.click("button[value=kirim]")
    log_row = page.locator("#log-rows tr").first
    expect(log_row).to_contain_text("Memasang pembaruan aplikasi")
    expect(log_row).to_contain_text("Dikirim")
    expect(page.locator("#log-form-card")).to_contain_text("Log terkirim ke atasan")
    assert page.evaluate("window.__noReload") is True  # htmx swapped, the page did not reload
    # the saved draft is forgotten once the new form has settled
    page.wait_for_function("Object.keys(localStorage).filter(k => k.startsWith('kinerja-log-draft')).length === 0")
    log = LogHarian.objects.get()
    assert (log.status, str(log.client_token), log.bukti.get().content_type) == ("submitted", token, "image/png")
    ctx.close()

    ctx = browser.new_context(viewport=MOBILE)
    page = ctx.new_page()
    _login(page, live_server.url, "demo.atasan")
    page.goto(f"{live_server.url}/kinerja/log/antrian/")
    expect(page.locator(f"#antrian-{log.pk}")).to_contain_text("Demo ASN")
    page.check(f"#ids-{log.pk}")
    page.screenshot(path="/tmp/kinerja-queue-mobile.png", full_page=True)
    page.fill("#id_catatan", "Terima kasih, lengkap.")
    page.click("button[value=setujui]")
    expect(page.locator(".messages")).to_contain_text("1 log disetujui")
    log.refresh_from_db()
    assert (log.status, log.catatan_atasan) == ("approved", "Terima kasih, lengkap.")

    # The approval fed the realisasi; the atasan leaves feedback on the RHK.
    window = current_window(skp.periode)
    page.goto(f"{live_server.url}/kinerja/realisasi/{skp.pk}/{window.pk}/")
    expect(page.locator(f"#rhk-{rhk.pk}").locator("xpath=..")).to_contain_text("2 dokumen")
    page.locator(f"#ub-rhk-{rhk.pk} summary").click()
    page.fill(f"#isi-rhk-{rhk.pk}", "Pertahankan, lampirkan juga notulen.")
    page.locator(f"#ub-rhk-{rhk.pk} button[type=submit]").click()
    expect(page.locator(f"#ub-rhk-{rhk.pk}")).to_contain_text("Pertahankan, lampirkan juga notulen.")
    page.screenshot(path="/tmp/kinerja-realisasi-mobile.png", full_page=True)
    ctx.close()
