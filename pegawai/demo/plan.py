"""From the spec to a plan: every pegawai to exist, drawn deterministically (seeded random, fixed
reference date). Pure: no database access."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from pegawai import rules
from pegawai.demo.spec import (
    BKN_KODE,
    BKN_NAMA,
    DEMO_ORANG,
    EMAIL_DOMAIN,
    GOLONGAN_CPNS,
    GOLONGAN_PNS_JENJANG,
    GOLONGAN_PNS_MANAJERIAL,
    GOLONGAN_PNS_PELAKSANA,
    GOLONGAN_PPPK_JENJANG,
    GOLONGAN_PPPK_PELAKSANA,
    ILMU,
    INSTANSI_KODE,
    NAMA_BELAKANG_L,
    NAMA_BELAKANG_P,
    NAMA_DEPAN_L,
    NAMA_DEPAN_P,
    PELAKSANA_PENDIDIKAN,
    REFERENCE_DATE,
    SEED,
    SLTA_JURUSAN,
    STAF,
    TEMPAT_LAHIR,
    UMUR,
    J,
    UnitSpec,
    unit_tree,
)
from pegawai.rules import JenisJabatan as JJ
from pegawai.rules import Kedudukan, StatusPegawai, TingkatPendidikan

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
