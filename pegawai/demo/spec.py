"""The demo as data: names, the unit tree of Pemerintah Kota Tangerang Selatan, the jabatan catalogue,
golongan ranges, and the named demo accounts (pegawai/demo/__init__.py explains the package)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pegawai import rules
from pegawai.permissions import Peran
from pegawai.rules import JenisJabatan as JJ
from pegawai.rules import JenjangFungsional, TingkatPendidikan

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
