import datetime as dt

import factory

from survei.models import JenisLayanan, PeriodeSurvei, Respon, UnitLayanan
from tests.pegawai.factories import InstansiFactory


class UnitLayananFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitLayanan

    instansi = factory.SubFactory(InstansiFactory)
    kode = factory.Sequence(lambda n: f"unit-{n}")
    nama = factory.Sequence(lambda n: f"Loket Pelayanan {n}")


class JenisLayananFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JenisLayanan

    unit = factory.SubFactory(UnitLayananFactory)
    nama = factory.Sequence(lambda n: f"Layanan {n}")


class PeriodeSurveiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeriodeSurvei

    unit = factory.SubFactory(UnitLayananFactory)
    nama = "Semester II 2026"
    mulai = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=30))
    selesai = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=30))
    populasi = 1000


class ResponFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Respon

    periode = factory.SubFactory(PeriodeSurveiFactory)
    unit = factory.SelfAttribute("periode.unit")
