"""API of logs, queue, realisasi and umpan balik: happy paths, bad input (400, never 500), access
denials (403/404) and query counts that do not grow with the rows."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from kinerja.models import BuktiDukung, LogHarian, Realisasi, UmpanBalik
from kinerja.services import bukti as bukti_service
from tests.kinerja.factories import LogHarianFactory
from tests.kinerja.log_helpers import current_window, fake_pdf, pdf_bytes, png_bytes, setup_skp, stored_files, upload
from tests.pegawai.factories import PegawaiFactory

pytest_plugins = ["tests.kinerja.log_helpers"]
pytestmark = pytest.mark.usefixtures("media")

LOGS = "/api/kinerja/log/"


def client_for(pegawai) -> APIClient:
    c = APIClient()
    c.force_authenticate(pegawai.user)
    return c


@pytest.fixture
def setup(pegawai):
    return setup_skp(pegawai)


def form(the_rhk, **over):
    data = {
        "tanggal": timezone.localdate().isoformat(),
        "rhk": the_rhk.pk,
        "kegiatan": "Memperbarui aplikasi layanan",
        "output_jumlah": "2",
        "output_satuan": "dokumen",
        "jam_mulai": "08:00",
        "jam_selesai": "09:30",
    }
    data.update(over)
    return data


def test_create_multipart_with_files_then_replay_returns_the_same_log(pegawai, setup):
    _skp, rhk, _ind = setup
    c = client_for(pegawai)
    token = str(uuid.uuid4())
    body = form(
        rhk, client_token=token, files=[upload("lap.pdf", pdf_bytes()), upload("foto.png", png_bytes())], kirim="true"
    )
    r1 = c.post(LOGS, body, format="multipart")
    assert r1.status_code == 201, r1.content
    assert r1.data["status"] == "submitted"
    assert [b["content_type"] for b in r1.data["bukti"]] == ["application/pdf", "image/png"]
    r2 = c.post(LOGS, form(rhk, client_token=token, files=[upload("foto.png", png_bytes())]), format="multipart")
    assert r2.status_code == 200 and r2.data["id"] == r1.data["id"]
    assert LogHarian.objects.count() == 1 and BuktiDukung.objects.count() == 2


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"rhk": 999999}, "rhk"),
        ({"output_jumlah": "-3"}, "output_jumlah"),
        ({"jam_mulai": "10:00", "jam_selesai": "09:00"}, "jam_selesai"),
        ({"tanggal": "2999-01-01"}, "tanggal"),
        ({"tanggal": "bukan-tanggal"}, "tanggal"),
        ({"output_jumlah": "abc"}, "output_jumlah"),
    ],
)
def test_create_bad_input_is_400_with_field_errors(pegawai, setup, over, field):
    _skp, rhk, _ind = setup
    r = client_for(pegawai).post(LOGS, form(rhk, **over), format="multipart")
    assert r.status_code == 400 and field in r.data, r.content
    assert LogHarian.objects.count() == 0


def test_create_with_rhk_of_another_pegawai_is_400(pegawai, penilai, setup):
    _s, other_rhk, _i = setup_skp(penilai)
    r = client_for(pegawai).post(LOGS, form(other_rhk), format="multipart")
    assert r.status_code == 400 and "bukan bagian dari SKP Anda" in r.data["rhk"][0]


def test_fake_pdf_second_file_saves_nothing(pegawai, setup, media):
    _skp, rhk, _ind = setup
    r = client_for(pegawai).post(LOGS, form(rhk, files=[upload("ok.png", png_bytes()), fake_pdf()]), format="multipart")
    assert r.status_code == 400 and "bukan PDF" in r.data["files"][0]
    assert LogHarian.objects.count() == 0 and BuktiDukung.objects.count() == 0 and stored_files(media) == []


def test_oversize_file_is_400(pegawai, setup, monkeypatch):
    _skp, rhk, _ind = setup
    monkeypatch.setattr(bukti_service, "MAX_BYTES", 100)  # the real limit is pinned in test_bukti_services
    r = client_for(pegawai).post(LOGS, form(rhk, files=[upload("besar.png", png_bytes(40, 40))]), format="multipart")
    assert r.status_code == 400 and "terlalu besar" in r.data["files"][0]


def test_json_create_works_without_files(pegawai, setup):
    _skp, rhk, _ind = setup
    r = client_for(pegawai).post(LOGS, form(rhk, link_bukti="https://drive.contoh.go.id/x"), format="json")
    assert r.status_code == 201 and r.data["link_bukti"] == "https://drive.contoh.go.id/x"


def test_update_delete_submit_in_draft_and_locked_after_approval(pegawai, penilai, setup):
    _skp, rhk, _ind = setup
    c = client_for(pegawai)
    log_id = c.post(LOGS, form(rhk), format="multipart").data["id"]
    r = c.patch(f"{LOGS}{log_id}/", {"kegiatan": "Diperbaiki"}, format="json")
    assert r.status_code == 200 and r.data["kegiatan"] == "Diperbaiki"
    r = c.post(f"{LOGS}{log_id}/bukti", {"files": [upload("x.png", png_bytes())]}, format="multipart")
    assert r.status_code == 200 and len(r.data["bukti"]) == 1
    assert c.post(f"{LOGS}{log_id}/submit").status_code == 200
    assert c.patch(f"{LOGS}{log_id}/", {"kegiatan": "Lagi"}, format="json").status_code == 400
    assert client_for(penilai).post(f"{LOGS}approve", {"ids": [log_id]}, format="json").status_code == 200
    assert c.delete(f"{LOGS}{log_id}/").status_code == 400
    assert (
        c.post(f"{LOGS}{log_id}/bukti", {"files": [upload("y.png", png_bytes())]}, format="multipart").status_code
        == 400
    )
    draft_id = c.post(LOGS, form(rhk), format="multipart").data["id"]
    assert c.delete(f"{LOGS}{draft_id}/").status_code == 204


def test_another_asn_cannot_see_or_touch_my_logs(pegawai, setup):
    _skp, rhk, _ind = setup
    log = LogHarianFactory(rhk=rhk, status="draft")
    colleague = PegawaiFactory(unit_kerja=pegawai.unit_kerja, atasan=pegawai.atasan)
    c = client_for(colleague)
    assert c.get(LOGS).data["count"] == 0
    assert c.get(f"{LOGS}{log.pk}/").status_code == 404
    assert c.patch(f"{LOGS}{log.pk}/", {"kegiatan": "x"}, format="json").status_code == 404
    assert c.delete(f"{LOGS}{log.pk}/").status_code == 404
    assert c.post(f"{LOGS}{log.pk}/submit").status_code == 404


def test_atasan_sees_team_logs_read_only(pegawai, penilai, atasan_penilai, setup):
    _skp, rhk, _ind = setup
    log = LogHarianFactory(rhk=rhk, status="draft")
    for boss in (penilai, atasan_penilai):
        c = client_for(boss)
        assert c.get(LOGS).data["count"] == 1
        assert c.patch(f"{LOGS}{log.pk}/", {"kegiatan": "x"}, format="json").status_code == 403


def test_queue_approve_reject_and_denials(pegawai, penilai, setup):
    _skp, rhk, ind = setup
    logs = [LogHarianFactory(rhk=rhk, submitted_at=timezone.now()) for _ in range(3)]
    other_team = PegawaiFactory()
    boss = client_for(penilai)
    q = boss.get(f"{LOGS}queue")
    assert q.status_code == 200 and q.data["count"] == 3 and "umur_jam" in q.data["results"][0]
    assert client_for(other_team).get(f"{LOGS}queue").data["count"] == 0
    r = client_for(other_team).post(f"{LOGS}approve", {"ids": [logs[0].pk]}, format="json")
    assert r.status_code == 403
    r = client_for(pegawai).post(f"{LOGS}approve", {"ids": [logs[0].pk]}, format="json")
    assert r.status_code == 403
    r = boss.post(f"{LOGS}approve", {"ids": [logs[0].pk, logs[1].pk], "catatan": "OK"}, format="json")
    assert r.status_code == 200 and r.data["changed"] == 2
    r = boss.post(f"{LOGS}approve", {"ids": [logs[0].pk]}, format="json")
    assert r.status_code == 400 and "detail" in r.data
    r = boss.post(f"{LOGS}reject", {"ids": [logs[2].pk]}, format="json")
    assert r.status_code == 400 and "catatan" in r.data
    r = boss.post(f"{LOGS}reject", {"ids": [logs[2].pk], "catatan": "Kurang bukti"}, format="json")
    assert r.status_code == 200 and r.data["changed"] == 1
    assert boss.post(f"{LOGS}approve", {"ids": []}, format="json").status_code == 400
    assert boss.post(f"{LOGS}approve", {"ids": ["x"]}, format="json").status_code == 400
    assert Realisasi.objects.get(indikator=ind).realisasi_angka == 2


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_log_list_and_queue_query_counts_do_not_grow(pegawai, penilai, setup):
    _skp, rhk, _ind = setup

    def add(n):
        for log in LogHarianFactory.create_batch(n, rhk=rhk, submitted_at=timezone.now()):
            BuktiDukung.objects.create(log=log, link="https://contoh.go.id/b", uploaded_by=pegawai)

    add(5)
    asn, boss = client_for(pegawai), client_for(penilai)
    _count_queries(asn, LOGS), _count_queries(boss, f"{LOGS}queue")  # warm the per-user caches
    few = (_count_queries(asn, LOGS), _count_queries(boss, f"{LOGS}queue"))
    add(25)
    many = (_count_queries(asn, LOGS), _count_queries(boss, f"{LOGS}queue"))
    assert few == many == (4, 4)  # exact: a new query here is a deliberate change


def test_realisasi_and_umpan_balik_api(pegawai, penilai, setup):
    skp, rhk, ind = setup
    w = current_window(skp.periode)
    asn, boss = client_for(pegawai), client_for(penilai)
    r = asn.get("/api/kinerja/realisasi/", {"skp": skp.pk})
    assert r.status_code == 200 and r.data["periode_evaluasi"]["id"] == w.pk
    assert r.data["rhk"][0]["indikator"][0]["id"] == ind.pk
    body = {
        "skp": skp.pk,
        "window": w.pk,
        "indikator": ind.pk,
        "realisasi_angka": "6",
        "files": [upload("bukti.pdf", pdf_bytes())],
    }
    r = asn.post("/api/kinerja/realisasi/", body, format="multipart")
    assert r.status_code == 200, r.content
    row = r.data["rhk"][0]["indikator"][0]
    assert (row["sumber"], row["persen"], len(row["bukti"])) == ("manual", "50.00", 1)
    assert boss.post("/api/kinerja/realisasi/", {**body, "files": []}, format="multipart").status_code == 403
    r = asn.post("/api/kinerja/realisasi/", {**body, "files": [fake_pdf()]}, format="multipart")
    assert r.status_code == 400
    ub = {"skp": skp.pk, "window": w.pk, "rhk": rhk.pk, "isi": "Pertahankan."}
    assert asn.post("/api/kinerja/umpan-balik/", ub, format="json").status_code == 403  # no thread yet
    assert boss.post("/api/kinerja/umpan-balik/", ub, format="json").status_code == 201
    assert asn.post("/api/kinerja/umpan-balik/", {**ub, "isi": "Siap."}, format="json").status_code == 201
    r = asn.get("/api/kinerja/umpan-balik/", {"skp": skp.pk, "window": w.pk})
    assert [m["isi"] for m in r.data] == ["Pertahankan.", "Siap."]
    stranger = client_for(PegawaiFactory())
    assert stranger.get("/api/kinerja/realisasi/", {"skp": skp.pk}).status_code == 404
    assert stranger.post("/api/kinerja/umpan-balik/", ub, format="json").status_code == 404
    assert UmpanBalik.objects.count() == 2
    assert asn.get("/api/kinerja/realisasi/", {"skp": "x"}).status_code == 400


def test_out_of_range_ids_are_400_or_404_never_500(pegawai, penilai, setup):
    huge = 10**20
    asn, boss = client_for(pegawai), client_for(penilai)
    assert boss.post(f"{LOGS}approve", {"ids": [huge]}, format="json").status_code == 400
    assert asn.get(f"{LOGS}{huge}/").status_code == 404
    assert asn.get(LOGS, {"pegawai": huge}).status_code == 400
    assert asn.get("/api/kinerja/realisasi/", {"skp": huge}).status_code == 400
    _skp, rhk, _ind = setup
    assert asn.post(LOGS, form(rhk, rhk=huge), format="multipart").status_code == 400
    assert asn.post(LOGS, form(rhk, kegiatan="a\x00b"), format="multipart").status_code == 400
