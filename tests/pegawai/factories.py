import datetime as dt

import factory

from pegawai import rules, services
from pegawai.models import Instansi, Jabatan, Pegawai, UnitKerja, User


class InstansiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instansi
        django_get_or_create = ("kode",)

    kode = factory.Sequence(lambda n: f"INS{n:04d}")
    nama = factory.Sequence(lambda n: f"Pemerintah Kota Uji {n}")


class UnitKerjaFactory(factory.django.DjangoModelFactory):
    """Units go through the service so their materialized path is right."""

    class Meta:
        model = UnitKerja

    instansi = factory.SubFactory(InstansiFactory)
    nama = factory.Sequence(lambda n: f"Unit {n}")
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.unit_kerja_create(**kwargs)


class JabatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jabatan

    instansi = factory.SubFactory(InstansiFactory)
    nama = factory.Sequence(lambda n: f"Analis {n}")
    jenis = rules.JenisJabatan.PELAKSANA


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "rahasia-uji-123")

    @factory.post_generation
    def peran(self, create, extracted, **kwargs):
        from django.contrib.auth.models import Group

        for name in extracted or []:
            self.groups.add(Group.objects.get_or_create(name=name)[0])
        if extracted:
            self.__dict__.pop("peran_set", None)
        if create:
            self.save()


def _lahir(n: int) -> dt.date:
    return dt.date(1970, 1, 1) + dt.timedelta(days=(n * 37) % 9000)


class PegawaiFactory(factory.django.DjangoModelFactory):
    """A valid pegawai: NIP consistent with birth date and sex. Created through the service."""

    class Meta:
        model = Pegawai

    nama = factory.Sequence(lambda n: f"Pegawai Uji {n}")
    tanggal_lahir = factory.Sequence(_lahir)
    jenis_kelamin = factory.Sequence(lambda n: "L" if n % 2 else "P")
    nip = factory.LazyAttributeSequence(
        lambda o, n: rules.build_nip(
            tanggal_lahir=o.tanggal_lahir,
            tmt_tahun=o.tanggal_lahir.year + 25,
            tmt_bulan=3,
            jenis_kelamin=o.jenis_kelamin,
            nomor_urut=n,
        )
    )
    status = rules.StatusPegawai.PNS
    golongan = "III/a"
    instansi = factory.LazyAttribute(lambda o: o.unit_kerja.instansi if o.unit_kerja else InstansiFactory())
    unit_kerja = factory.SubFactory(UnitKerjaFactory)
    jabatan = None
    atasan = None
    user = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if kwargs.get("unit_kerja") and kwargs["unit_kerja"].instansi_id != kwargs["instansi"].pk:
            kwargs["instansi"] = kwargs["unit_kerja"].instansi
        return services.pegawai_create(**kwargs)
