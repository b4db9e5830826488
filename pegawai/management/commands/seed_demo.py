"""`manage.py seed_demo [--password P]`: the demo instansi Pemerintah Kota Tangerang Selatan.

About 200 pegawai in a realistic unit tree (Sekretariat Daerah, dinas, badan, a kecamatan), valid
NIPs agreeing with birth date and sex, PNS/PPPK/CPNS with golongan fitting the jabatan, atasan =
head of the parent unit (heads of OPD report to the Sekretaris Daerah), an account for everyone
(username = NIP) and the named demo accounts demo.admin, demo.atasan, demo.asn, demo.asn2, demo.bkn.

Deterministic (seeded random, fixed reference date) and idempotent: rows are matched on natural
keys (instansi kode, unit kode, jabatan nama+jenis, NIP, username); missing rows are bulk-inserted,
rows that drifted from the demo are put back through pegawai.services (so the change is audited),
and a second run on an untouched database writes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass, field

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from pegawai import mfa, rules, services
from pegawai.models import Instansi, Jabatan, Pegawai, RiwayatPegawai, UnitKerja, User
from pegawai.permissions import Peran
from pegawai.rules import JenisJabatan as JJ
from pegawai.rules import JenjangFungsional, Kedudukan, StatusPegawai, TingkatPendidikan

DEFAULT_PASSWORD = "kinerja-demo-2026"
SEED = 2026
# Fixed "today" of the demo so ages, TMTs and pensions do not depend on the day it is run.
REFERENCE_DATE = dt.date(2026, 1, 1)
EMAIL_DOMAIN = "tangerangselatan.example"  # reserved TLD: demo mail never reaches anyone

INSTANSI_KODE = "TANGSEL"
INSTANSI_NAMA = "Pemerintah Kota Tangerang Selatan"
BKN_KODE = "BKN"
BKN_NAMA = "Badan Kepegawaian Negara"

# --- Names ----------------------------------------------------------------------------------------

NAMA_DEPAN_L = [
    "Ahmad", "Muhammad", "Budi", "Agus", "Dedi", "Eko", "Hendra", "Rudi", "Andi", "Rizky", "Fajar",
    "Dimas", "Yusuf", "Irfan", "Hadi", "Bambang", "Joko", "Asep", "Ujang", "Dadang", "Teguh", "Wahyu",
    "Arief", "Reza", "Ilham", "Bayu", "Fikri", "Galih", "Taufik", "Hasan", "Iwan", "Surya", "Yoga",
    "Aditya", "Rahmat", "Syarif", "Firman", "Nanang", "Dodi", "Ikhsan", "Lukman", "Hamdan", "Cecep",
]  # fmt: skip
NAMA_BELAKANG_L = [
    "Santoso", "Setiawan", "Pratama", "Hidayat", "Saputra", "Nugroho", "Wibowo", "Kurniawan",
    "Gunawan", "Firmansyah", "Ramadhan", "Hakim", "Sulaiman", "Hermawan", "Suryadi", "Permana",
    "Maulana", "Syahputra", "Purnomo", "Prasetyo", "Susanto", "Wijaya", "Kusuma", "Mulyadi",
    "Rohman", "Fauzi", "Iskandar", "Sudrajat", "Supriatna", "Hidayatullah", "Nurdin", "Sobari",
]  # fmt: skip
NAMA_DEPAN_P = [
    "Siti", "Sri", "Dewi", "Rina", "Ratna", "Nur", "Putri", "Ayu", "Fitri", "Indah", "Wulan", "Yuliana",
    "Nurul", "Dian", "Rika", "Novi", "Maya", "Intan", "Ani", "Eka", "Tuti", "Lina", "Desi", "Rini",
    "Yeni", "Euis", "Neng", "Ika", "Mega", "Anisa", "Laras", "Citra", "Diah", "Kartini", "Endang",
]  # fmt: skip
NAMA_BELAKANG_P = [
    "Lestari", "Rahayu", "Wulandari", "Puspitasari", "Handayani", "Kusumawati", "Anggraini", "Safitri",
    "Permatasari", "Maharani", "Oktaviani", "Susanti", "Yuliani", "Rahmawati", "Fitriani", "Kartika",
    "Nurjanah", "Pertiwi", "Marlina", "Hasanah", "Aminah", "Agustina", "Novitasari", "Damayanti",
    "Komalasari", "Setiawati", "Mulyani", "Sulistyowati", "Herawati", "Nuraeni",
]  # fmt: skip
TEMPAT_LAHIR = [
    "Tangerang", "Tangerang", "Tangerang", "Jakarta", "Jakarta", "Bogor", "Serang", "Bandung", "Lebak",
    "Pandeglang", "Bekasi", "Depok", "Cirebon", "Garut", "Tasikmalaya", "Sukabumi", "Kuningan",
    "Semarang", "Yogyakarta", "Surakarta", "Surabaya", "Padang", "Medan", "Palembang", "Bandar Lampung",
    "Brebes", "Tegal", "Makassar",
]  # fmt: skip

# Discipline -> [(jurusan, gelar S-1, gelar S-2, gelar D-III)].
ILMU: dict[str, list[tuple[str, str, str, str]]] = {
    "it": [
        ("Teknik Informatika", "S.Kom.", "M.Kom.", "A.Md.Kom."),
        ("Sistem Informasi", "S.Kom.", "M.T.I.", "A.Md.Kom."),
    ],
    "admin": [
        ("Ilmu Administrasi Negara", "S.Sos.", "M.Si.", "A.Md."),
        ("Administrasi Publik", "S.A.P.", "M.A.P.", "A.Md."),
        ("Ilmu Pemerintahan", "S.IP.", "M.Si.", "A.Md."),
    ],
    "ekonomi": [("Manajemen", "S.E.", "M.M.", "A.Md."), ("Akuntansi", "S.Ak.", "M.Ak.", "A.Md.Ak.")],
    "hukum": [("Ilmu Hukum", "S.H.", "M.H.", "A.Md.")],
    "komunikasi": [("Ilmu Komunikasi", "S.I.Kom.", "M.I.Kom.", "A.Md.")],
    "statistik": [("Statistika", "S.Stat.", "M.Stat.", "A.Md.Stat.")],
    "kesmas": [("Kesehatan Masyarakat", "S.K.M.", "M.K.M.", "A.Md.Kes."), ("Gizi", "S.Gz.", "M.Gz.", "A.Md.Gz.")],
    "keperawatan": [("Keperawatan", "S.Kep., Ners", "M.Kep.", "A.Md.Kep.")],
    "farmasi": [("Farmasi", "S.Farm., Apt.", "M.Farm.", "A.Md.Farm.")],
    "pendidikan": [
        ("Pendidikan Bahasa Indonesia", "S.Pd.", "M.Pd.", "A.Md.Pd."),
        ("Pendidikan Matematika", "S.Pd.", "M.Pd.", "A.Md.Pd."),
        ("Pendidikan Luar Sekolah", "S.Pd.", "M.Pd.", "A.Md.Pd."),
    ],
    "budaya": [("Ilmu Sejarah", "S.Hum.", "M.Hum.", "A.Md.")],
    "teknik": [
        ("Teknik Sipil", "S.T.", "M.T.", "A.Md.T."),
        ("Perencanaan Wilayah dan Kota", "S.T.", "M.T.", "A.Md.T."),
    ],
    "psikologi": [("Psikologi", "S.Psi.", "M.Psi.", "A.Md.")],
}
SLTA_JURUSAN = ["SMA IPA", "SMA IPS", "SMK Administrasi Perkantoran", "SMK Akuntansi"]

# --- Jabatan catalogue for staff: key -> (nama, jenis, jenjang, ilmu) -------------------------------

P, F = JJ.PELAKSANA, JJ.FUNGSIONAL
J = JenjangFungsional
STAF: dict[str, tuple[str, str, str, str]] = {
    # jabatan pelaksana (PermenPANRB 45/2022 nomenclature)
    "pengadministrasi": ("Pengadministrasi Perkantoran", P, "", "admin"),
    "penata_layanan": ("Penata Layanan Operasional", P, "", "admin"),
    "operator_layanan": ("Operator Layanan Operasional", P, "", "it"),
    "pengelola_keuangan": ("Pengelola Layanan Operasional", P, "", "ekonomi"),
    "penelaah_teknis": ("Penelaah Teknis Kebijakan", P, "", "admin"),
    # jabatan fungsional keahlian
    "pranata_komputer_pertama": ("Pranata Komputer Ahli Pertama", F, J.AHLI_PERTAMA, "it"),
    "pranata_komputer_muda": ("Pranata Komputer Ahli Muda", F, J.AHLI_MUDA, "it"),
    "pranata_humas_pertama": ("Pranata Hubungan Masyarakat Ahli Pertama", F, J.AHLI_PERTAMA, "komunikasi"),
    "pranata_humas_muda": ("Pranata Hubungan Masyarakat Ahli Muda", F, J.AHLI_MUDA, "komunikasi"),
    "statistisi_pertama": ("Statistisi Ahli Pertama", F, J.AHLI_PERTAMA, "statistik"),
    "statistisi_muda": ("Statistisi Ahli Muda", F, J.AHLI_MUDA, "statistik"),
    "sandiman_pertama": ("Sandiman Ahli Pertama", F, J.AHLI_PERTAMA, "it"),
    "analis_kebijakan_pertama": ("Analis Kebijakan Ahli Pertama", F, J.AHLI_PERTAMA, "admin"),
    "analis_kebijakan_muda": ("Analis Kebijakan Ahli Muda", F, J.AHLI_MUDA, "admin"),
    "perencana_pertama": ("Perencana Ahli Pertama", F, J.AHLI_PERTAMA, "ekonomi"),
    "perencana_muda": ("Perencana Ahli Muda", F, J.AHLI_MUDA, "teknik"),
    "perencana_madya": ("Perencana Ahli Madya", F, J.AHLI_MADYA, "ekonomi"),
    "peneliti_pertama": ("Peneliti Ahli Pertama", F, J.AHLI_PERTAMA, "statistik"),
    "perancang_pertama": ("Perancang Peraturan Perundang-undangan Ahli Pertama", F, J.AHLI_PERTAMA, "hukum"),
    "analis_hukum_muda": ("Analis Hukum Ahli Muda", F, J.AHLI_MUDA, "hukum"),
    "analis_sdm_pertama": ("Analis Sumber Daya Manusia Aparatur Ahli Pertama", F, J.AHLI_PERTAMA, "psikologi"),
    "analis_sdm_muda": ("Analis Sumber Daya Manusia Aparatur Ahli Muda", F, J.AHLI_MUDA, "admin"),
    "analis_sdm_madya": ("Analis Sumber Daya Manusia Aparatur Ahli Madya", F, J.AHLI_MADYA, "it"),
    "asesor_sdm_muda": ("Asesor Sumber Daya Manusia Aparatur Ahli Muda", F, J.AHLI_MUDA, "psikologi"),
    "pengawas_sekolah_madya": ("Pengawas Sekolah Ahli Madya", F, J.AHLI_MADYA, "pendidikan"),
    "pamong_belajar_pertama": ("Pamong Belajar Ahli Pertama", F, J.AHLI_PERTAMA, "pendidikan"),
    "pamong_belajar_muda": ("Pamong Belajar Ahli Muda", F, J.AHLI_MUDA, "pendidikan"),
    "pamong_budaya_pertama": ("Pamong Budaya Ahli Pertama", F, J.AHLI_PERTAMA, "budaya"),
    "dokter_muda": ("Dokter Ahli Muda", F, J.AHLI_MUDA, "kedokteran"),
    "perawat_pertama": ("Perawat Ahli Pertama", F, J.AHLI_PERTAMA, "keperawatan"),
    "epidemiolog_pertama": ("Epidemiolog Kesehatan Ahli Pertama", F, J.AHLI_PERTAMA, "kesmas"),
    "epidemiolog_muda": ("Epidemiolog Kesehatan Ahli Muda", F, J.AHLI_MUDA, "kesmas"),
    "penyuluh_kesmas_pertama": ("Penyuluh Kesehatan Masyarakat Ahli Pertama", F, J.AHLI_PERTAMA, "kesmas"),
    "penyuluh_kesmas_muda": ("Penyuluh Kesehatan Masyarakat Ahli Muda", F, J.AHLI_MUDA, "kesmas"),
    "nutrisionis_pertama": ("Nutrisionis Ahli Pertama", F, J.AHLI_PERTAMA, "kesmas"),
    "apoteker_pertama": ("Apoteker Ahli Pertama", F, J.AHLI_PERTAMA, "farmasi"),
    "adminkes_muda": ("Administrator Kesehatan Ahli Muda", F, J.AHLI_MUDA, "kesmas"),
    "adm_database_pertama": ("Administrator Database Kependudukan Ahli Pertama", F, J.AHLI_PERTAMA, "it"),
    "pol_pp_pertama": ("Polisi Pamong Praja Ahli Pertama", F, J.AHLI_PERTAMA, "hukum"),
    # jabatan fungsional keterampilan
    "pranata_komputer_terampil": ("Pranata Komputer Terampil", F, J.TERAMPIL, "it"),
    "pranata_komputer_mahir": ("Pranata Komputer Mahir", F, J.MAHIR, "it"),
    "pranata_humas_terampil": ("Pranata Hubungan Masyarakat Terampil", F, J.TERAMPIL, "komunikasi"),
    "arsiparis_terampil": ("Arsiparis Terampil", F, J.TERAMPIL, "admin"),
    "pranata_sdm_terampil": ("Pranata Sumber Daya Manusia Aparatur Terampil", F, J.TERAMPIL, "admin"),
    "perawat_terampil": ("Perawat Terampil", F, J.TERAMPIL, "keperawatan"),
    "asisten_apoteker_terampil": ("Asisten Apoteker Terampil", F, J.TERAMPIL, "farmasi"),
    "pol_pp_terampil": ("Polisi Pamong Praja Terampil", F, J.TERAMPIL, "hukum"),
    "penyuluh_kesmas_penyelia": ("Penyuluh Kesehatan Masyarakat Penyelia", F, J.PENYELIA, "kesmas"),
}
del P, F

# Education a jabatan pelaksana is filled with (the class of the position follows the diploma).
PELAKSANA_PENDIDIKAN: dict[str, list[str]] = {
    "Pengadministrasi Perkantoran": [TingkatPendidikan.SLTA, TingkatPendidikan.SLTA, TingkatPendidikan.D3],
    "Operator Layanan Operasional": [TingkatPendidikan.SLTA, TingkatPendidikan.D3],
    "Pengelola Layanan Operasional": [TingkatPendidikan.D3, TingkatPendidikan.S1],
    "Penata Layanan Operasional": [TingkatPendidikan.S1],
    "Penelaah Teknis Kebijakan": [TingkatPendidikan.S1],
}

# --- Golongan consistent with jabatan (pegawai.md §4.1; manajerial ranges are common practice) ----

GOLONGAN_ORDER_PNS = [g for g, _p, _id in rules.GOLONGAN_PNS]


def _gol_range(low: str, high: str) -> list[str]:
    return GOLONGAN_ORDER_PNS[GOLONGAN_ORDER_PNS.index(low) : GOLONGAN_ORDER_PNS.index(high) + 1]


GOLONGAN_PNS_JENJANG: dict[str, list[str]] = {
    J.AHLI_PERTAMA: _gol_range("III/a", "III/b"),
    J.AHLI_MUDA: _gol_range("III/c", "III/d"),
    J.AHLI_MADYA: _gol_range("IV/a", "IV/c"),
    J.AHLI_UTAMA: _gol_range("IV/d", "IV/e"),
    J.PEMULA: _gol_range("II/a", "II/b"),
    J.TERAMPIL: _gol_range("II/c", "II/d"),
    J.MAHIR: _gol_range("III/a", "III/b"),
    J.PENYELIA: _gol_range("III/c", "III/d"),
}
GOLONGAN_PNS_MANAJERIAL: dict[str, list[str]] = {
    JJ.JPT_PRATAMA: _gol_range("IV/b", "IV/d"),
    JJ.ADMINISTRATOR: _gol_range("III/d", "IV/b"),
    JJ.PENGAWAS: _gol_range("III/b", "III/d"),
}
GOLONGAN_PNS_PELAKSANA: dict[str, list[str]] = {
    TingkatPendidikan.SLTA: _gol_range("II/a", "II/d"),
    TingkatPendidikan.D3: _gol_range("II/c", "III/b"),
    TingkatPendidikan.S1: _gol_range("III/a", "III/c"),
}
# Entry golongan of a CPNS by education (PP 11/2017 formation practice).
GOLONGAN_CPNS: dict[str, str] = {
    TingkatPendidikan.SLTA: "II/a",
    TingkatPendidikan.D3: "II/c",
    TingkatPendidikan.S1: "III/a",
    TingkatPendidikan.D4: "III/a",
    TingkatPendidikan.PROFESI: "III/b",
}
# PPPK golongan for demo data only (UNVERIFIED, see docs/keputusan-domain.md): by jenjang, and for
# pelaksana by education, as commonly printed on PPPK appointment letters.
GOLONGAN_PPPK_JENJANG: dict[str, str] = {
    J.AHLI_PERTAMA: "IX",
    J.AHLI_MUDA: "XI",
    J.TERAMPIL: "VII",
    J.MAHIR: "VIII",
}
GOLONGAN_PPPK_PELAKSANA: dict[str, str] = {
    TingkatPendidikan.SLTA: "V",
    TingkatPendidikan.D3: "VII",
    TingkatPendidikan.S1: "IX",
}
# Ages (at REFERENCE_DATE) by kind of position: plausible careers, always below the BUP.
UMUR: dict[str, tuple[int, int]] = {
    JJ.JPT_PRATAMA: (47, 57),
    JJ.ADMINISTRATOR: (40, 55),
    JJ.PENGAWAS: (34, 53),
    J.AHLI_PERTAMA: (25, 40),
    J.AHLI_MUDA: (33, 50),
    J.AHLI_MADYA: (45, 57),
    J.PEMULA: (21, 35),
    J.TERAMPIL: (23, 45),
    J.MAHIR: (30, 52),
    J.PENYELIA: (38, 55),
    JJ.PELAKSANA: (22, 56),
}


# --- The unit tree --------------------------------------------------------------------------------


@dataclass
class UnitSpec:
    kode: str
    nama: str
    head_jenis: str
    head_jabatan: str = ""  # default "Kepala <nama>"
    staff: list[str] = field(default_factory=list)  # STAF keys, each one pegawai reporting to the head
    children: list[UnitSpec] = field(default_factory=list)
    ilmu: str = "admin"  # discipline of the unit's heads
    demo: dict[int, str] = field(default_factory=dict)  # staff index -> demo account
    head_demo: str = ""  # the head is a demo account

    @property
    def jabatan_kepala(self) -> str:
        return self.head_jabatan or f"Kepala {self.nama}"


def _sekretariat(opd_kode: str, opd_nama: str, *, keuangan: bool = False) -> UnitSpec:
    children = [
        UnitSpec(
            f"{opd_kode}.UMPEG",
            "Subbagian Umum dan Kepegawaian",
            JJ.PENGAWAS,
            staff=["pengadministrasi", "arsiparis_terampil"],
        )
    ]
    if keuangan:
        children.append(
            UnitSpec(
                f"{opd_kode}.KEU",
                "Subbagian Keuangan",
                JJ.PENGAWAS,
                staff=["pengelola_keuangan", "pengadministrasi"],
                ilmu="ekonomi",
            )
        )
    return UnitSpec(
        f"{opd_kode}.SEKRETARIAT",
        "Sekretariat",
        JJ.ADMINISTRATOR,
        head_jabatan=f"Sekretaris {opd_nama}",
        staff=["perencana_pertama"],
        children=children,
    )


def _opd(kode: str, nama: str, ilmu: str, children: list[UnitSpec], *, keuangan: bool = False) -> UnitSpec:
    kode = f"DEMO.{kode}"
    for child in children:
        child.kode = f"{kode}.{child.kode}"
        for grandchild in child.children:
            grandchild.kode = f"{child.kode}.{grandchild.kode}"
    return UnitSpec(
        kode, nama, JJ.JPT_PRATAMA, ilmu=ilmu, children=[_sekretariat(kode, nama, keuangan=keuangan), *children]
    )


def unit_tree() -> list[UnitSpec]:
    """The OPDs of the demo city (roots of the unit tree), with their bidang/bagian and seksi."""
    U = UnitSpec
    ADM, PGW = JJ.ADMINISTRATOR, JJ.PENGAWAS
    setda = U(
        "DEMO.SETDA",
        "Sekretariat Daerah",
        JJ.JPT_PRATAMA,
        head_jabatan="Sekretaris Daerah",
        children=[
            U("DEMO.SETDA.PEM", "Bagian Pemerintahan", ADM, staff=["analis_kebijakan_muda", "penata_layanan", "pengadministrasi"]),
            U("DEMO.SETDA.HUKUM", "Bagian Hukum", ADM, ilmu="hukum", staff=["perancang_pertama", "analis_hukum_muda", "pengadministrasi"]),
            U("DEMO.SETDA.ORG", "Bagian Organisasi", ADM, staff=["analis_kebijakan_pertama", "penata_layanan", "analis_kebijakan_muda"]),
            U("DEMO.SETDA.UMUM", "Bagian Umum", ADM, staff=["pengadministrasi", "pengadministrasi", "operator_layanan", "arsiparis_terampil"]),
            U("DEMO.SETDA.EKON", "Bagian Perekonomian dan Sumber Daya Alam", ADM, ilmu="ekonomi", staff=["analis_kebijakan_pertama", "penata_layanan"]),
        ],
    )  # fmt: skip
    diskominfo = _opd(
        "DISKOMINFO",
        "Dinas Komunikasi dan Informatika",
        "it",
        keuangan=True,
        children=[
            U("APTIKA", "Bidang Aplikasi Informatika", ADM, ilmu="it", head_demo="demo.atasan",
              staff=["pranata_komputer_pertama", "pranata_komputer_muda"], demo={0: "demo.asn"},
              children=[
                  U("PENGEMBANGAN", "Seksi Pengembangan Aplikasi", PGW, ilmu="it",
                    staff=["pranata_komputer_pertama", "pranata_komputer_terampil", "operator_layanan"]),
                  U("EGOV", "Seksi Tata Kelola E-Government", PGW, ilmu="it",
                    staff=["pranata_komputer_pertama", "analis_kebijakan_pertama"]),
              ]),
            U("INFRA", "Bidang Infrastruktur Teknologi Informasi dan Komunikasi", ADM, ilmu="it",
              staff=["pranata_komputer_muda"],
              children=[
                  U("JARINGAN", "Seksi Infrastruktur Jaringan", PGW, ilmu="it",
                    staff=["pranata_komputer_terampil", "pranata_komputer_terampil"]),
                  U("DATACENTER", "Seksi Pusat Data", PGW, ilmu="it",
                    staff=["pranata_komputer_pertama", "pranata_komputer_mahir"]),
              ]),
            U("IKP", "Bidang Informasi dan Komunikasi Publik", ADM, ilmu="komunikasi",
              staff=["pranata_humas_muda"],
              children=[
                  U("OPINI", "Seksi Pengelolaan Opini dan Aspirasi Publik", PGW, ilmu="komunikasi",
                    staff=["pranata_humas_pertama", "pranata_humas_terampil"]),
                  U("LIP", "Seksi Layanan Informasi Publik", PGW, ilmu="komunikasi",
                    staff=["pranata_humas_pertama", "penata_layanan"]),
              ]),
            U("STATSANDI", "Bidang Statistik dan Persandian", ADM, ilmu="statistik",
              staff=["statistisi_muda"],
              children=[
                  U("STATISTIK", "Seksi Statistik Sektoral", PGW, ilmu="statistik",
                    staff=["statistisi_pertama", "pranata_komputer_terampil"]),
                  U("SANDI", "Seksi Persandian dan Keamanan Informasi", PGW, ilmu="it",
                    staff=["sandiman_pertama", "pranata_komputer_terampil"]),
              ]),
        ],
    )  # fmt: skip
    dindikbud = _opd(
        "DINDIKBUD",
        "Dinas Pendidikan dan Kebudayaan",
        "pendidikan",
        children=[
            U("SD", "Bidang Pembinaan Sekolah Dasar", ADM, ilmu="pendidikan", staff=["pengawas_sekolah_madya"],
              children=[U("KURSD", "Seksi Kurikulum dan Penilaian Sekolah Dasar", PGW, ilmu="pendidikan",
                          staff=["penelaah_teknis", "pengadministrasi"])]),
            U("SMP", "Bidang Pembinaan Sekolah Menengah Pertama", ADM, ilmu="pendidikan", staff=["pengawas_sekolah_madya"],
              children=[U("PDSMP", "Seksi Peserta Didik dan Pembangunan Karakter", PGW, ilmu="pendidikan",
                          staff=["penelaah_teknis", "penata_layanan"])]),
            U("PAUD", "Bidang Pendidikan Anak Usia Dini dan Pendidikan Nonformal", ADM, ilmu="pendidikan",
              staff=["pamong_belajar_pertama", "pamong_belajar_muda", "penata_layanan"]),
            U("BUDAYA", "Bidang Kebudayaan", ADM, ilmu="budaya",
              children=[U("CAGAR", "Seksi Cagar Budaya dan Permuseuman", PGW, ilmu="budaya",
                          staff=["pamong_budaya_pertama", "pengadministrasi"])]),
        ],
    )  # fmt: skip
    dinkes = _opd(
        "DINKES",
        "Dinas Kesehatan",
        "kesmas",
        children=[
            U("KESMAS", "Bidang Kesehatan Masyarakat", ADM, ilmu="kesmas",
              staff=["penyuluh_kesmas_muda", "nutrisionis_pertama", "penyuluh_kesmas_penyelia"]),
            U("P2P", "Bidang Pencegahan dan Pengendalian Penyakit", ADM, ilmu="kesmas", staff=["epidemiolog_muda"],
              children=[U("SURVIM", "Seksi Surveilans dan Imunisasi", PGW, ilmu="kesmas",
                          staff=["epidemiolog_pertama", "perawat_terampil"])]),
            U("YANKES", "Bidang Pelayanan Kesehatan", ADM, ilmu="kesmas",
              staff=["dokter_muda", "perawat_pertama", "perawat_terampil", "adminkes_muda"], demo={1: "demo.asn2"}),
            U("SDK", "Bidang Sumber Daya Kesehatan", ADM, ilmu="farmasi",
              staff=["apoteker_pertama", "asisten_apoteker_terampil", "pengadministrasi"]),
        ],
    )  # fmt: skip
    bkpsdm = _opd(
        "BKPSDM",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "admin",
        children=[
            U("PPIK", "Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian", ADM, ilmu="admin",
              staff=["analis_sdm_muda", "pranata_komputer_pertama", "pranata_sdm_terampil", "analis_sdm_pertama"],
              demo={0: "demo.admin"}),
            U("MUTASI", "Bidang Mutasi dan Promosi", ADM, ilmu="admin",
              staff=["analis_sdm_muda", "analis_sdm_pertama", "pranata_sdm_terampil"]),
            U("PKA", "Bidang Pengembangan Kompetensi Aparatur", ADM, ilmu="psikologi",
              staff=["analis_sdm_pertama", "asesor_sdm_muda"]),
            U("PKAP", "Bidang Penilaian Kinerja Aparatur dan Penghargaan", ADM, ilmu="admin",
              staff=["analis_sdm_muda", "analis_sdm_pertama", "pengadministrasi"]),
        ],
    )  # fmt: skip
    bappeda = _opd(
        "BAPPEDA",
        "Badan Perencanaan Pembangunan Daerah",
        "ekonomi",
        children=[
            U("PPM", "Bidang Perencanaan Pemerintahan dan Pembangunan Manusia", ADM,
              staff=["perencana_muda", "perencana_pertama", "perencana_pertama"]),
            U("EKOSDA", "Bidang Perekonomian dan Sumber Daya Alam", ADM, ilmu="ekonomi",
              staff=["perencana_madya", "perencana_pertama"]),
            U("IPW", "Bidang Infrastruktur dan Pengembangan Wilayah", ADM, ilmu="teknik",
              staff=["perencana_muda", "perencana_pertama"]),
            U("LITBANG", "Bidang Penelitian dan Pengembangan", ADM, ilmu="statistik",
              staff=["peneliti_pertama", "analis_kebijakan_muda"]),
        ],
    )  # fmt: skip
    dukcapil = _opd(
        "DUKCAPIL",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "admin",
        children=[
            U("PDP", "Bidang Pelayanan Pendaftaran Penduduk", ADM,
              staff=["adm_database_pertama", "pengadministrasi", "penata_layanan"]),
            U("PCS", "Bidang Pelayanan Pencatatan Sipil", ADM,
              staff=["pengadministrasi", "penata_layanan", "pengadministrasi"]),
            U("PIAK", "Bidang Pengelolaan Informasi Administrasi Kependudukan", ADM, ilmu="it",
              staff=["pranata_komputer_pertama", "adm_database_pertama"]),
            U("PDIP", "Bidang Pemanfaatan Data dan Inovasi Pelayanan", ADM,
              staff=["analis_kebijakan_pertama", "pranata_komputer_terampil"]),
        ],
    )  # fmt: skip
    kecamatan = U(
        "DEMO.KEC.SERPONG",
        "Kecamatan Serpong",
        ADM,
        head_jabatan="Camat Serpong",
        children=[
            U("DEMO.KEC.SERPONG.SEKCAM", "Sekretariat Kecamatan", ADM, head_jabatan="Sekretaris Kecamatan Serpong",
              staff=["pengadministrasi", "penata_layanan", "pengelola_keuangan"]),
            U("DEMO.KEC.SERPONG.PEM", "Seksi Pemerintahan", PGW, staff=["penata_layanan", "pengadministrasi"]),
            U("DEMO.KEC.SERPONG.TRANTIB", "Seksi Ketenteraman dan Ketertiban Umum", PGW, ilmu="hukum",
              staff=["pol_pp_pertama", "pol_pp_terampil"]),
            U("DEMO.KEC.SERPONG.PMK", "Seksi Pemberdayaan Masyarakat dan Kesejahteraan Sosial", PGW,
              staff=["penata_layanan", "pengadministrasi"]),
            U("DEMO.KEC.SERPONG.KEL.SERPONG", "Kelurahan Serpong", PGW, head_jabatan="Lurah Serpong",
              staff=["pengadministrasi", "penata_layanan"]),
            U("DEMO.KEC.SERPONG.KEL.CIATER", "Kelurahan Ciater", PGW, head_jabatan="Lurah Ciater",
              staff=["pengadministrasi", "operator_layanan"]),
            U("DEMO.KEC.SERPONG.KEL.RAWABUNTU", "Kelurahan Rawa Buntu", PGW, head_jabatan="Lurah Rawa Buntu",
              staff=["pengadministrasi", "penata_layanan"]),
        ],
    )  # fmt: skip
    return [setda, diskominfo, dindikbud, dinkes, bkpsdm, bappeda, dukcapil, kecamatan]


# The named demo accounts whose identity is fixed (the rest of each record is generated).
DEMO_ORANG: dict[str, dict] = {
    "demo.atasan": {
        "nama": "Rizky Ramadhan", "gelar_belakang": "S.Kom., M.T.I.", "jenis_kelamin": "L",
        "tanggal_lahir": dt.date(1982, 5, 14), "tmt": (2008, 3), "golongan": "IV/a",
        "pendidikan_terakhir": TingkatPendidikan.S2, "jurusan": "Teknologi Informasi",
    },
    "demo.asn": {
        "nama": "Putri Maharani", "gelar_belakang": "S.Kom.", "jenis_kelamin": "P",
        "tanggal_lahir": dt.date(1996, 8, 21), "tmt": (2020, 3), "golongan": "III/b",
        "pendidikan_terakhir": TingkatPendidikan.S1, "jurusan": "Teknik Informatika",
    },
    "demo.asn2": {
        "nama": "Ahmad Fauzi", "gelar_belakang": "S.Kep., Ners", "jenis_kelamin": "L",
        "tanggal_lahir": dt.date(1993, 2, 10), "tmt": (2019, 3), "golongan": "III/b",
        "pendidikan_terakhir": TingkatPendidikan.PROFESI, "jurusan": "Keperawatan",
    },
    "demo.admin": {
        "nama": "Siti Nurjanah", "gelar_belakang": "S.Psi., M.M.", "jenis_kelamin": "P",
        "tanggal_lahir": dt.date(1985, 11, 3), "tmt": (2010, 1), "golongan": "III/d",
        "pendidikan_terakhir": TingkatPendidikan.S2, "jurusan": "Manajemen Sumber Daya Manusia",
    },
    "demo.bkn": {
        "nama": "Bambang Wicaksono", "gelar_belakang": "S.Kom., M.Si.", "jenis_kelamin": "L",
        "tanggal_lahir": dt.date(1978, 7, 19), "tmt": (2003, 12), "golongan": "IV/b",
        "pendidikan_terakhir": TingkatPendidikan.S2, "jurusan": "Ilmu Komputer",
    },
}  # fmt: skip
DEMO_PERAN = {"demo.admin": [Peran.ADMIN_INSTANSI], "demo.bkn": [Peran.ADMIN_BKN]}
# Admins must use two-step verification. So that newcomers can still try the demo admins, their
# authenticator has this published secret (README demo table, docs/keamanan.md): add it to any TOTP
# app, or compute the code with `oathtool --totp -b <secret>`. Demo data only, never a real account.
DEMO_TOTP_SECRET = "KINERJAASNDEMOTOTPRAHASIAPUBLIKX"


# --- Building the plan (pure, deterministic) ---------------------------------------------------------


@dataclass
class OrangPlan:
    """One pegawai to exist: natural keys for unit/jabatan/atasan, the rest as model field values."""

    nip: str
    instansi: str  # instansi kode
    unit: str  # unit kode
    jabatan: tuple[str, str, str]  # (nama, jenis, jenjang)
    atasan_nip: str | None
    fields: dict
    username: str  # demo.* for named accounts, else the NIP


@dataclass
class UnitPlan:
    instansi: str
    kode: str
    nama: str
    parent: str | None


@dataclass
class Plan:
    units: list[UnitPlan] = field(default_factory=list)
    orang: list[OrangPlan] = field(default_factory=list)


class PersonFactory:
    """Draws plausible people from a seeded random generator."""

    def __init__(self, seed: int, reference: dt.date):
        self.rng = random.Random(seed)
        self.reference = reference
        self.used_names: set[str] = set()
        self.nip_urut: dict[str, int] = {}

    def nama(self, sex: str) -> str:
        depan, belakang = (NAMA_DEPAN_L, NAMA_BELAKANG_L) if sex == "L" else (NAMA_DEPAN_P, NAMA_BELAKANG_P)
        for _ in range(50):
            nama = f"{self.rng.choice(depan)} {self.rng.choice(belakang)}"
            if nama not in self.used_names:
                break
        else:
            nama = f"{self.rng.choice(depan)} {self.rng.choice(NAMA_DEPAN_L)} {self.rng.choice(belakang)}"
        self.used_names.add(nama)
        return nama

    def tanggal_lahir(self, umur: tuple[int, int]) -> dt.date:
        years = self.rng.randint(*umur)
        year = self.reference.year - 1 - years
        return dt.date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))

    def nip(self, tanggal_lahir: dt.date, tmt: tuple[int, int], sex: str) -> str:
        prefix = rules.build_nip(
            tanggal_lahir=tanggal_lahir, tmt_tahun=tmt[0], tmt_bulan=tmt[1], jenis_kelamin=sex, nomor_urut=0
        )[:15]
        urut = self.nip_urut.get(prefix, 0) + 1
        self.nip_urut[prefix] = urut
        return rules.build_nip(
            tanggal_lahir=tanggal_lahir, tmt_tahun=tmt[0], tmt_bulan=tmt[1], jenis_kelamin=sex, nomor_urut=urut
        )

    def pendidikan(self, jenis: str, jenjang: str, nama_jabatan: str = "") -> str:
        r = self.rng.random()
        if jenis in rules.MANAJERIAL:
            return TingkatPendidikan.S2 if r < (0.8 if jenis in rules.JPT else 0.45) else TingkatPendidikan.S1
        if jenis == JJ.FUNGSIONAL:
            if jenjang in rules.KETERAMPILAN:
                return TingkatPendidikan.D3 if r < 0.75 else TingkatPendidikan.SLTA
            if jenjang == J.AHLI_MADYA:
                return TingkatPendidikan.S2 if r < 0.6 else TingkatPendidikan.S1
            return TingkatPendidikan.S2 if r < 0.2 and jenjang == J.AHLI_MUDA else TingkatPendidikan.S1
        choices = PELAKSANA_PENDIDIKAN.get(nama_jabatan, [TingkatPendidikan.SLTA, TingkatPendidikan.D3])
        return choices[int(r * len(choices))]

    def gelar(self, ilmu: str, pendidikan: str) -> tuple[str, str, str, str]:
        """(gelar_depan, gelar_belakang, jurusan, pendidikan) for a discipline and education level."""
        if ilmu == "kedokteran":
            return "dr.", ("M.K.M." if self.rng.random() < 0.3 else ""), "Pendidikan Dokter", TingkatPendidikan.PROFESI
        if pendidikan == TingkatPendidikan.SLTA:
            return "", "", self.rng.choice(SLTA_JURUSAN), pendidikan
        jurusan, s1, s2, d3 = self.rng.choice(ILMU.get(ilmu, ILMU["admin"]))
        if pendidikan == TingkatPendidikan.D3:
            return "", d3, jurusan, pendidikan
        if ilmu in ("keperawatan", "farmasi") and pendidikan == TingkatPendidikan.S1:
            pendidikan = TingkatPendidikan.PROFESI  # Ners and Apoteker are professional degrees
        if pendidikan == TingkatPendidikan.S2:
            second = self.rng.choice(ILMU["admin"] + ILMU["ekonomi"] + ILMU.get(ilmu, []))[2]
            return "", f"{s1}, {second if self.rng.random() < 0.5 else s2}", jurusan, pendidikan
        return "", s1, jurusan, pendidikan


def _tmt_cpns(
    pf: PersonFactory, lahir: dt.date, *, min_age: int = 21, max_age: int = 32, latest: int
) -> tuple[int, int]:
    year = lahir.year + pf.rng.randint(min_age, max_age)
    year = max(min(year, latest), lahir.year + 19)
    return year, pf.rng.choice([1, 2, 3, 4, 12])


def build_plan(*, seed: int = SEED, reference: dt.date = REFERENCE_DATE) -> Plan:
    """The whole demo as data: same seed, same plan (no database access)."""
    pf = PersonFactory(seed, reference)
    plan = Plan()
    sekda_nip: list[str] = []

    def person(*, unit: UnitSpec, jab: tuple[str, str, str], ilmu: str, atasan: str | None, demo: str = "") -> str:
        nama_jab, jenis, jenjang = jab
        rng = pf.rng
        # Status: only staff positions are filled by PPPK or CPNS (manajerial requires PNS).
        status = StatusPegawai.PNS
        if not demo and jenis not in rules.MANAJERIAL:
            r = rng.random()
            entry = jenis == JJ.PELAKSANA or jenjang in (J.AHLI_PERTAMA, J.TERAMPIL)
            if r < 0.2 and (jenis == JJ.PELAKSANA or jenjang in GOLONGAN_PPPK_JENJANG):
                status = StatusPegawai.PPPK
            elif r < 0.28 and entry:
                status = StatusPegawai.CPNS
        fixed = DEMO_ORANG.get(demo, {})
        sex = fixed.get("jenis_kelamin") or rng.choice(["L", "P"])
        umur = UMUR.get(jenis) or UMUR.get(jenjang) or UMUR[JJ.PELAKSANA]
        if status == StatusPegawai.CPNS:
            umur = (22, 33)
        lahir = fixed.get("tanggal_lahir") or pf.tanggal_lahir(umur)
        pendidikan = pf.pendidikan(jenis, jenjang, nama_jab)
        gelar_depan, gelar_belakang, jurusan, pendidikan = pf.gelar(ilmu, pendidikan)
        if status == StatusPegawai.CPNS:
            tmt = (reference.year - 1, rng.choice([3, 4, 6]))
        elif status == StatusPegawai.PPPK:
            tmt = (rng.randint(reference.year - 4, reference.year - 1), rng.choice([1, 3, 10]))
        else:
            tmt = fixed.get("tmt") or _tmt_cpns(pf, lahir, latest=reference.year - 2)
        if status == StatusPegawai.PNS:
            if jenis in GOLONGAN_PNS_MANAJERIAL:
                pool = GOLONGAN_PNS_MANAJERIAL[jenis]
            elif jenis == JJ.FUNGSIONAL:
                pool = GOLONGAN_PNS_JENJANG[jenjang]
            else:
                pool = GOLONGAN_PNS_PELAKSANA.get(pendidikan, GOLONGAN_PNS_PELAKSANA[TingkatPendidikan.S1])
            golongan = fixed.get("golongan") or rng.choice(pool)
        elif status == StatusPegawai.CPNS:
            golongan = (
                GOLONGAN_CPNS[pendidikan]
                if jenis == JJ.PELAKSANA
                else ("III/a" if jenjang == J.AHLI_PERTAMA else "II/c")
            )
        elif jenis == JJ.FUNGSIONAL:
            golongan = GOLONGAN_PPPK_JENJANG[jenjang]
        else:
            golongan = GOLONGAN_PPPK_PELAKSANA.get(pendidikan, "IX")
        nama = fixed.get("nama") or pf.nama(sex)
        if fixed:
            gelar_depan, gelar_belakang = "", fixed["gelar_belakang"]
            pendidikan, jurusan = fixed["pendidikan_terakhir"], fixed["jurusan"]
        elif jenis in rules.JPT and rng.random() < 0.2:
            if pendidikan == TingkatPendidikan.S2:
                gelar_depan, pendidikan = "Dr.", TingkatPendidikan.S3
            else:
                gelar_depan = "H." if sex == "L" else "Hj."
        nip = pf.nip(lahir, tmt, sex)
        tmt_cpns = dt.date(tmt[0], tmt[1], 1)
        # Last promotion on a 1 April / 1 October period, never before the appointment.
        tmt_golongan = max(
            tmt_cpns, dt.date(rng.randint(reference.year - 4, reference.year - 1), rng.choice([4, 10]), 1)
        )
        tmt_jabatan = max(tmt_cpns, dt.date(rng.randint(reference.year - 5, reference.year - 1), rng.randint(1, 12), 1))
        if status == StatusPegawai.CPNS:
            tmt_golongan = tmt_jabatan = tmt_cpns
        elif status == StatusPegawai.PPPK:
            # PPPK are appointed on a contract: no TMT CPNS, the golongan is the one of the contract.
            tmt_golongan = tmt_jabatan = tmt_cpns
            tmt_cpns = None
        kedudukan = Kedudukan.AKTIF
        if not demo and status == StatusPegawai.PNS and jenis not in rules.MANAJERIAL and rng.random() < 0.03:
            kedudukan = Kedudukan.TUGAS_BELAJAR
        email_local = nama.lower().replace(" ", ".").replace("'", "")
        plan.orang.append(
            OrangPlan(
                nip=nip,
                instansi=BKN_KODE if demo == "demo.bkn" else INSTANSI_KODE,
                unit=unit.kode,
                jabatan=(nama_jab, jenis, jenjang),
                atasan_nip=atasan,
                username=demo or nip,
                fields={
                    "nama": nama,
                    "gelar_depan": gelar_depan,
                    "gelar_belakang": gelar_belakang,
                    "tanggal_lahir": lahir,
                    "tempat_lahir": rng.choice(TEMPAT_LAHIR),
                    "jenis_kelamin": sex,
                    "status": status,
                    "kedudukan": kedudukan,
                    "golongan": golongan,
                    "tmt_golongan": tmt_golongan,
                    "tmt_cpns": tmt_cpns,
                    "tmt_jabatan": tmt_jabatan,
                    "pendidikan_terakhir": pendidikan,
                    "jurusan": jurusan,
                    "email": f"{email_local}.{nip[-3:]}@{EMAIL_DOMAIN}",
                    "nomor_hp": f"08{rng.choice(['12', '13', '21', '22', '52', '57', '77', '78', '95'])}{rng.randint(10_000_000, 99_999_999)}",
                    "batas_usia_pensiun": rules.batas_usia_pensiun(jenis, jenjang),
                },
            )
        )
        return nip

    def walk(unit: UnitSpec, parent: UnitSpec | None, atasan: str | None, instansi: str) -> None:
        plan.units.append(UnitPlan(instansi, unit.kode, unit.nama, parent.kode if parent else None))
        head = person(
            unit=unit,
            jab=(unit.jabatan_kepala, unit.head_jenis, ""),
            ilmu=unit.ilmu,
            atasan=atasan,
            demo=unit.head_demo,
        )
        if unit.head_jabatan == "Sekretaris Daerah":
            sekda_nip.append(head)
        for i, key in enumerate(unit.staff):
            nama_jab, jenis, jenjang, ilmu = STAF[key]
            person(unit=unit, jab=(nama_jab, jenis, jenjang), ilmu=ilmu, atasan=head, demo=unit.demo.get(i, ""))
        for child in unit.children:
            walk(child, unit, head, instansi)

    roots = unit_tree()
    walk(roots[0], None, None, INSTANSI_KODE)  # the Sekretariat Daerah first: everyone else reports up to it
    for opd in roots[1:]:
        walk(opd, None, sekda_nip[0], INSTANSI_KODE)
    # demo.bkn: an analyst at BKN's data directorate (admin BKN sees every instansi).
    bkn_root = UnitSpec("BKN", BKN_NAMA, JJ.JPT_UTAMA)
    bkn_unit = UnitSpec(
        "BKN.DEPUTI-SINKA.DIT-PDPIK", "Direktorat Pengolahan Data dan Penyajian Informasi Kepegawaian", JJ.JPT_PRATAMA
    )
    plan.units.append(UnitPlan(BKN_KODE, bkn_root.kode, bkn_root.nama, None))
    plan.units.append(UnitPlan(BKN_KODE, bkn_unit.kode, bkn_unit.nama, bkn_root.kode))
    nama_jab, jenis, jenjang, ilmu = STAF["analis_sdm_madya"]
    person(unit=bkn_unit, jab=(nama_jab, jenis, jenjang), ilmu=ilmu, atasan=None, demo="demo.bkn")
    return plan


def check_plan(plan: Plan) -> None:
    """Every planned record obeys the pure rules (NIP, golongan, unique NIP); raises ValueError."""
    seen: set[str] = set()
    for o in plan.orang:
        parts = rules.parse_nip(o.nip)
        conflicts = rules.nip_conflicts(
            parts, tanggal_lahir=o.fields["tanggal_lahir"], jenis_kelamin=o.fields["jenis_kelamin"]
        )
        if conflicts or o.nip in seen:
            raise ValueError(f"demo NIP {o.nip} invalid: {conflicts or 'duplicate'}")
        if not rules.golongan_valid_for(o.fields["status"], o.fields["golongan"]):
            raise ValueError(f"demo golongan {o.fields['golongan']} invalid for {o.fields['status']}")
        seen.add(o.nip)


# --- Applying the plan (idempotent) -----------------------------------------------------------------

COMPARED_FIELDS = [
    "nama", "gelar_depan", "gelar_belakang", "tanggal_lahir", "tempat_lahir", "jenis_kelamin", "status",
    "kedudukan", "golongan", "tmt_golongan", "tmt_cpns", "tmt_jabatan", "pendidikan_terakhir", "jurusan",
    "email", "nomor_hp", "batas_usia_pensiun",
]  # fmt: skip


@dataclass
class Stats:
    created: dict[str, int] = field(default_factory=dict)
    restored: int = 0
    passwords: int = 0

    def add(self, what: str, n: int) -> None:
        if n:
            self.created[what] = self.created.get(what, 0) + n


def _ensure_instansi(stats: Stats) -> dict[str, Instansi]:
    wanted = {
        INSTANSI_KODE: (INSTANSI_NAMA, Instansi.Jenis.KABUPATEN_KOTA),
        BKN_KODE: (BKN_NAMA, Instansi.Jenis.PUSAT),
    }
    result = {}
    for kode, (nama, jenis) in wanted.items():
        obj, created = Instansi.objects.get_or_create(kode=kode, defaults={"nama": nama, "jenis": jenis})
        stats.add("instansi", int(created))
        result[kode] = obj
    return result


def _ensure_units(plan: Plan, instansi: dict[str, Instansi], stats: Stats) -> dict[tuple[str, str], int]:
    """Create missing units level by level (parents first), fix drifted names/parents, rebuild paths."""
    ids: dict[tuple[str, str], int] = {}
    existing = {
        (u.instansi_id, u.kode): u
        for u in UnitKerja.objects.filter(instansi__in=instansi.values(), kode__in=[u.kode for u in plan.units])
    }
    pending = list(plan.units)
    changed_tree = False
    while pending:
        ready = [u for u in pending if u.parent is None or (u.instansi, u.parent) in ids]
        if not ready:
            raise ValueError("demo unit tree has a dangling parent")
        new, fix = [], []
        for u in ready:
            parent_id = ids[(u.instansi, u.parent)] if u.parent else None
            obj = existing.get((instansi[u.instansi].pk, u.kode))
            if obj is None:
                new.append(UnitKerja(instansi=instansi[u.instansi], kode=u.kode, nama=u.nama, parent_id=parent_id))
            elif obj.nama != u.nama or obj.parent_id != parent_id or not obj.aktif:
                obj.nama, obj.parent_id, obj.aktif = u.nama, parent_id, True
                fix.append(obj)
        UnitKerja.objects.bulk_create(new)
        UnitKerja.objects.bulk_update(fix, ["nama", "parent", "aktif"])
        stats.add("unit_kerja", len(new))
        changed_tree = changed_tree or bool(new or fix)
        by_kode = dict(
            UnitKerja.objects.filter(instansi__in=instansi.values(), kode__in=[u.kode for u in ready]).values_list(
                "kode", "pk"
            )
        )
        for u in ready:
            ids[(u.instansi, u.kode)] = by_kode[u.kode]
        pending = [u for u in pending if (u.instansi, u.kode) not in ids]
    if changed_tree:
        services.unit_kerja_rebuild_paths()
    return ids


def _ensure_jabatan(plan: Plan, instansi: dict[str, Instansi], stats: Stats) -> dict[tuple, int]:
    wanted = {(o.instansi, *o.jabatan) for o in plan.orang}
    existing = {
        (j.instansi_id, j.nama, j.jenis): j
        for j in Jabatan.objects.filter(instansi__in=instansi.values(), nama__in={w[1] for w in wanted})
    }
    new, fix = [], []
    for kode, nama, jenis, jenjang in sorted(wanted):
        obj = existing.get((instansi[kode].pk, nama, jenis))
        if obj is None:
            new.append(Jabatan(instansi=instansi[kode], nama=nama, jenis=jenis, jenjang=jenjang))
        elif obj.jenjang != jenjang:
            obj.jenjang = jenjang
            fix.append(obj)
    Jabatan.objects.bulk_create(new)
    Jabatan.objects.bulk_update(fix, ["jenjang"])
    stats.add("jabatan", len(new))
    return {
        (kode, j.nama, j.jenis): j.pk
        for kode, inst in instansi.items()
        for j in Jabatan.objects.filter(instansi=inst, nama__in={w[1] for w in wanted})
    }


def _shared_password_hash(password: str, usernames: list[str]) -> str:
    """One hash for every demo account: reuse the stored one when it still matches (no rewrite)."""
    stored = User.objects.filter(username__in=usernames).exclude(password="").values_list("password", flat=True).first()
    if stored and check_password(password, stored):
        return stored
    return make_password(password)


def _ensure_users(plan: Plan, password: str, stats: Stats) -> dict[str, int]:
    usernames = [o.username for o in plan.orang]
    hashed = _shared_password_hash(password, usernames)
    existing = dict(User.objects.filter(username__in=usernames).values_list("username", "pk"))
    new = [
        User(username=o.username, password=hashed, first_name=o.fields["nama"][:150], email=o.fields["email"])
        for o in plan.orang
        if o.username not in existing
    ]
    User.objects.bulk_create(new, batch_size=500)
    stats.add("akun", len(new))
    # Accounts whose password was changed get the demo password back (one UPDATE, no hashing per row).
    stats.passwords = User.objects.filter(username__in=usernames).exclude(password=hashed).update(password=hashed)
    User.objects.filter(username__in=usernames, is_active=False).update(is_active=True)
    ids = dict(User.objects.filter(username__in=usernames).values_list("username", "pk"))
    for username, peran_list in DEMO_PERAN.items():
        user = User.objects.get(pk=ids[username])
        groups = [Group.objects.get_or_create(name=peran)[0] for peran in peran_list]
        missing = [g for g in groups if not user.groups.filter(pk=g.pk).exists()]
        if missing:
            user.groups.add(*missing)
        mfa.totp_install_fixed_secret(user=user, secret_b32=DEMO_TOTP_SECRET)
    return ids


def _ensure_pegawai(
    plan: Plan,
    instansi: dict[str, Instansi],
    units: dict[tuple[str, str], int],
    jabatan: dict[tuple, int],
    users: dict[str, int],
    stats: Stats,
) -> None:
    nips = [o.nip for o in plan.orang]
    existing = {p.nip: p for p in Pegawai.objects.filter(nip__in=nips)}
    foreign = [p for p in existing.values() if p.instansi_id not in {i.pk for i in instansi.values()}]
    if foreign:  # never take over a real (or imported) record that happens to share a demo NIP
        raise CommandError(
            f"NIP demo {foreign[0].nip} sudah dipakai pegawai {foreign[0].nama} di instansi lain; "
            "data demo tidak dibuat."
        )
    new = []
    for o in plan.orang:
        if o.nip in existing:
            continue
        new.append(
            Pegawai(
                nip=o.nip,
                instansi=instansi[o.instansi],
                unit_kerja_id=units[(o.instansi, o.unit)],
                jabatan_id=jabatan[(o.instansi, o.jabatan[0], o.jabatan[1])],
                user_id=users[o.username],
                **o.fields,
            )
        )
    # An account planned for a new pegawai must not stay attached to some other record (OneToOne).
    Pegawai.objects.filter(user_id__in=[p.user_id for p in new]).exclude(nip__in=nips).update(user=None)
    Pegawai.objects.bulk_create(new, batch_size=500)
    stats.add("pegawai", len(new))
    ids = dict(Pegawai.objects.filter(nip__in=nips).values_list("nip", "pk"))
    # Atasan links of the new rows in one bulk UPDATE (ids exist only now).
    new_nips = {p.nip for p in new}
    link = [
        Pegawai(pk=ids[o.nip], atasan_id=ids[o.atasan_nip] if o.atasan_nip else None)
        for o in plan.orang
        if o.nip in new_nips and o.atasan_nip
    ]
    Pegawai.objects.bulk_update(link, ["atasan"], batch_size=500)
    if new:
        services.pegawai_rebuild_hirarki()
    # Rows that existed but drifted from the demo are put back through the service (audited).
    for o in plan.orang:
        current = existing.get(o.nip)
        if current is None:
            continue
        wanted = {
            **o.fields,
            "instansi_id": instansi[o.instansi].pk,
            "unit_kerja_id": units[(o.instansi, o.unit)],
            "jabatan_id": jabatan[(o.instansi, o.jabatan[0], o.jabatan[1])],
            "atasan_id": ids[o.atasan_nip] if o.atasan_nip else None,
            "user_id": users[o.username],
        }
        changes = {k: v for k, v in wanted.items() if getattr(current, k) != v}
        if changes:
            if "user_id" in changes:
                Pegawai.objects.filter(user_id=changes["user_id"]).exclude(pk=current.pk).update(user=None)
            services.pegawai_update(pegawai=current, sumber=RiwayatPegawai.Sumber.SISTEM, **changes)
            stats.restored += 1


def seed_demo(*, password: str = DEFAULT_PASSWORD, seed: int = SEED) -> Stats:
    """Create (or restore) the demo data. Returns what was created; a second run creates nothing."""
    plan = build_plan(seed=seed)
    check_plan(plan)
    stats = Stats()
    with transaction.atomic():
        instansi = _ensure_instansi(stats)
        units = _ensure_units(plan, instansi, stats)
        jabatan = _ensure_jabatan(plan, instansi, stats)
        users = _ensure_users(plan, password, stats)
        _ensure_pegawai(plan, instansi, units, jabatan, users, stats)
        _seed_app_demos(stats)
    return stats


def _seed_app_demos(stats: Stats) -> None:
    """Other apps' demo data (kinerja.demo.seed_kinerja_demo), looked up at run time so pegawai never
    imports them."""
    from importlib import import_module

    from django.apps import apps

    if apps.is_installed("kinerja"):
        try:
            seed_kinerja = import_module("kinerja.demo").seed_kinerja_demo
        except (ImportError, AttributeError):
            return
        stats.add("data kinerja", seed_kinerja())


class Command(BaseCommand):
    help = "Isi data demo Pemerintah Kota Tangerang Selatan beserta akun demo (idempoten)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f"Kata sandi semua akun demo (bawaan: {DEFAULT_PASSWORD}).",
        )

    def handle(self, *args, password: str, **options):
        started = time.perf_counter()
        stats = seed_demo(password=password)
        seconds = time.perf_counter() - started
        if stats.created or stats.restored or stats.passwords:
            made = ", ".join(f"{n} {what}" for what, n in stats.created.items()) or "tidak ada"
            self.stdout.write(
                self.style.SUCCESS(
                    f"Data demo dibuat: {made}; dipulihkan: {stats.restored} pegawai; "
                    f"kata sandi diatur ulang: {stats.passwords} akun."
                )
            )
        else:
            self.stdout.write("Data demo sudah lengkap; tidak ada yang diubah.")
        self.stdout.write(
            f"Akun demo: demo.admin, demo.atasan, demo.asn, demo.asn2, demo.bkn (kata sandi: {password}); "
            f"setiap pegawai juga dapat masuk dengan NIP. ({seconds:.1f} detik)"
        )
        self.stdout.write(
            f"demo.admin dan demo.bkn memakai verifikasi dua langkah: kunci rahasia TOTP demo "
            f"{DEMO_TOTP_SECRET} (tambahkan ke aplikasi autentikator)."
        )
