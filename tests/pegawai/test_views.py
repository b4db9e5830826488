"""Pegawai pages: directory filters and paging, profile, admin edit flows (through the services),
tim saya, unit tree; constant query counts on the list pages."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pegawai import rules
from pegawai.models import Pegawai, RiwayatPegawai, UnitKerja
from tests.pegawai.factories import JabatanFactory, PegawaiFactory, UnitKerjaFactory


@pytest.fixture
def as_admin(client, admin_bkd):
    client.force_login(admin_bkd.user)
    return client


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_directory_filters_search_and_pages(as_admin, unit_opd, unit_bidang, pegawai, penilai):
    seksi = UnitKerjaFactory(instansi=unit_opd.instansi, parent=unit_bidang, nama="Seksi Persandian")
    budi = PegawaiFactory(unit_kerja=seksi, nama="Budi Santoso", golongan="III/c", atasan=penilai)
    url = reverse("pegawai:direktori")
    names = lambda r: {p.pk for p in r.context["page"]}  # noqa: E731
    assert names(as_admin.get(url, {"q": "budi"})) == {budi.pk}
    assert names(as_admin.get(url, {"q": rules.format_nip(budi.nip)})) == {budi.pk}
    assert names(as_admin.get(url, {"unit_kerja": unit_bidang.pk})) == {pegawai.pk, penilai.pk, budi.pk}
    assert names(as_admin.get(url, {"golongan": "III/c"})) == {budi.pk}
    # A bad filter value is shown as a form error, never a 500, and filters nothing.
    bad = as_admin.get(url, {"golongan": "Z/z"})
    assert bad.status_code == 200
    assert "golongan" in bad.context["form"].errors
    for i in range(30):
        PegawaiFactory(unit_kerja=seksi, nama=f"Zainal {i:02d}")
    page2 = as_admin.get(url, {"q": "zainal", "page": 2})
    assert page2.context["page"].number == 2
    assert len(page2.context["page"]) == 5
    assert "q=zainal&amp;page=1" in page2.content.decode()


def test_directory_query_count_is_constant(as_admin, unit_bidang, penilai):
    for _ in range(5):
        PegawaiFactory(unit_kerja=unit_bidang, atasan=penilai)
    small, r1 = _count(as_admin, reverse("pegawai:direktori"))
    jab = JabatanFactory(instansi=unit_bidang.instansi)
    for i in range(45):
        PegawaiFactory(unit_kerja=unit_bidang, atasan=penilai, jabatan=jab if i % 2 else None)
    large, r2 = _count(as_admin, reverse("pegawai:direktori"))
    assert len(r1.context["page"]) < len(r2.context["page"]) == 25
    assert small == large


def test_tim_saya_direct_and_indirect_with_constant_queries(client, atasan_penilai, penilai, pegawai):
    client.force_login(atasan_penilai.user)
    url = reverse("pegawai:tim_saya")
    all_members = {m.pk for m in client.get(url).context["members"]}
    assert all_members == {penilai.pk, pegawai.pk}
    direct = {m.pk for m in client.get(url, {"langsung": "1"}).context["members"]}
    assert direct == {penilai.pk}
    small, _ = _count(client, url)
    for _ in range(20):
        PegawaiFactory(unit_kerja=pegawai.unit_kerja, atasan=pegawai)
    large, response = _count(client, url)
    assert len(response.context["members"]) == 22
    assert small == large == 8


def test_tim_saya_is_paginated_and_keeps_the_direct_only_filter(client, penilai, pegawai):
    for i in range(29):
        PegawaiFactory(unit_kerja=pegawai.unit_kerja, atasan=penilai, nama=f"Staf {i:02d}")
    client.force_login(penilai.user)
    url = reverse("pegawai:tim_saya")
    first = client.get(url, {"langsung": "1"})
    assert first.context["members"].paginator.count == 30
    assert len(first.context["members"]) == 25
    assert "langsung=1&amp;page=2" in first.content.decode()
    second = client.get(url, {"langsung": "1", "page": 2})
    assert len(second.context["members"]) == 5
    assert client.get(url, {"page": "x"}).status_code == 200  # junk page number: the first page


def test_unit_tree_head_counts_with_constant_queries(client, pegawai, unit_opd, unit_bidang, penilai, atasan_penilai):
    client.force_login(pegawai.user)
    small, response = _count(client, reverse("pegawai:unit_tree"))
    (root,) = response.context["roots"]
    assert (root["unit"].pk, root["jumlah"], root["total"]) == (unit_opd.pk, 1, 3)
    assert (root["children"][0]["jumlah"], root["children"][0]["total"]) == (2, 2)
    for i in range(10):
        seksi = UnitKerjaFactory(instansi=unit_opd.instansi, parent=unit_bidang, nama=f"Seksi {i}")
        PegawaiFactory(unit_kerja=seksi)
    large, response = _count(client, reverse("pegawai:unit_tree"))
    assert response.context["roots"][0]["total"] == 13
    assert small == large == 8


def test_profile_shows_history_and_edit_button_for_admin_only(client, admin_bkd, pegawai, unit_opd):
    client.force_login(admin_bkd.user)
    edit_url = reverse("pegawai:edit", args=[pegawai.pk])
    form = client.get(edit_url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "tanggal_lahir": pegawai.tanggal_lahir.isoformat(),
            "unit_kerja": unit_opd.pk,
            "golongan": "III/b",
            "atasan_nip": rules.format_nip(pegawai.atasan.nip),
            "jabatan": "",
        }
    )
    data = {k: ("" if v is None else v) for k, v in data.items() if k in form.fields}
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.context["form"].errors
    page = client.get(reverse("pegawai:profil", args=[pegawai.pk])).content.decode()
    assert 'id="profil-ubah"' in page
    assert "Dinas Komunikasi dan Informatika" in page
    kinds = set(RiwayatPegawai.objects.filter(pegawai=pegawai).values_list("jenis", flat=True))
    assert kinds == {"unit_kerja", "golongan"}
    client.force_login(pegawai.user)
    assert 'id="profil-ubah"' not in client.get(reverse("pegawai:profil", args=[pegawai.pk])).content.decode()


def test_edit_form_refuses_atasan_loop_and_foreign_atasan(as_admin, atasan_penilai, pegawai, pegawai_lain):
    url = reverse("pegawai:edit", args=[atasan_penilai.pk])
    base = {
        "nip": atasan_penilai.nip,
        "nama": atasan_penilai.nama,
        "tanggal_lahir": atasan_penilai.tanggal_lahir.isoformat(),
        "jenis_kelamin": atasan_penilai.jenis_kelamin,
        "status": "pns",
        "kedudukan": "aktif",
        "golongan": "IV/b",
        "unit_kerja": atasan_penilai.unit_kerja_id,
    }
    loop = as_admin.post(url, {**base, "atasan_nip": pegawai.nip})
    assert loop.status_code == 400
    assert "lingkaran" in " ".join(loop.context["form"].errors["atasan_nip"])
    foreign = as_admin.post(url, {**base, "atasan_nip": pegawai_lain.nip})
    assert foreign.status_code == 400
    assert "atasan_nip" in foreign.context["form"].errors
    atasan_penilai.refresh_from_db()
    assert atasan_penilai.atasan_id is None


def test_admin_adds_a_pegawai_from_the_form(as_admin, unit_bidang, penilai):
    lahir = dt.date(1992, 2, 29)
    nip = rules.build_nip(tanggal_lahir=lahir, tmt_tahun=2019, tmt_bulan=1, jenis_kelamin="L", nomor_urut=3)
    data = {
        "nip": nip,
        "nama": "Ahmad Fauzi",
        "tanggal_lahir": lahir.isoformat(),
        "jenis_kelamin": "L",
        "status": "cpns",
        "kedudukan": "aktif",
        "golongan": "III/a",
        "unit_kerja": unit_bidang.pk,
        "atasan_nip": penilai.nip,
    }
    wrong = as_admin.post(reverse("pegawai:create"), {**data, "tanggal_lahir": "1992-03-01"})
    assert wrong.status_code == 400
    assert "tanggal_lahir" in wrong.context["form"].errors
    assert not Pegawai.objects.filter(nip=nip).exists()
    response = as_admin.post(reverse("pegawai:create"), data)
    assert response.status_code == 302
    created = Pegawai.objects.get(nip=nip)
    assert (created.atasan_id, created.instansi_id) == (penilai.pk, unit_bidang.instansi_id)


def test_admin_creates_and_moves_units_from_the_pages(as_admin, unit_opd, unit_bidang):
    response = as_admin.post(reverse("pegawai:unit_create"), {"nama": "Seksi Data", "parent": unit_bidang.pk})
    assert response.status_code == 302
    seksi = UnitKerja.objects.get(nama="Seksi Data")
    top = as_admin.post(reverse("pegawai:unit_create"), {"nama": "Inspektorat"})
    assert top.status_code == 302
    inspektorat = UnitKerja.objects.get(nama="Inspektorat")
    assert inspektorat.instansi_id == unit_opd.instansi_id
    moved = as_admin.post(
        reverse("pegawai:unit_edit", args=[unit_bidang.pk]), {"nama": "Bidang Statistik", "parent": inspektorat.pk}
    )
    assert moved.status_code == 302
    seksi.refresh_from_db()
    assert seksi.path == f"/{inspektorat.pk}/{unit_bidang.pk}/{seksi.pk}/"
    # Under its own descendant: refused as a field error, the name is not half-saved either.
    cycle = as_admin.post(reverse("pegawai:unit_edit", args=[inspektorat.pk]), {"nama": "X", "parent": seksi.pk})
    assert cycle.status_code == 400
    assert "parent" in cycle.context["form"].errors
    inspektorat.refresh_from_db()
    assert inspektorat.nama == "Inspektorat"


def test_navigation_by_role(client, pegawai, penilai, admin_bkd):
    def labels(user):
        client.force_login(user)
        return {str(i["label"]) for i in client.get(reverse("home")).context["nav_items"]}

    assert "Tim saya" not in labels(pegawai.user)
    assert "Tim saya" in labels(penilai.user)
    assert "Impor pegawai" not in labels(pegawai.user)
    assert "Impor pegawai" in labels(admin_bkd.user)


def test_only_the_most_specific_nav_section_is_current(client, pegawai):
    client.force_login(pegawai.user)
    items = client.get(reverse("pegawai:unit_tree")).context["nav_items"]
    assert [str(i["label"]) for i in items if i["active"]] == ["Unit kerja"]


@pytest.mark.parametrize(
    "path",
    [
        "/pegawai/99999999999999999999/",
        "/pegawai/99999999999999999999/ubah/",
        "/pegawai/?unit_kerja=99999999999999999999",
        "/pegawai/?unit_kerja=abc&page=zz",
        "/pegawai/unit-kerja/tambah/?parent=abc",
        "/pegawai/unit-kerja/99999999999999999999/ubah/",
    ],
)
def test_odd_urls_are_never_500(as_admin, pegawai, path):
    assert as_admin.get(path).status_code in (200, 404)


def test_bad_post_data_is_a_form_error(as_admin, pegawai, unit_bidang):
    response = as_admin.post(
        reverse("pegawai:edit", args=[pegawai.pk]),
        {"nip": "x" * 40, "unit_kerja": "99999999999999999999", "tanggal_lahir": "31-31-2020", "atasan_nip": "abc"},
    )
    assert response.status_code == 400
    assert {"nip", "unit_kerja", "tanggal_lahir", "atasan_nip"} <= set(response.context["form"].errors)
    unit = as_admin.post(reverse("pegawai:unit_edit", args=[unit_bidang.pk]), {"nama": "", "parent": "abc"})
    assert unit.status_code == 400


@pytest.fixture
def as_superuser(client, db):
    from tests.pegawai.factories import UserFactory

    user = UserFactory(username="root.admin", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", ["user", "instansi", "unitkerja", "jabatan", "pegawai", "riwayatpegawai"])
def test_django_admin_lists_every_pegawai_model(as_superuser, pegawai, model):
    response = as_superuser.get(f"/admin/pegawai/{model}/")
    assert response.status_code == 200


def test_django_admin_edits_go_through_the_services(as_superuser, pegawai, unit_opd, unit_bidang, atasan_penilai):
    seksi = UnitKerjaFactory(instansi=unit_opd.instansi, parent=unit_bidang, nama="Seksi Data")
    top = UnitKerjaFactory(instansi=unit_opd.instansi, nama="Inspektorat")
    response = as_superuser.post(
        f"/admin/pegawai/unitkerja/{unit_bidang.pk}/change/",
        {"nama": "Bidang Data", "kode": "", "parent": top.pk, "aktif": "on"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    seksi.refresh_from_db()
    assert seksi.path == f"/{top.pk}/{unit_bidang.pk}/{seksi.pk}/"
    assert as_superuser.get(f"/admin/pegawai/pegawai/{pegawai.pk}/change/").status_code == 200
    assert as_superuser.get("/admin/pegawai/pegawai/add/").status_code == 200
    assert as_superuser.get("/admin/pegawai/riwayatpegawai/add/").status_code == 403
