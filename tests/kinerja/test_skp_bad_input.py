"""Garbage in the SKP pages' forms is a 400 or a message, never a 500 or a runaway loop; the
koreksi form never redirects off-site."""

import pytest

from kinerja.models import KoreksiAtasan, Skp, SkpTemplate
from tests.kinerja.skp_helpers import periode_for, skp_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.mark.parametrize("total", ["abc", "-3", "99999999999999999999999", "1e9", "100000000"])
def test_row_counts_that_are_not_small_numbers_do_not_break_the_form(client, pegawai, total):
    periode = periode_for(pegawai)
    client.force_login(pegawai.user)
    data = {
        "periode": periode.pk,
        "rhk-total": total,
        "rhk-0-deskripsi": "Tersedianya layanan",
        "rhk-0-ind-total": total,
        "rhk-0-ind-0-deskripsi": "Jumlah layanan",
        "rhk-0-ind-0-target_angka": "5",
    }
    r = client.post("/kinerja/skp/baru/", data)
    assert r.status_code in (200, 302, 400)
    skp = Skp.objects.filter(pegawai=pegawai).first()
    if skp is not None:  # a sane count of rows was read
        assert skp.rhk.count() <= 1


def test_edit_form_with_garbage_counts_is_not_a_500(client, pegawai):
    skp = skp_for(pegawai)
    client.force_login(pegawai.user)
    r = client.post(f"/kinerja/skp/{skp.pk}/ubah/", {"rhk-total": "x", "rhk-0-ind-total": "y"})
    assert r.status_code in (200, 302, 400)
    assert skp.rhk.count() == 1  # nothing wiped by a form that could not be read


def test_template_form_with_garbage_counts_is_not_a_500(client, admin_bkd):
    client.force_login(admin_bkd.user)
    r = client.post("/kinerja/skp/templat/baru/", {"nama": "T", "jabatan": "1", "rhk-total": "zz"})
    assert r.status_code in (200, 302, 400)
    assert not SkpTemplate.objects.exists()


@pytest.mark.parametrize("target", ["-5", "abc", "1e400", "NaN"])
def test_bad_targets_on_the_page_are_400(client, pegawai, target):
    periode = periode_for(pegawai)
    client.force_login(pegawai.user)
    data = {
        "periode": periode.pk,
        "rhk-total": "1",
        "rhk-0-deskripsi": "Tersedianya layanan",
        "rhk-0-ind-total": "1",
        "rhk-0-ind-0-deskripsi": "Jumlah layanan",
        "rhk-0-ind-0-target_angka": target,
    }
    assert client.post("/kinerja/skp/baru/", data).status_code == 400
    assert not Skp.objects.filter(pegawai=pegawai).exists()


@pytest.mark.parametrize("nxt", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_koreksi_form_never_redirects_off_site(client, pegawai, nxt):
    client.force_login(pegawai.user)
    r = client.post("/kinerja/skp/koreksi-atasan/", {"alasan": "Atasan saya sudah pindah", "next": nxt})
    assert r.status_code == 302
    assert r["Location"].startswith("/") and not r["Location"].startswith("//")
    assert KoreksiAtasan.objects.filter(pegawai=pegawai, status="open").count() == 1


def test_koreksi_form_keeps_a_local_next(client, pegawai):
    skp = skp_for(pegawai)
    client.force_login(pegawai.user)
    r = client.post(
        "/kinerja/skp/koreksi-atasan/", {"alasan": "Salah atasan", "skp": skp.pk, "next": f"/kinerja/skp/{skp.pk}/"}
    )
    assert r.status_code == 302 and r["Location"] == f"/kinerja/skp/{skp.pk}/"
