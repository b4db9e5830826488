"""Koreksi atasan end to end: the ASN flags from the SKP page, the admin fixes it from the queue
(audited through pegawai_update), the SKP follows the new atasan and the ASN is notified."""

import pytest
from django.core.exceptions import ValidationError

from common.models import Notifikasi
from kinerja.models import KoreksiAtasan, Rhk
from kinerja.services import skp as svc
from kinerja.services.errors import StateError
from pegawai.models import Pegawai, RiwayatPegawai
from tests.kinerja.skp_helpers import periode_for, rhk_item, skp_for
from tests.pegawai.factories import PegawaiFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def atasan_benar(unit_bidang, atasan_penilai):
    return PegawaiFactory(unit_kerja=unit_bidang, atasan=atasan_penilai, nama="Atasan Yang Benar")


def test_resolve_moves_the_skp_to_the_new_penilai_and_drops_stale_links(pegawai, penilai, atasan_benar, admin_bkd):
    periode = periode_for(pegawai)
    wrong_rhk = skp_for(penilai, periode, rhk=[rhk_item("RHK atasan lama")]).rhk.get()
    right_rhk = skp_for(atasan_benar, periode, rhk=[rhk_item("RHK atasan baru")]).rhk.get()
    skp = skp_for(pegawai, periode, rhk=[rhk_item("RHK saya", rhk_atasan=wrong_rhk.pk)])
    svc.skp_submit(skp=skp, actor=pegawai)
    k = svc.koreksi_create(pegawai=pegawai, alasan="Atasan saya Atasan Yang Benar", usulan_atasan=atasan_benar)
    svc.koreksi_resolve(koreksi=k, user=admin_bkd.user, atasan=atasan_benar, catatan="Sudah diperbaiki")

    pegawai.refresh_from_db()
    skp.refresh_from_db()
    assert pegawai.atasan_id == atasan_benar.pk
    assert skp.pejabat_penilai_id == atasan_benar.pk and skp.status == "submitted"
    assert Rhk.objects.get(skp=skp).rhk_atasan_id is None  # the old atasan's RHK no longer applies
    assert RiwayatPegawai.objects.filter(pegawai=pegawai, changed_by=admin_bkd.user).exists()
    assert KoreksiAtasan.objects.get(pk=k.pk).status == "resolved"
    assert Notifikasi.objects.filter(penerima=pegawai.user, jenis="koreksi_atasan").count() == 1
    # the submitted SKP now waits for the new penilai, who is told
    assert Notifikasi.objects.filter(penerima=atasan_benar.user, jenis="skp_diajukan").count() == 1
    # the new penilai can now approve; the old one cannot
    with pytest.raises(StateError):
        svc.skp_approve(skp=skp, actor=penilai)
    svc.skp_approve(skp=skp, actor=atasan_benar)
    # and the pegawai may intervene the new atasan's RHK in the next version
    new = svc.skp_revise(skp=skp, actor=pegawai)
    svc.skp_update(skp=new, actor=pegawai, rhk=[rhk_item("RHK saya", rhk_atasan=right_rhk.pk)])
    assert Rhk.objects.get(skp=new).rhk_atasan_id == right_rhk.pk


def test_links_to_the_right_atasan_survive_a_resolve(pegawai, penilai, admin_bkd):
    periode = periode_for(pegawai)
    rhk_penilai = skp_for(penilai, periode).rhk.get()
    skp = skp_for(pegawai, periode, rhk=[rhk_item(rhk_atasan=rhk_penilai.pk)])
    k = svc.koreksi_create(pegawai=pegawai, alasan="Mohon dicek")
    svc.koreksi_resolve(koreksi=k, user=admin_bkd.user, atasan=penilai)  # confirmed as right
    assert Rhk.objects.get(skp=skp).rhk_atasan_id == rhk_penilai.pk


def test_queue_page_fix_and_reject(client, pegawai, atasan_benar, admin_bkd, admin_lain):
    skp = skp_for(pegawai)
    client.force_login(pegawai.user)
    r = client.post(
        "/kinerja/skp/koreksi-atasan/",
        {
            "alasan": "Atasan saya salah",
            "usulan_atasan": atasan_benar.nip,  # the picker submits a NIP
            "skp": skp.pk,
            "next": f"/kinerja/skp/{skp.pk}/",
        },
    )
    assert r.status_code == 302
    k = KoreksiAtasan.objects.get(pegawai=pegawai)
    assert k.usulan_atasan_id == atasan_benar.pk and k.skp_id == skp.pk
    # the ASN cannot decide their own flag; a foreign admin does not see it
    assert client.post(f"/kinerja/skp/koreksi-atasan/{k.pk}/", {"atasan": atasan_benar.nip}).status_code == 403
    client.force_login(admin_lain.user)
    assert pegawai.nama not in client.get("/kinerja/skp/koreksi-atasan/antrean/").content.decode()
    assert client.post(f"/kinerja/skp/koreksi-atasan/{k.pk}/", {"atasan": atasan_benar.nip}).status_code == 404
    assert Pegawai.objects.get(pk=pegawai.pk).atasan_id != atasan_benar.pk

    client.force_login(admin_bkd.user)
    page = client.get("/kinerja/skp/koreksi-atasan/antrean/").content.decode()
    assert pegawai.nama in page and "Atasan saya salah" in page
    r = client.post(f"/kinerja/skp/koreksi-atasan/{k.pk}/", {"atasan": atasan_benar.nip, "catatan": "OK"})
    assert r.status_code == 302
    assert Pegawai.objects.get(pk=pegawai.pk).atasan_id == atasan_benar.pk
    assert pegawai.nama not in client.get("/kinerja/skp/koreksi-atasan/antrean/").content.decode()

    # a second flag, rejected with a note (a note is required)
    k2 = svc.koreksi_create(pegawai=pegawai, alasan="Lagi salah")
    client.post(f"/kinerja/skp/koreksi-atasan/{k2.pk}/", {"aksi": "tolak", "catatan": ""})
    assert KoreksiAtasan.objects.get(pk=k2.pk).status == "open"
    client.post(f"/kinerja/skp/koreksi-atasan/{k2.pk}/", {"aksi": "tolak", "catatan": "Data sudah benar"})
    k2.refresh_from_db()
    assert k2.status == "rejected" and k2.catatan_admin == "Data sudah benar"
    assert Notifikasi.objects.filter(penerima=pegawai.user, jenis="koreksi_atasan").count() == 2


def test_resolving_to_someone_of_another_instansi_changes_nothing(pegawai, penilai, pegawai_lain, admin_bkd):
    skp = skp_for(pegawai)
    k = svc.koreksi_create(pegawai=pegawai, alasan="Salah")
    with pytest.raises(ValidationError):
        svc.koreksi_resolve(koreksi=k, user=admin_bkd.user, atasan=pegawai_lain)
    k.refresh_from_db()
    skp.refresh_from_db()
    assert k.status == "open" and skp.pejabat_penilai_id == penilai.pk
    assert Pegawai.objects.get(pk=pegawai.pk).atasan_id == penilai.pk
