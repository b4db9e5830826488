"""The kinerja part of seed_demo: periode, approved SKPs with cascading, a few logs; idempotent; the
dashboards of demo.asn, demo.atasan and demo.admin show it."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from kinerja.demo import seed_kinerja_demo
from kinerja.models import LogHarian, Periode, Rhk, Skp

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())


def test_demo_has_periode_skps_with_intervensi_and_logs(demo):
    periode = Periode.objects.get(instansi__kode="TANGSEL", tahun=timezone.localdate().year)
    assert periode.windows.count() == 4
    asn = Skp.objects.get(pegawai__user__username="demo.asn", periode=periode)
    atasan = Skp.objects.get(pegawai__user__username="demo.atasan", periode=periode)
    assert asn.status == atasan.status == "approved"
    assert asn.pejabat_penilai_id == atasan.pegawai_id
    assert set(Rhk.objects.filter(skp=asn).values_list("rhk_atasan__skp_id", flat=True)) == {atasan.pk}
    statuses = set(LogHarian.objects.filter(pegawai=asn.pegawai).values_list("status", flat=True))
    assert {"submitted", "approved"} <= statuses
    assert seed_kinerja_demo() == 0  # idempotent


def test_demo_dashboards_show_something(client, demo):
    from pegawai.models import User

    client.force_login(User.objects.get(username="demo.asn"))
    board = client.get("/kinerja/").context["board"]
    assert board.skp is not None and len(board.targets) == 2
    client.force_login(User.objects.get(username="demo.atasan"))
    tim = client.get("/kinerja/dashboard/tim/").context["board"]
    assert tim.antrean_total >= 1 and tim.tim
    client.force_login(User.objects.get(username="demo.admin"))
    r = client.get("/kinerja/dashboard/kepatuhan/")
    assert r.status_code == 200 and r.context["board"].rows


def test_demo_notifications_show_and_are_not_repeated(client, demo):
    from common.models import Notifikasi
    from pegawai.models import User

    asn = User.objects.get(username="demo.asn")
    atasan = User.objects.get(username="demo.atasan")
    assert set(Notifikasi.objects.filter(penerima=asn).values_list("jenis", flat=True)) >= {"skp_disetujui"}
    assert Notifikasi.objects.filter(penerima=atasan, jenis="log_diajukan").count() == 1
    before = Notifikasi.objects.count()
    seed_kinerja_demo()
    assert Notifikasi.objects.count() == before
    client.force_login(atasan)
    r = client.get("/notifikasi/")
    assert r.status_code == 200 and "mengirim" in r.content.decode()
