"""The rekrutmen cast: a seleksi open for registration, formasi in two instansi, panitia of one of them,
an applicant account and a stranger."""

import datetime as dt

import pytest

from pegawai.permissions import Peran
from rekrutmen.models import Seleksi
from tests.pegawai.factories import InstansiFactory, PegawaiFactory, UnitKerjaFactory, UserFactory
from tests.rekrutmen.factories import FormasiFactory, SeleksiFactory


@pytest.fixture
def seleksi(db):
    return SeleksiFactory(
        status=Seleksi.Status.REGISTRATION,
        pendaftaran_mulai=dt.date(2024, 8, 20),
        pendaftaran_selesai=dt.date(2024, 9, 6),
        tanggal_acuan_usia=dt.date(2024, 8, 1),
    )


@pytest.fixture
def formasi(seleksi, instansi):
    return FormasiFactory(seleksi=seleksi, instansi=instansi, kode="TANGSEL-001", kuota=2)


@pytest.fixture
def formasi_lain(seleksi):
    return FormasiFactory(seleksi=seleksi, instansi=InstansiFactory(kode="BOGOR"), kode="BOGOR-001")


@pytest.fixture
def panitia(instansi):
    unit = UnitKerjaFactory(instansi=instansi, nama="BKPSDM")
    return PegawaiFactory(unit_kerja=unit, nama="Panitia", user=UserFactory(peran=[Peran.PANITIA_SELEKSI])).user


@pytest.fixture
def akun_pelamar(db):
    return UserFactory(username="pelamar.uji")


@pytest.fixture
def orang_lain(db):
    return UserFactory(username="orang.lain")
