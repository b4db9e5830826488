"""/api/pegawai/ and /api/unit-kerja/: filters, admin writes through the services, bad input answered
with HTTP 400 and Indonesian field errors (never 500, nothing half-saved), token auth, the schema."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pegawai import rules, services
from pegawai.models import Pegawai, RiwayatPegawai, UnitKerja
from tests.pegawai.factories import JabatanFactory, PegawaiFactory, UnitKerjaFactory, UserFactory

LAHIR = dt.date(1990, 5, 17)


def _nip(nomor_urut=7, lahir=LAHIR, jk="P"):
    return rules.build_nip(tanggal_lahir=lahir, tmt_tahun=2015, tmt_bulan=3, jenis_kelamin=jk, nomor_urut=nomor_urut)


def _payload(unit, **extra):
    data = {
        "nip": _nip(),
        "nama": "Siti Rahmawati",
        "gelar_belakang": "S.Kom.",
        "tanggal_lahir": LAHIR.isoformat(),
        "jenis_kelamin": "P",
        "status": "pns",
        "golongan": "III/b",
        "unit_kerja": unit.pk,
    }
    data.update(extra)
    return data


@pytest.fixture
def as_admin(client, admin_bkd):
    client.force_login(admin_bkd.user)
    return client


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def _patch(client, url, data):
    return client.patch(url, data, content_type="application/json")


# --- create / update -------------------------------------------------------------------------


def test_admin_creates_a_pegawai(as_admin, unit_bidang, penilai):
    jabatan = JabatanFactory(instansi=unit_bidang.instansi, nama="Pranata Komputer Ahli Pertama", jenis="fungsional")
    response = _post(as_admin, "/api/pegawai/", _payload(unit_bidang, atasan=penilai.pk, jabatan=jabatan.pk))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["nip"] == _nip()
    assert body["nama_lengkap"] == "Siti Rahmawati, S.Kom."
    assert body["atasan"]["id"] == penilai.pk
    assert body["unit_kerja"]["id"] == unit_bidang.pk
    created = Pegawai.objects.get(nip=_nip())
    assert created.instansi_id == unit_bidang.instansi_id
    assert created.hirarki == f"{penilai.hirarki}{created.pk}/"


def test_admin_moves_a_pegawai_and_history_records_it(as_admin, admin_bkd, pegawai, unit_opd, atasan_penilai):
    response = _patch(
        as_admin,
        f"/api/pegawai/{pegawai.pk}/",
        {"unit_kerja": unit_opd.pk, "atasan": atasan_penilai.pk, "golongan": "III/c"},
    )
    assert response.status_code == 200, response.json()
    pegawai.refresh_from_db()
    assert pegawai.unit_kerja_id == unit_opd.pk
    assert pegawai.atasan_id == atasan_penilai.pk
    jenis = set(RiwayatPegawai.objects.filter(pegawai=pegawai).values_list("jenis", flat=True))
    assert jenis == {"unit_kerja", "atasan", "golongan"}
    assert set(RiwayatPegawai.objects.filter(pegawai=pegawai).values_list("sumber", flat=True)) == {"api"}
    assert RiwayatPegawai.objects.filter(pegawai=pegawai, changed_by=admin_bkd.user).count() == 3


def test_put_is_not_offered(as_admin, pegawai):
    response = as_admin.put(f"/api/pegawai/{pegawai.pk}/", {}, content_type="application/json")
    assert response.status_code == 405


@pytest.mark.parametrize(
    "change,field,fragment",
    [
        ({"nip": "12345"}, "nip", "18 digit"),
        ({"nip": "1990051720150320x7"}, "nip", "angka"),
        ({"nip": "199013172015032001"}, "nip", "tanggal"),
        ({"nip": "199005172015033001"}, "nip", "Digit ke-15"),
        ({"tanggal_lahir": "1991-01-01"}, "tanggal_lahir", "tidak sesuai"),
        ({"jenis_kelamin": "L"}, "jenis_kelamin", "tidak sesuai"),
        ({"golongan": "XVII"}, "golongan", "tidak berlaku"),
        ({"status": "honorer"}, "status", ""),
        ({"tanggal_lahir": "17-05-1990"}, "tanggal_lahir", ""),
        ({"unit_kerja": 999999}, "unit_kerja", "tidak ditemukan"),
        ({"unit_kerja": "abc"}, "unit_kerja", "bilangan bulat"),
    ],
)
def test_create_refuses_bad_input_with_a_field_error(as_admin, unit_bidang, change, field, fragment):
    response = _post(as_admin, "/api/pegawai/", _payload(unit_bidang, **change))
    assert response.status_code == 400
    errors = response.json()
    assert field in errors, errors
    assert fragment in " ".join(errors[field])
    assert not Pegawai.objects.filter(nama="Siti Rahmawati").exists()


def test_duplicate_nip_is_a_field_error(as_admin, unit_bidang, pegawai):
    response = _post(
        as_admin,
        "/api/pegawai/",
        _payload(
            unit_bidang,
            nip=pegawai.nip,
            tanggal_lahir=pegawai.tanggal_lahir.isoformat(),
            jenis_kelamin=pegawai.jenis_kelamin,
        ),
    )
    assert response.status_code == 400
    assert "telah ada" in " ".join(response.json()["nip"])
    assert Pegawai.objects.filter(nip=pegawai.nip).count() == 1


def test_atasan_loop_is_refused_and_nothing_changes(as_admin, pegawai, atasan_penilai):
    # atasan_penilai -> penilai -> pegawai; making pegawai the atasan of atasan_penilai closes a loop.
    before = atasan_penilai.hirarki
    response = _patch(as_admin, f"/api/pegawai/{atasan_penilai.pk}/", {"atasan": pegawai.pk, "golongan": "IV/c"})
    assert response.status_code == 400
    assert "lingkaran" in " ".join(response.json()["atasan"])
    atasan_penilai.refresh_from_db()
    assert (atasan_penilai.atasan_id, atasan_penilai.golongan, atasan_penilai.hirarki) == (None, "IV/b", before)
    assert not RiwayatPegawai.objects.exists()


def test_being_ones_own_atasan_is_refused(as_admin, pegawai):
    response = _patch(as_admin, f"/api/pegawai/{pegawai.pk}/", {"atasan": pegawai.pk})
    assert response.status_code == 400
    assert "atasan" in response.json()


@pytest.mark.parametrize("field", ["unit_kerja", "jabatan", "atasan"])
def test_admin_instansi_cannot_point_at_another_instansi(as_admin, pegawai, pegawai_lain, field):
    target = {
        "unit_kerja": pegawai_lain.unit_kerja_id,
        "jabatan": JabatanFactory(instansi=pegawai_lain.instansi).pk,
        "atasan": pegawai_lain.pk,
    }[field]
    response = _patch(as_admin, f"/api/pegawai/{pegawai.pk}/", {field: target})
    assert response.status_code == 400
    assert "tidak ditemukan di instansi" in " ".join(response.json()[field])
    before = (pegawai.unit_kerja_id, pegawai.jabatan_id, pegawai.atasan_id)
    pegawai.refresh_from_db()
    assert (pegawai.unit_kerja_id, pegawai.jabatan_id, pegawai.atasan_id) == before


def test_admin_bkn_may_not_mix_instansi_either(client, admin_bkn, pegawai, pegawai_lain):
    client.force_login(admin_bkn)
    response = _patch(
        client, f"/api/pegawai/{pegawai.pk}/", {"jabatan": JabatanFactory(instansi=pegawai_lain.instansi).pk}
    )
    assert response.status_code == 400
    assert "jabatan" in response.json()


# --- unit kerja ------------------------------------------------------------------------------


def test_admin_creates_renames_and_moves_a_unit(as_admin, unit_opd, unit_bidang, pegawai):
    created = _post(as_admin, "/api/unit-kerja/", {"nama": "Seksi Tata Kelola", "parent": unit_bidang.pk})
    assert created.status_code == 201, created.json()
    seksi = UnitKerja.objects.get(pk=created.json()["id"])
    assert seksi.path == f"{unit_bidang.path}{seksi.pk}/"
    other_opd = _post(as_admin, "/api/unit-kerja/", {"nama": "Dinas Pendidikan"})
    assert other_opd.status_code == 201
    assert other_opd.json()["instansi"] == unit_opd.instansi_id
    assert other_opd.json()["parent"] is None

    moved = _patch(
        as_admin,
        f"/api/unit-kerja/{unit_bidang.pk}/",
        {"nama": "Bidang E-Government", "parent": other_opd.json()["id"]},
    )
    assert moved.status_code == 200, moved.json()
    seksi.refresh_from_db()
    unit_bidang.refresh_from_db()
    assert unit_bidang.nama == "Bidang E-Government"
    assert seksi.path == f"/{other_opd.json()['id']}/{unit_bidang.pk}/{seksi.pk}/"
    assert seksi.depth == 2


def test_unit_cycle_is_refused_and_nothing_is_half_saved(as_admin, unit_opd, unit_bidang):
    response = _patch(as_admin, f"/api/unit-kerja/{unit_opd.pk}/", {"nama": "Nama Baru", "parent": unit_bidang.pk})
    assert response.status_code == 400
    assert "turunannya" in " ".join(response.json()["parent"])
    unit_opd.refresh_from_db()
    assert (unit_opd.nama, unit_opd.parent_id) == ("Dinas Komunikasi dan Informatika", None)
    assert _patch(as_admin, f"/api/unit-kerja/{unit_opd.pk}/", {"parent": unit_opd.pk}).status_code == 400


def test_unit_create_needs_a_name(as_admin):
    response = _post(as_admin, "/api/unit-kerja/", {"nama": ""})
    assert response.status_code == 400
    assert "nama" in response.json()


def test_admin_bkn_must_name_the_instansi_of_a_top_unit(client, admin_bkn, instansi):
    client.force_login(admin_bkn)
    assert _post(client, "/api/unit-kerja/", {"nama": "Inspektorat"}).status_code == 400
    response = _post(client, "/api/unit-kerja/", {"nama": "Inspektorat", "instansi": instansi.pk})
    assert response.status_code == 201


def test_unit_kerja_filters(as_admin, unit_opd, unit_bidang, pegawai_lain):
    rows = as_admin.get("/api/unit-kerja/", {"parent": unit_opd.pk}).json()["results"]
    assert [r["id"] for r in rows] == [unit_bidang.pk]
    rows = as_admin.get("/api/unit-kerja/", {"teratas": "true"}).json()["results"]
    assert [r["id"] for r in rows] == [unit_opd.pk]
    assert as_admin.get("/api/unit-kerja/", {"instansi": pegawai_lain.instansi_id}).json()["results"] == []
    assert as_admin.get("/api/unit-kerja/", {"instansi": "abc"}).status_code == 400


# --- reading and filtering ------------------------------------------------------------------


@pytest.fixture
def people(unit_opd, unit_bidang, pegawai, penilai, atasan_penilai):
    seksi = UnitKerjaFactory(instansi=unit_opd.instansi, parent=unit_bidang, nama="Seksi Persandian")
    jab = JabatanFactory(instansi=unit_opd.instansi, nama="Sandiman Ahli Muda", jenis="fungsional", jenjang="ahli_muda")
    deep = PegawaiFactory(
        unit_kerja=seksi, atasan=penilai, nama="Budi Santoso", golongan="III/c", jabatan=jab, status="pns"
    )
    pppk = PegawaiFactory(unit_kerja=unit_opd, nama="Rina PPPK", status="pppk", golongan="IX")
    return {"seksi": seksi, "deep": deep, "pppk": pppk}


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_pegawai_filters(as_admin, people, pegawai, penilai, unit_bidang):
    api = "/api/pegawai/"
    assert _ids(as_admin.get(api, {"q": "budi"})) == {people["deep"].pk}
    assert _ids(as_admin.get(api, {"q": people["deep"].nip[:8]})) >= {people["deep"].pk}
    assert _ids(as_admin.get(api, {"q": rules.format_nip(people["deep"].nip)})) == {people["deep"].pk}
    # unit_kerja is the whole subtree: the bidang holds pegawai, penilai and (in its seksi) deep
    assert _ids(as_admin.get(api, {"unit_kerja": unit_bidang.pk})) == {pegawai.pk, penilai.pk, people["deep"].pk}
    assert _ids(as_admin.get(api, {"golongan": "III/c"})) == {people["deep"].pk}
    assert _ids(as_admin.get(api, {"jenis_jabatan": "fungsional"})) == {people["deep"].pk}
    assert _ids(as_admin.get(api, {"status": "pppk"})) == {people["pppk"].pk}
    assert people["pppk"].pk not in _ids(as_admin.get(api, {"kedudukan": "pensiun"}))


@pytest.mark.parametrize(
    "params,field",
    [
        ({"golongan": "V/a"}, "golongan"),
        ({"status": "honorer"}, "status"),
        ({"jenis_jabatan": "menteri"}, "jenis_jabatan"),
        ({"kedudukan": "x"}, "kedudukan"),
        ({"unit_kerja": "abc"}, "unit_kerja"),
        ({"unit_kerja": 999999}, "unit_kerja"),
    ],
)
def test_unknown_filter_values_are_400(as_admin, people, params, field):
    response = as_admin.get("/api/pegawai/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_unit_filter_of_another_instansi_is_400_not_a_leak(as_admin, pegawai_lain):
    response = as_admin.get("/api/pegawai/", {"unit_kerja": pegawai_lain.unit_kerja_id})
    assert response.status_code == 400


def test_me(client, pegawai, akun_tanpa_pegawai):
    client.force_login(pegawai.user)
    body = client.get("/api/pegawai/me/").json()
    assert (body["id"], body["nip"]) == (pegawai.pk, pegawai.nip)
    client.force_login(akun_tanpa_pegawai)
    assert client.get("/api/pegawai/me/").status_code == 404


def test_token_auth(client, pegawai):
    user = pegawai.user
    bad = client.post("/api/auth/token/", {"username": user.username, "password": "salah"})
    assert bad.status_code == 400
    response = client.post("/api/auth/token/", {"username": pegawai.nip, "password": "rahasia-uji-123"})
    assert response.status_code == 200, response.content
    token = response.json()["token"]
    client.logout()
    me = client.get("/api/pegawai/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert me.status_code == 200
    assert me.json()["id"] == pegawai.pk
    # A wrong token is refused (403: session auth comes first, so no WWW-Authenticate challenge).
    assert client.get("/api/pegawai/me/", HTTP_AUTHORIZATION="Token nope").status_code in (401, 403)


def test_schema_and_docs(client, pegawai):
    client.force_login(pegawai.user)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    doc = schema.json()
    patch = doc["paths"]["/api/pegawai/{id}/"]["patch"]["responses"]
    assert {"200", "400", "403", "404"} <= set(patch)
    assert {"201", "400", "403"} <= set(doc["paths"]["/api/unit-kerja/"]["post"]["responses"])
    assert "StatusPegawaiEnum" in doc["components"]["schemas"]
    assert client.get("/api/docs/").status_code == 200


# --- no N+1 --------------------------------------------------------------------------------


def _batch(unit, atasan, n):
    jab = JabatanFactory(instansi=unit.instansi, nama=f"Analis {n}")
    for i in range(n):
        PegawaiFactory(unit_kerja=unit, atasan=atasan, jabatan=jab if i % 2 else None)


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_pegawai_list_query_count_is_constant(as_admin, unit_bidang, penilai, django_assert_num_queries):
    _batch(unit_bidang, penilai, 5)
    small, r1 = _count(as_admin, "/api/pegawai/", {"page_size": 100})
    _batch(unit_bidang, penilai, 45)
    large, r2 = _count(as_admin, "/api/pegawai/", {"page_size": 100})
    assert r2.json()["count"] >= r1.json()["count"] + 45
    assert len(r2.json()["results"]) == 50  # the page size (PAGE_SIZE 50)
    assert small == large == 6  # exact: a new query here is a deliberate change
    with django_assert_num_queries(7):  # + resolving the unit filter (scoped lookup)
        as_admin.get("/api/pegawai/", {"unit_kerja": unit_bidang.pk})


def test_unit_list_query_count_is_constant(as_admin, unit_opd):
    for i in range(3):
        UnitKerjaFactory(instansi=unit_opd.instansi, parent=unit_opd, nama=f"Bidang {i}")
    small, _ = _count(as_admin, "/api/unit-kerja/")
    for i in range(20):
        UnitKerjaFactory(instansi=unit_opd.instansi, parent=unit_opd, nama=f"Seksi {i}")
    large, _ = _count(as_admin, "/api/unit-kerja/")
    assert small == large == 6


def test_services_write_riwayat_only_on_change(pegawai):
    services.pegawai_update(pegawai=pegawai, nomor_hp="0812")
    assert not RiwayatPegawai.objects.filter(pegawai=pegawai).exists()
    user = UserFactory()
    assert user.pk


JUNK = [
    {"nip": None},
    {"nip": ["1"]},
    {"nama": "x" * 5000},
    {"tanggal_lahir": "2024-02-30"},
    {"unit_kerja": -1},
    {"unit_kerja": 2**70},
    {"atasan": "1; DROP TABLE"},
    {"jabatan": {"id": 1}},
    {"golongan": 3},
    {"email": "bukan-email"},
]


@pytest.mark.parametrize("junk", JUNK)
def test_junk_is_400_never_500(as_admin, pegawai, unit_bidang, junk):
    created = _post(as_admin, "/api/pegawai/", _payload(unit_bidang, **junk))
    patched = _patch(as_admin, f"/api/pegawai/{pegawai.pk}/", junk)
    assert created.status_code == 400, created.content
    assert patched.status_code == 400, patched.content
    assert set(junk) <= set(created.json()) | {"nip"}


@pytest.mark.parametrize(
    "junk",
    [{"nama": None}, {"parent": -1}, {"parent": 2**70}, {"parent": "abc"}, {"instansi": "x"}, {"aktif": "mungkin"}],
)
def test_unit_junk_is_400_never_500(as_admin, unit_bidang, junk):
    assert _post(as_admin, "/api/unit-kerja/", {"nama": "Seksi", **junk}).status_code == 400
    assert _patch(as_admin, f"/api/unit-kerja/{unit_bidang.pk}/", junk).status_code == 400


@pytest.mark.parametrize(
    "path", ["/api/pegawai/?page=abc", "/api/pegawai/?page=999", "/api/pegawai/99999999999999999999/"]
)
def test_odd_urls_are_never_500(as_admin, pegawai, path):
    assert as_admin.get(path).status_code in (400, 404)
