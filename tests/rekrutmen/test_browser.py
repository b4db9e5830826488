"""Headless Chromium: an applicant registers and sees their status; axe-core WCAG 2.1 AA on the
rekrutmen pages at 1366 and 390 px (and no sideways scroll on the phone)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from rekrutmen import services
from rekrutmen.models import Lamaran, Pelamar
from tests.browser.helpers import DESKTOP, MOBILE, logged_in_context
from tests.rekrutmen.factories import LamaranFactory, PelamarFactory

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def parameter_2024(db):
    """transaction=True tests flush the tables, the 2024 row of migration 0002 with them: seed it again."""
    from importlib import import_module

    from django.apps import apps

    import_module("rekrutmen.migrations.0002_parameter_2024").seed(apps, None)


def _violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.response["passes"], "axe checked nothing"
    return [f"{v['id']}: {v['help']} -> {v['nodes'][0]['target']}" for v in results.response["violations"]]


def test_applicant_registers_and_sees_the_status(live_server, browser, parameter_2024, akun_pelamar, formasi):
    with time_machine.travel(dt.datetime(2024, 9, 1, 3, tzinfo=dt.UTC), tick=True):
        ctx = logged_in_context(browser, live_server, akun_pelamar, viewport=MOBILE)
        page = ctx.new_page()
        page.goto(live_server.url + "/rekrutmen/")
        page.fill("#id_nik", "3674011705980001")
        page.fill("#id_nama", "Budi Santoso")
        page.fill("#id_tanggal_lahir", "1998-05-18")  # does not match the NIK
        page.select_option("#id_jenis_kelamin", "L")
        page.fill("#id_email", "budi@contoh.id")
        page.click("main button.primary")
        assert "tidak sesuai dengan tanggal lahir 18-05-1998" in page.inner_text("#id_nik_error")
        page.fill("#id_tanggal_lahir", "1998-05-17")
        page.click("main button.primary")
        page.wait_for_selector("#id_formasi")
        page.select_option("#id_formasi", str(formasi.pk))
        page.fill("#id_pendidikan", "S1 Informatika")
        page.fill("#id_ipk", "3,51")
        page.click("main button.primary")
        page.wait_for_url("**/rekrutmen/status/")
        assert "Dikirim" in page.inner_text("main")
        ctx.close()
    assert Pelamar.objects.get().nik == "3674011705980001"
    assert str(Lamaran.objects.get().ipk) == "3.51"


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["1366px", "390px"])
def test_rekrutmen_pages_have_no_wcag_violations(
    live_server, browser, viewport, parameter_2024, akun_pelamar, panitia, formasi
):
    saya = LamaranFactory(
        formasi=formasi, pelamar=PelamarFactory(user=akun_pelamar), nomor_peserta="P0", twk=100, tiu=100, tkp=175
    )
    for i in range(3):
        LamaranFactory(formasi=formasi, nomor_peserta=f"P{i + 1}", twk=100, tiu=100, tkp=180 - 5 * i)
    LamaranFactory(formasi=formasi, status=Lamaran.Status.SUBMITTED)
    services.ranking_apply(seleksi_id=formasi.seleksi_id, tahap="skd", formasi_range=(formasi.pk, formasi.pk))
    formasi.seleksi.skd_published_at = timezone.now()
    formasi.seleksi.save()
    pages = [
        (akun_pelamar, "/rekrutmen/status/"),
        (panitia, "/rekrutmen/seleksi/"),
        (panitia, f"/rekrutmen/seleksi/{formasi.seleksi_id}/"),
        (panitia, f"/rekrutmen/formasi/{formasi.pk}/"),
        (None, f"/rekrutmen/pengumuman/{formasi.seleksi_id}/skd/"),
    ]
    problems = []
    for user, url in pages:
        ctx = logged_in_context(browser, live_server, user, viewport=viewport)
        page = ctx.new_page()
        assert page.goto(live_server.url + url).status == 200, url
        problems += [f"{url}: {v}" for v in _violations(page)]
        if viewport["width"] < 700:
            w = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if w[0] > w[1]:
                problems.append(f"{url}: scrolls sideways ({w[0]} px)")
        ctx.close()
    assert problems == [], "\n".join(problems)
    assert saya.pk
