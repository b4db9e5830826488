"""Factories for rekrutmen: a seleksi on the seeded 2024 parameters, formasi, pelamar, lamaran."""

import datetime as dt

import factory

from rekrutmen.models import Formasi, Lamaran, ParameterSeleksi, Pelamar, Seleksi
from tests.pegawai.factories import InstansiFactory


class SeleksiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seleksi

    nama = factory.Sequence(lambda n: f"Seleksi CPNS 2024 #{n}")
    tahun = 2024
    parameter = factory.LazyFunction(lambda: ParameterSeleksi.objects.get(tahun=2024))


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
