"""The survei part of `manage.py seed_demo`: units, an open period of realistic responses, demo.survei."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from pegawai.demo import DEFAULT_PASSWORD
from pegawai.models import User
from pegawai.permissions import Peran
from survei import selectors
from survei.demo import seed_survei_demo
from survei.models import JenisLayanan, PeriodeSurvei, Respon, UnitLayanan
from tests.survei.factories import UnitLayananFactory

pytestmark = pytest.mark.django_db


def _seed() -> None:
    call_command("seed_demo", stdout=io.StringIO())


def _snapshot() -> dict:
    return {
        "unit": list(UnitLayanan.objects.order_by("pk").values_list("pk", "kode", "nama")),
        "jenis": JenisLayanan.objects.count(),
        "periode": list(PeriodeSurvei.objects.order_by("pk").values_list("pk", "nama", "status")),
        "respon": list(Respon.objects.order_by("pk").values_list("pk", "u6", "u7", "saran")),
        "pengelola": sorted(UnitLayanan.pengelola.through.objects.values_list("unitlayanan_id", "user_id")),
        "user": list(User.objects.filter(username="demo.survei").values_list("pk", "password")),
    }


def test_seed_demo_builds_three_units_with_an_open_period_of_responses():
    _seed()
    units = {u.kode: u for u in UnitLayanan.objects.all()}
    assert set(units) == {"dukcapil-tangsel", "dukcapil-capil", "paten-serpong"}
    ktp = units["dukcapil-tangsel"]
    assert ktp.nama == "Disdukcapil — Loket Pelayanan KTP-el dan KK"
    assert ktp.instansi.kode == "TANGSEL"
    assert ktp.unit_kerja is not None and ktp.unit_kerja.nama == "Bidang Pelayanan Pendaftaran Penduduk"
    assert ktp.unsur_berurutan().index("U9") < ktp.unsur_berurutan().index("U8")  # Sarana before Pengaduan
    assert 140 <= Respon.objects.count() <= 160
    assert Respon.objects.exclude(saran="").count() >= 10
    for unit in units.values():
        assert unit.jenis_layanan.count() >= 3
        periode = unit.periode.get()
        assert periode.status == PeriodeSurvei.Status.OPEN and periode.populasi > 0
        assert periode.mulai <= periode.selesai
    # the units differ, and the civil-registry counter is weak on U6/U7 (training-need feedback)
    hasil = {k: selectors.ikm_of(Respon.objects.filter(unit=u)) for k, u in units.items()}
    assert len({h.ikm for h in hasil.values()}) == 3
    capil = hasil["dukcapil-capil"]
    assert capil.nrr[5] < 3 and capil.nrr[6] < 3
    assert all(hasil[k].nrr[5] >= 3 and hasil[k].nrr[6] >= 3 for k in ("dukcapil-tangsel", "paten-serpong"))
    assert hasil["dukcapil-tangsel"].ikm > capil.ikm


def test_demo_survei_manages_exactly_the_demo_units(client):
    other = UnitLayananFactory()
    _seed()
    user = User.objects.get(username="demo.survei")
    assert user.check_password(DEFAULT_PASSWORD)
    assert user.peran_set == {Peran.PENGELOLA_SURVEI}
    assert set(selectors.unit_list_for(user=user).values_list("kode", flat=True)) == {
        "dukcapil-tangsel",
        "dukcapil-capil",
        "paten-serpong",
    }
    client.force_login(user)
    ktp = UnitLayanan.objects.get(kode="dukcapil-tangsel")
    page = client.get(reverse("survei:hasil", args=[ktp.pk]))
    assert page.status_code == 200
    assert "Disdukcapil" in page.content.decode()
    assert client.get(reverse("survei:hasil", args=[other.pk])).status_code == 404
    assert client.get(reverse("skm:form", args=["dukcapil-tangsel"])).status_code == 200


def test_seed_demo_second_run_adds_nothing():
    _seed()
    before = _snapshot()
    assert seed_survei_demo() == 0
    _seed()
    assert _snapshot() == before


def test_seed_demo_restores_deleted_responses_with_the_same_answers():
    _seed()
    before = _snapshot()["respon"]
    removed = list(Respon.objects.filter(unit__kode="paten-serpong").order_by("pk").values_list("pk", flat=True)[:3])
    Respon.objects.filter(pk__in=removed).delete()
    assert seed_survei_demo() == 3
    after = list(Respon.objects.order_by("pk").values_list("u6", "u7", "saran"))
    assert sorted(after, key=str) == sorted([r[1:] for r in before], key=str)
