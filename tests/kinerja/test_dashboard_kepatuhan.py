"""The compliance board made readable (defect 7): grouped by OPD with the unit path, percentages,
server-side sorting with aria-sort, an SVG chart per OPD, and every number linked to its people."""

import pytest
from django.utils import timezone

from kinerja.selectors import dashboard as sel
from tests.kinerja.factories import LogHarianFactory, PeriodeFactory, RhkFactory, SkpFactory
from tests.kinerja.log_helpers import current_window
from tests.pegawai.factories import PegawaiFactory, UnitKerjaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_opd(instansi, admin_bkd):
    """Two OPDs that both have a "Sekretariat"; Diskes' Sekretariat has 1 of 4 reporting."""
    periode = PeriodeFactory(instansi=instansi, tahun=timezone.localdate().year)
    window = current_window(periode)
    kominfo = admin_bkd.unit_kerja  # the admin's OPD (Dinas Komunikasi dan Informatika)
    diskes = UnitKerjaFactory(instansi=instansi, nama="Dinas Kesehatan")
    sekr_k = UnitKerjaFactory(instansi=instansi, parent=kominfo, nama="Sekretariat")
    sekr_d = UnitKerjaFactory(instansi=instansi, parent=diskes, nama="Sekretariat")
    umum_d = UnitKerjaFactory(instansi=instansi, parent=sekr_d, nama="Subbagian Umum")
    people = {}
    for i in range(4):
        p = PegawaiFactory(unit_kerja=sekr_d, nama=f"Diskes {i}")
        people[p.nama] = p
    reporter = people["Diskes 0"]
    rhk = RhkFactory(skp=SkpFactory(pegawai=reporter, periode=periode, status="approved"))
    LogHarianFactory(rhk=rhk, tanggal=timezone.localdate(), status="approved")
    PegawaiFactory(unit_kerja=sekr_k, nama="Kominfo Sekretariat")
    PegawaiFactory(unit_kerja=umum_d, nama="Umum Cuti", kedudukan="cltn")
    return {
        "window": window,
        "kominfo": kominfo,
        "diskes": diskes,
        "sekr_k": sekr_k,
        "sekr_d": sekr_d,
        "umum_d": umum_d,
        "people": people,
    }


def test_rows_are_grouped_by_opd_with_the_unit_path(client, admin_bkd, two_opd):
    client.force_login(admin_bkd.user)
    r = client.get("/kinerja/dashboard/kepatuhan/")
    groups = r.context["groups"]
    by_opd = {g.opd: [row.unit_path or row.unit_kerja for row in g.rows] for g in groups}
    assert by_opd["Dinas Kesehatan"] == ["Sekretariat", "Sekretariat › Subbagian Umum"]
    assert "Sekretariat" in by_opd["Dinas Komunikasi dan Informatika"]
    html = r.content.decode()
    assert f'<h2 id="opd-{two_opd["diskes"].pk}">Dinas Kesehatan</h2>' in html
    assert "Sekretariat › Subbagian Umum" in html


def test_percentages_use_one_format_and_bars(client, admin_bkd, two_opd):
    client.force_login(admin_bkd.user)
    r = client.get("/kinerja/dashboard/kepatuhan/")
    row = next(x for g in r.context["groups"] for x in g.rows if x.unit_kerja_id == two_opd["sekr_d"].pk)
    assert (row.pegawai_aktif, row.tanpa_log, row.tanpa_skp) == (4, 3, 3)
    html = r.content.decode()
    assert "75,0%" in html  # 3 of 4 without a log / without SKP
    assert 'class="bar danger"' in html and 'class="bar-fill" width="75.0"' in html
    assert f'<svg role="img" aria-labelledby="chart-{two_opd["diskes"].pk}-title"' in html
    assert "25,0%" in html  # the chart: 1 of 4 reported


def test_sorting_by_a_column_orders_rows_and_marks_aria_sort(client, admin_bkd, two_opd):
    client.force_login(admin_bkd.user)
    r = client.get("/kinerja/dashboard/kepatuhan/", {"sort": "-tanpa_log"})
    diskes = next(g for g in r.context["groups"] if g.opd == "Dinas Kesehatan")
    assert [x.unit_kerja_id for x in diskes.rows] == [two_opd["sekr_d"].pk, two_opd["umum_d"].pk]
    # worst OPD first: Kominfo 2 of 2 without a log (admin, Sekretariat), Diskes 3 of 4
    assert [g.opd for g in r.context["groups"]] == ["Dinas Komunikasi dan Informatika", "Dinas Kesehatan"]
    html = r.content.decode()
    assert '<th scope="col" aria-sort="descending"><a href="?sort=tanpa_log">' in html  # toggles
    assert html.count('aria-sort="none"') >= 6
    r = client.get("/kinerja/dashboard/kepatuhan/", {"sort": "tanpa_log"})
    diskes = next(g for g in r.context["groups"] if g.opd == "Dinas Kesehatan")
    assert [x.unit_kerja_id for x in diskes.rows] == [two_opd["umum_d"].pk, two_opd["sekr_d"].pk]
    assert 'aria-sort="ascending"' in r.content.decode()
    # an unknown key is the tree order, not an error
    assert client.get("/kinerja/dashboard/kepatuhan/", {"sort": "nama; drop"}).status_code == 200


def test_each_number_links_to_the_people_behind_it(client, admin_bkd, two_opd):
    client.force_login(admin_bkd.user)
    w, unit = two_opd["window"], two_opd["sekr_d"]
    html = client.get("/kinerja/dashboard/kepatuhan/").content.decode()
    link = f"/kinerja/dashboard/kepatuhan/pegawai/?instansi={admin_bkd.instansi_id}&amp;window={w.pk}&amp;unit={unit.pk}&amp;status=tanpa_log"
    assert link in html
    r = client.get(link.replace("&amp;", "&"))
    assert r.status_code == 200
    names = [p.nama for p in r.context["page"].object_list]
    assert names == ["Diskes 1", "Diskes 2", "Diskes 3"]
    r = client.get(
        link.replace("&amp;", "&")
        .replace("tanpa_log", "dikecualikan")
        .replace(f"unit={unit.pk}", f"unit={two_opd['umum_d'].pk}")
    )
    assert [p.nama for p in r.context["page"].object_list] == ["Umum Cuti"]
    assert "Cuti di luar tanggungan negara" in r.content.decode()


def test_people_list_is_scoped_and_refuses_bad_input(client, admin_bkd, admin_lain, pegawai, two_opd):
    w, unit = two_opd["window"], two_opd["sekr_d"]
    url = "/kinerja/dashboard/kepatuhan/pegawai/"
    client.force_login(admin_lain.user)  # admin of another instansi
    assert client.get(url, {"window": w.pk, "unit": unit.pk, "status": "tanpa_log"}).status_code == 404
    assert (
        client.get(url, {"instansi": admin_bkd.instansi_id, "unit": unit.pk, "status": "tanpa_log"}).status_code == 403
    )
    client.force_login(pegawai.user)  # an ASN
    assert client.get(url, {"window": w.pk, "unit": unit.pk, "status": "tanpa_log"}).status_code == 403
    client.force_login(admin_bkd.user)
    assert client.get(url, {"window": w.pk, "unit": unit.pk, "status": "semua"}).status_code == 404
    assert client.get(url, {"window": w.pk, "unit": "x", "status": "tanpa_log"}).status_code == 404
    assert client.get(url, {"window": w.pk, "unit": 10**30, "status": "tanpa_log"}).status_code == 404


def test_people_list_query_count_is_fixed(client, admin_bkd, two_opd, django_assert_num_queries):
    w, unit = two_opd["window"], two_opd["sekr_d"]
    client.force_login(admin_bkd.user)
    params = {"window": w.pk, "unit": unit.pk, "status": "tanpa_log"}
    client.get("/kinerja/dashboard/kepatuhan/pegawai/", params)
    with django_assert_num_queries(11):
        client.get("/kinerja/dashboard/kepatuhan/pegawai/", params)
    for i in range(5):
        PegawaiFactory(unit_kerja=unit, nama=f"Tambahan {i}")
    with django_assert_num_queries(11):
        r = client.get("/kinerja/dashboard/kepatuhan/pegawai/", params)
    assert len(r.context["page"].object_list) == 8


def test_board_query_count_with_groups_and_sorting(client, admin_bkd, two_opd, django_assert_num_queries):
    client.force_login(admin_bkd.user)
    client.get("/kinerja/dashboard/kepatuhan/", {"sort": "-tanpa_skp"})
    with django_assert_num_queries(12):
        client.get("/kinerja/dashboard/kepatuhan/", {"sort": "-tanpa_skp"})
    for i in range(3):
        u = UnitKerjaFactory(instansi=two_opd["diskes"].instansi, parent=two_opd["diskes"], nama=f"Bidang {i}")
        PegawaiFactory(unit_kerja=u)
    with django_assert_num_queries(12):
        client.get("/kinerja/dashboard/kepatuhan/", {"sort": "-tanpa_skp"})


def test_group_sort_keys_are_pure():
    a = sel.KepatuhanRow(1, "A", 4, 0, 1, 0, 3, 0, 0, opd_id=1, opd="Z OPD", unit_path="")
    b = sel.KepatuhanRow(2, "B", 10, 0, 1, 0, 2, 0, 0, opd_id=2, opd="A OPD", unit_path="")
    board = sel.KepatuhanBoard(window=None, rows=[a, b])
    assert [g.opd for g in board.groups()] == ["Z OPD", "A OPD"]  # tree order
    assert [g.opd for g in board.groups("tanpa_log", True)] == ["Z OPD", "A OPD"]  # 75% before 20%
    assert [g.opd for g in board.groups("unit", False)] == ["A OPD", "Z OPD"]
    assert sel.parse_sort("-tanpa_log") == ("tanpa_log", True) and sel.parse_sort("x") == ("", False)
