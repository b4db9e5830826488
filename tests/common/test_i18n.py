"""Bahasa Indonesia by default; the footer switches to English through the compiled locale/en catalog."""

import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_default_language_is_indonesian(client, db):
    response = client.get("/accounts/login/")
    body = response.content.decode()
    assert '<html lang="id">' in body
    assert "Masuk" in body
    assert "Log in" not in body


def test_switching_to_english_translates_pages(client, pegawai):
    client.force_login(pegawai.user)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/pegawai/"})
    assert response.status_code == 302
    assert response["Location"] == "/pegawai/"
    body = client.get("/pegawai/").content.decode()
    assert '<html lang="en">' in body
    assert "Employee directory" in body
    assert "Direktori pegawai" not in body
    assert "My profile" in client.get("/").content.decode()


def test_validation_messages_are_translated():
    with translation.override("en"):
        assert translation.gettext("Pegawai dengan NIP telah ada.") == "An employee with this NIP already exists."
        assert translation.ngettext("%(n)s pegawai", "%(n)s pegawai", 2) % {"n": 2} == "2 employees"


def test_english_catalog_has_no_untranslated_or_fuzzy_entries():
    # After makemessages adds strings, translate them here (and compilemessages) before committing.
    text = PO.read_text(encoding="utf-8")
    untranslated = []
    for entry in text.split("\n\n")[1:]:  # the first block is the header
        lines = entry.strip().splitlines()
        for i, line in enumerate(lines):
            empty = re.fullmatch(r'msgstr(\[\d\])? ""', line)
            if empty and not (i + 1 < len(lines) and lines[i + 1].startswith('"')):
                untranslated.append(entry)
    assert untranslated == []
    assert "#, fuzzy" not in text


def test_browser_language_alone_does_not_switch_to_english(client, db):
    # An English operating system must not turn the Indonesian service into English.
    body = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id">' in body
    assert "Masuk" in body


def test_unknown_language_cookie_falls_back_to_indonesian(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert '<html lang="id">' in client.get("/accounts/login/").content.decode()
