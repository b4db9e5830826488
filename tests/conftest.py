"""Shared fixtures: a fixed cast (STYLE §7) and browser launch settings for Debian's Chromium."""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


try:  # browser assertions wait longer than Playwright's 5 s: a render under xdist on 2 shared cores can take that
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)
except ImportError:  # pragma: no cover - playwright is a dev dependency
    pass


@pytest.fixture
def context(context):
    context.set_default_timeout(30_000)
    return context


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def instansi(db):
    from tests.pegawai.factories import InstansiFactory

    return InstansiFactory(kode="TANGSEL", nama="Pemerintah Kota Tangerang Selatan")


@pytest.fixture
def unit_opd(instansi):
    from tests.pegawai.factories import UnitKerjaFactory

    return UnitKerjaFactory(instansi=instansi, nama="Dinas Komunikasi dan Informatika")


@pytest.fixture
def unit_bidang(unit_opd):
    from tests.pegawai.factories import UnitKerjaFactory

    return UnitKerjaFactory(instansi=unit_opd.instansi, parent=unit_opd, nama="Bidang Aplikasi Informatika")


@pytest.fixture
def atasan_penilai(unit_opd):
    """Head of the OPD: supervises `penilai`."""
    from tests.pegawai.factories import PegawaiFactory

    return PegawaiFactory(unit_kerja=unit_opd, nama="Kepala Dinas", golongan="IV/b")


@pytest.fixture
def penilai(unit_bidang, atasan_penilai):
    """Head of a bidang: pejabat penilai of `pegawai`."""
    from tests.pegawai.factories import PegawaiFactory

    return PegawaiFactory(unit_kerja=unit_bidang, atasan=atasan_penilai, nama="Kepala Bidang", golongan="III/d")


@pytest.fixture
def pegawai(unit_bidang, penilai):
    from tests.pegawai.factories import PegawaiFactory

    return PegawaiFactory(unit_kerja=unit_bidang, atasan=penilai, nama="Staf Bidang")


@pytest.fixture
def admin_bkd(unit_opd):
    """An admin instansi (BKPSDM) of the same instansi."""
    from pegawai.permissions import Peran
    from tests.pegawai.factories import PegawaiFactory, UserFactory

    return PegawaiFactory(unit_kerja=unit_opd, nama="Admin BKPSDM", user=UserFactory(peran=[Peran.ADMIN_INSTANSI]))


@pytest.fixture
def admin_bkn(db):
    from pegawai.permissions import Peran
    from tests.pegawai.factories import UserFactory

    return UserFactory(username="admin.bkn", peran=[Peran.ADMIN_BKN])


@pytest.fixture
def instansi_lain(db):
    from tests.pegawai.factories import InstansiFactory

    return InstansiFactory(kode="SERANG", nama="Pemerintah Kota Serang")


@pytest.fixture
def pegawai_lain(instansi_lain):
    """A pegawai of another instansi (Kota Serang)."""
    from tests.pegawai.factories import PegawaiFactory, UnitKerjaFactory

    unit = UnitKerjaFactory(instansi=instansi_lain, nama="Dinas Kesehatan Kota Serang")
    return PegawaiFactory(unit_kerja=unit, nama="Pegawai Serang")


@pytest.fixture
def admin_lain(pegawai_lain):
    """The admin instansi of Kota Serang."""
    from pegawai.permissions import Peran
    from tests.pegawai.factories import PegawaiFactory, UserFactory

    return PegawaiFactory(
        unit_kerja=pegawai_lain.unit_kerja, nama="Admin BKPSDM Serang", user=UserFactory(peran=[Peran.ADMIN_INSTANSI])
    )


@pytest.fixture
def akun_tanpa_pegawai(db):
    """A login with no pegawai record and no admin role."""
    from tests.pegawai.factories import UserFactory

    return UserFactory(username="akun.kosong")
