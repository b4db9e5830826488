"""Survei part of `manage.py seed_demo`: three service units of Tangerang Selatan (two Disdukcapil
counters and the Kecamatan Serpong PATEN desk) with their jenis layanan, this semester's open period
with about 150 responses and some saran, and the account demo.survei (pengelola survei of the three).

The answers are drawn from a seeded random generator with a different mean per unit and unsur, so the
units differ: the civil-registry counter is weak on U6 (kompetensi) and U7 (perilaku), which is what
the training-need feedback looks for.

Idempotent: units by kode, jenis layanan by (unit, nama), periods by (unit, nama), responses by a
deterministic client_token per (unit, number); a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from pegawai.models import Instansi, UnitKerja, User
from pegawai.permissions import Peran
from survei.models import JenisLayanan, PeriodeSurvei, Respon, UnitLayanan

INSTANSI_KODE = "TANGSEL"
USERNAME = "demo.survei"
_TOKEN_NS = uuid.UUID("0c3f6a1e-52d4-4c1b-8e0f-6c2d9b7a4e55")
_SEED = 20260714

# Sarana (U9) asked before Pengaduan (U8), as many units do.
URUTAN_SARANA_DULU = ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U9", "U8"]

# (kode, nama, unit kerja name, urutan, populasi, responses, mean answer per unsur U1..U9, jenis layanan)
UNITS = [
    (
        "dukcapil-tangsel",
        "Disdukcapil — Loket Pelayanan KTP-el dan KK",
        "Bidang Pelayanan Pendaftaran Penduduk",
        URUTAN_SARANA_DULU,
        4200,
        70,
        [3.4, 3.2, 3.0, 3.9, 3.4, 3.5, 3.6, 3.1, 3.2],
        ["Perekaman KTP-el", "Pencetakan KTP-el", "Kartu Keluarga", "Kartu Identitas Anak"],
    ),
    (
        "dukcapil-capil",
        "Disdukcapil — Loket Pencatatan Sipil",
        "Bidang Pelayanan Pencatatan Sipil",
        [],
        1800,
        45,
        [3.1, 2.9, 2.6, 3.8, 3.0, 2.6, 2.5, 2.8, 2.9],
        ["Akta Kelahiran", "Akta Kematian", "Akta Perkawinan"],
    ),
    (
        "paten-serpong",
        "Kecamatan Serpong — Pelayanan Administrasi Terpadu (PATEN)",
        "Kecamatan Serpong",
        [],
        900,
        35,
        [3.5, 3.5, 3.3, 3.9, 3.4, 3.4, 3.7, 3.0, 2.8],
        ["Surat Keterangan", "Rekomendasi Izin Usaha Mikro", "Legalisasi Dokumen"],
    ),
]

SARAN = {
    "dukcapil-tangsel": [
        "Antrean perekaman KTP-el pagi hari terlalu panjang, mohon tambah loket.",
        "Petugas ramah dan cepat, terima kasih.",
        "Ruang tunggu panas, AC sering mati.",
        "Informasi persyaratan KK di papan pengumuman kurang jelas.",
        "Blangko KTP-el sering habis, mohon diperhatikan.",
        "Pelayanan sudah baik, pertahankan.",
    ],
    "dukcapil-capil": [
        "Petugas kurang menjelaskan berkas yang kurang, saya harus bolak-balik.",
        "Mohon petugas lebih sopan kepada warga lanjut usia.",
        "Proses akta kelahiran lebih lama dari yang dijanjikan.",
        "Nomor antrean tidak dipanggil berurutan.",
        "Petugas loket dua sangat membantu.",
    ],
    "paten-serpong": [
        "Parkir sempit dan kursi tunggu kurang.",
        "Pelayanan surat keterangan cepat, terima kasih.",
        "Kotak saran tidak pernah dibuka sepertinya.",
        "Toilet kurang bersih.",
    ],
}

_USIA = [c for c, _l in Respon.Usia.choices]
_PENDIDIKAN = [c for c, _l in Respon.Pendidikan.choices]
_PEKERJAAN = [c for c, _l in Respon.Pekerjaan.choices]


def _semester(today: dt.date) -> tuple[str, dt.date, dt.date]:
    if today.month <= 6:
        return f"Semester I {today.year}", dt.date(today.year, 1, 1), dt.date(today.year, 6, 30)
    return f"Semester II {today.year}", dt.date(today.year, 7, 1), dt.date(today.year, 12, 31)


def _answer(rng: random.Random, mean: float) -> int:
    # A rounded normal draw around the unit's mean for the unsur, clipped to the 1-4 scale.
    return max(1, min(4, round(rng.gauss(mean, 0.55))))


def _ensure_user(units: list[UnitLayanan]) -> int:
    """demo.survei: pengelola survei without a Pegawai record (results only, no performance data). Its
    password is the hash the other demo accounts share, so `seed_demo --password` covers it too."""
    created = 0
    shared = User.objects.filter(username="demo.admin").values_list("password", flat=True).first() or "!"
    user = User.objects.filter(username=USERNAME).first()
    if user is None:
        user = User.objects.create(username=USERNAME, password=shared, first_name="Pengelola Survei Demo")
        created = 1
    elif user.password != shared or not user.is_active:
        User.objects.filter(pk=user.pk).update(password=shared, is_active=True)
    group, _new = Group.objects.get_or_create(name=Peran.PENGELOLA_SURVEI)
    if not user.groups.filter(pk=group.pk).exists():
        user.groups.add(group)
    for unit in units:
        if not unit.pengelola.filter(pk=user.pk).exists():
            unit.pengelola.add(user)
    return created


@transaction.atomic
def seed_survei_demo(today: dt.date | None = None) -> int:
    """Create what is missing of the survei demo; returns how many rows of note were created."""
    instansi = Instansi.objects.filter(kode=INSTANSI_KODE).first()
    if instansi is None:
        return 0
    today = today or timezone.localdate()
    nama_periode, mulai, selesai = _semester(today)
    rng = random.Random(_SEED)
    created = 0
    units = []
    for kode, nama, unit_kerja_nama, urutan, populasi, n, means, layanan in UNITS:
        unit_kerja = UnitKerja.objects.filter(instansi=instansi, nama=unit_kerja_nama).order_by("pk").first()
        unit, new = UnitLayanan.objects.get_or_create(
            kode=kode, defaults={"instansi": instansi, "unit_kerja": unit_kerja, "nama": nama, "urutan_unsur": urutan}
        )
        created += new
        units.append(unit)
        have = set(unit.jenis_layanan.values_list("nama", flat=True))
        jenis = JenisLayanan.objects.bulk_create(JenisLayanan(unit=unit, nama=j) for j in layanan if j not in have)
        created += len(jenis)
        jenis_list = list(unit.jenis_layanan.order_by("nama"))
        periode, new = PeriodeSurvei.objects.get_or_create(
            unit=unit, nama=nama_periode, defaults={"mulai": mulai, "selesai": selesai, "populasi": populasi}
        )
        created += new
        tokens = {uuid.uuid5(_TOKEN_NS, f"{kode}:{periode.nama}:{i}") for i in range(n)}
        existing = set(Respon.objects.filter(unit=unit, client_token__in=tokens).values_list("client_token", flat=True))
        saran = SARAN.get(kode, [])
        rows = []
        for i in range(n):
            # Draw for every row (even existing ones) so a partial rerun yields the same answers.
            answers = {f"u{k + 1}": _answer(rng, mean) for k, mean in enumerate(means)}
            profile = {
                "usia": rng.choice(_USIA),
                "jenis_kelamin": rng.choice("LP"),
                "pendidikan": rng.choice(_PENDIDIKAN),
                "pekerjaan": rng.choice(_PEKERJAAN),
                "jenis_layanan": rng.choice(jenis_list) if jenis_list else None,
            }
            token = uuid.uuid5(_TOKEN_NS, f"{kode}:{periode.nama}:{i}")
            if token in existing:
                continue
            rows.append(
                Respon(
                    periode=periode,
                    unit=unit,
                    client_token=token,
                    saran=saran[i // 7] if i % 7 == 3 and i // 7 < len(saran) else "",
                    token_terverifikasi=i % 5 == 0,
                    **answers,
                    **profile,
                )
            )
        Respon.objects.bulk_create(rows, batch_size=500)
        created += len(rows)
    created += _ensure_user(units)
    return created
