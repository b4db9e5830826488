"""A small demo-like instansi for page-level tests (English pages, accessibility): an atasan, an ASN
with an approved SKP and one submitted log in the atasan's queue, a notification, and an admin.

Every word the data itself shows is a name or a domain noun, so "no Indonesian UI word on an
English page" checks only what the templates and code print."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from common.notify import Pesan, notify
from kinerja.models import LogHarian, Periode, Rhk, Skp
from pegawai.models import Pegawai
from pegawai.permissions import Peran
from tests.kinerja.factories import IndikatorFactory, LogHarianFactory, PeriodeFactory, RhkFactory, SkpFactory
from tests.pegawai.factories import InstansiFactory, PegawaiFactory, UnitKerjaFactory, UserFactory


@dataclass
class Scene:
    asn: Pegawai
    atasan: Pegawai
    admin: Pegawai
    periode: Periode
    skp: Skp
    rhk: Rhk
    log: LogHarian
    kepala: Pegawai
    draft: Skp

    @property
    def window(self):
        return window(self.periode)


def build_scene() -> Scene:
    instansi = InstansiFactory(kode="TANGSEL", nama="Kota Tangerang Selatan")
    opd = UnitKerjaFactory(instansi=instansi, nama="Diskominfo")
    bidang = UnitKerjaFactory(instansi=instansi, parent=opd, nama="Aptika")
    kepala = PegawaiFactory(unit_kerja=opd, nama="Rina Kusuma", golongan="IV/b", user=UserFactory(username="kepala"))
    atasan = PegawaiFactory(
        unit_kerja=bidang, atasan=kepala, nama="Budi Santoso", golongan="III/d", user=UserFactory(username="atasan")
    )
    asn = PegawaiFactory(unit_kerja=bidang, atasan=atasan, nama="Sari Dewi", user=UserFactory(username="asn"))
    admin = PegawaiFactory(
        unit_kerja=opd, nama="Andi Wijaya", user=UserFactory(username="admin", peran=[Peran.ADMIN_INSTANSI])
    )
    today = timezone.localdate()
    periode = PeriodeFactory(instansi=instansi, tahun=today.year)
    skp = SkpFactory(pegawai=asn, periode=periode, status=Skp.Status.APPROVED)
    rhk = RhkFactory(skp=skp, deskripsi="SPBE Tangsel")
    IndikatorFactory(rhk=rhk, deskripsi="SPBE Tangsel 2026", satuan="SPBE", target_angka=12)
    SkpFactory(pegawai=atasan, periode=periode, status=Skp.Status.SUBMITTED)  # in kepala's approval list
    draft = SkpFactory(pegawai=admin, periode=periode, status=Skp.Status.DRAFT)
    RhkFactory(skp=draft, deskripsi="SPBE Tangsel")
    log = LogHarianFactory(rhk=rhk, tanggal=today, kegiatan="SPBE Tangsel", output_satuan="SPBE")
    notify([Pesan(user_id=asn.user_id, jenis="uji", judul="SKP 2026", url="/kinerja/skp/")], email=False)
    return Scene(
        asn=asn, atasan=atasan, admin=admin, periode=periode, skp=skp, rhk=rhk, log=log, kepala=kepala, draft=draft
    )


def window(periode: Periode):
    today = timezone.localdate()
    return periode.windows.get(mulai__lte=today, selesai__gte=today)


def user_of(scene: Scene, who: str | None):
    return getattr(scene, who).user if who else None


# (who, url) of the main pages, each seen by the role that uses it; `{s}` is the Scene.
MAIN_PAGES = [
    ("asn", "/"),
    ("atasan", "/"),
    ("admin", "/"),
    ("admin", "/pegawai/"),
    ("asn", "/pegawai/{s.asn.pk}/"),
    ("admin", "/pegawai/unit-kerja/"),
    ("atasan", "/pegawai/tim-saya/"),
    ("asn", "/kinerja/"),
    ("atasan", "/kinerja/dashboard/tim/"),
    ("asn", "/kinerja/log/"),
    ("asn", "/kinerja/log/{s.log.pk}/"),
    ("atasan", "/kinerja/log/antrian/"),
    ("asn", "/kinerja/skp/"),
    ("admin", "/kinerja/skp/daftar/"),
    ("asn", "/kinerja/skp/{s.skp.pk}/"),
    ("kepala", "/kinerja/skp/persetujuan/"),
    ("admin", "/kinerja/skp/{s.draft.pk}/ubah/"),
    ("asn", "/kinerja/realisasi/"),
    ("asn", "/kinerja/realisasi/{s.skp.pk}/{s.window.pk}/"),
    ("asn", "/notifikasi/"),
    ("admin", "/kinerja/dashboard/kepatuhan/"),
]


def page_url(scene: Scene, template: str) -> str:
    return template.format(s=scene)
