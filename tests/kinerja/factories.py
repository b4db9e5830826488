import datetime as dt

import factory

from kinerja import rules
from kinerja.models import Indikator, LogHarian, PerilakuKerja, Periode, PeriodeEvaluasi, Rhk, Skp
from tests.pegawai.factories import InstansiFactory, PegawaiFactory


class PeriodeFactory(factory.django.DjangoModelFactory):
    """A year with its periodic windows created from kinerja.rules.periodic_windows."""

    class Meta:
        model = Periode
        django_get_or_create = ("instansi", "tahun")
        skip_postgeneration_save = True

    instansi = factory.SubFactory(InstansiFactory)
    tahun = 2026
    jenis_periodik = rules.JenisPeriodik.TRIWULANAN
    mulai = factory.LazyAttribute(lambda o: dt.date(o.tahun, 1, 1))
    selesai = factory.LazyAttribute(lambda o: dt.date(o.tahun, 12, 31))

    @factory.post_generation
    def windows(self, create, extracted, **kwargs):
        if not create or self.windows.exists():
            return
        PeriodeEvaluasi.objects.bulk_create(
            PeriodeEvaluasi(periode=self, nomor=w.nomor, label=w.label, mulai=w.mulai, selesai=w.selesai)
            for w in rules.periodic_windows(self.tahun, self.jenis_periodik)
        )


class SkpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skp
        skip_postgeneration_save = True

    pegawai = factory.SubFactory(PegawaiFactory)
    periode = factory.LazyAttribute(lambda o: PeriodeFactory(instansi=o.pegawai.instansi))
    pejabat_penilai = factory.LazyAttribute(lambda o: o.pegawai.atasan)
    atasan_pejabat_penilai = factory.LazyAttribute(lambda o: o.pegawai.atasan.atasan if o.pegawai.atasan else None)
    jabatan = factory.LazyAttribute(lambda o: o.pegawai.jabatan)
    unit_kerja = factory.LazyAttribute(lambda o: o.pegawai.unit_kerja)

    @factory.post_generation
    def perilaku(self, create, extracted, **kwargs):
        if create:
            PerilakuKerja.objects.bulk_create(PerilakuKerja(skp=self, kode=k) for k in rules.Berakhlak.values)


class RhkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rhk

    skp = factory.SubFactory(SkpFactory)
    jenis = rules.JenisRhk.UTAMA
    deskripsi = factory.Sequence(lambda n: f"Terselenggaranya layanan aplikasi {n}")


class IndikatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indikator

    rhk = factory.SubFactory(RhkFactory)
    aspek = rules.Aspek.KUANTITAS
    deskripsi = factory.Sequence(lambda n: f"Jumlah dokumen yang diselesaikan {n}")
    target_angka = 12
    satuan = "dokumen"


class LogHarianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LogHarian

    rhk = factory.SubFactory(RhkFactory)
    pegawai = factory.LazyAttribute(lambda o: o.rhk.skp.pegawai)
    tanggal = dt.date(2026, 3, 2)
    kegiatan = factory.Sequence(lambda n: f"Menyusun laporan {n}")
    output_jumlah = 1
    output_satuan = "dokumen"
    jam_mulai = dt.time(8, 0)
    jam_selesai = dt.time(10, 0)
    status = LogHarian.Status.SUBMITTED
