"""Headless Chromium: the atasan rates a subordinate's window, the admin finalises a unit with a
justification; the three e-Kinerja II pages are axe-clean (WCAG 2.1 AA) at 1366 and 390 px and do not
scroll sideways on a phone."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from kinerja.models import EvaluasiPeriodik, EvaluasiTahunan, PredikatUnit
from tests.browser.helpers import DESKTOP, MOBILE, logged_in_context
from tests.kinerja.factories import PeriodeFactory
from tests.kinerja.skp_helpers import approved, skp_for
from tests.pegawai.factories import PegawaiFactory

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.response["passes"], "axe checked nothing: not injected?"
    return [f"{v['id']}: {v['help']} -> {v['nodes'][0]['target'][0]}" for v in results.response["violations"]]


@pytest.fixture
def scene(pegawai, penilai, admin_bkd, unit_opd, atasan_penilai):
    skp = approved(skp_for(pegawai), penilai)
    window = skp.periode.windows.get(nomor=1)
    periode = PeriodeFactory(instansi=unit_opd.instansi, tahun=skp.periode.tahun)
    PredikatUnit.objects.create(unit_kerja=unit_opd, tahun=periode.tahun, predikat="baik")
    for _ in range(3):
        EvaluasiTahunan.objects.create(
            pegawai=PegawaiFactory(unit_kerja=unit_opd, atasan=atasan_penilai), periode=periode, unit_kerja=unit_opd,
            rating_hasil="sesuai", rating_perilaku="sesuai", predikat="baik",
        )  # fmt: skip
    return {
        "rate": (penilai.user, reverse("kinerja:evaluasi_periodik_rate", args=[skp.pk, window.pk])),
        "saya": (pegawai.user, reverse("kinerja:evaluasi_saya")),
        "unit": (admin_bkd.user, reverse("kinerja:evaluasi_unit", args=[unit_opd.pk, periode.pk])),
    }


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["1366px", "390px"])
def test_evaluation_pages_are_axe_clean(live_server, browser, scene, viewport):
    problems = []
    for name, (user, url) in scene.items():
        ctx = logged_in_context(browser, live_server, user, viewport=viewport)
        page = ctx.new_page()
        assert page.goto(live_server.url + url).status == 200, url
        problems += [f"{viewport['width']}px {name}: {v}" for v in _violations(page)]
        if viewport["width"] < 700:
            width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if width[0] > width[1]:
                problems.append(f"{name}: scrolls sideways ({width[0]} px)")
        ctx.close()
    assert problems == [], "\n".join(problems)


def test_atasan_rates_and_admin_finalises(live_server, browser, scene):
    user, url = scene["rate"]
    ctx = logged_in_context(browser, live_server, user)
    page = ctx.new_page()
    page.goto(live_server.url + url)
    page.get_by_label("Rating hasil kerja").select_option("di_atas")
    page.get_by_label("Rating perilaku kerja").select_option("di_atas")
    page.get_by_label("Umpan balik").fill("Kinerja sangat baik di triwulan ini")
    page.get_by_role("button", name="Simpan penilaian").click()
    page.wait_for_load_state()
    assert "Sangat Baik" in page.content()
    ctx.close()
    assert EvaluasiPeriodik.objects.get().predikat == "sangat_baik"

    user, url = scene["unit"]
    ctx = logged_in_context(browser, live_server, user)
    page = ctx.new_page()
    page.goto(live_server.url + url)
    page.get_by_role("button", name="Finalisasi unit").click()
    page.wait_for_load_state()
    assert "tuliskan justifikasinya" in page.content()  # 100% baik departs from the pattern
    page.get_by_label("Justifikasi penyimpangan dari pola distribusi").fill("Unit kecil, tiga pegawai")
    page.get_by_role("button", name="Finalisasi unit").click()
    page.wait_for_load_state()
    assert "Unit ini sudah difinalisasi" in page.content()
    ctx.close()
    assert EvaluasiTahunan.objects.filter(status="final").count() == 3
