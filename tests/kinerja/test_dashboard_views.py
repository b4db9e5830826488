"""Dashboards: ASN, atasan (team) and admin compliance board; XLSX exports; denials; constant query
counts at two data sizes."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from kinerja.models import Realisasi
from kinerja.selectors import dashboard as sel
from pegawai.kalender import kurangi_hari_kerja
from tests.kinerja.factories import IndikatorFactory, LogHarianFactory, PeriodeFactory, RhkFactory, SkpFactory
from tests.kinerja.log_helpers import current_window
from tests.pegawai.factories import InstansiFactory, PegawaiFactory, UnitKerjaFactory, UserFactory


def _periode(instansi):
    return PeriodeFactory(instansi=instansi, tahun=timezone.localdate().year)


def _member(atasan, periode, *, n_logs=2, status="approved", skp_status="approved", kedudukan="aktif", tanggal=None):
    p = PegawaiFactory(unit_kerja=atasan.unit_kerja, atasan=atasan, kedudukan=kedudukan)
    skp = SkpFactory(pegawai=p, periode=periode, status=skp_status)
    rhk = RhkFactory(skp=skp)
    ind = IndikatorFactory(rhk=rhk, target_angka=10)
    tanggal = tanggal or timezone.localdate()
    for _ in range(n_logs):
        LogHarianFactory(rhk=rhk, tanggal=tanggal, status=status, submitted_at=timezone.now())
    return p, skp, rhk, ind


# Queries per page: session, user, groups (role checks), own pegawai, then the board's own reads.
ASN_PAGE_QUERIES = 13
TIM_PAGE_QUERIES = 15  # the admins' days off (pegawai.kalender)
KEPATUHAN_PAGE_QUERIES = 12


# --- ASN ---------------------------------------------------------------------------------------


def test_asn_dashboard_shows_targets_progress_week_logs_and_returned(client, pegawai):
    periode = _periode(pegawai.instansi)
    window = current_window(periode)
    skp = SkpFactory(pegawai=pegawai, periode=periode, status="approved")
    rhk = RhkFactory(skp=skp, deskripsi="Tersedianya aplikasi layanan")
    ind = IndikatorFactory(rhk=rhk, target_angka=8, satuan="dokumen")
    Realisasi.objects.create(indikator=ind, periode_evaluasi=window, realisasi_angka=2)
    today = timezone.localdate()
    LogHarianFactory(rhk=rhk, tanggal=today, kegiatan="Menulis modul pelaporan", status="submitted")
    LogHarianFactory(rhk=rhk, tanggal=today, kegiatan="Salah isi", status="rejected", catatan_atasan="Bukti kurang")
    client.force_login(pegawai.user)
    r = client.get("/kinerja/")
    html = r.content.decode()
    assert r.status_code == 200
    assert "Tersedianya aplikasi layanan" in html and "25,0%" in html  # 2 of 8, in the one format
    assert "Menulis modul pelaporan" in html and "Bukti kurang" in html
    board = r.context["board"]
    assert [t.persen for t in board.targets] == [25]
    assert len(board.log_ditolak) == 1 and len(board.logs_minggu_ini) == 2


def test_asn_dashboard_query_count_is_constant(client, pegawai, django_assert_num_queries):
    periode = _periode(pegawai.instansi)
    skp = SkpFactory(pegawai=pegawai, periode=periode, status="returned")
    client.force_login(pegawai.user)

    def grow(k):
        for _ in range(k):
            rhk = RhkFactory(skp=skp)
            IndikatorFactory(rhk=rhk)
            LogHarianFactory(rhk=rhk, tanggal=timezone.localdate(), status="rejected")

    grow(1)
    with django_assert_num_queries(ASN_PAGE_QUERIES):
        assert client.get("/kinerja/").status_code == 200
    grow(6)
    with django_assert_num_queries(ASN_PAGE_QUERIES):
        assert client.get("/kinerja/").status_code == 200


# --- Atasan ------------------------------------------------------------------------------------


def test_atasan_dashboard_team_progress_queue_oldest_first_and_silent_members(client, penilai, pegawai):
    periode = _periode(penilai.instansi)
    window = current_window(periode)
    skp = SkpFactory(pegawai=pegawai, periode=periode, status="approved")
    rhk = RhkFactory(skp=skp, deskripsi="RHK staf")
    ind = IndikatorFactory(rhk=rhk, target_angka=4)
    Realisasi.objects.create(indikator=ind, periode_evaluasi=window, realisasi_angka=3)
    today = timezone.localdate()
    old = LogHarianFactory(
        rhk=rhk, tanggal=today, status="submitted", submitted_at=timezone.now() - dt.timedelta(days=5)
    )
    new = LogHarianFactory(rhk=rhk, tanggal=today, status="submitted", submitted_at=timezone.now())
    silent = PegawaiFactory(unit_kerja=penilai.unit_kerja, atasan=penilai, nama="Staf Diam")
    cutoff = kurangi_hari_kerja(today, 3, penilai.instansi_id)
    LogHarianFactory(rhk=RhkFactory(skp=SkpFactory(pegawai=silent, periode=periode)), tanggal=cutoff, status="approved")
    PegawaiFactory(unit_kerja=penilai.unit_kerja, atasan=penilai, nama="Sedang Cuti", kedudukan="cltn")
    client.force_login(penilai.user)
    r = client.get("/kinerja/dashboard/tim/")
    assert r.status_code == 200
    board = r.context["board"]
    assert [a.log.pk for a in board.antrean] == [old.pk, new.pk]
    assert board.antrean[0].umur_hari == 5 and board.antrean_total == 2
    assert [p.nama for p in board.tidak_melapor] == ["Staf Diam"]
    assert board.tidak_melapor[0].log_terakhir == cutoff
    assert [(t.rhk, t.target, t.realisasi, t.persen) for t in board.tim if t.pegawai_id == pegawai.pk] == [
        ("RHK staf", 4, 3, 75)
    ]
    assert "/kinerja/log/antrian/" in r.content.decode()
    # N is configurable: with 20 working days the silent member's log counts as a report.
    r = client.get("/kinerja/dashboard/tim/?hari=20")
    assert r.context["board"].tidak_melapor == []


def test_atasan_dashboard_query_count_is_constant(client, penilai, django_assert_num_queries):
    periode = _periode(penilai.instansi)
    client.force_login(penilai.user)
    _member(penilai, periode, status="submitted")
    with django_assert_num_queries(TIM_PAGE_QUERIES):
        assert client.get("/kinerja/dashboard/tim/").status_code == 200
    for _ in range(5):
        _member(penilai, periode, status="submitted", n_logs=3)
        _member(penilai, periode, n_logs=0)
    with django_assert_num_queries(TIM_PAGE_QUERIES):
        assert client.get("/kinerja/dashboard/tim/").status_code == 200


def test_asn_without_team_cannot_open_team_or_compliance_board(client, pegawai):
    client.force_login(pegawai.user)
    assert client.get("/kinerja/dashboard/tim/").status_code == 403
    assert client.get("/kinerja/dashboard/kepatuhan/").status_code == 403
    assert client.get("/kinerja/dashboard/kepatuhan/xlsx/").status_code == 403


def test_atasan_cannot_open_compliance_board(client, penilai):
    client.force_login(penilai.user)
    assert client.get("/kinerja/dashboard/kepatuhan/").status_code == 403


# --- Admin compliance board --------------------------------------------------------------------


@pytest.fixture
def board_data(penilai, pegawai, admin_bkd):
    """One unit (penilai's bidang) with: an approved SKP with logs, a submitted SKP without logs, no
    SKP at all, and people on leave / retired (left out)."""
    periode = _periode(penilai.instansi)
    window = current_window(periode)
    today = timezone.localdate()
    SkpFactory(pegawai=pegawai, periode=periode, status="approved")
    rhk = RhkFactory(skp=pegawai.skp.get())
    LogHarianFactory(rhk=rhk, tanggal=today, status="submitted", submitted_at=timezone.now())
    LogHarianFactory(rhk=rhk, tanggal=today, status="submitted", submitted_at=timezone.now())
    LogHarianFactory(rhk=rhk, tanggal=window.mulai, status="approved")
    _member(penilai, periode, n_logs=0, skp_status="submitted")  # SKP not approved, no logs
    for kedudukan in ("cltn", "tugas_belajar", "diberhentikan_sementara", "pensiun", "meninggal", "berhenti"):
        PegawaiFactory(unit_kerja=penilai.unit_kerja, atasan=penilai, kedudukan=kedudukan)
    return window


def _row(board, unit_id):
    return next(r for r in board.rows if r.unit_kerja_id == unit_id)


def test_compliance_board_counts_per_unit_and_leaves_out_leave_and_retired(client, admin_bkd, penilai, board_data):
    client.force_login(admin_bkd.user)
    r = client.get("/kinerja/dashboard/kepatuhan/")
    assert r.status_code == 200
    board = r.context["board"]
    bidang = _row(board, penilai.unit_kerja_id)
    # penilai (no SKP, no logs), pegawai (approved, 2 waiting + 1 approved), member (submitted SKP)
    assert bidang.pegawai_aktif == 3
    assert bidang.dikecualikan == 6
    assert bidang.tanpa_skp == 1
    assert bidang.skp_belum_disetujui == 1
    assert bidang.tanpa_log == 2
    assert bidang.pegawai_log_menunggu == 1
    assert bidang.log_menunggu == 2
    assert board.total.pegawai_aktif == sum(x.pegawai_aktif for x in board.rows)


def test_compliance_board_query_count_is_constant(client, admin_bkd, penilai, board_data, django_assert_num_queries):
    client.force_login(admin_bkd.user)
    url = f"/kinerja/dashboard/kepatuhan/?window={board_data.pk}"
    with django_assert_num_queries(KEPATUHAN_PAGE_QUERIES):
        assert client.get(url).status_code == 200
    periode = board_data.periode
    for i in range(4):
        unit = UnitKerjaFactory(instansi=penilai.instansi, parent=penilai.unit_kerja.parent, nama=f"Bidang {i}")
        boss = PegawaiFactory(unit_kerja=unit, atasan=penilai)
        _member(boss, periode, status="submitted")
        _member(boss, periode, n_logs=0, skp_status="draft")
    with django_assert_num_queries(KEPATUHAN_PAGE_QUERIES):
        assert client.get(url).status_code == 200
    assert len(client.get(url).context["board"].rows) >= 6


def test_compliance_board_xlsx_has_the_same_counts(client, admin_bkd, penilai, board_data):
    client.force_login(admin_bkd.user)
    r = client.get(f"/kinerja/dashboard/kepatuhan/xlsx/?window={board_data.pk}")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    header = rows[2]
    assert header[0] == "Unit kerja"
    bidang = next(row for row in rows[3:] if row[0] == penilai.unit_kerja.nama)
    assert bidang[1:] == (3, 6, 1, 1, 2, 1, 2)
    assert rows[-1][0] == "Jumlah"


def test_admin_of_another_instansi_sees_nothing_of_ours(client, penilai, board_data):
    other_unit = UnitKerjaFactory(instansi=InstansiFactory(kode="LAIN", nama="Kabupaten Lain"), nama="Dinas Lain")
    from pegawai.permissions import Peran

    other_admin = PegawaiFactory(unit_kerja=other_unit, user=UserFactory(peran=[Peran.ADMIN_INSTANSI]))
    _periode(other_unit.instansi)
    client.force_login(other_admin.user)
    r = client.get("/kinerja/dashboard/kepatuhan/")
    assert r.status_code == 200
    html = r.content.decode()
    assert penilai.unit_kerja.nama not in html
    assert {row.unit_kerja_id for row in r.context["board"].rows} == {other_unit.pk}
    ours = penilai.instansi_id
    assert client.get(f"/kinerja/dashboard/kepatuhan/?instansi={ours}").status_code == 403
    assert client.get(f"/kinerja/dashboard/kepatuhan/xlsx/?instansi={ours}").status_code == 403
    # A window of our instansi is not theirs to pick.
    assert client.get(f"/kinerja/dashboard/kepatuhan/?window={board_data.pk}").status_code == 404
    assert client.get(f"/kinerja/ekspor/pegawai/{penilai.pk}/xlsx/").status_code == 404


def test_admin_bkn_chooses_the_instansi(client, admin_bkn, penilai, board_data):
    client.force_login(admin_bkn)
    r = client.get(f"/kinerja/dashboard/kepatuhan/?instansi={penilai.instansi_id}")
    assert r.status_code == 200
    assert penilai.unit_kerja.nama in r.content.decode()


# --- Pegawai XLSX export -----------------------------------------------------------------------


def test_pegawai_export_for_owner_atasan_admin_and_denied_to_a_peer(client, pegawai, penilai, admin_bkd):
    periode = _periode(pegawai.instansi)
    window = current_window(periode)
    skp = SkpFactory(pegawai=pegawai, periode=periode, status="approved")
    rhk = RhkFactory(skp=skp, deskripsi="RHK ekspor")
    ind = IndikatorFactory(rhk=rhk, target_angka=5, deskripsi="Indikator ekspor")
    Realisasi.objects.create(indikator=ind, periode_evaluasi=window, realisasi_angka=5)
    LogHarianFactory(rhk=rhk, tanggal=timezone.localdate(), kegiatan="Kegiatan ekspor", status="approved")
    url = f"/kinerja/ekspor/pegawai/{pegawai.pk}/xlsx/?window={window.pk}"
    for who in (pegawai.user, penilai.user, admin_bkd.user):
        client.force_login(who)
        r = client.get(url)
        assert r.status_code == 200
        wb = load_workbook(io.BytesIO(r.content))
        real = list(wb["Realisasi"].iter_rows(values_only=True))
        assert ("RHK ekspor", "Indikator ekspor", 5, "dokumen", 5, 100) in real
        logs = list(wb["Log harian"].iter_rows(values_only=True))
        assert logs[1][4] == "Kegiatan ekspor"
    peer = PegawaiFactory(unit_kerja=pegawai.unit_kerja, atasan=penilai)
    client.force_login(peer.user)
    assert client.get(url).status_code == 404


def test_selector_query_counts_are_fixed(django_assert_num_queries, penilai, pegawai):
    periode = _periode(penilai.instansi)
    _member(penilai, periode, status="submitted")
    window = current_window(periode)
    IndikatorFactory(rhk=RhkFactory(skp=SkpFactory(pegawai=pegawai, periode=periode)))
    with django_assert_num_queries(5):  # SKP, targets with realisasi, week logs, rejected logs, returned SKPs
        sel.asn_dashboard(pegawai=pegawai, window=window)
    # delegation (team scope), team per RHK, delegation (queue scope), queue count, queue rows,
    # days off (HariLibur), silent
    with django_assert_num_queries(7):
        sel.atasan_dashboard(actor=penilai, window=window)
    with django_assert_num_queries(3):  # counts per unit, waiting logs per unit, unit names (OPD, path)
        sel.kepatuhan_board(instansi_id=penilai.instansi_id, window=window)
