import datetime as dt

import factory

from pelatihan.models import Angkatan, Program
from tests.pegawai.factories import InstansiFactory


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    instansi = factory.SubFactory(InstansiFactory)
    nama = factory.Sequence(lambda n: f"Pelatihan Teknis {n}")
    jenis = "teknis"
    bidang = "teknis"
    jp = 12
    penyelenggara = "BPSDM Provinsi Banten"


class AngkatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Angkatan

    program = factory.SubFactory(ProgramFactory)
    nama = factory.Sequence(lambda n: f"Angkatan {n}")
    tanggal_mulai = dt.date(2026, 3, 2)
    tanggal_selesai = dt.date(2026, 3, 4)
    tempat = "Aula BKPSDM"
    kuota = 2
