"""The atasan's team board (defect 8): "Belum melapor" covers the whole subtree (with a direct-only
filter) and lists, with the reason, the members who are not expected to report."""

import pytest
from django.utils import timezone

from kinerja.rules import subtract_working_days
from kinerja.selectors import dashboard as sel
from tests.kinerja.factories import LogHarianFactory, PeriodeFactory, RhkFactory, SkpFactory
from tests.pegawai.factories import PegawaiFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def periode(atasan_penilai):
    return PeriodeFactory(instansi=atasan_penilai.instansi, tahun=timezone.localdate().year)


def _log(p, periode, tanggal, status="approved"):
    skp = p.skp.filter(periode=periode).first() or SkpFactory(pegawai=p, periode=periode)
    rhk = RhkFactory(skp=skp)
    return LogHarianFactory(rhk=rhk, tanggal=tanggal, status=status, submitted_at=timezone.now())


def test_head_of_opd_sees_indirect_subordinates_who_have_not_reported(
    client, atasan_penilai, penilai, pegawai, periode
):
    _log(penilai, periode, timezone.localdate())  # the direct report reported today
    client.force_login(atasan_penilai.user)
    board = client.get("/kinerja/dashboard/tim/").context["board"]
    assert [p.pk for p in board.tidak_melapor] == [pegawai.pk]  # two levels down, silent
    # direct reports only: the indirect one is not listed
    board = client.get("/kinerja/dashboard/tim/?langsung=1").context["board"]
    assert board.langsung_saja and board.tidak_melapor == []


def test_members_on_leave_are_listed_with_the_reason_not_dropped(client, atasan_penilai, penilai, periode):
    belajar = PegawaiFactory(
        unit_kerja=penilai.unit_kerja, atasan=penilai, nama="Sedang Belajar", kedudukan="tugas_belajar"
    )
    cltn = PegawaiFactory(unit_kerja=penilai.unit_kerja, atasan=penilai, nama="Sedang Cltn", kedudukan="cltn")
    _log(cltn, periode, timezone.localdate())  # even one who logged something is not "counted"
    client.force_login(atasan_penilai.user)
    r = client.get("/kinerja/dashboard/tim/")
    board = r.context["board"]
    assert [p.pk for p in board.dikecualikan] == [belajar.pk, cltn.pk]  # by name
    assert belajar.pk not in {p.pk for p in board.tidak_melapor}
    html = r.content.decode()
    assert "Tidak dihitung (2 orang)" in html
    assert "Tugas belajar" in html and "Cuti di luar tanggungan negara" in html


def test_a_log_on_the_cutoff_day_or_a_draft_is_not_a_report(atasan_penilai, penilai, pegawai, periode):
    today = timezone.localdate()
    cutoff = subtract_working_days(today, 3)
    _log(pegawai, periode, cutoff)  # exactly N working days ago: outside the window
    _log(penilai, periode, today, status="draft")  # a draft is not a report
    board = sel.atasan_dashboard(actor=atasan_penilai, today=today)
    assert {p.pk for p in board.tidak_melapor} == {penilai.pk, pegawai.pk}
    _log(pegawai, periode, today)
    board = sel.atasan_dashboard(actor=atasan_penilai, today=today)
    assert {p.pk for p in board.tidak_melapor} == {penilai.pk}


def test_the_board_never_lists_the_atasan_or_people_outside_the_subtree(atasan_penilai, penilai, pegawai, unit_opd):
    elsewhere = PegawaiFactory(unit_kerja=unit_opd, nama="Bukan Bawahan")  # same unit, no atasan link
    board = sel.atasan_dashboard(actor=penilai)
    ids = {p.pk for p in board.tidak_melapor + board.dikecualikan}
    assert ids == {pegawai.pk}
    assert elsewhere.pk not in ids and penilai.pk not in ids and atasan_penilai.pk not in ids


def test_team_board_query_count_with_subtree_and_exclusions(
    client, atasan_penilai, penilai, pegawai, periode, django_assert_num_queries
):
    client.force_login(atasan_penilai.user)
    client.get("/kinerja/dashboard/tim/")
    with django_assert_num_queries(15):
        client.get("/kinerja/dashboard/tim/")
    for i in range(4):
        PegawaiFactory(unit_kerja=penilai.unit_kerja, atasan=pegawai, nama=f"Staf {i}")
        PegawaiFactory(unit_kerja=penilai.unit_kerja, atasan=penilai, nama=f"Cuti {i}", kedudukan="cltn")
    with django_assert_num_queries(15):
        r = client.get("/kinerja/dashboard/tim/")
    assert len(r.context["board"].tidak_melapor) == 6 and len(r.context["board"].dikecualikan) == 4


def test_team_api_matches_the_page(client, atasan_penilai, penilai, pegawai, periode):
    PegawaiFactory(unit_kerja=penilai.unit_kerja, atasan=penilai, nama="Sedang Belajar", kedudukan="tugas_belajar")
    client.force_login(atasan_penilai.user)
    data = client.get("/api/kinerja/dashboard/tim/").json()
    assert {p["id"] for p in data["tidak_melapor"]} == {penilai.pk, pegawai.pk}
    assert [(p["nama"], p["alasan"]) for p in data["dikecualikan"]] == [("Sedang Belajar", "Tugas belajar")]
    data = client.get("/api/kinerja/dashboard/tim/", {"langsung": "true"}).json()
    assert {p["id"] for p in data["tidak_melapor"]} == {penilai.pk} and data["dikecualikan"] == []
    assert client.get("/api/kinerja/dashboard/tim/", {"langsung": "kadang"}).status_code == 400
