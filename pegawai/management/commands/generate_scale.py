"""`manage.py generate_scale --pegawai N [--instansi KODE]`: bulk scale data for benchmarks.

Adds N pegawai to an instansi (default SKALA) in a realistic tree: a Sekretaris Daerah, OPDs of
about 400 people (kepala JPT pratama -> sekretariat and four bidang -> subbagian/seksi -> staff),
valid unique NIPs agreeing with birth date and sex (sequence numbers 501-999, so they never
collide with seed_demo's), supervisors, unit paths and hirarki.

Fast: heads go in with bulk_create level by level (their ids are needed as atasan), staff with COPY
on PostgreSQL (bulk_create in large batches elsewhere); unit paths and hirarki are then computed
set-based by pegawai.services. No accounts are created (benchmarks add the few they need).

Other apps extend it through common.bench.register_scale_extension (e.g. kinerja's
`--logs-per-pegawai`): each extension adds its options and runs after the pegawai exist, receiving
the ScaleResult below (see `run_extensions`).
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import random
import time
from dataclasses import dataclass, field

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from common.bench import scale_extensions
from pegawai import rules, services
from pegawai.demo import plan as demo_plan
from pegawai.demo import spec as demo
from pegawai.models import Instansi, Jabatan, Pegawai, UnitKerja
from pegawai.rules import JenisJabatan as JJ
from pegawai.rules import StatusPegawai, TingkatPendidikan

DEFAULT_INSTANSI = "SKALA"
OPD_SIZE = 400  # pegawai per OPD, roughly
COPY_THRESHOLD = 2000
FIRST_NOMOR_URUT = 501  # below this, bulk_create is as fast and simpler

OPD_NAMA = [
    "Dinas Pendidikan", "Dinas Kesehatan", "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Dinas Perumahan dan Kawasan Permukiman", "Dinas Sosial", "Dinas Tenaga Kerja",
    "Dinas Lingkungan Hidup", "Dinas Kependudukan dan Pencatatan Sipil", "Dinas Perhubungan",
    "Dinas Komunikasi dan Informatika", "Dinas Koperasi dan Usaha Mikro", "Dinas Penanaman Modal dan PTSP",
    "Dinas Kepemudaan dan Olahraga", "Dinas Pariwisata", "Dinas Perpustakaan dan Kearsipan",
    "Dinas Ketahanan Pangan dan Pertanian", "Dinas Perindustrian dan Perdagangan",
    "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "Badan Perencanaan Pembangunan Daerah",
    "Badan Pengelolaan Keuangan dan Aset Daerah", "Badan Pendapatan Daerah",
    "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "Badan Penanggulangan Bencana Daerah",
    "Badan Kesatuan Bangsa dan Politik", "Inspektorat Daerah", "Satuan Polisi Pamong Praja",
]  # fmt: skip
BIDANG_NAMA = [
    "Bidang Perencanaan dan Program", "Bidang Pelayanan", "Bidang Pembinaan dan Pengawasan",
    "Bidang Pengembangan Kapasitas", "Bidang Data dan Informasi", "Bidang Sarana dan Prasarana",
    "Bidang Pengendalian dan Evaluasi", "Bidang Kerja Sama dan Kemitraan",
]  # fmt: skip
SEKSI_NAMA = ["Seksi Perencanaan", "Seksi Pelaksanaan", "Seksi Evaluasi dan Pelaporan"]
SUBBAG_NAMA = ["Subbagian Umum dan Kepegawaian", "Subbagian Keuangan"]
N_BIDANG, N_SEKSI = 4, 3
# Staff positions (seed_demo's catalogue) with weights: mostly pelaksana and JF ahli pertama/muda.
STAFF_WEIGHTS = {
    "pengadministrasi": 14, "penata_layanan": 10, "operator_layanan": 6, "pengelola_keuangan": 4,
    "penelaah_teknis": 6, "analis_kebijakan_pertama": 5, "analis_kebijakan_muda": 3, "perencana_pertama": 4,
    "perencana_muda": 2, "perencana_madya": 1, "pranata_komputer_pertama": 4, "pranata_komputer_terampil": 3,
    "arsiparis_terampil": 3, "analis_sdm_pertama": 3, "pranata_sdm_terampil": 3, "perawat_terampil": 4,
    "perawat_pertama": 3, "pamong_belajar_pertama": 2, "pol_pp_terampil": 3, "statistisi_pertama": 1,
    "analis_hukum_muda": 1, "pranata_humas_pertama": 2,
}  # fmt: skip


@dataclass
class ScaleResult:
    """What one run generated; handed to the extensions."""

    instansi: Instansi
    created: int = 0
    first_id: int | None = None
    last_id: int | None = None
    opd_unit_ids: list[int] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    seed: int = 1

    def pegawai_queryset(self):
        """The pegawai created by this run (ids are allocated in one contiguous burst per run)."""
        if self.first_id is None:
            return Pegawai.objects.none()
        return Pegawai.objects.filter(instansi=self.instansi, pk__range=(self.first_id, self.last_id))


@dataclass
class Slot:
    """A head position (one pegawai) in the planned tree."""

    unit_key: str
    jabatan: tuple[str, str, str]  # (nama, jenis, jenjang)
    parent_slot: Slot | None
    level: int
    row: dict | None = None


class RowFactory:
    """Plausible pegawai field values, fast (plain dicts keyed by model attname)."""

    def __init__(self, seed: int, instansi: Instansi, used_nips: set[str]):
        self.rng = random.Random(seed)
        self.pf = demo_plan.PersonFactory(seed, demo.REFERENCE_DATE)
        self.instansi_id = instansi.pk
        self.used = used_nips
        self.now = timezone.now()
        self.ref = demo.REFERENCE_DATE

    def nip(self, lahir: dt.date, tmt: tuple[int, int], sex: str) -> str:
        # Sequence numbers from 501: seed_demo's NIPs use 001 upwards, so the two never collide,
        # whichever runs first.
        for urut in range(FIRST_NOMOR_URUT, 1000):
            nip = rules.build_nip(
                tanggal_lahir=lahir, tmt_tahun=tmt[0], tmt_bulan=tmt[1], jenis_kelamin=sex, nomor_urut=urut
            )
            if nip not in self.used:
                self.used.add(nip)
                return nip
        raise CommandError(f"NIP habis untuk prefiks {nip[:15]}")  # 999 people born the same day: never

    def row(self, *, unit_id: int, jabatan_id: int, jabatan: tuple[str, str, str], atasan_id: int | None) -> dict:
        rng = self.rng
        _nama_jab, jenis, jenjang = jabatan
        status = StatusPegawai.PNS
        if jenis not in rules.MANAJERIAL:
            r = rng.random()
            if r < 0.15 and (jenis == JJ.PELAKSANA or jenjang in demo.GOLONGAN_PPPK_JENJANG):
                status = StatusPegawai.PPPK
            elif r < 0.2 and (
                jenis == JJ.PELAKSANA
                or jenjang in (rules.JenjangFungsional.AHLI_PERTAMA, rules.JenjangFungsional.TERAMPIL)
            ):
                status = StatusPegawai.CPNS
        sex = "L" if rng.random() < 0.52 else "P"
        umur = (
            (22, 33)
            if status == StatusPegawai.CPNS
            else demo.UMUR.get(jenis) or demo.UMUR.get(jenjang) or demo.UMUR[JJ.PELAKSANA]
        )
        years = rng.randint(*umur)
        lahir = dt.date(self.ref.year - 1 - years, rng.randint(1, 12), rng.randint(1, 28))
        if jenis == JJ.PELAKSANA:
            pendidikan = rng.choice(demo.PELAKSANA_PENDIDIKAN.get(_nama_jab, [TingkatPendidikan.SLTA]))
        elif jenis in rules.MANAJERIAL or jenjang in (rules.JenjangFungsional.AHLI_MADYA,):
            pendidikan = TingkatPendidikan.S2 if rng.random() < 0.5 else TingkatPendidikan.S1
        elif jenjang in rules.KETERAMPILAN:
            pendidikan = TingkatPendidikan.D3
        else:
            pendidikan = TingkatPendidikan.S1
        if status == StatusPegawai.CPNS:
            tmt = (self.ref.year - 1, rng.choice([3, 4, 6]))
            golongan = demo.GOLONGAN_CPNS.get(pendidikan, "III/a")
            if jenis == JJ.FUNGSIONAL:
                golongan = "III/a" if jenjang == rules.JenjangFungsional.AHLI_PERTAMA else "II/c"
        elif status == StatusPegawai.PPPK:
            tmt = (rng.randint(self.ref.year - 4, self.ref.year - 1), rng.choice([1, 3, 10]))
            golongan = (
                demo.GOLONGAN_PPPK_JENJANG[jenjang]
                if jenis == JJ.FUNGSIONAL
                else demo.GOLONGAN_PPPK_PELAKSANA.get(pendidikan, "V")
            )
        else:
            year = max(min(lahir.year + rng.randint(21, 32), self.ref.year - 2), lahir.year + 19)
            tmt = (year, rng.choice([1, 2, 3, 4, 12]))
            if jenis in demo.GOLONGAN_PNS_MANAJERIAL:
                golongan = rng.choice(demo.GOLONGAN_PNS_MANAJERIAL[jenis])
            elif jenis == JJ.FUNGSIONAL:
                golongan = rng.choice(demo.GOLONGAN_PNS_JENJANG[jenjang])
            else:
                golongan = rng.choice(demo.GOLONGAN_PNS_PELAKSANA.get(pendidikan, demo.GOLONGAN_PNS_PELAKSANA["40"]))
        tmt_date = dt.date(tmt[0], tmt[1], 1)
        depan = demo.NAMA_DEPAN_L if sex == "L" else demo.NAMA_DEPAN_P
        belakang = demo.NAMA_BELAKANG_L if sex == "L" else demo.NAMA_BELAKANG_P
        nama = f"{rng.choice(depan)} {rng.choice(belakang)}"
        if rng.random() < 0.3:  # a middle name keeps 100,000 names varied
            nama = f"{rng.choice(depan)} {rng.choice(demo.NAMA_DEPAN_L if sex == 'L' else demo.NAMA_DEPAN_P)} {rng.choice(belakang)}"
        nip = self.nip(lahir, tmt, sex)
        return {
            "nip": nip,
            "nama": nama,
            "gelar_belakang": "" if pendidikan == TingkatPendidikan.SLTA else ("A.Md." if pendidikan == TingkatPendidikan.D3 else "S.E." if rng.random() < 0.4 else "S.Sos."),
            "tanggal_lahir": lahir,
            "tempat_lahir": rng.choice(demo.TEMPAT_LAHIR),
            "jenis_kelamin": sex,
            "status": str(status),
            "golongan": golongan,
            "tmt_golongan": max(tmt_date, dt.date(rng.randint(self.ref.year - 4, self.ref.year - 1), rng.choice([4, 10]), 1)),
            "tmt_cpns": None if status == StatusPegawai.PPPK else tmt_date,
            "tmt_jabatan": tmt_date if status != StatusPegawai.PNS else max(tmt_date, dt.date(self.ref.year - 2, 1, 1)),
            "instansi_id": self.instansi_id,
            "unit_kerja_id": unit_id,
            "jabatan_id": jabatan_id,
            "atasan_id": atasan_id,
            "pendidikan_terakhir": str(pendidikan),
            "batas_usia_pensiun": rules.batas_usia_pensiun(jenis, jenjang),
            "nomor_hp": f"08{rng.randint(1_100_000_000, 9_999_999_999)}",
            "created_at": self.now,
            "updated_at": self.now,
        }  # fmt: skip


def _ensure_instansi(kode: str) -> Instansi:
    instansi = Instansi.objects.filter(kode=kode).first()
    if instansi is None:
        nama = (
            "Pemerintah Provinsi Skala (data uji)" if kode == DEFAULT_INSTANSI else f"Instansi Skala {kode} (data uji)"
        )
        instansi = Instansi.objects.create(kode=kode, nama=nama, jenis=Instansi.Jenis.PROVINSI)
    return instansi


def _ensure_jabatan(instansi: Instansi, wanted: set[tuple[str, str, str]]) -> dict[tuple[str, str], int]:
    existing = {
        (nama, jenis): pk
        for pk, nama, jenis in Jabatan.objects.filter(instansi=instansi).values_list("pk", "nama", "jenis")
    }
    new = [
        Jabatan(instansi=instansi, nama=nama, jenis=jenis, jenjang=jenjang)
        for nama, jenis, jenjang in sorted(wanted)
        if (nama, jenis) not in existing
    ]
    Jabatan.objects.bulk_create(new, batch_size=1000)
    return {
        (nama, jenis): pk
        for pk, nama, jenis in Jabatan.objects.filter(instansi=instansi).values_list("pk", "nama", "jenis")
    }


def _copy_rows(rows: list[dict]) -> None:
    """PostgreSQL COPY of plain rows; every other column gets the model's default value."""
    fields = list(Pegawai._meta.concrete_fields)  # rows carry their id
    template = Pegawai()  # model defaults for the columns the rows leave out
    defaults = {f.attname: _plain(getattr(template, f.attname)) for f in fields}
    columns = [f.column for f in fields]
    attnames = [f.attname for f in fields]
    q = connection.ops.quote_name
    sql = f"COPY {q(Pegawai._meta.db_table)} ({', '.join(q(c) for c in columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row([row.get(a, defaults[a]) for a in attnames])


def _plain(value):
    """Choices members -> their value (COPY adapts plain Python types only)."""
    return value.value if isinstance(value, enum.Enum) else value


def generate_pegawai(
    *, n: int, instansi_kode: str = DEFAULT_INSTANSI, seed: int = 1, batch_size: int = 5000, stdout=None
) -> ScaleResult:
    """Add `n` pegawai (heads first, then staff) to the instansi; returns what was created.

    Set-based throughout: units and heads by bulk_create, staff by COPY/bulk_create, then one
    recursive UPDATE each for unit paths and hirarki. All in one transaction.
    """
    if n < 1:
        raise CommandError("--pegawai harus lebih dari 0.")
    log = stdout.write if stdout is not None else (lambda _msg: None)
    t0 = time.perf_counter()
    rng = random.Random(seed)
    with transaction.atomic():
        instansi = _ensure_instansi(instansi_kode)
        result = ScaleResult(instansi=instansi, seed=seed)
        prefix = f"SKL.{instansi.kode}"
        setda, _ = UnitKerja.objects.get_or_create(
            instansi=instansi, kode=f"{prefix}.SETDA", defaults={"nama": "Sekretariat Daerah"}
        )
        if not setda.path:
            services.unit_kerja_rebuild_paths()
        sekda = Pegawai.objects.filter(unit_kerja=setda, atasan__isnull=True).order_by("pk").first()
        first_opd = UnitKerja.objects.filter(instansi=instansi, parent__isnull=True).exclude(pk=setda.pk).count()
        n_opd = max(1, math.ceil(n / OPD_SIZE))

        # 1. Units: OPD roots, then sekretariat/bidang, then subbagian/seksi (bulk_create per level).
        unit_specs: list[tuple[str, str, str | None]] = []  # (key, nama, parent key)
        slots: list[Slot] = []
        sekda_slot = None if sekda else Slot("SETDA", ("Sekretaris Daerah", JJ.JPT_PRATAMA, ""), None, 0)
        if sekda_slot:
            slots.append(sekda_slot)
        staff_units: list[tuple[str, Slot]] = []
        for i in range(first_opd, first_opd + n_opd):
            base = OPD_NAMA[i % len(OPD_NAMA)]
            opd_nama = base if i < len(OPD_NAMA) else f"{base} Wilayah {i // len(OPD_NAMA) + 1}"
            opd_key = f"{prefix}.OPD{i:05d}"
            unit_specs.append((opd_key, opd_nama, None))
            kepala = Slot(opd_key, (f"Kepala {opd_nama}", JJ.JPT_PRATAMA, ""), sekda_slot, 1)
            sek_key = f"{opd_key}.SEK"
            unit_specs.append((sek_key, "Sekretariat", opd_key))
            sekretaris = Slot(sek_key, (f"Sekretaris {opd_nama}", JJ.ADMINISTRATOR, ""), kepala, 2)
            level2 = [sekretaris]
            level3 = []
            for s, subbag in enumerate(SUBBAG_NAMA):
                key = f"{sek_key}.SB{s}"
                unit_specs.append((key, subbag, sek_key))
                level3.append(Slot(key, (f"Kepala {subbag}", JJ.PENGAWAS, ""), sekretaris, 3))
            for b in range(N_BIDANG):
                bidang = BIDANG_NAMA[(i + b) % len(BIDANG_NAMA)]
                bid_key = f"{opd_key}.B{b}"
                unit_specs.append((bid_key, bidang, opd_key))
                kabid = Slot(bid_key, (f"Kepala {bidang}", JJ.ADMINISTRATOR, ""), kepala, 2)
                level2.append(kabid)
                staff_units.append((bid_key, kabid))
                for s, seksi in enumerate(SEKSI_NAMA):
                    key = f"{bid_key}.S{s}"
                    unit_specs.append((key, seksi, bid_key))
                    level3.append(Slot(key, (f"Kepala {seksi}", JJ.PENGAWAS, ""), kabid, 3))
            slots += [kepala, *level2, *level3]
            staff_units += [(slot.unit_key, slot) for slot in level3]
        slots.sort(key=lambda s: s.level)  # heads in level order: atasan rows always exist first
        slots = slots[:n]
        unit_ids = _create_units(instansi, unit_specs)
        unit_ids["SETDA"] = setda.pk
        services.unit_kerja_rebuild_paths()
        result.opd_unit_ids = [unit_ids[key] for key, _nama, parent in unit_specs if parent is None]
        result.seconds["units"] = time.perf_counter() - t0

        # 2. Jabatan rows the plan needs.
        staff_keys = list(STAFF_WEIGHTS)
        wanted = {slot.jabatan for slot in slots} | {demo.STAF[k][:3] for k in staff_keys}
        jabatan_ids = _ensure_jabatan(instansi, wanted)

        # 3. Rows: heads in level order, then staff spread over seksi/subbagian (a few directly
        # under a kabid). Atasan links are resolved when the ids are known (step 4).
        factory = RowFactory(seed, instansi, set(Pegawai.objects.values_list("nip", flat=True)))
        for slot in slots:
            slot.row = factory.row(
                unit_id=unit_ids[slot.unit_key],
                jabatan_id=jabatan_ids[slot.jabatan[:2]],
                jabatan=slot.jabatan,
                atasan_id=None,
            )
        n_staff = n - len(slots)
        staff: list[tuple[Slot, dict]] = []
        if n_staff > 0:
            bidang_suffixes = tuple(f".B{b}" for b in range(N_BIDANG))
            weights = [0.3 if key.endswith(bidang_suffixes) else rng.uniform(0.5, 1.5) for key, _s in staff_units]
            chosen_units = rng.choices(staff_units, weights=weights, k=n_staff)
            chosen_jabatan = rng.choices(staff_keys, weights=list(STAFF_WEIGHTS.values()), k=n_staff)
            for (unit_key, head), jab_key in zip(chosen_units, chosen_jabatan, strict=True):
                jabatan = demo.STAF[jab_key][:3]
                row = factory.row(
                    unit_id=unit_ids[unit_key], jabatan_id=jabatan_ids[jabatan[:2]], jabatan=jabatan, atasan_id=None
                )
                staff.append((head, row))
        result.seconds["rows"] = time.perf_counter() - t0 - sum(result.seconds.values())

        # 4. Insert. PostgreSQL: ids drawn from the sequence up front, so atasan and hirarki are
        # known before the rows exist and everything goes in with one COPY (no UPDATE of 100,000
        # rows and their indexes afterwards). Elsewhere: bulk_create level by level.
        if connection.vendor == "postgresql" and n >= COPY_THRESHOLD:
            _insert_with_copy(slots, staff, sekda)
        else:
            _insert_by_level(slots, staff, sekda, batch_size)
        result.seconds["insert"] = time.perf_counter() - t0 - sum(result.seconds.values())

        # 5. Hirarki of everyone from atasan links, set-based (only rows that differ are written).
        services.pegawai_rebuild_hirarki()
        result.seconds["hirarki"] = time.perf_counter() - t0 - sum(result.seconds.values())
        head_ids = [slot.row["id"] for slot in slots]
        created_ids = Pegawai.objects.filter(instansi=instansi, pk__gte=min(head_ids, default=0)).aggregate(
            lo=Min("pk"), hi=Max("pk")
        )
        result.first_id, result.last_id = created_ids["lo"], created_ids["hi"]
        result.created = len(slots) + len(staff)
        before_commit = time.perf_counter()
    result.seconds["commit"] = time.perf_counter() - before_commit
    _refresh_statistics()
    result.seconds["analyze"] = time.perf_counter() - t0 - sum(result.seconds.values())
    result.seconds["total"] = time.perf_counter() - t0
    log(
        f"{result.created} pegawai dibuat di {instansi.kode} ({n_opd} OPD, {len(slots)} pejabat, {len(staff)} staf) "
        f"dalam {result.seconds['total']:.1f} detik"
    )
    return result


def _refresh_statistics() -> None:
    """Tell the PostgreSQL planner about the new rows right away.

    Without it the planner still believes the table holds a few dozen rows until autovacuum runs
    (never, where autovacuum is off) and picks plans that are 100x slower on 100,000 rows. VACUUM
    also sets the visibility map so COUNT(*) can use index-only scans; it cannot run inside a
    transaction, so within one (tests, a caller's atomic block) only ANALYZE runs.
    """
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in (Pegawai, UnitKerja, Jabatan))
    with connection.cursor() as cursor:
        cursor.execute(f"{'ANALYZE' if connection.in_atomic_block else 'VACUUM (ANALYZE)'} {tables}")


def _parent_link(slot: Slot, sekda: Pegawai | None) -> tuple[int | None, str]:
    """(atasan id, atasan hirarki) of a head slot whose parent rows already have ids."""
    if slot.parent_slot is not None:
        return slot.parent_slot.row["id"], slot.parent_slot.row.get("hirarki", "")
    if slot.level == 1 and sekda is not None:
        return sekda.pk, sekda.hirarki
    return None, "/"


def _insert_with_copy(slots: list[Slot], staff: list[tuple[Slot, dict]], sekda: Pegawai | None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Pegawai._meta.db_table, len(slots) + len(staff)],
        )
        ids = iter(sorted(r[0] for r in cursor.fetchall()))
    for slot in slots:  # level order: a parent always has its id and hirarki first
        slot.row["id"] = next(ids)
        atasan_id, parent_hirarki = _parent_link(slot, sekda)
        slot.row["atasan_id"] = atasan_id
        slot.row["hirarki"] = f"{parent_hirarki}{slot.row['id']}/"
    for head, row in staff:
        row["id"] = next(ids)
        row["atasan_id"] = head.row["id"]
        row["hirarki"] = f"{head.row['hirarki']}{row['id']}/"
    _copy_rows([slot.row for slot in slots] + [row for _head, row in staff])


def _insert_by_level(slots: list[Slot], staff: list[tuple[Slot, dict]], sekda: Pegawai | None, batch_size: int) -> None:
    for level in sorted({slot.level for slot in slots}):
        batch = [slot for slot in slots if slot.level == level]
        for slot in batch:
            slot.row["atasan_id"] = _parent_link(slot, sekda)[0]
        objs = [Pegawai(**slot.row) for slot in batch]
        Pegawai.objects.bulk_create(objs, batch_size=batch_size)
        for slot, obj in zip(batch, objs, strict=True):
            slot.row["id"] = obj.pk
    for head, row in staff:
        row["atasan_id"] = head.row["id"]
    Pegawai.objects.bulk_create([Pegawai(**row) for _head, row in staff], batch_size=batch_size)


def _create_units(instansi: Instansi, specs: list[tuple[str, str, str | None]]) -> dict[str, int]:
    """bulk_create units parents-first; returns unit key (kode) -> id. Paths are rebuilt afterwards."""
    ids: dict[str, int] = {}
    depth_of: dict[str, int] = {}
    for key, _nama, parent in specs:
        depth_of[key] = 0 if parent is None else depth_of[parent] + 1
    for depth in sorted(set(depth_of.values())):
        level = [(k, nama, p) for k, nama, p in specs if depth_of[k] == depth]
        objs = [
            UnitKerja(instansi=instansi, kode=k, nama=nama, parent_id=ids[p] if p else None) for k, nama, p in level
        ]
        UnitKerja.objects.bulk_create(objs, batch_size=2000)
        for (k, _n, _p), obj in zip(level, objs, strict=True):
            ids[k] = obj.pk
    return ids


def run_extensions(result: ScaleResult, options: dict, stdout) -> None:
    """Extension point: what other apps registered (e.g. logs per pegawai) runs on the new rows."""
    for ext in scale_extensions():
        t = time.perf_counter()
        ext.run(result=result, options=options, stdout=stdout)
        result.seconds[f"ext:{ext.name}"] = time.perf_counter() - t


class Command(BaseCommand):
    help = "Buat N pegawai data uji skala besar dalam pohon unit yang realistis (untuk benchmark)."

    def add_arguments(self, parser):
        parser.add_argument("--pegawai", type=int, required=True, help="Jumlah pegawai yang dibuat.")
        parser.add_argument(
            "--instansi",
            default=DEFAULT_INSTANSI,
            help=f"Kode instansi (dibuat bila belum ada; bawaan {DEFAULT_INSTANSI}).",
        )
        parser.add_argument("--seed", type=int, default=1, help="Benih acak (hasil sama untuk benih sama).")
        parser.add_argument("--batch-size", type=int, default=5000, help="Ukuran batch bulk_create.")
        for ext in scale_extensions():
            if ext.add_arguments is not None:
                ext.add_arguments(parser)

    def handle(self, *args, pegawai: int, instansi: str, seed: int, batch_size: int, **options):
        result = generate_pegawai(
            n=pegawai, instansi_kode=instansi, seed=seed, batch_size=batch_size, stdout=self.stdout
        )
        run_extensions(result, {"pegawai": pegawai, "instansi": instansi, "seed": seed, **options}, self.stdout)
        phases = ", ".join(f"{k} {v:.2f}s" for k, v in result.seconds.items())
        self.stdout.write(f"Waktu: {phases}")
