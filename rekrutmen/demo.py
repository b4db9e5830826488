"""Rekrutmen part of `manage.py seed_demo`: a CPNS 2024 seleksi of Tangerang Selatan with formasi of
several kinds, about 300 applicants at different stages (submitted, TMS with and without a sanggah,
MS with SKD scores, ranked, with ties at the SKB cut of the first formasi), and two accounts:
``demo.panitia`` (panitia seleksi of the instansi) and ``demo.pelamar`` (an applicant, no pegawai).

Idempotent: the seleksi is matched on its name, accounts on their user name, applicants on their NIK;
a second run creates nothing. The SKD ranking is computed but not published, so the panitia can
publish it (or import corrections first).
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from pegawai import rules as pegawai_rules
from pegawai.models import Instansi, Pegawai, UnitKerja, User
from pegawai.permissions import Peran
from rekrutmen import ranking
from rekrutmen.models import Formasi, JenisFormasi, Lamaran, ParameterSeleksi, Pelamar, Seleksi

INSTANSI_KODE = "TANGSEL"
NAMA_SELEKSI = "Seleksi CPNS Pemerintah Kota Tangerang Selatan 2024 (demo)"
PASSWORD = "kinerja-demo-2026"  # pegawai.demo.spec.DEFAULT_PASSWORD; the hash is copied from demo.asn
# (kode, jabatan, jenis formasi, kuota)
FORMASI = [
    ("TSL-2024-001", "Pranata Komputer Ahli Pertama", JenisFormasi.UMUM, 3),
    ("TSL-2024-002", "Analis Kebijakan Ahli Pertama", JenisFormasi.UMUM, 2),
    ("TSL-2024-003", "Dokter Ahli Pertama", JenisFormasi.LULUSAN_TERBAIK, 1),
    ("TSL-2024-004", "Arsiparis Ahli Pertama", JenisFormasi.DISABILITAS, 1),
]
N_PELAMAR = 300
NAMA_DEPAN = ["Adi", "Budi", "Citra", "Dewi", "Eka", "Fajar", "Gita", "Hendra", "Indah", "Joko", "Kartika", "Lestari"]
NAMA_BELAKANG = ["Pratama", "Santoso", "Wijaya", "Lestari", "Saputra", "Hidayat", "Rahmawati", "Nugroho"]


def _nik(i: int, lahir: dt.date, jk: str) -> str:
    hari = lahir.day + (40 if jk == "P" else 0)
    return f"367401{hari:02d}{lahir:%m%y}{i:04d}"


def _password_hash() -> str:
    stored = User.objects.filter(username="demo.asn").values_list("password", flat=True).first()
    return stored or make_password(PASSWORD)


def _ensure_panitia(instansi: Instansi) -> int:
    from pegawai.services import pegawai_create

    user, created = User.objects.get_or_create(
        username="demo.panitia", defaults={"password": _password_hash(), "first_name": "Panitia Seleksi"}
    )
    user.groups.add(Group.objects.get_or_create(name=Peran.PANITIA_SELEKSI)[0])
    if Pegawai.objects.filter(user=user).exists():
        return int(created)
    lahir = dt.date(1986, 3, 12)
    fields = dict(
        nip=pegawai_rules.build_nip(
            tanggal_lahir=lahir, tmt_tahun=2011, tmt_bulan=3, jenis_kelamin="P", nomor_urut=901
        ),
        nama="Ratna Panitia",
        tanggal_lahir=lahir,
        jenis_kelamin="P",
        status=pegawai_rules.StatusPegawai.PNS,
        golongan="III/c",
        tmt_golongan=dt.date(2019, 4, 1),
        instansi=instansi,
        user=user,
    )
    # A staff position like the demo's other pelaksana of the same instansi (same unit, jabatan and
    # atasan), so the pegawai records stay as consistent as seed_demo's own.
    contoh = (
        Pegawai.objects.filter(
            instansi=instansi, jabatan__jenis=pegawai_rules.JenisJabatan.PELAKSANA, atasan__isnull=False
        )
        .exclude(user__username__startswith="demo.")
        .order_by("pk")
        .first()
    )
    if contoh is not None:
        fields.update(unit_kerja=contoh.unit_kerja, jabatan=contoh.jabatan, atasan=contoh.atasan)
    else:
        fields["unit_kerja"] = UnitKerja.objects.filter(instansi=instansi, parent__isnull=True).order_by("pk").first()
    pegawai_create(**fields)
    return 1


def _skor(rng: random.Random, kuat: bool) -> tuple[int, int, int]:
    twk = 5 * rng.randint(10 if kuat else 6, 28)
    tiu = 5 * rng.randint(14 if kuat else 9, 33)
    tkp = rng.randint(165 if kuat else 140, 215)
    return twk, tiu, tkp


@transaction.atomic
def seed_rekrutmen_demo() -> int:
    """Create what is missing of the rekrutmen demo; returns how many rows of note were created."""
    instansi = Instansi.objects.filter(kode=INSTANSI_KODE).first()
    parameter = ParameterSeleksi.objects.filter(tahun=2024).first()
    if instansi is None or parameter is None:
        return 0
    created = _ensure_panitia(instansi)
    pelamar_user, new = User.objects.get_or_create(
        username="demo.pelamar", defaults={"password": _password_hash(), "first_name": "Pelamar Demo"}
    )
    created += int(new)
    seleksi, new = Seleksi.objects.get_or_create(
        nama=NAMA_SELEKSI,
        defaults=dict(
            tahun=2024,
            parameter=parameter,
            status=Seleksi.Status.SKD,
            pendaftaran_mulai=dt.date(2024, 8, 20),
            pendaftaran_selesai=dt.date(2024, 9, 6),
            tanggal_acuan_usia=dt.date(2024, 8, 1),
            administrasi_published_at=timezone.make_aware(dt.datetime(2024, 9, 16, 10)),
        ),
    )
    if not new:
        return created
    created += 1
    formasi = Formasi.objects.bulk_create(
        [
            Formasi(seleksi=seleksi, instansi=instansi, kode=k, jabatan=j, jenis_formasi=jf, kuota=q)
            for k, j, jf, q in FORMASI
        ]
    )
    rng = random.Random(2024)
    pelamar, lamaran = [], []
    for i in range(N_PELAMAR):
        jk = "L" if i % 2 else "P"
        lahir = dt.date(1990, 1, 1) + dt.timedelta(days=rng.randint(0, 4000))
        nama = f"{NAMA_DEPAN[i % len(NAMA_DEPAN)]} {NAMA_BELAKANG[(i // len(NAMA_DEPAN)) % len(NAMA_BELAKANG)]}"
        pelamar.append(
            Pelamar(
                user=pelamar_user if i == 0 else None,
                nik=_nik(i + 1, lahir, jk),
                nama=nama,
                tanggal_lahir=lahir,
                jenis_kelamin=jk,
                email=f"pelamar{i + 1}@contoh.id",
            )
        )
    pelamar = Pelamar.objects.bulk_create(pelamar)
    now = timezone.now()
    for i, p in enumerate(pelamar):
        f = formasi[0] if i < 120 or i == 0 else formasi[1 + i % 3]
        row = Lamaran(
            seleksi=seleksi,
            formasi=f,
            pelamar=p,
            nomor_peserta=f"24TSL{i + 1:05d}",
            pendidikan="S1",
            ipk=round(rng.uniform(2.8, 3.95), 2),
            status=Lamaran.Status.MS,
            submitted_at=now,
        )
        if i % 25 == 7:
            row.status, row.alasan_tms = Lamaran.Status.TMS, "Kualifikasi pendidikan tidak sesuai formasi"
            if i % 50 == 7:
                row.sanggah_status, row.sanggah_at = Lamaran.Sanggah.PENDING, now
                row.sanggah_alasan = "Ijazah saya sesuai; mohon diperiksa kembali"
        elif i % 31 == 5:
            row.status = Lamaran.Status.SUBMITTED  # not yet verified (a late correction of the data)
        else:
            row.twk, row.tiu, row.tkp = _skor(rng, kuat=i % 3 != 0)
        lamaran.append(row)
    # Ties at the SKB cut of the first formasi (kuota 3, cut at rank 9): five strong applicants with
    # identical scores, sitting exactly at places 9-13, so all five go to SKB; demo.pelamar is one.
    seri = [r for r in lamaran if r.formasi is formasi[0] and r.twk is not None][:5]
    for r in seri:
        r.twk, r.tiu, r.tkp = 120, 130, 190  # total 440
    top = [r for r in lamaran if r.formasi is formasi[0] and r.twk is not None and r not in seri][:8]
    for k, r in enumerate(top):
        r.twk, r.tiu, r.tkp = 140, 150, 205 - k  # totals 495..488: places 1-8
    for r in lamaran:
        if r.formasi is formasi[0] and r.twk is not None and r not in seri and r not in top:
            r.tkp = min(r.tkp, 180)
            r.twk, r.tiu = min(r.twk, 110), min(r.tiu, 125)  # below 440
    Lamaran.objects.bulk_create(lamaran)
    ranking.skd_ranking_apply(seleksi=seleksi)
    return created + len(pelamar)
