"""Import of BKN SIASN "Export Data ASN" files: validate every row, then write set-based, all or nothing.

`pegawai_import` is the one entry point used by the command, the web preview and the Celery task.
Reading and mapping live in pegawai.siasn (pure); this module resolves instansi, unit kerja and
jabatan, compares with what is stored and writes with bulk_create/bulk_update in one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pegawai import permissions, rules, services, siasn
from pegawai.models import ImportJob, Instansi, Jabatan, Pegawai, RiwayatPegawai, UnitKerja, User

logger = logging.getLogger(__name__)

BATCH_SIZE = 2000
NIP_CHUNK = 5000
PREVIEW_ROWS = 20
ANALYZE_AFTER_ROWS = 1000
# A file whose rows are mostly junk is not checked to the end: after this many bad rows the check
# stops and says so (the error list and the time spent stay bounded).
MAX_ROW_ERRORS = 1000

# Pegawai fields the file sets (atasan, user and hirarki are never touched by an import).
FIELDS = [
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "tempat_lahir",
    "tanggal_lahir",
    "jenis_kelamin",
    "status",
    "kedudukan",
    "golongan",
    "tmt_golongan",
    "tmt_cpns",
    "instansi_id",
    "unit_kerja_id",
    "jabatan_id",
    "tmt_jabatan",
    "pendidikan_terakhir",
    "jurusan",
    "email",
    "nomor_hp",
    "batas_usia_pensiun",
    "siasn_id",
]
# A blank cell in the file does not erase these (contact data often kept only locally).
KEEP_WHEN_BLANK = {"email", "nomor_hp"}
TRACKED = {
    "jabatan_id": RiwayatPegawai.Jenis.JABATAN,
    "golongan": RiwayatPegawai.Jenis.GOLONGAN,
    "unit_kerja_id": RiwayatPegawai.Jenis.UNIT_KERJA,
    "status": RiwayatPegawai.Jenis.STATUS,
    "kedudukan": RiwayatPegawai.Jenis.KEDUDUKAN,
}

Progress = Callable[[int, int], None]


@dataclass
class ImportResult:
    dry_run: bool = False
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    riwayat: int = 0
    errors: list[dict] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict:
        return {
            "total": self.total,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "riwayat": self.riwayat,
            "contoh": self.preview,
        }


class _Rollback(Exception):
    """Raised inside the transaction to undo a dry run or a file with errors."""


def pegawai_import(
    *,
    data: bytes,
    filename: str = "",
    actor: User | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    instansi: Instansi | None = None,
) -> ImportResult:
    """Import a SIASN file. Nothing is saved when dry_run is set or when any row has an error
    (result.errors lists row, column and reason). `actor` None means a system import (command line)
    with no instansi limit; an admin instansi may only import rows of their own instansi, and
    `instansi` limits every row to that instansi (rows without INSTANSI KERJA columns go to it).
    Raises PermissionDenied when `actor` may not import at all."""
    if actor is not None and not permissions.can_import_pegawai(actor):
        raise PermissionDenied
    result = ImportResult(dry_run=dry_run)
    try:
        records, stopped_at = _read_records(data, filename)
    except siasn.SiasnFileError as exc:
        result.errors = [{"baris": 1, "kolom": "", "pesan": str(exc)}]
        return result
    result.total = len(records)
    if not records:
        result.errors = [{"baris": 2, "kolom": "", "pesan": _("Berkas tidak berisi data pegawai.")}]
        return result
    if stopped_at is not None:  # a junk file: report the first errors, do not plan anything
        result.errors = sorted((e.as_dict() for r in records for e in r.errors), key=lambda e: (e["baris"], e["kolom"]))
        result.errors.append(
            {
                "baris": stopped_at,
                "kolom": "",
                "pesan": _(
                    "Pemeriksaan dihentikan di baris %(baris)s setelah %(n)s baris bermasalah; "
                    "baris sesudahnya tidak diperiksa. Perbaiki berkas lalu unggah ulang."
                )
                % {"baris": stopped_at, "n": MAX_ROW_ERRORS},
            }
        )
        return result
    # Only admins get here (checked above): an admin instansi is limited to their instansi; admin BKN
    # and the command line (no actor) import into any instansi.
    scope_id = permissions.single_instansi_of(actor) if actor is not None else None
    if instansi is not None:  # `import_pegawai --instansi KODE`: every row must belong to it
        if scope_id is not None and scope_id != instansi.pk:
            raise PermissionDenied
        scope_id = instansi.pk
    try:
        with transaction.atomic():
            plan = _Plan(records=records, scope_id=scope_id, actor=actor)
            plan.resolve()
            result.errors = sorted(
                (e.as_dict() for r in records for e in r.errors), key=lambda e: (e["baris"], e["kolom"])
            )
            result.created, result.updated = len(plan.to_create), len(plan.to_update)
            result.unchanged = plan.unchanged
            result.riwayat = len(plan.riwayat)
            result.preview = plan.preview
            if result.errors or dry_run:
                raise _Rollback
            plan.write(progress)
    except _Rollback:
        pass
    big = result.created + result.updated >= ANALYZE_AFTER_ROWS
    if result.ok and not dry_run and big and connection.vendor == "postgresql":
        # autovacuum is off on this cluster: fresh statistics keep the directory plans right.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Pegawai._meta.db_table}")
    return result


def _read_records(data: bytes, filename: str) -> tuple[list[siasn.SiasnRecord], int | None]:
    """Map rows while streaming them from the file. Stops after MAX_ROW_ERRORS rows with errors and
    returns the row number where it stopped (None when the whole file was read)."""
    _header, rows = siasn.iter_rows(data, filename)
    records: list[siasn.SiasnRecord] = []
    bad = 0
    for baris, values in rows:
        record = siasn.map_row(baris, values)
        records.append(record)
        if record.errors:
            bad += 1
            if bad >= MAX_ROW_ERRORS:
                return records, baris
    return siasn.flag_duplicate_nips(records), None


def _instansi_jenis(nama: str) -> str:
    lowered = nama.lower()
    if "provinsi" in lowered:
        return Instansi.Jenis.PROVINSI
    if "kota" in lowered or "kabupaten" in lowered:
        return Instansi.Jenis.KABUPATEN_KOTA
    return Instansi.Jenis.PUSAT


def _golongan_display(golongan: str) -> str:
    pangkat = rules.pangkat_for(golongan)
    return f"{pangkat} ({golongan})" if pangkat else golongan


class _Plan:
    """Resolves instansi/unit/jabatan (creating missing ones: rolled back on a dry run), and sorts
    the records into creates, updates and unchanged rows with their history entries."""

    def __init__(self, *, records: list[siasn.SiasnRecord], scope_id: int | None, actor: User | None):
        self.records = records
        self.scope_id = scope_id
        self.actor = actor
        self.to_create: list[Pegawai] = []
        self.to_update: list[Pegawai] = []
        self.changed_fields: set[str] = set()  # union over the updated rows: only these are written
        self.riwayat: list[RiwayatPegawai] = []
        self.unchanged = 0
        self.preview: list[dict] = []
        self.units_created = False

    # -- resolution ------------------------------------------------------------------------

    def resolve(self) -> None:
        valid = [r for r in self.records if not r.errors]
        instansi_of = self._resolve_instansi(valid)
        valid = [r for r in valid if not r.errors]
        unit_of = self._resolve_units(valid, instansi_of)
        jabatan_of = self._resolve_jabatan(valid, instansi_of)
        self._compare(valid, instansi_of, unit_of, jabatan_of)

    def _resolve_instansi(self, records) -> dict[int, Instansi]:
        existing = list(Instansi.objects.all())
        by_kode = {i.kode.upper(): i for i in existing}
        by_nama = {i.nama.upper(): i for i in existing}
        scope = next((i for i in existing if i.pk == self.scope_id), None)
        new: dict[str, Instansi] = {}
        result: dict[int, Instansi] = {}
        for r in records:
            kode, nama = r.instansi_kode.upper(), r.instansi_nama.upper()
            inst = (by_kode.get(kode) if kode else None) or (by_nama.get(nama) if nama else None)
            if inst is None and not kode and not nama:
                if scope is None:
                    r.error("INSTANSI KERJA NAMA", _("Instansi kerja wajib diisi."))
                    continue
                inst = scope
            if inst is None:
                if self.scope_id is not None:
                    r.error(
                        "INSTANSI KERJA NAMA",
                        _("Instansi %(nama)s bukan instansi Anda; Anda hanya dapat mengimpor pegawai instansi sendiri.")
                        % {"nama": r.instansi_nama or r.instansi_kode},
                    )
                    continue
                key = kode or nama
                inst = new.get(key)
                if inst is None:
                    nama_baru = r.instansi_nama or r.instansi_kode
                    inst = Instansi(
                        kode=(r.instansi_kode or nama_baru)[:40], nama=nama_baru[:200], jenis=_instansi_jenis(nama_baru)
                    )
                    new[key] = inst
                    by_kode[inst.kode.upper()] = inst
                    by_nama[inst.nama.upper()] = inst
            elif self.scope_id is not None and inst.pk != self.scope_id:
                r.error(
                    "INSTANSI KERJA NAMA",
                    _("Instansi %(nama)s bukan instansi Anda; Anda hanya dapat mengimpor pegawai instansi sendiri.")
                    % {"nama": inst.nama},
                )
                continue
            result[id(r)] = inst
        if new:
            Instansi.objects.bulk_create(new.values())
        return result

    def _resolve_units(self, records, instansi_of) -> dict[int, int]:
        inst_ids = {instansi_of[id(r)].pk for r in records}
        rows = list(
            UnitKerja.objects.filter(instansi_id__in=inst_ids).values("id", "instansi_id", "parent_id", "kode", "nama")
        )
        by_kode = {(u["instansi_id"], u["kode"]): u["id"] for u in rows if u["kode"]}
        by_nama: dict[tuple, int] = {}
        for u in rows:
            by_nama.setdefault((u["instansi_id"], u["parent_id"], u["nama"].upper()), u["id"])

        def find(inst_id, parent_id, kode, nama):
            if kode and (inst_id, kode) in by_kode:
                return by_kode[(inst_id, kode)]
            return by_nama.get((inst_id, parent_id, nama.upper()))

        # Level 1: the satuan kerja (OPD) as a root unit; UNOR alone when the file has no satuan kerja.
        new_roots: dict[tuple, UnitKerja] = {}
        root_key: dict[int, tuple] = {}
        for r in records:
            inst_id = instansi_of[id(r)].pk
            kode, nama = (r.satker_kode, r.satker_nama) if r.satker_nama else (r.unor_kode, r.unor_nama)
            key = (inst_id, kode) if kode else (inst_id, None, nama.upper())
            root_key[id(r)] = key
            if find(inst_id, None, kode, nama) is None and key not in new_roots:
                new_roots[key] = UnitKerja(instansi_id=inst_id, parent=None, nama=nama, kode=kode)
        if new_roots:
            UnitKerja.objects.bulk_create(new_roots.values())
            self.units_created = True
            for u in new_roots.values():
                if u.kode:
                    by_kode[(u.instansi_id, u.kode)] = u.pk
                by_nama.setdefault((u.instansi_id, None, u.nama.upper()), u.pk)

        # Level 2: the UNOR under its satuan kerja, when it is a different unit.
        unit_of: dict[int, int] = {}
        pending: dict[int, tuple] = {}
        new_children: dict[tuple, UnitKerja] = {}
        for r in records:
            inst_id = instansi_of[id(r)].pk
            root_kode, root_nama = (r.satker_kode, r.satker_nama) if r.satker_nama else (r.unor_kode, r.unor_nama)
            root_id = find(inst_id, None, root_kode, root_nama)
            same = not r.satker_nama or not (r.unor_kode or r.unor_nama)
            same = same or (r.unor_kode and r.unor_kode == r.satker_kode)
            same = same or (not r.unor_kode and r.unor_nama.upper() == r.satker_nama.upper())
            if same:
                unit_of[id(r)] = root_id
                continue
            nama = r.unor_nama or r.unor_kode
            found = find(inst_id, root_id, r.unor_kode, nama)
            if found is not None:
                unit_of[id(r)] = found
                continue
            key = (inst_id, r.unor_kode) if r.unor_kode else (inst_id, root_id, nama.upper())
            if key not in new_children:
                new_children[key] = UnitKerja(instansi_id=inst_id, parent_id=root_id, nama=nama, kode=r.unor_kode)
            pending[id(r)] = key
        if new_children:
            UnitKerja.objects.bulk_create(new_children.values())
            self.units_created = True
        for rid, key in pending.items():
            unit_of[rid] = new_children[key].pk
        return unit_of

    def _resolve_jabatan(self, records, instansi_of) -> dict[int, Jabatan]:
        inst_ids = {instansi_of[id(r)].pk for r in records}
        existing = {
            (j.instansi_id, j.nama, j.jenis): j
            for j in Jabatan.objects.filter(instansi_id__in=inst_ids).only(
                "id", "instansi_id", "nama", "jenis", "jenjang"
            )
        }
        new: dict[tuple, Jabatan] = {}
        result: dict[int, Jabatan] = {}
        for r in records:
            if not r.jabatan_jenis:
                continue
            key = (instansi_of[id(r)].pk, r.jabatan_nama, r.jabatan_jenis)
            jab = existing.get(key) or new.get(key)
            if jab is None:
                jab = Jabatan(
                    instansi_id=key[0],
                    nama=r.jabatan_nama,
                    jenis=r.jabatan_jenis,
                    jenjang=r.jabatan_jenjang,
                    kode=r.jabatan_kode,
                )
                new[key] = jab
            result[id(r)] = jab
        if new:
            Jabatan.objects.bulk_create(new.values())
        return result

    # -- comparison ------------------------------------------------------------------------

    def _compare(self, records, instansi_of, unit_of, jabatan_of) -> None:
        nips = [r.nip for r in records]
        current: dict[str, dict] = {}
        for start in range(0, len(nips), NIP_CHUNK):
            for row in Pegawai.objects.filter(nip__in=nips[start : start + NIP_CHUNK]).values("id", "nip", *FIELDS):
                current[row["nip"]] = row
        names = self._names(current.values(), unit_of.values(), jabatan_of.values())
        now = timezone.now()
        for r in records:
            jabatan = jabatan_of.get(id(r))
            new = {
                "nama": r.nama,
                "gelar_depan": r.gelar_depan,
                "gelar_belakang": r.gelar_belakang,
                "tempat_lahir": r.tempat_lahir,
                "tanggal_lahir": r.tanggal_lahir,
                "jenis_kelamin": r.jenis_kelamin,
                "status": r.status,
                "kedudukan": r.kedudukan,
                "golongan": r.golongan,
                "tmt_golongan": r.tmt_golongan,
                "tmt_cpns": r.tmt_cpns,
                "instansi_id": instansi_of[id(r)].pk,
                "unit_kerja_id": unit_of[id(r)],
                "jabatan_id": jabatan.pk if jabatan else None,
                "tmt_jabatan": r.tmt_jabatan,
                "pendidikan_terakhir": r.pendidikan_terakhir,
                "jurusan": r.jurusan,
                "email": r.email,
                "nomor_hp": r.nomor_hp,
                "batas_usia_pensiun": rules.batas_usia_pensiun(jabatan.jenis, jabatan.jenjang) if jabatan else 58,
                "siasn_id": r.siasn_id,
            }
            old = current.get(r.nip)
            if old is None:
                self.to_create.append(Pegawai(nip=r.nip, **new))
                aksi = _("baru")
            else:
                if self.scope_id is not None and old["instansi_id"] != self.scope_id:
                    r.error("NIP BARU", _("NIP ini terdaftar pada instansi lain; Anda tidak dapat mengubahnya."))
                    continue
                for f in KEEP_WHEN_BLANK:
                    if not new[f]:
                        new[f] = old[f]
                changed = [f for f in FIELDS if new[f] != old[f]]
                if changed:
                    self.to_update.append(Pegawai(pk=old["id"], nip=r.nip, updated_at=now, **new))
                    self.changed_fields.update(changed)
                    for f in changed:
                        if f in TRACKED:
                            self.riwayat.append(
                                RiwayatPegawai(
                                    pegawai_id=old["id"],
                                    jenis=TRACKED[f],
                                    sebelum=self._show(f, old[f], names)[:255],
                                    sesudah=self._show(f, new[f], names)[:255],
                                    changed_by=self.actor,
                                    sumber=RiwayatPegawai.Sumber.IMPORT,
                                )
                            )
                    aksi = _("ubah")
                else:
                    self.unchanged += 1
                    aksi = _("tetap")
            if len(self.preview) < PREVIEW_ROWS:
                self.preview.append(
                    {
                        "baris": r.baris,
                        "nip": r.nip,
                        "nama": rules.nama_lengkap(r.nama, r.gelar_depan, r.gelar_belakang),
                        "golongan": r.golongan,
                        "jabatan": r.jabatan_nama,
                        "unit_kerja": r.unor_nama or r.satker_nama,
                        "aksi": str(aksi),
                    }
                )

    @staticmethod
    def _names(old_rows, unit_ids, jabatan_list) -> dict:
        unit_ids = set(unit_ids) | {row["unit_kerja_id"] for row in old_rows}
        jabatan_ids = {j.pk for j in jabatan_list} | {row["jabatan_id"] for row in old_rows if row["jabatan_id"]}
        return {
            "unit_kerja_id": dict(UnitKerja.objects.filter(pk__in=unit_ids).values_list("id", "nama")),
            "jabatan_id": dict(Jabatan.objects.filter(pk__in=jabatan_ids).values_list("id", "nama")),
        }

    @staticmethod
    def _show(f: str, value, names: dict) -> str:
        if value in (None, ""):
            return ""
        if f in ("unit_kerja_id", "jabatan_id"):
            return names[f].get(value, "")
        if f == "golongan":
            return _golongan_display(value)
        if f == "status":
            return str(rules.StatusPegawai(value).label)
        if f == "kedudukan":
            return str(rules.Kedudukan(value).label)
        return str(value)

    # -- writing ---------------------------------------------------------------------------

    def write(self, progress: Progress | None) -> None:
        total = len(self.records)
        done = self.unchanged
        for start in range(0, len(self.to_create), BATCH_SIZE):
            batch = self.to_create[start : start + BATCH_SIZE]
            Pegawai.objects.bulk_create(batch)
            done += len(batch)
            if progress:
                progress(done, total)
        for start in range(0, len(self.to_update), BATCH_SIZE):
            batch = self.to_update[start : start + BATCH_SIZE]
            _bulk_update(batch, [f for f in FIELDS if f in self.changed_fields] + ["updated_at"])
            done += len(batch)
            if progress:
                progress(done, total)
        RiwayatPegawai.objects.bulk_create(self.riwayat, batch_size=BATCH_SIZE)
        if self.units_created:
            services.unit_kerja_rebuild_paths()
        if self.to_create:
            # New pegawai have no atasan (not in the SIASN file): hirarki = "/<own id>/".
            services.pegawai_rebuild_hirarki()


def _bulk_update(objs: list[Pegawai], fields: list[str]) -> None:
    """Write `fields` of `objs` in one statement. PostgreSQL: UPDATE ... FROM (VALUES ...), linear in
    the batch; Django's bulk_update builds a CASE WHEN per field whose cost grows with batch size
    squared (10,000 changed rows of 100,000 took 143 s with it). Elsewhere: bulk_update, small batches."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        Pegawai.objects.bulk_update(objs, fields, batch_size=200)
        return
    meta = Pegawai._meta
    columns = [meta.get_field(f) for f in fields]  # get_field accepts attnames ("unit_kerja_id")
    q = connection.ops.quote_name
    sets = ", ".join(f"{q(c.column)} = v.{q(c.column)}::{c.db_type(connection)}" for c in columns)
    names = ", ".join(["id", *(q(c.column) for c in columns)])
    placeholders = "(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"
    params: list = []
    for obj in objs:
        params.append(obj.pk)
        params.extend(c.get_db_prep_save(getattr(obj, c.attname), connection) for c in columns)
    sql = (
        f"UPDATE {q(meta.db_table)} AS t SET {sets} "
        f"FROM (VALUES {', '.join([placeholders] * len(objs))}) AS v({names}) WHERE t.id = v.id::bigint"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- Jobs (web upload -> preview -> confirm -> Celery task) ---------------------------------------


# Files above this size are checked (dry run) by a Celery task too: a 100,000-row file takes about
# 30 s to check, longer than a web request may last. Smaller ones are checked in the request. For an
# XLSX the size that counts is the inflated one (a small zip can hold a huge sheet).
PREVIEW_INLINE_MAX_BYTES = 2 * 1024 * 1024


def parse_size(data: bytes, filename: str) -> int:
    """Bytes the reader will go through: the upload, or an XLSX's inflated members. Raises
    siasn.SiasnFileError for a damaged archive or a compression bomb (checked without inflating)."""
    if siasn.is_xlsx(data, filename):
        return siasn.xlsx_inflated_size(data)
    return len(data)


def import_job_create(*, data: bytes, filename: str, actor: User) -> ImportJob:
    """Store the upload and its dry-run result; a large file's dry run is queued instead (the job
    shows as being checked until pegawai_import_preview_task fills counts). Raises PermissionDenied
    for non-admins."""
    from common.jobs import start_job

    if actor is not None and not permissions.can_import_pegawai(actor):
        raise PermissionDenied
    job = ImportJob(status=ImportJob.Status.PREVIEW, nama_berkas=filename[:255], created_by=actor)
    try:
        inline = parse_size(data, filename) <= PREVIEW_INLINE_MAX_BYTES
    except siasn.SiasnFileError:
        inline = True  # refused at once by the dry run below, without opening the archive
    if inline:
        result = pegawai_import(data=data, filename=filename, actor=actor, dry_run=True)
        job.total, job.counts, job.errors = result.total, result.counts(), result.errors
    job.file.save(filename.rsplit("/", 1)[-1][:100] or "siasn.csv", ContentFile(data), save=False)
    with transaction.atomic():
        job.save()
        if not job.counts:  # checked in the background: a "pegawai.import_check" job (pegawai/jobs.py)
            job.job = start_job(owner=actor, kind="pegawai.import_check", params={"import_id": job.pk})
            ImportJob.objects.filter(pk=job.pk).update(job=job.job)
    return job


def import_job_is_checking(job: ImportJob) -> bool:
    """A preview whose dry run has not finished yet (counts are filled when it has)."""
    return job.status == ImportJob.Status.PREVIEW and not job.counts


def import_job_preview_run(*, job_id: int, progress: Progress | None = None) -> None:
    """The dry run of a large upload, in a task. Safe to run twice: a checked job is left alone.
    `progress` (from the common.Job running it) replaces the ImportJob's own progress columns."""
    job = ImportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None or not import_job_is_checking(job):
        return
    if progress is None:
        progress, close = _progress_writer(job_id)
    else:
        close = _noop
    try:
        with job.file.open("rb") as fh:
            data = fh.read()
        result = pegawai_import(
            data=data, filename=job.nama_berkas, actor=job.created_by, dry_run=True, progress=progress
        )
    except Exception as exc:  # a permanent failure becomes the job's status
        logger.exception("SIASN import preview %s failed", job_id)
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.FAILED, pesan=str(exc)[:2000] or exc.__class__.__name__, finished_at=timezone.now()
        )
        return
    finally:
        close()
    ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.PREVIEW).update(
        counts=result.counts(), errors=result.errors, total=result.total, processed=0
    )


class ImportJobStateError(Exception):
    pass


def import_job_confirm(*, job: ImportJob, actor: User | None = None) -> ImportJob:
    """Queue the import of a previewed file without errors: a "pegawai.import_run" job owned by the
    uploader (or `actor`), started after commit."""
    from common.jobs import start_job

    if job.errors:
        raise ImportJobStateError(_("Berkas ini masih memiliki kesalahan; perbaiki lalu unggah ulang."))
    if import_job_is_checking(job):
        raise ImportJobStateError(_("Berkas masih diperiksa; tunggu pratinjaunya selesai."))
    with transaction.atomic():
        changed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PREVIEW).update(
            status=ImportJob.Status.QUEUED
        )
        if changed != 1:  # confirmed twice (double click) or already running
            raise ImportJobStateError(_("Impor ini sudah dikonfirmasi."))
        owner = job.created_by or actor
        if owner is None:
            raise ImportJobStateError(_("Impor ini tidak memiliki pemilik; unggah ulang berkasnya."))
        run = start_job(owner=owner, kind="pegawai.import_run", params={"import_id": job.pk})
        ImportJob.objects.filter(pk=job.pk).update(job=run)
    job.refresh_from_db()
    return job


def _progress_writer(job_id: int) -> tuple[Progress, Callable[[], None]]:
    """processed/total written through a second connection, so the page sees progress while the
    import's own transaction is still open (PostgreSQL; elsewhere progress shows at the end)."""
    if connection.vendor != "postgresql":
        return (lambda processed, total: None), (lambda: None)
    main = connections[DEFAULT_DB_ALIAS]
    side = main.__class__(dict(main.settings_dict), alias="import_progress")
    table = ImportJob._meta.db_table

    def write(processed: int, total: int) -> None:
        try:
            with side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET processed = %s, total = %s WHERE id = %s", [processed, total, job_id]
                )
        except DatabaseError:  # progress is best effort, never a reason to fail the import
            logger.warning("import progress update failed for job %s", job_id, exc_info=True)

    return write, side.close


def _noop() -> None:
    return None


def import_job_run(*, job_id: int, progress: Progress | None = None) -> None:
    """Run a queued import job. Safe to call twice: only a QUEUED job is claimed. `progress` (from
    the common.Job running it) replaces the ImportJob's own progress columns."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now(), processed=0
    )
    if claimed != 1:
        return
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if progress is None:
        progress, close = _progress_writer(job_id)
    else:
        close = _noop
    try:
        with job.file.open("rb") as fh:
            data = fh.read()
        result = pegawai_import(data=data, filename=job.nama_berkas, actor=job.created_by, progress=progress)
    except Exception as exc:  # a permanent failure becomes the job's status
        logger.exception("SIASN import job %s failed", job_id)
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.FAILED, pesan=str(exc)[:2000] or exc.__class__.__name__, finished_at=timezone.now()
        )
        return
    finally:
        close()
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportJob.Status.DONE if result.ok else ImportJob.Status.FAILED,
        counts=result.counts(),
        errors=result.errors,
        total=result.total,
        processed=result.total if result.ok else 0,
        finished_at=timezone.now(),
    )
