"""Survei documents rendered for real by WeasyPrint and read back with poppler (pdftotext)."""

from __future__ import annotations

import subprocess

import pytest
import segno
from django.urls import reverse

from pegawai.permissions import Peran
from survei import pdf as survei_pdf
from tests.pegawai.factories import PegawaiFactory, UserFactory
from tests.survei.factories import UnitLayananFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://kinerja.tangsel.go.id"


def pdftotext(content: bytes) -> str:
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def pengelola_of(unit):
    from django.contrib.auth.models import Group

    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=Peran.PENGELOLA_SURVEI)[0])
    unit.pengelola.add(user)
    return user


def test_poster_pdf_prints_unit_url_and_a_vector_qr_of_the_form(client, tmp_path):
    unit = UnitLayananFactory(kode="dukcapil-tangsel", nama="Disdukcapil — Loket KTP-el")
    client.force_login(pengelola_of(unit))
    response = client.get(reverse("survei:poster", args=[unit.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdftotext(response.content)
    assert "Survei Kepuasan Masyarakat" in text
    assert "Disdukcapil — Loket KTP-el" in text
    assert "https://kinerja.tangsel.go.id/s/dukcapil-tangsel/" in text
    # the QR is vector (no raster image in the PDF) and encodes exactly the form's address
    path = tmp_path / "poster.pdf"
    path.write_bytes(response.content)
    images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, check=True, text=True)
    assert len(images.stdout.splitlines()) == 2  # the two header lines only
    expected = segno.make("https://kinerja.tangsel.go.id/s/dukcapil-tangsel/", error="m").svg_inline(
        scale=10, border=2, omitsize=True
    )
    assert survei_pdf.poster_context(unit)["qr_svg"] == expected


def test_poster_is_404_for_the_pengelola_of_another_unit_and_for_plain_asn(client):
    unit = UnitLayananFactory()
    client.force_login(pengelola_of(UnitLayananFactory()))
    assert client.get(reverse("survei:poster", args=[unit.pk])).status_code == 404
    client.force_login(PegawaiFactory().user)
    assert client.get(reverse("survei:poster", args=[unit.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("survei:poster", args=[unit.pk])).status_code == 302  # to the login page
