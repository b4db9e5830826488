"""Plt/Plh delegation: validation of the service, pages/API answers, and a Plt approving logs only
inside the delegated date range (through kinerja.services.log.log_review)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kinerja.models import DelegasiPersetujuan, LogHarian
from kinerja.services.delegasi import delegasi_create
from kinerja.services.log import log_review
from tests.kinerja.factories import LogHarianFactory
from tests.kinerja.log_helpers import setup_skp
from tests.pegawai.factories import InstansiFactory, PegawaiFactory, UnitKerjaFactory


@pytest.fixture
def plt(penilai):
    return PegawaiFactory(unit_kerja=penilai.unit_kerja, atasan=penilai.atasan, nama="Calon Plt")


def _create(admin, atasan, penerima, mulai, selesai, **kw):
    return delegasi_create(
        actor=admin.user, atasan_id=atasan.pk, penerima_id=penerima.pk, mulai=mulai, selesai=selesai, **kw
    )


def test_admin_delegates_and_plt_approves_inside_the_range_only(admin_bkd, penilai, pegawai, plt):
    today = timezone.localdate()
    _skp, rhk, _ind = setup_skp(pegawai)
    inside = LogHarianFactory(rhk=rhk, tanggal=today, status="submitted", submitted_at=timezone.now())
    later = LogHarianFactory(rhk=rhk, tanggal=today, status="submitted", submitted_at=timezone.now())
    _create(admin_bkd, penilai, plt, today - dt.timedelta(days=2), today + dt.timedelta(days=2), jenis="plt")
    # Before any delegation existed for that date, and after it ends: refused, nothing changes.
    with pytest.raises(PermissionDenied):
        log_review(actor=plt, ids=[inside.pk], approve=True, today=today - dt.timedelta(days=3))
    with pytest.raises(PermissionDenied):
        log_review(actor=plt, ids=[later.pk], approve=True, today=today + dt.timedelta(days=3))
    assert set(LogHarian.objects.values_list("status", flat=True)) == {"submitted"}
    result = log_review(actor=plt, ids=[inside.pk], approve=True, today=today)
    assert result.ids == [inside.pk]
    inside.refresh_from_db()
    assert inside.status == "approved" and inside.reviewed_by_id == plt.pk
    later.refresh_from_db()
    assert later.status == "submitted"


@pytest.mark.parametrize(
    ("case", "field"),
    [("self", "penerima"), ("other_instansi", "penerima"), ("end_before_start", "selesai"), ("too_long", "selesai")],
)
def test_invalid_delegations_are_refused_with_field_errors(admin_bkd, penilai, plt, case, field):
    today = timezone.localdate()
    penerima, mulai, selesai = plt, today, today + dt.timedelta(days=5)
    if case == "self":
        penerima = penilai
    elif case == "other_instansi":
        penerima = PegawaiFactory(unit_kerja=UnitKerjaFactory(instansi=InstansiFactory()))
    elif case == "end_before_start":
        selesai = today - dt.timedelta(days=1)
    elif case == "too_long":
        selesai = today + dt.timedelta(days=400)
    with pytest.raises(ValidationError) as exc:
        _create(admin_bkd, penilai, penerima, mulai, selesai)
    assert field in exc.value.message_dict
    assert DelegasiPersetujuan.objects.count() == 0


def test_only_the_admin_of_that_instansi_may_delegate(pegawai, penilai, plt):
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        _create(pegawai, penilai, plt, today, today)
    from pegawai.permissions import Peran
    from tests.pegawai.factories import UserFactory

    other_admin = PegawaiFactory(
        unit_kerja=UnitKerjaFactory(instansi=InstansiFactory()), user=UserFactory(peran=[Peran.ADMIN_INSTANSI])
    )
    with pytest.raises(PermissionDenied):
        _create(other_admin, penilai, plt, today, today)
    assert DelegasiPersetujuan.objects.count() == 0


def test_delegasi_api_creates_lists_and_answers_400_and_403(client, admin_bkd, pegawai, penilai, plt):
    today = timezone.localdate()
    client.force_login(admin_bkd.user)
    body = {"atasan": penilai.pk, "penerima": plt.pk, "jenis": "plh", "mulai": str(today), "selesai": str(today)}
    r = client.post("/api/kinerja/delegasi/", body, content_type="application/json")
    assert r.status_code == 201, r.content
    assert client.get("/api/kinerja/delegasi/").json()[0]["penerima"] == plt.pk
    bad = {**body, "selesai": str(today - dt.timedelta(days=1))}
    r = client.post("/api/kinerja/delegasi/", bad, content_type="application/json")
    assert r.status_code == 400 and "selesai" in r.json()
    r = client.post("/api/kinerja/delegasi/", {**body, "penerima": penilai.pk}, content_type="application/json")
    assert r.status_code == 400 and "penerima" in r.json()
    r = client.post("/api/kinerja/delegasi/", {**body, "mulai": "bukan-tanggal"}, content_type="application/json")
    assert r.status_code == 400
    client.force_login(pegawai.user)
    assert client.post("/api/kinerja/delegasi/", body, content_type="application/json").status_code == 403
    assert client.get("/api/kinerja/delegasi/").status_code == 403
    assert DelegasiPersetujuan.objects.count() == 1


def test_delegasi_page_by_nip(client, admin_bkd, penilai, plt):
    today = timezone.localdate()
    client.force_login(admin_bkd.user)
    assert client.get("/kinerja/delegasi/").status_code == 200
    data = {"atasan": penilai.nip, "penerima": plt.nip, "jenis": "plt", "mulai": today, "selesai": today}
    r = client.post("/kinerja/delegasi/", data)
    assert r.status_code == 302
    r = client.post("/kinerja/delegasi/", {**data, "penerima": penilai.nip})
    assert r.status_code == 400 and "dirinya sendiri" in r.content.decode()
    d = DelegasiPersetujuan.objects.get()
    assert (d.atasan_id, d.penerima_id, d.jenis) == (penilai.pk, plt.pk, "plt")
    assert client.post(f"/kinerja/delegasi/{d.pk}/hapus/").status_code == 302
    assert not DelegasiPersetujuan.objects.exists()


def test_plt_sees_the_substituted_team_board_only_during_the_range(client, admin_bkd, penilai, pegawai, plt):
    today = timezone.localdate()
    _skp, rhk, _ind = setup_skp(pegawai)
    log = LogHarianFactory(rhk=rhk, tanggal=today, status="submitted", submitted_at=timezone.now())
    client.force_login(plt.user)
    assert client.get("/kinerja/dashboard/tim/").status_code == 403
    d = _create(admin_bkd, penilai, plt, today, today + dt.timedelta(days=1))
    r = client.get("/kinerja/dashboard/tim/")
    assert r.status_code == 200
    assert [a.log.pk for a in r.context["board"].antrean] == [log.pk]
    DelegasiPersetujuan.objects.filter(pk=d.pk).update(
        mulai=today - dt.timedelta(days=5), selesai=today - dt.timedelta(days=1)
    )
    assert client.get("/kinerja/dashboard/tim/").status_code == 403


@pytest.mark.parametrize("kedudukan", ["cltn", "pensiun", "meninggal", "berhenti"])
def test_penerima_on_leave_or_gone_is_refused(admin_bkd, penilai, kedudukan):
    today = timezone.localdate()
    gone = PegawaiFactory(unit_kerja=penilai.unit_kerja, kedudukan=kedudukan)
    with pytest.raises(ValidationError) as exc:
        _create(admin_bkd, penilai, gone, today, today)
    assert "penerima" in exc.value.message_dict
    assert not DelegasiPersetujuan.objects.exists()


def test_overlapping_duplicate_is_refused_but_a_later_range_is_fine(admin_bkd, penilai, plt):
    today = timezone.localdate()
    _create(admin_bkd, penilai, plt, today, today + dt.timedelta(days=5))
    with pytest.raises(ValidationError) as exc:
        _create(admin_bkd, penilai, plt, today + dt.timedelta(days=5), today + dt.timedelta(days=9))
    assert "mulai" in exc.value.message_dict
    _create(admin_bkd, penilai, plt, today + dt.timedelta(days=6), today + dt.timedelta(days=9))
    # Another substitute for the same atasan and days (e.g. Plt and Plh) is allowed.
    _create(admin_bkd, penilai, PegawaiFactory(unit_kerja=penilai.unit_kerja), today, today)
    assert DelegasiPersetujuan.objects.count() == 3


def test_penerima_is_notified_once(admin_bkd, penilai, plt, django_capture_on_commit_callbacks):
    from django.core import mail

    from common.models import Notifikasi

    plt.user.email = "plt@tangsel.go.id"
    plt.user.save(update_fields=["email"])
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        d = _create(admin_bkd, penilai, plt, today, today + dt.timedelta(days=1), jenis="plt")
    note = Notifikasi.objects.get(penerima=plt.user)
    assert note.jenis == "delegasi" and note.dedup_key == f"delegasi:{d.pk}"
    assert "Plt" in note.judul and penilai.nama in note.judul
    assert [m.to for m in mail.outbox] == [["plt@tangsel.go.id"]]
