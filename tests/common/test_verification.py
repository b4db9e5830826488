"""Document verification (common.verification): codes, sealing, the public /v/<code>/ page, and the
SKP PDF as its first user, rendered for real by WeasyPrint and read back with poppler."""

from __future__ import annotations

import hashlib
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from common import verification
from common.models import DokumenTerverifikasi
from kinerja.services import skp as svc
from tests.kinerja.skp_helpers import periode_for, rhk_item, skp_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.SITE_URL = "https://kinerja.tangsel.go.id"


def _pdftotext(path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True)
    return " ".join(out.stdout.split())


def test_codes_are_crockford_base32_unique_and_forgiving_when_typed():
    codes = {verification.reserve_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == 10 and set(c) <= set(verification.ALPHABET) for c in codes)
    assert not set("ILOU") & set(verification.ALPHABET)
    assert verification.normalize_code("abcde-fghjk") == "ABCDEFGHJK"
    assert verification.normalize_code(" 0O1IL-xyz") == "00111XYZ"
    assert verification.display_code("ABCDEFGHJK") == "ABCDE-FGHJK"


def test_issue_then_seal_once():
    doc = verification.issue(kind="kinerja.skp", title="SKP 2026 v1", subject="Budi (NIP …2001)")
    assert doc.sha256 == "" and doc.sealed_at is None
    assert verification.verification_url(doc.code) == f"https://kinerja.tangsel.go.id/v/{doc.code}/"
    sealed = verification.seal(doc.code, b"%PDF-1.7 isi")
    assert sealed.sha256 == hashlib.sha256(b"%PDF-1.7 isi").hexdigest() and sealed.sealed_at
    with pytest.raises(verification.SealError):
        verification.seal(doc.code, b"%PDF-1.7 lain")  # a sealed hash is never replaced
    with pytest.raises(verification.SealError):
        verification.seal("0000000000", b"x")
    assert verification.matches(sealed, b"%PDF-1.7 isi")
    assert not verification.matches(sealed, b"%PDF-1.7 isi ")


# --- the SKP PDF carries code and QR -------------------------------------------------------------


@pytest.fixture
def skp_pdf(pegawai, penilai):
    periode = periode_for(pegawai)
    skp = skp_for(pegawai, periode, rhk=[rhk_item("Tersusunnya laporan aplikasi")])
    svc.skp_pdf_render(skp=skp)
    skp.refresh_from_db()
    return skp


def test_skp_pdf_shows_its_code_url_and_qr_and_is_sealed(skp_pdf, pegawai):
    doc = DokumenTerverifikasi.objects.get()
    assert doc.kind == "kinerja.skp" and doc.title.startswith("SKP ")
    assert doc.subject == f"{pegawai.nama_lengkap} (NIP …{pegawai.nip[-4:]})"  # never the full NIP
    text = _pdftotext(skp_pdf.pdf_file.path)
    assert f"Kode verifikasi: {verification.display_code(doc.code)}" in text
    assert f"https://kinerja.tangsel.go.id/v/{doc.code}/" in text
    images = subprocess.run(
        ["pdfimages", "-list", skp_pdf.pdf_file.path], capture_output=True, check=True, text=True
    ).stdout.splitlines()
    assert len(images) >= 3  # two header lines + the QR image
    with skp_pdf.pdf_file.open("rb") as fh:
        assert doc.sha256 == hashlib.sha256(fh.read()).hexdigest()


def test_public_page_accepts_the_genuine_pdf_and_refuses_a_modified_one(client, skp_pdf, pegawai):
    doc = DokumenTerverifikasi.objects.get()
    url = reverse("verifikasi", args=[doc.code])
    page = client.get(url)  # anonymous: no login needed
    assert page.status_code == 200
    html = page.content.decode()
    assert "Sasaran Kinerja Pegawai" in html and doc.title in html and pegawai.nama_lengkap in html
    assert pegawai.nip not in html  # only the last digits are public
    with skp_pdf.pdf_file.open("rb") as fh:
        genuine = fh.read()
    ok = client.post(url, {"berkas": SimpleUploadedFile("skp.pdf", genuine, "application/pdf")})
    assert ok.status_code == 200
    assert 'data-hasil="asli"' in ok.content.decode() and "asli dan tidak berubah" in ok.content.decode()
    tampered = genuine.replace(b"Tersusunnya", b"Tersusunnyx", 1) if b"Tersusunnya" in genuine else genuine + b"\n%"
    bad = client.post(url, {"berkas": SimpleUploadedFile("skp.pdf", tampered, "application/pdf")})
    assert bad.status_code == 200
    assert 'data-hasil="tidak-cocok"' in bad.content.decode() and "tidak cocok" in bad.content.decode()


def test_code_typed_in_lowercase_with_hyphen_finds_the_document(client, skp_pdf):
    doc = DokumenTerverifikasi.objects.get()
    typed = verification.display_code(doc.code).lower()
    assert client.get(reverse("verifikasi", args=[typed])).status_code == 200


def test_unknown_or_malformed_code_is_a_clear_404(client, db):
    for code in ("ABCDE-12345", "x" * 300, "'; drop table--"):
        r = client.get(reverse("verifikasi", args=[code]))
        assert r.status_code == 404, code
        assert "Kode verifikasi tidak ditemukan" in r.content.decode()


def test_upload_without_a_file_is_400_with_a_field_error(client):
    doc = verification.issue(kind="kinerja.skp", title="SKP 2026 v1")
    verification.seal(doc.code, b"%PDF")
    r = client.post(reverse("verifikasi", args=[doc.code]), {})
    assert r.status_code == 400 and "id_berkas-error" in r.content.decode()


def test_unsealed_document_offers_no_comparison(client):
    doc = verification.issue(kind="pelatihan.sertifikat", title="Sertifikat Latsar")
    html = client.get(reverse("verifikasi", args=[doc.code])).content.decode()
    assert "Sertifikat pelatihan" in html and "belum selesai dibuat" in html and 'type="file"' not in html
