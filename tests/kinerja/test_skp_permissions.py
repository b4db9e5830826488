"""SKP role x action matrix on the API and the pages: owner, pejabat penilai, their Plt, the atasan's
atasan, a colleague, admin instansi, admin of another instansi, admin BKN. Grants and denials;
every refused action leaves the SKP unchanged."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from kinerja.models import DelegasiPersetujuan, Skp
from kinerja.services import skp as svc
from tests.kinerja.skp_helpers import skp_for
from tests.pegawai.factories import PegawaiFactory

pytestmark = pytest.mark.django_db

ROLES = ["owner", "penilai", "plt", "atasan_penilai", "rekan", "admin_bkd", "admin_lain", "admin_bkn"]

# role: (view, approve, edit draft, ekspektasi, revise approved) expected HTTP status on the API
EXPECTED = {
    "owner": (200, 403, 200, 403, 201),
    "penilai": (200, 200, 403, 200, 403),
    "plt": (200, 200, 403, 200, 403),  # acts for the penilai during the delegation
    "atasan_penilai": (200, 403, 403, 403, 403),
    "rekan": (404, 404, 404, 404, 404),
    "admin_bkd": (200, 403, 403, 403, 403),
    "admin_lain": (404, 404, 404, 404, 404),
    "admin_bkn": (200, 403, 403, 403, 403),
}


@pytest.fixture
def cast(pegawai, penilai, atasan_penilai, admin_bkd, admin_lain, admin_bkn, unit_bidang):
    plt = PegawaiFactory(unit_kerja=unit_bidang, atasan=atasan_penilai, nama="Plt Kepala Bidang")
    today = timezone.localdate()
    DelegasiPersetujuan.objects.create(
        atasan=penilai,
        penerima=plt,
        jenis="plt",
        mulai=today - dt.timedelta(days=1),
        selesai=today + dt.timedelta(days=1),
    )
    rekan = PegawaiFactory(unit_kerja=unit_bidang, atasan=penilai, nama="Rekan Sebidang")
    return {
        "owner": pegawai.user,
        "penilai": penilai.user,
        "plt": plt.user,
        "atasan_penilai": atasan_penilai.user,
        "rekan": rekan.user,
        "admin_bkd": admin_bkd.user,
        "admin_lain": admin_lain.user,
        "admin_bkn": admin_bkn,
    }


def api(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.mark.parametrize("role", ROLES)
def test_view_and_approve(role, cast, pegawai):
    view, approve, *_ = EXPECTED[role]
    skp = skp_for(pegawai)
    svc.skp_submit(skp=skp, actor=pegawai)
    c = api(cast[role])
    assert c.get(f"/api/kinerja/skp/{skp.pk}/").status_code == view
    assert (skp.pk in [s["id"] for s in c.get("/api/kinerja/skp/").json()]) == (view == 200)
    assert c.post(f"/api/kinerja/skp/{skp.pk}/approve/").status_code == approve
    assert Skp.objects.get(pk=skp.pk).status == ("approved" if approve == 200 else "submitted")


@pytest.mark.parametrize("role", ROLES)
def test_edit_draft_and_ekspektasi(role, cast, pegawai):
    _view, _approve, edit, ekspektasi, _revise = EXPECTED[role]
    skp = skp_for(pegawai, konsekuensi="awal")
    c = api(cast[role])
    assert c.patch(f"/api/kinerja/skp/{skp.pk}/", {"konsekuensi": "diubah"}, format="json").status_code == edit
    assert Skp.objects.get(pk=skp.pk).konsekuensi == ("diubah" if edit == 200 else "awal")
    r = c.post(f"/api/kinerja/skp/{skp.pk}/ekspektasi/", {"ekspektasi": {"adaptif": "Cepat belajar"}}, format="json")
    assert r.status_code == ekspektasi
    stored = skp.perilaku.get(kode="adaptif").ekspektasi_khusus
    assert stored == ("Cepat belajar" if ekspektasi == 200 else "")


@pytest.mark.parametrize("role", ROLES)
def test_revise_approved(role, cast, pegawai, penilai):
    *_, revise = EXPECTED[role]
    skp = skp_for(pegawai)
    svc.skp_submit(skp=skp, actor=pegawai)
    svc.skp_approve(skp=skp, actor=penilai)
    r = api(cast[role]).post(f"/api/kinerja/skp/{skp.pk}/revise/")
    assert r.status_code == revise
    assert Skp.objects.filter(pegawai=pegawai).count() == (2 if revise == 201 else 1)


@pytest.mark.parametrize("role", ROLES)
def test_pages_follow_the_same_rules(role, cast, pegawai, client):
    view, approve, *_ = EXPECTED[role]
    skp = skp_for(pegawai)
    svc.skp_submit(skp=skp, actor=pegawai)
    client.force_login(cast[role])
    assert client.get(f"/kinerja/skp/{skp.pk}/").status_code == view
    pdf = client.get(f"/kinerja/skp/{skp.pk}/pdf/")
    assert pdf.status_code == view
    client.post(f"/kinerja/skp/{skp.pk}/setujui/")
    assert Skp.objects.get(pk=skp.pk).status == ("approved" if approve == 200 else "submitted")


# Submitting is the owner's alone: a visible SKP of someone else is 403, an invisible one 404 (never
# the 400 of a state error, which would tell the caller the rule they broke is about state).
SUBMIT = {role: (404 if view == 404 else 403) for role, (view, *_rest) in EXPECTED.items()} | {"owner": 200}


@pytest.mark.parametrize("role", ROLES)
def test_submit_is_the_owners_alone_on_api_and_page(role, cast, pegawai, client):
    skp = skp_for(pegawai)
    assert api(cast[role]).post(f"/api/kinerja/skp/{skp.pk}/submit/").status_code == SUBMIT[role]
    assert Skp.objects.get(pk=skp.pk).status == ("submitted" if role == "owner" else "draft")
    if role == "owner":
        return
    client.force_login(cast[role])
    assert client.post(f"/kinerja/skp/{skp.pk}/ajukan/").status_code == SUBMIT[role]
    assert Skp.objects.get(pk=skp.pk).status == "draft"


@pytest.mark.parametrize("role", ROLES)
def test_skp_owner_predicates(role, cast, pegawai):
    from kinerja.permissions import can_submit_skp, is_skp_owner

    skp = skp_for(pegawai)
    actor = cast[role].pegawai_or_none
    assert is_skp_owner(actor, skp) == (role == "owner")
    assert can_submit_skp(actor, skp) == (role == "owner")
    skp.status = "submitted"
    assert not can_submit_skp(actor, skp)  # not even the owner, once it is sent
