"""Absolute query counts of the pages the ui stream changed, at two data sizes (no N+1)."""

import pytest
from django.utils import timezone

from kinerja.services import skp as svc
from tests.kinerja.factories import LogHarianFactory
from tests.kinerja.log_helpers import setup_skp
from tests.pegawai.factories import PegawaiFactory

pytestmark = pytest.mark.django_db


def test_koreksi_form_no_longer_loads_the_instansi(client, pegawai, unit_bidang, django_assert_num_queries):
    client.force_login(pegawai.user)
    client.get("/kinerja/skp/koreksi-atasan/")
    with django_assert_num_queries(PINS["koreksi_form"]):
        client.get("/kinerja/skp/koreksi-atasan/")
    PegawaiFactory.create_batch(5, unit_kerja=unit_bidang)
    with django_assert_num_queries(PINS["koreksi_form"]):
        client.get("/kinerja/skp/koreksi-atasan/")


def test_delegation_page(client, admin_bkd, penilai, pegawai, django_assert_num_queries):
    from kinerja.services import delegasi as delegasi_service

    client.force_login(admin_bkd.user)
    today = timezone.localdate()
    delegasi_service.delegasi_create(
        actor=admin_bkd.user, atasan_id=penilai.pk, penerima_id=pegawai.pk, mulai=today, selesai=today
    )
    with django_assert_num_queries(PINS["delegasi"]):
        client.get("/kinerja/delegasi/")
    for _ in range(3):
        p = PegawaiFactory(unit_kerja=penilai.unit_kerja)
        delegasi_service.delegasi_create(
            actor=admin_bkd.user, atasan_id=penilai.pk, penerima_id=p.pk, mulai=today, selesai=today
        )
    with django_assert_num_queries(PINS["delegasi"]):
        client.get("/kinerja/delegasi/")


def test_realisasi_index_and_log_list(client, pegawai, penilai, django_assert_num_queries):
    skp, rhk, _ind = setup_skp(pegawai)
    LogHarianFactory(rhk=rhk, tanggal=timezone.localdate(), status="approved")
    client.force_login(pegawai.user)
    client.get("/kinerja/realisasi/")
    with django_assert_num_queries(PINS["realisasi_index"]):
        client.get("/kinerja/realisasi/")
    with django_assert_num_queries(PINS["log_list"]):
        client.get("/kinerja/log/")
    LogHarianFactory.create_batch(5, rhk=rhk, tanggal=timezone.localdate(), status="approved")
    with django_assert_num_queries(PINS["log_list"]):
        client.get("/kinerja/log/")


def test_koreksi_queue_pin_holds_with_more_cards(client, admin_bkd, unit_bidang, penilai, django_assert_num_queries):
    client.force_login(admin_bkd.user)
    for _ in range(2):
        svc.koreksi_create(pegawai=PegawaiFactory(unit_kerja=unit_bidang, atasan=penilai), alasan="x")
    client.get("/kinerja/skp/koreksi-atasan/antrean/")
    with django_assert_num_queries(PINS["koreksi_queue"]):
        client.get("/kinerja/skp/koreksi-atasan/antrean/")
    for _ in range(4):
        svc.koreksi_create(
            pegawai=PegawaiFactory(unit_kerja=unit_bidang, atasan=penilai), alasan="y", usulan_atasan=penilai
        )
    with django_assert_num_queries(PINS["koreksi_queue"]):
        client.get("/kinerja/skp/koreksi-atasan/antrean/")


# session, user, roles, own pegawai, navigation probe, then each page's own reads
PINS = {"koreksi_form": 7, "delegasi": 7, "realisasi_index": 9, "log_list": 12, "koreksi_queue": 7}
