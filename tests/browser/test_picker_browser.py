"""Headless Chromium: the people picker as a combobox. An ASN types part of a name in the koreksi
atasan form, picks a person from the listbox with the keyboard and sends it (390 px and 1366 px)."""

import re

import pytest
from playwright.sync_api import expect

from kinerja.models import KoreksiAtasan

PASSWORD = "rahasia-uji-123"  # tests.pegawai.factories.UserFactory
SIZES = {"mobile": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_typing_a_name_offers_people_and_the_keyboard_picks_one(live_server, browser, pegawai, atasan_penilai):
    from tests.pegawai.factories import PegawaiFactory, UnitKerjaFactory

    other = UnitKerjaFactory(nama="Dinas Lain Kota Lain")  # another instansi: never offered
    PegawaiFactory(unit_kerja=other, nama="Kepala Dinas Kota Lain")
    for name, viewport in SIZES.items():
        KoreksiAtasan.objects.all().delete()
        ctx = browser.new_context(viewport=viewport, locale="id-ID")
        page = ctx.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", pegawai.user.username)
        page.fill("#id_password", PASSWORD)
        page.click("#login-submit")
        expect(page).not_to_have_url(re.compile(r"/accounts/login/"))

        page.goto(f"{live_server.url}/kinerja/skp/koreksi-atasan/")
        page.fill("#id_alasan", "Atasan saya sudah berganti")
        box = page.get_by_role("combobox", name="Atasan yang benar (opsional)")
        box.press_sequentially("kepala din", delay=30)
        listbox = page.get_by_role("listbox")
        expect(listbox).to_be_visible()
        options = listbox.get_by_role("option")
        expect(options).to_have_count(1)  # "Kepala Dinas" of this instansi only
        expect(options.first).to_contain_text(atasan_penilai.nip)
        expect(options.first).to_contain_text("Dinas Komunikasi dan Informatika")
        page.screenshot(path=f"/tmp/picker-{name}.png", full_page=True)
        box.press("ArrowDown")
        expect(box).to_have_attribute("aria-expanded", "true")
        expect(options.first).to_have_attribute("aria-selected", "true")
        box.press("Enter")
        expect(box).to_have_value(f"{atasan_penilai.nama_lengkap} — {atasan_penilai.nip}")
        expect(box).to_have_attribute("aria-expanded", "false")
        page.get_by_role("button", name="Kirim ke admin").click()
        expect(page).not_to_have_url(re.compile(r"/koreksi-atasan/$"))
        assert KoreksiAtasan.objects.get().usulan_atasan_id == atasan_penilai.pk
        ctx.close()
