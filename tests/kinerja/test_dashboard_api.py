"""Dashboard API: same data and access rules as the pages."""

from django.utils import timezone

from tests.kinerja.factories import LogHarianFactory, PeriodeFactory
from tests.kinerja.log_helpers import setup_skp
from tests.pegawai.factories import InstansiFactory, PegawaiFactory, UnitKerjaFactory, UserFactory


def test_asn_and_atasan_dashboard_api(client, pegawai, penilai):
    _skp, rhk, _ind = setup_skp(pegawai)
    LogHarianFactory(rhk=rhk, tanggal=timezone.localdate(), status="submitted", submitted_at=timezone.now())
    client.force_login(pegawai.user)
    data = client.get("/api/kinerja/dashboard/saya/").json()
    assert data["skp"]["status"] == "approved" and len(data["targets"]) == 1 and len(data["logs_minggu_ini"]) == 1
    assert client.get("/api/kinerja/dashboard/tim/").status_code == 403
    assert client.get("/api/kinerja/dashboard/kepatuhan/").status_code == 403
    client.force_login(penilai.user)
    data = client.get("/api/kinerja/dashboard/tim/?hari=5").json()
    assert data["antrean_total"] == 1 and data["tidak_melapor_hari"] == 5
    assert client.get("/api/kinerja/dashboard/tim/?hari=-1").status_code == 400


def test_kepatuhan_api_scoped_to_own_instansi(client, admin_bkd, pegawai):
    setup_skp(pegawai)
    client.force_login(admin_bkd.user)
    rows = client.get("/api/kinerja/dashboard/kepatuhan/").json()["rows"]
    assert pegawai.unit_kerja_id in {r["unit_kerja_id"] for r in rows}
    from pegawai.permissions import Peran

    other_unit = UnitKerjaFactory(instansi=InstansiFactory())
    PeriodeFactory(instansi=other_unit.instansi, tahun=timezone.localdate().year)
    other_admin = PegawaiFactory(unit_kerja=other_unit, user=UserFactory(peran=[Peran.ADMIN_INSTANSI]))
    client.force_login(other_admin.user)
    rows = client.get("/api/kinerja/dashboard/kepatuhan/").json()["rows"]
    assert {r["unit_kerja_id"] for r in rows} == {other_unit.pk}
    r = client.get(f"/api/kinerja/dashboard/kepatuhan/?instansi={pegawai.instansi_id}")
    assert r.status_code == 403


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200, r.content
    return len(ctx.captured_queries)


def test_dashboard_api_query_counts_do_not_grow_with_data(client, pegawai, penilai, admin_bkd):
    """Each dashboard endpoint runs the same number of queries with 1 or many members, logs, units."""
    from tests.kinerja.factories import IndikatorFactory, RhkFactory, SkpFactory

    skp, rhk, _ind = setup_skp(pegawai)
    LogHarianFactory(rhk=rhk, tanggal=timezone.localdate(), status="submitted", submitted_at=timezone.now())
    cases = [
        (pegawai.user, "/api/kinerja/dashboard/saya/"),
        (penilai.user, "/api/kinerja/dashboard/tim/"),
        (admin_bkd.user, "/api/kinerja/dashboard/kepatuhan/"),
    ]
    before = []
    for user, url in cases:
        client.force_login(user)
        before.append(_queries(client, url))
    # Grow: more RHK/indikator for the ASN, more logs this week and rejected ones, more team members
    # with waiting logs, another unit.
    for _ in range(3):
        more = RhkFactory(skp=skp)
        IndikatorFactory(rhk=more)
        LogHarianFactory(rhk=more, tanggal=timezone.localdate(), status="rejected", submitted_at=timezone.now())
    for i in range(4):
        member = PegawaiFactory(unit_kerja=pegawai.unit_kerja, atasan=penilai)
        m_rhk = RhkFactory(skp=SkpFactory(pegawai=member, periode=skp.periode, status="approved"))
        LogHarianFactory.create_batch(
            2, rhk=m_rhk, tanggal=timezone.localdate(), status="submitted", submitted_at=timezone.now()
        )
        UnitKerjaFactory(instansi=pegawai.instansi, nama=f"Unit tambahan {i}")
    after = []
    for user, url in cases:
        client.force_login(user)
        after.append(_queries(client, url))
    assert after == before
    # ... while the data they return did grow.
    client.force_login(penilai.user)
    assert client.get("/api/kinerja/dashboard/tim/").json()["antrean_total"] == 9
    client.force_login(pegawai.user)
    assert len(client.get("/api/kinerja/dashboard/saya/").json()["targets"]) == 4
