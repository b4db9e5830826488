"""Who may submit a log: only its owner. A visible log of someone else answers 403 (the atasan sees
it but may not send it), an invisible one 404 (no existence oracle); nothing changes either way."""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kinerja.models import LogHarian
from tests.kinerja.factories import LogHarianFactory
from tests.kinerja.log_helpers import setup_skp
from tests.pegawai.factories import PegawaiFactory

pytest_plugins = ["tests.kinerja.log_helpers"]
pytestmark = pytest.mark.usefixtures("media")


def api(pegawai) -> APIClient:
    c = APIClient()
    c.force_authenticate(pegawai.user)
    return c


@pytest.fixture
def draft(pegawai):
    _skp, rhk, _ind = setup_skp(pegawai)
    return LogHarianFactory(rhk=rhk, status="draft", tanggal=timezone.localdate())


@pytest.mark.parametrize("boss", ["penilai", "atasan_penilai"])
def test_atasan_submitting_a_subordinates_log_is_403_not_400(request, draft, boss):
    # atasan_penilai has no atasan of their own: the service used to answer that (400) before
    # noticing the log is not theirs.
    c = api(request.getfixturevalue(boss))
    assert c.post(f"/api/kinerja/log/{draft.pk}/submit").status_code == 403
    assert c.post("/api/kinerja/log/submit", {"ids": [draft.pk]}, format="json").status_code == 403
    draft.refresh_from_db()
    assert draft.status == LogHarian.Status.DRAFT


def test_outsider_submitting_is_404_single_and_403_bulk_alike_for_unknown_ids(draft, pegawai_lain):
    c = api(pegawai_lain)
    assert c.post(f"/api/kinerja/log/{draft.pk}/submit").status_code == 404
    # Bulk: a foreign id and an id that does not exist get the same answer (no oracle).
    foreign = c.post("/api/kinerja/log/submit", {"ids": [draft.pk]}, format="json")
    unknown = c.post("/api/kinerja/log/submit", {"ids": [draft.pk + 10_000]}, format="json")
    assert foreign.status_code == unknown.status_code == 403
    draft.refresh_from_db()
    assert draft.status == LogHarian.Status.DRAFT


def test_page_submit_by_atasan_is_403(client, draft, atasan_penilai):
    client.force_login(atasan_penilai.user)
    response = client.post(reverse("kinerja:log_submit"), {"ids": [draft.pk]})
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == LogHarian.Status.DRAFT


def test_owner_still_submits(draft, pegawai):
    assert api(pegawai).post(f"/api/kinerja/log/{draft.pk}/submit").status_code == 200
    draft.refresh_from_db()
    assert draft.status == LogHarian.Status.SUBMITTED


def test_owner_without_atasan_gets_the_400_with_reason(unit_opd):
    top = PegawaiFactory(unit_kerja=unit_opd, atasan=None)
    _skp, rhk, _ind = setup_skp(top)
    log = LogHarianFactory(rhk=rhk, status="draft", tanggal=timezone.localdate())
    response = api(top).post(f"/api/kinerja/log/{log.pk}/submit")
    assert response.status_code == 400
    assert "atasan" in str(response.json())


def test_review_of_a_foreign_log_is_answered_like_an_unknown_id(pegawai, pegawai_lain, atasan_penilai, penilai):
    _skp, rhk, _ind = setup_skp(pegawai)
    log = LogHarianFactory(rhk=rhk, status="submitted", tanggal=timezone.localdate())
    url = "/api/kinerja/log/approve/"
    outsider = api(pegawai_lain)
    foreign = outsider.post(url, {"ids": [log.pk]}, format="json")
    unknown = outsider.post(url, {"ids": [log.pk + 10_000]}, format="json")
    assert foreign.status_code == unknown.status_code == 403
    assert foreign.json() == unknown.json()
    # The head of the OPD sees the log (an indirect subordinate's) but is not its reviewer: 403 too.
    assert api(atasan_penilai).post(url, {"ids": [log.pk]}, format="json").status_code == 403
    # Even the right reviewer changes nothing when one id of the batch is unknown.
    assert api(penilai).post(url, {"ids": [log.pk, log.pk + 10_000]}, format="json").status_code == 403
    log.refresh_from_db()
    assert log.status == LogHarian.Status.SUBMITTED
