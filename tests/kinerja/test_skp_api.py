"""SKP API: nested create/update, workflow, bad input (400, never 500), denials (403/404), query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from kinerja.models import Rhk, Skp
from kinerja.services import skp as svc
from tests.kinerja.skp_helpers import periode_for, rhk_item, skp_for
from tests.pegawai.factories import PegawaiFactory

pytestmark = pytest.mark.django_db
SKP = "/api/kinerja/skp/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def client_for(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_create_nested_then_submit_approve_revise(pegawai, penilai, atasan_penilai):
    periode = periode_for(pegawai)
    atasan_rhk = skp_for(penilai, periode).rhk.get()
    asn = client_for(pegawai.user)
    body = {"periode": periode.pk, "dukungan_sumber_daya": "Laptop", "rhk": [rhk_item(rhk_atasan=atasan_rhk.pk)]}
    r = asn.post(SKP, body, format="json")
    assert r.status_code == 201, r.json()
    data = r.json()
    assert data["status"] == "draft" and len(data["rhk"]) == 1 and len(data["rhk"][0]["indikator"]) == 2
    assert data["rhk"][0]["rhk_atasan"] == atasan_rhk.pk and len(data["perilaku"]) == 7
    pk = data["id"]
    r = asn.patch(f"{SKP}{pk}/", {"konsekuensi": "Teguran"}, format="json")
    assert r.status_code == 200 and r.json()["konsekuensi"] == "Teguran" and len(r.json()["rhk"]) == 1
    assert asn.post(f"{SKP}{pk}/submit/").json()["status"] == "submitted"
    assert asn.post(f"{SKP}{pk}/submit/").status_code == 400  # wrong state
    atasan = client_for(penilai.user)
    assert atasan.post(f"{SKP}{pk}/approve/", {"catatan": "Baik"}, format="json").json()["status"] == "approved"
    r = atasan.post(f"{SKP}{pk}/approve/")
    assert r.status_code == 400 and "detail" in r.json()
    r = asn.post(f"{SKP}{pk}/revise/")
    assert r.status_code == 201 and r.json()["version"] == 2 and r.json()["status"] == "draft"
    assert len(asn.get(f"{SKP}{pk}/versions/").json()) == 2
    assert asn.put(f"{SKP}{pk}/", {"rhk": [rhk_item()]}, format="json").status_code == 400  # old version


@pytest.mark.parametrize(
    ("rhk", "field"),
    [
        (rhk_item(rhk_atasan=999999), "rhk_atasan"),
        (rhk_item(target=-5), "rhk"),
        ({"jenis": "utama", "deskripsi": "X", "indikator": []}, "indikator"),
        ({"jenis": "aneh", "deskripsi": "X", "indikator": [{"deskripsi": "a", "target_angka": 1}]}, "rhk"),
    ],
)
def test_bad_rhk_input_is_400_and_nothing_saved(pegawai, penilai, rhk, field):
    periode = periode_for(pegawai)
    r = client_for(pegawai.user).post(SKP, {"periode": periode.pk, "rhk": [rhk]}, format="json")
    assert r.status_code == 400
    assert field in r.json()
    assert not Skp.objects.filter(pegawai=pegawai).exists()


def test_rhk_atasan_of_someone_else_is_refused(pegawai, penilai, atasan_penilai):
    periode = periode_for(pegawai)
    foreign = skp_for(atasan_penilai, periode).rhk.get()  # the atasan's atasan, not the pejabat penilai
    skp = skp_for(pegawai, periode)
    r = client_for(pegawai.user).put(f"{SKP}{skp.pk}/", {"rhk": [rhk_item(rhk_atasan=foreign.pk)]}, format="json")
    assert r.status_code == 400 and r.json()["rhk_atasan"] == ["RHK atasan tidak valid."]
    assert Rhk.objects.get(skp=skp).rhk_atasan_id is None


def test_another_asn_cannot_read_or_edit(pegawai, penilai, unit_bidang):
    skp = skp_for(pegawai)
    other = PegawaiFactory(unit_kerja=unit_bidang, atasan=penilai)
    c = client_for(other.user)
    assert c.get(f"{SKP}{skp.pk}/").status_code == 404
    assert c.patch(f"{SKP}{skp.pk}/", {"konsekuensi": "x"}, format="json").status_code == 404
    assert c.post(f"{SKP}{skp.pk}/submit/").status_code == 404
    assert skp.pk not in [s["id"] for s in c.get(SKP).json()]
    # the atasan can read but not edit
    atasan = client_for(penilai.user)
    assert atasan.get(f"{SKP}{skp.pk}/").status_code == 200
    assert atasan.patch(f"{SKP}{skp.pk}/", {"konsekuensi": "x"}, format="json").status_code == 403


def test_approving_an_skp_you_do_not_supervise_is_403(pegawai, penilai, atasan_penilai, admin_bkd):
    skp = skp_for(pegawai)
    svc.skp_submit(skp=skp, actor=pegawai)
    # atasan_penilai can see it (hirarki) but is not the pejabat penilai
    assert client_for(atasan_penilai.user).post(f"{SKP}{skp.pk}/approve/").status_code == 403
    assert client_for(admin_bkd.user).post(f"{SKP}{skp.pk}/approve/").status_code == 403
    assert client_for(pegawai.user).post(f"{SKP}{skp.pk}/approve/").status_code == 403
    assert client_for(atasan_penilai.user).post(f"{SKP}{skp.pk}/return/", {"catatan": "x"}).status_code == 403
    assert client_for(penilai.user).post(f"{SKP}{skp.pk}/return/", {"catatan": ""}).status_code == 400
    skp.refresh_from_db()
    assert skp.status == "submitted"


def test_admin_scopes(pegawai, admin_bkd, admin_bkn):
    skp = skp_for(pegawai)
    stranger_skp = skp_for(PegawaiFactory())
    ids = [s["id"] for s in client_for(admin_bkd.user).get(SKP).json()]
    assert skp.pk in ids and stranger_skp.pk not in ids
    assert client_for(admin_bkd.user).get(f"{SKP}{stranger_skp.pk}/").status_code == 404
    assert client_for(admin_bkn).get(f"{SKP}{stranger_skp.pk}/").status_code == 200


def test_bad_ids_and_filters_answer_400_or_404(pegawai):
    c = client_for(pegawai.user)
    assert c.get(f"{SKP}{2**63}/").status_code == 404
    assert c.get(SKP, {"periode": "x"}).status_code == 400
    assert c.get(SKP, {"status": "nope"}).status_code == 400
    assert c.post(SKP, {"periode": 2**70}, format="json").status_code == 400
    assert c.post(SKP, {}, format="json").status_code == 400


def test_skp_list_query_count_is_constant(penilai, unit_bidang):
    periode = periode_for(penilai)
    staff = [PegawaiFactory(unit_kerja=unit_bidang, atasan=penilai) for _ in range(6)]
    for p in staff[:2]:
        skp_for(p, periode)
    c = client_for(penilai.user)
    c.get(SKP)  # warm the per-user caches (roles)
    with CaptureQueriesContext(connection) as few:
        assert len(c.get(SKP).json()) == 2
    for p in staff[2:]:
        skp_for(p, periode)
    with CaptureQueriesContext(connection) as many:
        assert len(c.get(SKP).json()) == 6
    assert len(few.captured_queries) == len(many.captured_queries) <= 3


def test_periode_api_admin_only(admin_bkd, pegawai):
    r = client_for(admin_bkd.user).post(
        "/api/kinerja/periode/", {"tahun": 2027, "jenis_periodik": "bulanan"}, format="json"
    )
    assert r.status_code == 201 and len(r.json()["windows"]) == 12
    pk = r.json()["id"]
    w = r.json()["windows"][0]["id"]
    assert (
        client_for(pegawai.user).post("/api/kinerja/periode/", {"tahun": 2028, "jenis_periodik": "bulanan"}).status_code
        == 403
    )
    assert client_for(pegawai.user).post(f"/api/kinerja/periode/{pk}/status/", {"status": "closed"}).status_code == 403
    assert (
        client_for(admin_bkd.user)
        .post(f"/api/kinerja/periode/window/{w}/status/", {"status": "closed"})
        .json()["status"]
        == "closed"
    )
    assert client_for(admin_bkd.user).post(f"/api/kinerja/periode/{pk}/status/", {"status": "bogus"}).status_code == 400
    assert len(client_for(pegawai.user).get("/api/kinerja/periode/").json()) == 1


def test_koreksi_and_matriks_api(pegawai, penilai, atasan_penilai, admin_bkd, unit_opd):
    asn = client_for(pegawai.user)
    r = asn.post("/api/kinerja/koreksi-atasan/", {"alasan": "Salah", "usulan_atasan": atasan_penilai.pk}, format="json")
    assert r.status_code == 201
    k = r.json()["id"]
    assert (
        asn.post(f"/api/kinerja/koreksi-atasan/{k}/resolve/", {"atasan": atasan_penilai.pk}, format="json").status_code
        == 403
    )
    admin = client_for(admin_bkd.user)
    assert [x["id"] for x in admin.get("/api/kinerja/koreksi-atasan/").json()] == [k]
    r = admin.post(f"/api/kinerja/koreksi-atasan/{k}/resolve/", {"atasan": atasan_penilai.pk}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "resolved"
    periode = periode_for(pegawai)
    skp_for(pegawai, periode)
    r = asn.get("/api/kinerja/matriks/", {"unit": unit_opd.pk, "periode": periode.pk})
    assert r.status_code == 200
    assert (
        client_for(PegawaiFactory().user)
        .get("/api/kinerja/matriks/", {"unit": unit_opd.pk, "periode": periode.pk})
        .status_code
        == 404
    )
