"""Log pages: the htmx form (row and errors partials), no-JS fallback, queue, evidence download,
realisasi page; denials and constant query counts."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kinerja.models import BuktiDukung, LogHarian
from tests.kinerja.factories import LogHarianFactory
from tests.kinerja.log_helpers import current_window, fake_pdf, png_bytes, setup_skp, upload
from tests.pegawai.factories import PegawaiFactory

pytest_plugins = ["tests.kinerja.log_helpers"]
pytestmark = pytest.mark.usefixtures("media")

HTMX = {"HTTP_HX_REQUEST": "true"}


def logged_in(client, pegawai):
    client.force_login(pegawai.user)
    return client


def post_data(rhk, **over):
    data = {
        "tanggal": timezone.localdate().isoformat(),
        "rhk": rhk.pk,
        "kegiatan": "Rapat koordinasi aplikasi",
        "output_jumlah": "1",
        "output_satuan": "dokumen",
        "jam_mulai": "13:00",
        "jam_selesai": "14:00",
        "client_token": str(uuid.uuid4()),
        "aksi": "kirim",
    }
    data.update(over)
    return data


def test_log_page_has_an_accessible_form(client, pegawai):
    _skp, rhk, _ind = setup_skp(pegawai)
    r = logged_in(client, pegawai).get("/kinerja/log/")
    html = r.content.decode()
    assert r.status_code == 200
    for field in ("tanggal", "rhk", "kegiatan", "output_jumlah", "output_satuan", "jam_mulai", "jam_selesai", "files"):
        assert f'<label for="id_{field}">' in html
    assert 'name="client_token"' in html and 'hx-post="/kinerja/log/baru/"' in html
    assert "log-form.js" in html and '<option value="dokumen">' in html


def test_htmx_post_returns_fresh_form_and_the_new_row_out_of_band(client, pegawai):
    _skp, rhk, _ind = setup_skp(pegawai)
    data = post_data(rhk, files=[upload("foto.png", png_bytes())])
    r = logged_in(client, pegawai).post("/kinerja/log/baru/", data, **HTMX)
    html = r.content.decode()
    log = LogHarian.objects.get()
    assert r.status_code == 200 and log.status == "submitted" and log.bukti.count() == 1
    assert 'hx-swap-oob="afterbegin:#log-rows"' in html and f'id="log-{log.pk}"' in html
    assert f'data-saved-token="{data["client_token"]}"' in html  # the page script clears this draft
    assert data["client_token"] not in html.split("data-saved-token")[1].split("client_token")[-1]  # new token
    # the same form posted again (double click, retry): no second log, no second row
    r2 = client.post("/kinerja/log/baru/", {**data, "files": [upload("foto.png", png_bytes())]}, **HTMX)
    assert LogHarian.objects.count() == 1 and BuktiDukung.objects.count() == 1
    assert "hx-swap-oob" not in r2.content.decode() and "tidak dibuat ganda" in r2.content.decode()


def test_htmx_post_with_errors_returns_the_form_with_messages(client, pegawai):
    _skp, rhk, _ind = setup_skp(pegawai)
    data = post_data(rhk, jam_selesai="12:00", files=[fake_pdf()])
    r = logged_in(client, pegawai).post("/kinerja/log/baru/", data, **HTMX)
    html = r.content.decode()
    assert r.status_code == 200 and LogHarian.objects.count() == 0
    assert "Jam selesai harus setelah jam mulai" in html
    assert 'data-bound="1"' in html and data["client_token"] in html  # same token kept for the retry


def test_post_without_javascript_redirects_or_shows_errors(client, pegawai):
    _skp, rhk, _ind = setup_skp(pegawai)
    c = logged_in(client, pegawai)
    data = post_data(rhk, aksi="draf")
    r = c.post("/kinerja/log/baru/", data)
    assert r.status_code == 302 and data["client_token"] in r["Location"]
    assert LogHarian.objects.get().status == "draft"
    r = c.post("/kinerja/log/baru/", post_data(rhk, output_jumlah="-1"))
    assert r.status_code == 400 and "tidak boleh negatif" in r.content.decode()


def test_log_page_query_count_does_not_grow(client, pegawai, django_assert_max_num_queries):
    _skp, rhk, _ind = setup_skp(pegawai)
    c = logged_in(client, pegawai)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert c.get("/kinerja/log/").status_code == 200
        return len(ctx.captured_queries)

    LogHarianFactory.create_batch(5, rhk=rhk)
    few = count()
    LogHarianFactory.create_batch(25, rhk=rhk)
    assert count() == few


def test_queue_page_bulk_approve_and_its_query_count(client, pegawai, penilai):
    _skp, rhk, _ind = setup_skp(pegawai)
    c = logged_in(client, penilai)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            r = c.get("/kinerja/log/antrian/")
        assert r.status_code == 200
        return len(ctx.captured_queries), r.content.decode()

    LogHarianFactory.create_batch(5, rhk=rhk, submitted_at=timezone.now())
    few, _ = count()
    LogHarianFactory.create_batch(25, rhk=rhk, submitted_at=timezone.now())
    many, html = count()
    assert few == many
    assert html.count('name="ids"') == 30 and "Setujui yang dipilih" in html
    ids = list(LogHarian.objects.values_list("pk", flat=True)[:12])
    r = c.post("/kinerja/log/antrian/proses/", {"ids": ids, "aksi": "setujui", "catatan": ""}, follow=True)
    assert "12 log disetujui" in r.content.decode()
    assert LogHarian.objects.filter(status="approved").count() == 12


def test_queue_page_of_another_team_shows_nothing_and_cannot_approve(client, pegawai):
    _skp, rhk, _ind = setup_skp(pegawai)
    log = LogHarianFactory(rhk=rhk, submitted_at=timezone.now())
    other = logged_in(client, PegawaiFactory())
    assert "Tidak ada log yang menunggu" in other.get("/kinerja/log/antrian/").content.decode()
    r = other.post("/kinerja/log/antrian/proses/", {"ids": [log.pk], "aksi": "setujui"})
    assert r.status_code == 403
    log.refresh_from_db()
    assert log.status == "submitted"


def test_detail_and_evidence_download_are_scoped(client, pegawai, penilai):
    _skp, rhk, _ind = setup_skp(pegawai)
    c = logged_in(client, pegawai)
    c.post("/kinerja/log/baru/", post_data(rhk, aksi="draf", files=[upload("foto.pdf.png", png_bytes())]))
    log = LogHarian.objects.get()
    bukti = log.bukti.get()
    assert c.get(f"/kinerja/log/{log.pk}/").status_code == 200
    r = c.get(f"/kinerja/bukti/{bukti.pk}/")
    assert r.status_code == 200 and r["Content-Type"] == "image/png" and "attachment" in r["Content-Disposition"]
    assert b"".join(r.streaming_content) == png_bytes()
    boss = logged_in(client.__class__(), penilai)
    assert boss.get(f"/kinerja/bukti/{bukti.pk}/").status_code == 200
    stranger = logged_in(client.__class__(), PegawaiFactory())
    assert stranger.get(f"/kinerja/log/{log.pk}/").status_code == 404
    assert stranger.get(f"/kinerja/bukti/{bukti.pk}/").status_code == 404


def test_realisasi_pages_render_for_owner_and_atasan_only(client, pegawai, penilai):
    skp, _rhk, _ind = setup_skp(pegawai)
    w = current_window(skp.periode)
    url = f"/kinerja/realisasi/{skp.pk}/{w.pk}/"
    html = logged_in(client, pegawai).get("/kinerja/realisasi/").content.decode()
    assert url in html
    assert "Isi manual" in client.get(url).content.decode()
    boss = logged_in(client.__class__(), penilai)
    page = boss.get(url).content.decode()
    assert "Tulis umpan balik" in page and "Berorientasi Pelayanan" in page
    r = boss.post(f"{url}umpan-balik/", {"perilaku": "adaptif", "isi": "Cepat beradaptasi."})
    assert r.status_code == 302
    assert "Cepat beradaptasi." in boss.get(url).content.decode()
    assert logged_in(client.__class__(), PegawaiFactory()).get(url).status_code == 404


def test_out_of_range_ids_in_pages_are_404_or_ignored(client, pegawai):
    c = logged_in(client, pegawai)
    huge = 10**20
    assert c.get(f"/kinerja/log/{huge}/").status_code == 404
    assert c.get(f"/kinerja/bukti/{huge}/").status_code == 404
    assert c.get(f"/kinerja/realisasi/{huge}/1/").status_code == 404
    r = c.post("/kinerja/log/antrian/proses/", {"ids": [str(huge)], "aksi": "setujui"}, follow=True)
    assert r.status_code == 200 and "Pilih minimal satu log" in r.content.decode()


def test_owner_edits_a_draft_on_its_page_and_not_an_approved_one(client, pegawai, penilai):
    _skp, rhk, _ind = setup_skp(pegawai)
    c = logged_in(client, pegawai)
    log = LogHarianFactory(rhk=rhk, status="draft", tanggal=timezone.localdate())
    r = c.post(f"/kinerja/log/{log.pk}/", post_data(rhk, kegiatan="Sudah diperbaiki"))
    assert r.status_code == 302
    log.refresh_from_db()
    assert log.kegiatan == "Sudah diperbaiki"
    r = c.post(f"/kinerja/log/{log.pk}/", post_data(rhk, jam_selesai="12:00"))
    assert r.status_code == 400 and "setelah jam mulai" in r.content.decode()
    LogHarian.objects.filter(pk=log.pk).update(status="approved")
    assert c.post(f"/kinerja/log/{log.pk}/", post_data(rhk, kegiatan="Lagi")).status_code == 403
    page = c.get(f"/kinerja/log/{log.pk}/").content.decode()
    assert "terkunci" in page and "Ubah log" not in page
    assert logged_in(client.__class__(), penilai).post(f"/kinerja/log/{log.pk}/hapus/").status_code == 403
    assert c.post(f"/kinerja/log/{log.pk}/hapus/").status_code == 302  # owner: refused with a message
    assert LogHarian.objects.filter(pk=log.pk).exists()


def _oob_target_ids(html: str) -> set[str]:
    import re

    ids = set(re.findall(r'hx-swap-oob="[a-z]+:#([\w-]+)"', html))
    ids |= set(re.findall(r'<[a-z]+ id="([\w-]+)"[^>]*hx-swap-oob="(?:true|outerHTML|innerHTML|delete)"', html))
    return ids


def test_every_out_of_band_target_exists_on_the_list_page_with_or_without_rows(client, pegawai):
    """htmx raises oobErrorNoTarget when a swap's target is missing (it was: #log-empty once the
    list had rows)."""
    _skp, rhk, _ind = setup_skp(pegawai)
    client = logged_in(client, pegawai)
    for mulai, selesai in (("08:00", "09:00"), ("10:00", "11:00")):  # empty list, then one with a row
        page = client.get("/kinerja/log/").content.decode()
        r = client.post("/kinerja/log/baru/", post_data(rhk, jam_mulai=mulai, jam_selesai=selesai), **HTMX)
        targets = _oob_target_ids(r.content.decode())
        assert targets >= {"log-rows", "log-empty"}
        for target in targets:
            assert f'id="{target}"' in page, target
    assert LogHarian.objects.count() == 2


def test_realisasi_opens_on_the_current_window_not_the_first(client, pegawai, penilai, time_machine):
    import datetime as dt
    from zoneinfo import ZoneInfo

    time_machine.move_to(dt.datetime(2026, 8, 14, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta")))
    skp, _rhk, _ind = setup_skp(pegawai)  # triwulanan: four windows
    w = current_window(skp.periode)
    assert w.nomor == 3  # August: the third quarter, not the first
    c = logged_in(client, pegawai)
    r = c.get(f"/kinerja/realisasi/{skp.pk}/")
    assert r.status_code == 302 and r["Location"] == f"/kinerja/realisasi/{skp.pk}/{w.pk}/"
    html = c.get("/kinerja/realisasi/").content.decode()
    assert f'href="/kinerja/realisasi/{skp.pk}/"' in html and f"Buka {w.label}" in html
    assert logged_in(client.__class__(), PegawaiFactory()).get(f"/kinerja/realisasi/{skp.pk}/").status_code == 404


def test_current_window_between_and_outside_windows():
    import datetime as dt
    from types import SimpleNamespace as W

    from kinerja.selectors.realisasi import current_window_of

    a = W(mulai=dt.date(2026, 1, 1), selesai=dt.date(2026, 3, 31))
    b = W(mulai=dt.date(2026, 7, 1), selesai=dt.date(2026, 9, 30))
    assert current_window_of([b, a], dt.date(2026, 2, 1)) is a
    assert current_window_of([a, b], dt.date(2026, 5, 1)) is a  # between: the latest started
    assert current_window_of([a, b], dt.date(2026, 12, 1)) is b
    assert current_window_of([a, b], dt.date(2025, 12, 1)) is a  # before the first
    assert current_window_of([], dt.date(2026, 1, 1)) is None
