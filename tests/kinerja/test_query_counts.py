"""Exact query counts of kinerja list pages that had none (STYLE §7): the admin's koreksi atasan
queue, SKP template list and Plt/Plh delegation list. Each is measured with a few rows and with many:
the count is the same number, so a new per-row query (N+1) or any new query fails here. Denials are
checked too: another instansi's rows never show, and a non-admin gets 403."""

import datetime as dt

from django.utils import timezone

from kinerja.models import SkpTemplate, TemplateIndikator, TemplateRhk
from kinerja.services import skp as skp_service
from kinerja.services.delegasi import delegasi_create
from tests.kinerja.skp_helpers import periode_for
from tests.pegawai.factories import JabatanFactory, PegawaiFactory

KOREKSI_QUEUE = "/kinerja/skp/koreksi-atasan/antrean/"
TEMPLATE_LIST = "/kinerja/skp/templat/"
DELEGASI_LIST = "/kinerja/delegasi/"

# Exact counts for a logged-in admin (session, user, roles and instansi, nav badge, the rows with their
# joins and prefetches); the same with 2 rows and with 15: no query per row.
KOREKSI_QUEUE_QUERIES = 7
TEMPLATE_LIST_QUERIES = 11
DELEGASI_LIST_QUERIES = 7


def _koreksi(unit, atasan, n):
    for _ in range(n):
        p = PegawaiFactory(unit_kerja=unit, atasan=atasan)
        skp_service.koreksi_create(pegawai=p, alasan="Atasan di SIASN sudah pindah", usulan_atasan=atasan.atasan)


def test_koreksi_queue_query_count_is_exact(client, admin_bkd, unit_bidang, penilai, django_assert_num_queries):
    _koreksi(unit_bidang, penilai, 2)
    client.force_login(admin_bkd.user)
    with django_assert_num_queries(KOREKSI_QUEUE_QUERIES):
        few = client.get(KOREKSI_QUEUE)
    _koreksi(unit_bidang, penilai, 15)
    with django_assert_num_queries(KOREKSI_QUEUE_QUERIES):
        many = client.get(KOREKSI_QUEUE)
    assert few.status_code == many.status_code == 200
    assert len(few.context["items"]) == 2 and len(many.context["items"]) == 17


def test_koreksi_queue_hides_other_instansi_and_refuses_non_admins(client, admin_lain, pegawai, penilai, unit_bidang):
    _koreksi(unit_bidang, penilai, 2)
    client.force_login(admin_lain.user)
    assert client.get(KOREKSI_QUEUE).context["items"] == []
    client.force_login(pegawai.user)
    assert client.get(KOREKSI_QUEUE).status_code == 403


def _templates(instansi, n, *, rhk_each=2):
    for i in range(n):
        t = SkpTemplate.objects.create(jabatan=JabatanFactory(instansi=instansi), nama=f"Templat {i}")
        for r in range(rhk_each):
            rhk = TemplateRhk.objects.create(template=t, urutan=r + 1, deskripsi=f"RHK {r}")
            TemplateIndikator.objects.create(template_rhk=rhk, deskripsi="Dokumen", target_angka=12, satuan="dokumen")


def test_template_list_query_count_is_exact(client, admin_bkd, instansi, django_assert_num_queries):
    periode_for(admin_bkd)  # an open periode to push to
    _templates(instansi, 2)
    client.force_login(admin_bkd.user)
    with django_assert_num_queries(TEMPLATE_LIST_QUERIES):
        few = client.get(TEMPLATE_LIST)
    _templates(instansi, 12, rhk_each=4)
    with django_assert_num_queries(TEMPLATE_LIST_QUERIES):
        many = client.get(TEMPLATE_LIST)
    assert few.status_code == many.status_code == 200
    assert len(few.context["templates"]) == 2 and len(many.context["templates"]) == 14
    assert "4 RHK" in many.content.decode()


def test_template_list_hides_other_instansi_and_refuses_non_admins(client, admin_lain, instansi, pegawai):
    _templates(instansi, 2)
    client.force_login(admin_lain.user)
    assert client.get(TEMPLATE_LIST).context["templates"] == []
    client.force_login(pegawai.user)
    assert client.get(TEMPLATE_LIST).status_code == 403


def _delegasi(admin, unit, n):
    today = timezone.localdate()
    for _ in range(n):
        atasan = PegawaiFactory(unit_kerja=unit)
        penerima = PegawaiFactory(unit_kerja=unit, atasan=atasan)
        delegasi_create(
            actor=admin.user,
            atasan_id=atasan.pk,
            penerima_id=penerima.pk,
            mulai=today,
            selesai=today + dt.timedelta(days=10),
        )


def test_delegasi_list_query_count_is_exact(client, admin_bkd, unit_bidang, django_assert_num_queries):
    _delegasi(admin_bkd, unit_bidang, 2)
    client.force_login(admin_bkd.user)
    with django_assert_num_queries(DELEGASI_LIST_QUERIES):
        few = client.get(DELEGASI_LIST)
    _delegasi(admin_bkd, unit_bidang, 15)
    with django_assert_num_queries(DELEGASI_LIST_QUERIES):
        many = client.get(DELEGASI_LIST)
    assert few.status_code == many.status_code == 200
    assert len(list(few.context["rows"])) == 2 and len(list(many.context["rows"])) == 17


def test_delegasi_list_hides_other_instansi_and_refuses_non_admins(client, admin_bkd, admin_lain, unit_bidang, pegawai):
    _delegasi(admin_bkd, unit_bidang, 2)
    client.force_login(admin_lain.user)
    assert list(client.get(DELEGASI_LIST).context["rows"]) == []
    client.force_login(pegawai.user)
    assert client.get(DELEGASI_LIST).status_code == 403
