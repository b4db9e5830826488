"""Shared builders for the SKP tests."""

from kinerja.models import Periode
from kinerja.services import skp as svc
from tests.kinerja.factories import PeriodeFactory


def rhk_item(deskripsi="Tersedianya aplikasi layanan", *, jenis="utama", rhk_atasan=None, target=12, **extra):
    return {
        "jenis": jenis,
        "deskripsi": deskripsi,
        "rhk_atasan": rhk_atasan,
        "indikator": [
            {"aspek": "kuantitas", "deskripsi": "Jumlah aplikasi", "target_angka": target, "satuan": "aplikasi"},
            {"aspek": "kualitas", "deskripsi": "Kepuasan pengguna", "target_teks": "Pengguna puas"},
        ],
        **extra,
    }


def periode_for(pegawai, tahun=2026) -> Periode:
    return PeriodeFactory(instansi=pegawai.instansi, tahun=tahun)


def skp_for(pegawai, periode=None, rhk=None, **kw):
    periode = periode or periode_for(pegawai)
    return svc.skp_create(pegawai=pegawai, periode=periode, rhk=rhk if rhk is not None else [rhk_item()], **kw)


def approved(skp, penilai_pegawai):
    svc.skp_submit(skp=skp, actor=skp.pegawai)
    return svc.skp_approve(skp=skp, actor=penilai_pegawai)
