"""Notifications are stored text, written once for the recipient: in Bahasa Indonesia (accounts store
no language), whatever language the person who triggered them has chosen. Errors raised to that
person stay in their language."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from common.models import Notifikasi
from common.notify import recipient_language
from kinerja.models import Skp
from kinerja.services import log as log_service
from kinerja.services import skp as skp_service
from tests.common.scene import build_scene


@pytest.fixture
def scene(db):
    return build_scene()


def test_recipient_language_is_indonesian():
    assert recipient_language() == settings.LANGUAGE_CODE == "id"


def test_english_atasan_approving_logs_notifies_in_indonesian(scene):
    with translation.override("en"):
        result = log_service.log_review(actor=scene.atasan, ids=[scene.log.pk], approve=True)
        assert translation.get_language() == "en"  # the actor's language is restored afterwards
    assert result.changed == 1
    note = Notifikasi.objects.get(penerima=scene.asn.user, jenis="log_disetujui")
    assert note.judul == "1 log harian Anda disetujui"


def test_english_view_request_still_notifies_in_indonesian(client, scene):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(scene.atasan.user)
    response = client.post("/kinerja/log/antrian/proses/", {"ids": [scene.log.pk], "aksi": "tolak", "catatan": "x"})
    assert response.status_code == 302
    assert (
        Notifikasi.objects.get(penerima=scene.asn.user, jenis="log_ditolak").judul == "1 log harian Anda dikembalikan"
    )
    # ...while the atasan's own confirmation is English, with the right plural.
    page = client.get(response["Location"]).content.decode()
    assert "1 log returned." in page


def test_english_penilai_approving_an_skp_notifies_in_indonesian(scene):
    skp = Skp.objects.get(pegawai=scene.atasan)  # submitted, kepala is its pejabat penilai
    with translation.override("en"):
        skp_service.skp_approve(skp=skp, actor=scene.kepala)
    assert Notifikasi.objects.get(penerima=scene.atasan.user, jenis="skp_disetujui").judul == "SKP Anda telah disetujui"


def test_errors_to_the_actor_stay_in_their_language(scene):
    skp = Skp.objects.get(pegawai=scene.atasan)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        skp_service.skp_return(skp=skp, actor=scene.kepala, catatan="")
    assert exc.value.message_dict["catatan"] == ["A note is required when returning an SKP."]
