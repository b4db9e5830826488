"""Markup-level accessibility that needs no browser: every id an ARIA attribute or a label points to
exists on the page, form errors are tied to their field, and scrolling tables are named,
keyboard-reachable regions. The axe audit in tests/browser/test_axe.py covers the rest."""

import re

import pytest

from tests.common.scene import MAIN_PAGES, build_scene, page_url, user_of

REFS = re.compile(r'\s(aria-describedby|aria-labelledby|aria-controls|for)="([^"]*)"')


def dangling_refs(html: str) -> list[str]:
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    return [f"{attr}={ref}" for attr, value in REFS.findall(html) for ref in value.split() if ref not in ids]


@pytest.fixture
def scene(db):
    return build_scene()


@pytest.mark.parametrize(
    ("who", "url"),
    MAIN_PAGES
    + [
        ("asn", "/accounts/password/"),
        ("admin", "/pegawai/tambah/"),
        ("admin", "/pegawai/unit-kerja/tambah/"),
        ("admin", "/kinerja/delegasi/"),
    ],
)
def test_no_aria_or_label_reference_points_nowhere(client, scene, who, url):
    client.force_login(user_of(scene, who))
    html = client.get(page_url(scene, url)).content.decode()
    assert dangling_refs(html) == []


@pytest.mark.parametrize(
    ("who", "url", "data"),
    [
        (None, "/accounts/login/", {"username": "", "password": ""}),
        ("asn", "/accounts/password/", {"old_password": "x", "new_password1": "a", "new_password2": "b"}),
        ("admin", "/pegawai/tambah/", {"nama": ""}),
        ("admin", "/kinerja/delegasi/", {"atasan_nip": "1"}),
        ("asn", "/kinerja/log/baru/", {"aksi": "draf", "output_jumlah": "-1"}),
    ],
)
def test_form_errors_are_described_by_their_field(client, scene, who, url, data):
    if who:
        client.force_login(user_of(scene, who))
    html = client.post(url, data).content.decode()
    invalid = re.findall(r"<(?:input|select|textarea)\b[^>]*aria-invalid=\"true\"[^>]*>", html)
    assert invalid, "the form should have rejected the input"
    assert dangling_refs(html) == []
    for tag in invalid:
        # Django points aria-describedby at "<id>_error"; the error text must be that element.
        described = re.search(r'aria-describedby="([^"]*)"', tag)
        assert described and any(ref.endswith("_error") for ref in described.group(1).split()), tag


@pytest.mark.parametrize("url", ["/kinerja/log/", "/kinerja/skp/{s.skp.pk}/", "/kinerja/"])
def test_scrolling_tables_are_named_keyboard_regions(client, scene, url):
    client.force_login(scene.asn.user)
    html = client.get(page_url(scene, url)).content.decode()
    wraps = re.findall(r'<div class="table-wrap"[^>]*>', html)
    assert wraps
    for tag in wraps:
        assert 'tabindex="0"' in tag and 'role="region"' in tag, tag
        assert re.search(r'aria-label="[^"]+"|aria-labelledby="[^"]+"', tag), tag
