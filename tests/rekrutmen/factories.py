"""Factories for rekrutmen: a seleksi on the seeded 2024 parameters, formasi, pelamar, lamaran."""

import datetime as dt

import factory

from rekrutmen.models import Formasi, Lamaran, ParameterSeleksi, Pelamar, Seleksi
from tests.pegawai.factories import InstansiFactory


def parameter_2024() -> ParameterSeleksi:
    """The 2024 row seeded by migration 0002; seeded again when a transactional test (browser, live
    server) flushed the tables before this one."""
    row = ParameterSeleksi.objects.filter(tahun=2024).first()
    if row is None:
        from importlib import import_module

        from django.apps import apps

        import_module("rekrutmen.migrations.0002_parameter_2024").seed(apps, None)
        row = ParameterSeleksi.objects.get(tahun=2024)
    return row


class SeleksiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seleksi

    nama = factory.Sequence(lambda n: f"Seleksi CPNS 2024 #{n}")
    tahun = 2024
    parameter = factory.LazyFunction(lambda: parameter_2024())


class FormasiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Formasi

    seleksi = factory.SubFactory(SeleksiFactory)
    instansi = factory.SubFactory(InstansiFactory)
    kode = factory.Sequence(lambda n: f"F{n:05d}")
    jabatan = "Analis Kebijakan Ahli Pertama"
    kuota = 1


class PelamarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pelamar

    nik = factory.Sequence(lambda n: f"3674{n:012d}")
    nama = factory.Sequence(lambda n: f"Pelamar {n}")
    tanggal_lahir = dt.date(1998, 5, 17)
    jenis_kelamin = "L"
    email = factory.Sequence(lambda n: f"pelamar{n}@contoh.id")


class LamaranFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lamaran

    formasi = factory.SubFactory(FormasiFactory)
    seleksi = factory.SelfAttribute("formasi.seleksi")
    pelamar = factory.SubFactory(PelamarFactory)
    status = Lamaran.Status.MS
    # a TMS result always has its reason (constraint lamaran_tms_has_reason)
    alasan_tms = factory.LazyAttribute(lambda o: "Tidak memenuhi syarat" if o.status == Lamaran.Status.TMS else "")
