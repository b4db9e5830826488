"""Django admin of e-Kinerja: pages load, periode is created through the service (with its windows),
workflow records are read-only."""

import pytest

from kinerja.models import Periode
from tests.kinerja.skp_helpers import skp_for
from tests.pegawai.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_admin_pages_load(superuser_client, pegawai):
    skp = skp_for(pegawai)
    for url in (
        "/admin/kinerja/periode/",
        f"/admin/kinerja/periode/{skp.periode_id}/change/",
        "/admin/kinerja/skp/",
        f"/admin/kinerja/skp/{skp.pk}/change/",
        "/admin/kinerja/rhk/",
        "/admin/kinerja/skptemplate/",
        "/admin/kinerja/skptemplate/add/",
        "/admin/kinerja/koreksiatasan/",
        "/admin/kinerja/logharian/",
        "/admin/kinerja/delegasipersetujuan/",
    ):
        assert superuser_client.get(url).status_code == 200, url


def test_admin_creates_periode_with_windows_through_the_service(superuser_client, instansi):
    r = superuser_client.post(
        "/admin/kinerja/periode/add/",
        {
            "instansi": instansi.pk,
            "tahun": 2027,
            "jenis_periodik": "bulanan",
            "windows-TOTAL_FORMS": 0,
            "windows-INITIAL_FORMS": 0,
        },
    )
    assert r.status_code == 302, r.content[:2000]
    periode = Periode.objects.get(instansi=instansi, tahun=2027)
    assert periode.windows.count() == 12


def test_skp_is_read_only_in_admin(superuser_client, pegawai):
    skp = skp_for(pegawai)
    assert superuser_client.get("/admin/kinerja/skp/add/").status_code == 403
    assert superuser_client.post(f"/admin/kinerja/skp/{skp.pk}/delete/", {"post": "yes"}).status_code == 403
    assert type(skp).objects.filter(pk=skp.pk).exists()


def test_admin_duplicate_year_is_a_form_error_and_status_goes_through_the_service(superuser_client, instansi):
    from tests.kinerja.factories import PeriodeFactory

    periode = PeriodeFactory(instansi=instansi, tahun=2026)
    r = superuser_client.post(
        "/admin/kinerja/periode/add/", {"instansi": instansi.pk, "tahun": 2026, "jenis_periodik": "bulanan"}
    )
    assert r.status_code == 200 and "sudah ada" in r.content.decode()
    window = periode.windows.order_by("nomor").first()
    data = {"status": "closed", "windows-TOTAL_FORMS": periode.windows.count(), "windows-INITIAL_FORMS": 4}
    for i, w in enumerate(periode.windows.order_by("nomor")):
        data[f"windows-{i}-id"] = w.pk
        data[f"windows-{i}-periode"] = periode.pk
        data[f"windows-{i}-status"] = "closed" if w.pk == window.pk else w.status
    r = superuser_client.post(f"/admin/kinerja/periode/{periode.pk}/change/", data)
    assert r.status_code == 302, r.content.decode()[:3000]
    periode.refresh_from_db()
    window.refresh_from_db()
    assert periode.status == "closed" and window.status == "closed"
    assert periode.windows.filter(status="open").count() == 3
