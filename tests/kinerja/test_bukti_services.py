"""Evidence files are judged by their bytes: real small files pass, impostors and oversize fail."""

import hashlib

import pytest
from django.core.exceptions import ValidationError

from kinerja.services import bukti
from tests.kinerja.log_helpers import docx_bytes, fake_pdf, jpg_bytes, pdf_bytes, png_bytes, upload, xlsx_bytes


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("laporan.pdf", pdf_bytes, bukti.PDF),
        ("foto.png", png_bytes, bukti.PNG),
        ("foto.JPG", jpg_bytes, bukti.JPEG),
        ("foto.jpeg", jpg_bytes, bukti.JPEG),
        ("rekap.xlsx", xlsx_bytes, bukti.XLSX),
        ("nota.docx", docx_bytes, bukti.DOCX),
        ("tanpa-ekstensi", png_bytes, bukti.PNG),
    ],
)
def test_check_file_accepts_real_files_by_content(name, make, expected):
    data = make()
    checked = bukti.check_file(upload(name, data, "text/plain"))  # the declared type is ignored
    assert checked.content_type == expected
    assert checked.ukuran == len(data)
    assert checked.sha256 == hashlib.sha256(data).hexdigest()
    assert checked.nama_asli == name


@pytest.mark.parametrize(
    ("f", "fragment"),
    [
        (fake_pdf(), "bukan PDF"),
        (upload("palsu.pdf", b"%PDF-1.7\nhanya teks yang pura-pura PDF\n"), "bukan PDF"),
        (upload("foto.pdf", png_bytes()), "bernama PDF tetapi isinya PNG"),
        (upload("nota.xlsx", docx_bytes()), "bernama XLSX tetapi isinya DOCX"),
        (upload("arsip.docx", docx_bytes(content_types=False)), "bukan PDF"),
        (upload("arsip.docx", docx_bytes(part="ppt/slide1.xml")), "bukan PDF"),
        (upload("arsip.zip", docx_bytes(content_types=False)), "bukan PDF"),
        (upload("skrip.exe", b"MZ\x90\x00" + b"\x00" * 200), "bukan PDF"),
        (upload("kosong.pdf", b""), "kosong"),
    ],
)
def test_check_file_refuses_impostors(f, fragment):
    with pytest.raises(ValidationError) as exc:
        bukti.check_file(f)
    assert fragment in " ".join(exc.value.message_dict["files"])


def test_check_file_refuses_more_than_10_mb():
    big = upload("besar.png", png_bytes() + b"\x00" * (bukti.MAX_BYTES + 1 - len(png_bytes())))
    assert big.size == bukti.MAX_BYTES + 1
    with pytest.raises(ValidationError) as exc:
        bukti.check_file(big)
    assert "maksimal 10 MB" in exc.value.message_dict["files"][0]


def test_check_file_accepts_exactly_10_mb():
    data = png_bytes()
    exact = upload("pas.png", data + b"\x00" * (bukti.MAX_BYTES - len(data)))
    assert bukti.check_file(exact).ukuran == bukti.MAX_BYTES


def test_check_files_limits_the_number_per_log():
    files = [upload(f"f{i}.png", png_bytes()) for i in range(3)]
    assert len(bukti.check_files(files, already=7)) == 3
    with pytest.raises(ValidationError):
        bukti.check_files(files, already=8)


def test_check_files_is_all_or_nothing():
    with pytest.raises(ValidationError):
        bukti.check_files([upload("a.png", png_bytes()), fake_pdf()])
