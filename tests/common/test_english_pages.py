"""With English chosen, the main pages speak English: no common Indonesian UI word is left.
Domain nouns (SKP, RHK, NIP, BerAKHLAK, Plt/Plh) and people's and units' names stay as they are."""

import re
from html import unescape

import pytest
from django.conf import settings

from tests.common.scene import MAIN_PAGES, build_scene, page_url, user_of

# Words that only a forgotten UI string can put on the page (scene data avoids them).
INDONESIAN = [
    "Simpan",
    "Ajukan",
    "Setujui",
    "Kembalikan",
    "Tolak",
    "Hapus",
    "Batal",
    "Kirim",
    "Ubah",
    "Tambah",
    "Belum",
    "Tidak",
    "Menunggu",
    "Beranda",
    "Keluar",
    "Masuk",
    "Cari",
    "Halaman",
    "Sebelumnya",
    "Berikutnya",
    "Tanggal",
    "Catatan",
    "Pilih",
    "Semua",
    "Selesai",
    "Mulai",
    "Unduh",
    "Periode",
    "Kegiatan",
    "Bukti",
    "Atasan",
    "Dasbor",
    "Antrean",
    "Tulis",
    "Baru",
    "Buka",
    "Tandai",
    "dan",
    "yang",
    "untuk",
    "dari",
    "Anda",
    "saya",
    "sudah",
    "belum",
    "tidak",
    "harian",
    "kerja",
    "persetujuan",
]
WORD = re.compile(r"\b(" + "|".join(INDONESIAN) + r")\b")


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style|datalist)\b.*?</\1>", " ", html, flags=re.S | re.I)
    html = re.sub(r'<option[^>]*lang="id"[^>]*>.*?</option>', " ", html, flags=re.S)  # "Bahasa Indonesia"
    # Attributes a screen reader reads count as text too.
    attrs = " ".join(re.findall(r'(?:aria-label|title|placeholder|alt)="([^"]*)"', html))
    return unescape(re.sub(r"<[^>]+>", " ", html) + " " + attrs)


@pytest.fixture
def scene(db):
    return build_scene()


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_login_page_is_english(english):
    body = english.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in body
    assert WORD.findall(visible_text(body)) == []


@pytest.mark.parametrize(("who", "url"), MAIN_PAGES)
def test_main_pages_in_english_have_no_indonesian_ui_words(english, scene, who, url):
    english.force_login(user_of(scene, who))
    url = page_url(scene, url)
    response = english.get(url)
    assert response.status_code == 200, url
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert WORD.findall(visible_text(body)) == [], url


def test_form_errors_are_english(english, scene):
    english.force_login(scene.asn.user)
    response = english.post("/kinerja/log/baru/", {"aksi": "draf"}, HTTP_HX_REQUEST="true")
    text = visible_text(response.content.decode())
    assert "This field is required." in text
    assert WORD.findall(text) == []


def test_wrong_password_message_reads_once_and_in_both_languages(client, db):
    from tests.pegawai.factories import PegawaiFactory

    PegawaiFactory(user__username="sari")
    body = client.post("/accounts/login/", {"username": "sari", "password": "salah"}).content.decode()
    assert "nama pengguna nama pengguna" not in body
    assert "NIP/nama pengguna atau kata sandi salah" in body
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.post("/accounts/login/", {"username": "sari", "password": "salah"}).content.decode()
    assert "Wrong NIP/user name or password" in body
