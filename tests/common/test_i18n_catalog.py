"""The English catalog covers every string the code and templates mark for translation.

`test_every_marked_string_has_an_english_translation` runs the documented makemessages command on a
scratch copy of the catalog (the committed one is never touched) and fails, naming the strings, when
a msgid in the sources has no English translation or only a fuzzy guess. docs/i18n.md has the workflow."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import translation

from tests.common.po import parse_po

BASE = Path(django_settings.BASE_DIR)
PO = BASE / "locale" / "en" / "LC_MESSAGES" / "django.po"
# Not sources: the virtualenv, mutmut's copies, the catalog itself, VCS and generated files.
NOT_SOURCES = {".venv", "mutants", "locale", ".git", "media", "staticfiles", "node_modules", ".mypy_cache"}


def _regenerated_catalog(tmp_path: Path, monkeypatch, settings) -> Path:
    """Run makemessages (as docs/i18n.md and the README say) in a scratch tree: symlinks to every
    source directory and a copy of the committed catalog, so new msgids show up as empty or fuzzy."""
    for child in BASE.iterdir():
        if child.name not in NOT_SOURCES and not child.name.startswith("."):
            (tmp_path / child.name).symlink_to(child)
    scratch = tmp_path / "locale" / "en" / "LC_MESSAGES"
    scratch.mkdir(parents=True)
    shutil.copy(PO, scratch / "django.po")
    monkeypatch.chdir(tmp_path)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    call_command(
        "makemessages",
        locale=["en"],
        no_location=True,
        symlinks=True,
        ignore_patterns=[".venv/*", "mutants/*"],
        verbosity=0,
    )
    return scratch / "django.po"


def test_every_marked_string_has_an_english_translation(tmp_path, monkeypatch, settings):
    regenerated = parse_po(_regenerated_catalog(tmp_path, monkeypatch, settings))
    missing = sorted(e.label() for e in regenerated if not e.translated)
    assert missing == [], (
        f"{len(missing)} string(s) without an English translation: run makemessages, translate them in "
        f"locale/en/LC_MESSAGES/django.po, compilemessages (docs/i18n.md):\n" + "\n".join(missing)
    )
    # And nothing the sources no longer use lingers as a live entry in the committed catalog.
    committed = {e.key for e in parse_po(PO)}
    assert committed - {e.key for e in regenerated} == set()


def test_catalog_placeholders_match_and_compile():
    # msgfmt --check: every %(name)s of a msgid is in its msgstr, plural forms are complete.
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(PO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_compiled_catalog_matches_the_po_file():
    """The .mo Django loads is compiled from the committed .po (compilemessages was run)."""
    stale = []
    with translation.override("en"):
        for e in parse_po(PO):
            if e.msgid_plural:
                got = [
                    translation.npgettext(e.msgctxt, e.msgid, e.msgid_plural, n)
                    if e.msgctxt
                    else translation.ngettext(e.msgid, e.msgid_plural, n)
                    for n in (1, 2)
                ]
            elif e.msgctxt:
                got = [translation.pgettext(e.msgctxt, e.msgid)]
            else:
                got = [translation.gettext(e.msgid)]
            if got != e.msgstr:
                stale.append(e.label())
    assert stale == [], "run manage.py compilemessages -l en: " + ", ".join(stale[:20])


def test_one_word_two_meanings_are_split_by_context():
    # "Selesai" is both an end date and a finished job: one msgid gave "Done" for the end date.
    with translation.override("en"):
        assert translation.pgettext("tanggal akhir", "Selesai") == "End date"
        assert translation.pgettext("status pekerjaan", "Selesai") == "Done"
        assert translation.pgettext("tanggal awal", "Mulai") == "Start date"


def test_english_plurals_follow_the_number():
    with translation.override("en"):
        one = translation.ngettext("%(n)d log harian Anda disetujui", "%(n)d log harian Anda disetujui", 1)
        many = translation.ngettext("%(n)d log harian Anda disetujui", "%(n)d log harian Anda disetujui", 3)
        assert one % {"n": 1} == "1 of your daily logs was approved"
        assert many % {"n": 3} == "3 of your daily logs were approved"
    with translation.override("id"):  # Indonesian has one form
        assert translation.ngettext("%(n)d hari", "%(n)d hari", 3) % {"n": 3} == "3 hari"


def test_every_gettext_alias_is_known_to_makemessages():
    """An alias xgettext does not know hides its strings from the catalog (the SKP form's labels stayed
    Indonesian in English). `_` is standard; any other must be listed in our makemessages command."""
    import re

    from common.management.commands.makemessages import ALIASES

    known = {"_"} | set(ALIASES)
    pattern = re.compile(r"^from django\.utils\.translation import .*\bas (\w+)", re.M)
    unknown = []
    for path in BASE.rglob("*.py"):
        if NOT_SOURCES & set(path.relative_to(BASE).parts):
            continue
        for alias in pattern.findall(path.read_text(encoding="utf-8")):
            if alias not in known:
                unknown.append(f"{path.relative_to(BASE)}: {alias}")
    assert unknown == []
