"""XLSX export of a pegawai's logs and realisasi for one window: content read back with openpyxl,
only that pegawai's logs inside that window, access (own, atasan, admin of the instansi; denied to
others), bad parameters (no 500) and a query count that stays the same as the data grows."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from kinerja.models import Realisasi
from tests.kinerja.factories import IndikatorFactory, LogHarianFactory, PeriodeFactory, RhkFactory, SkpFactory
from tests.kinerja.log_helpers import current_window
from tests.pegawai.factories import InstansiFactory, PegawaiFactory, UserFactory

pytestmark = pytest.mark.django_db


def _url(pegawai, window=None) -> str:
    url = f"/kinerja/ekspor/pegawai/{pegawai.pk}/xlsx/"
    return f"{url}?window={window.pk}" if window is not None else url


@pytest.fixture
def setup(pegawai):
    periode = PeriodeFactory(instansi=pegawai.instansi, tahun=timezone.localdate().year)
    window = current_window(periode)
    skp = SkpFactory(pegawai=pegawai, periode=periode, status="approved")
    rhk = RhkFactory(skp=skp, deskripsi="Menyusun laporan keuangan")
    ind = IndikatorFactory(rhk=rhk, target_angka=8, satuan="laporan", deskripsi="Jumlah laporan")
    Realisasi.objects.create(indikator=ind, periode_evaluasi=window, realisasi_angka=2)
    return periode, window, rhk


def _read(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")
    wb = load_workbook(io.BytesIO(response.content))
    return (
        list(wb["Realisasi"].iter_rows(values_only=True)),
        list(wb["Log harian"].iter_rows(values_only=True)),
    )


def test_export_holds_only_this_pegawais_logs_inside_the_window(client, pegawai, penilai, setup):
    periode, window, rhk = setup
    today = timezone.localdate()
    LogHarianFactory(rhk=rhk, tanggal=today, kegiatan="Di dalam jendela", status="approved", output_jumlah=2)
    LogHarianFactory(rhk=rhk, tanggal=window.mulai - dt.timedelta(days=1), kegiatan="Sebelum jendela")
    other = PegawaiFactory(unit_kerja=pegawai.unit_kerja, atasan=penilai)
    other_rhk = RhkFactory(skp=SkpFactory(pegawai=other, periode=periode, status="approved"))
    LogHarianFactory(rhk=other_rhk, tanggal=today, kegiatan="Log pegawai lain")

    client.force_login(pegawai.user)
    real, logs = _read(client.get(_url(pegawai, window)))

    assert real[0][:2] == ("Nama", pegawai.nama_lengkap)
    assert real[1][:2] == ("NIP", pegawai.nip)
    assert ("Menyusun laporan keuangan", "Jumlah laporan", 8, "laporan", 2, 25) in real
    kegiatan = [row[4] for row in logs[1:]]
    assert kegiatan == ["Di dalam jendela"]
    assert logs[1][0].date() == today
    assert logs[1][5] == 2
    assert logs[1][7] == "Disetujui"


def test_export_without_window_parameter_uses_todays_window(client, pegawai, setup):
    _, window, rhk = setup
    LogHarianFactory(rhk=rhk, tanggal=timezone.localdate(), kegiatan="Hari ini")
    client.force_login(pegawai.user)
    r = client.get(_url(pegawai))
    _, logs = _read(r)
    assert [row[4] for row in logs[1:]] == ["Hari ini"]
    assert f"-{window.periode.tahun}-{window.nomor}.xlsx" in r["Content-Disposition"]


def test_atasan_chain_and_admins_may_export(client, pegawai, penilai, atasan_penilai, admin_bkd, admin_bkn, setup):
    _, window, rhk = setup
    LogHarianFactory(rhk=rhk, tanggal=timezone.localdate(), kegiatan="Dilihat atasan")
    for user in (penilai.user, atasan_penilai.user, admin_bkd.user, admin_bkn):
        client.force_login(user)
        _, logs = _read(client.get(_url(pegawai, window)))
        assert logs[1][4] == "Dilihat atasan"


def test_export_denied_to_a_peer_a_subordinate_and_a_foreign_admin(client, pegawai, penilai, admin_lain, setup):
    _, window, _ = setup
    peer = PegawaiFactory(unit_kerja=pegawai.unit_kerja, atasan=penilai)
    subordinate = PegawaiFactory(unit_kerja=pegawai.unit_kerja, atasan=pegawai)
    for who in (peer, subordinate, admin_lain):
        client.force_login(who.user)
        assert client.get(_url(pegawai, window)).status_code == 404, who


def test_export_anonymous_is_sent_to_login(client, pegawai, setup):
    r = client.get(_url(pegawai))
    assert r.status_code == 302
    assert "login" in r["Location"]


def test_export_bad_parameters_are_404_never_500(client, pegawai, setup):
    client.force_login(pegawai.user)
    foreign = PeriodeFactory(instansi=InstansiFactory(), tahun=timezone.localdate().year)
    foreign_window = foreign.windows.first()
    assert client.get(_url(pegawai, foreign_window)).status_code == 404
    assert client.get(f"/kinerja/ekspor/pegawai/{pegawai.pk}/xlsx/?window=abc").status_code == 200
    assert client.get(f"/kinerja/ekspor/pegawai/{10**20}/xlsx/").status_code == 404
    assert client.get("/kinerja/ekspor/pegawai/999999999/xlsx/").status_code == 404


def test_user_without_pegawai_gets_no_export(client, pegawai, setup):
    client.force_login(UserFactory())
    assert client.get(_url(pegawai)).status_code == 404


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200
    return len(ctx.captured_queries)


def test_export_query_count_is_constant(client, pegawai, setup, django_assert_num_queries):
    _, window, rhk = setup
    client.force_login(pegawai.user)
    LogHarianFactory(rhk=rhk, tanggal=timezone.localdate())
    small = _count(client, _url(pegawai, window))
    assert small == 8  # exact: a new query here is a deliberate change
    for _ in range(2):
        more = IndikatorFactory(rhk=RhkFactory(skp=rhk.skp), target_angka=3)
        Realisasi.objects.create(indikator=more, periode_evaluasi=window, realisasi_angka=1)
    LogHarianFactory.create_batch(15, rhk=rhk, tanggal=timezone.localdate(), status="approved")
    with django_assert_num_queries(small):
        r = client.get(_url(pegawai, window))
    _, logs = _read(r)
    assert len(logs) == 1 + 16
