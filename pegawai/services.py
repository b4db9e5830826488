"""Writes to employee records: atomic, validated, audited (RiwayatPegawai), tree paths kept right."""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr

from pegawai import rules
from pegawai.models import Instansi, Jabatan, Pegawai, RiwayatPegawai, UnitKerja, User

# Fields whose change is kept in RiwayatPegawai, with how a value is shown.
TRACKED_FIELDS: dict[str, str] = {
    "jabatan": RiwayatPegawai.Jenis.JABATAN,
    "golongan": RiwayatPegawai.Jenis.GOLONGAN,
    "unit_kerja": RiwayatPegawai.Jenis.UNIT_KERJA,
    "atasan": RiwayatPegawai.Jenis.ATASAN,
    "status": RiwayatPegawai.Jenis.STATUS,
    "kedudukan": RiwayatPegawai.Jenis.KEDUDUKAN,
}


def _display(pegawai: Pegawai, field: str) -> str:
    value = getattr(pegawai, field)
    if value is None or value == "":
        return ""
    if field == "golongan":
        return pegawai.pangkat_golongan
    if field in ("status", "kedudukan"):
        return str(getattr(pegawai, f"get_{field}_display")())
    if field == "atasan":
        return f"{value.nama_lengkap} ({value.nip})"
    return str(value)


# --- Unit kerja -----------------------------------------------------------------------------


@transaction.atomic
def unit_kerja_create(*, instansi: Instansi, nama: str, parent: UnitKerja | None = None, kode: str = "") -> UnitKerja:
    unit = UnitKerja(instansi=instansi, parent=parent, nama=nama, kode=kode)
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.depth = (parent.depth + 1) if parent else 0
    unit.save(update_fields=["path", "depth"])
    return unit


@transaction.atomic
def unit_kerja_move(*, unit: UnitKerja, parent: UnitKerja | None) -> UnitKerja:
    """Move a unit (and its whole subtree) under `parent`. Raises ValidationError on a cycle."""
    unit = UnitKerja.objects.select_for_update().get(pk=unit.pk)
    unit.parent = parent
    unit.full_clean(exclude=["path"])
    old_path, old_depth = unit.path, unit.depth
    new_path = f"{parent.path if parent else '/'}{unit.pk}/"
    new_depth = (parent.depth + 1) if parent else 0
    unit.save(update_fields=["parent"])
    # One UPDATE rewrites the prefix of every descendant's path (set-based, any subtree size).
    UnitKerja.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + (new_depth - old_depth),
    )
    unit.refresh_from_db()
    return unit


@transaction.atomic
def unit_kerja_update(*, unit: UnitKerja, **changes: Any) -> UnitKerja:
    """Rename a unit or change its kode/aktif flag (moving is unit_kerja_move). Raises ValidationError."""
    allowed = {"nama", "kode", "aktif"}
    current = UnitKerja.objects.select_for_update().get(pk=unit.pk)
    for field, value in changes.items():
        if field not in allowed:
            raise ValueError(f"unit_kerja_update cannot change {field!r}")
        setattr(current, field, value)
    current.full_clean(exclude=["path"])
    current.save(update_fields=[*changes] or None)
    unit.__dict__.update(current.__dict__)
    return current


def unit_kerja_rebuild_paths() -> None:
    """Recompute every unit's path and depth from parent links in one recursive SQL statement."""
    _rebuild_tree_paths(table=UnitKerja._meta.db_table, parent_col="parent_id", path_col="path", depth_col="depth")


def pegawai_rebuild_hirarki() -> None:
    """Recompute every pegawai's hirarki (atasan chain) from atasan links, set-based."""
    _rebuild_tree_paths(table=Pegawai._meta.db_table, parent_col="atasan_id", path_col="hirarki")


def _rebuild_tree_paths(*, table: str, parent_col: str, path_col: str, depth_col: str | None = None) -> None:
    # WITH RECURSIVE + UPDATE ... FROM runs on PostgreSQL and SQLite >= 3.33 alike. Rows caught in a
    # cycle are never reached from a root and keep their old path; services refuse cycles anyway.
    depth_select = ", 0" if depth_col else ""
    depth_step = ", t.d + 1" if depth_col else ""
    depth_set = f", {depth_col} = tree.d" if depth_col else ""
    cols = "id, p, d" if depth_col else "id, p"
    q = connection.ops.quote_name
    sql = f"""
        WITH RECURSIVE tree({cols}) AS (
            SELECT id, '/' || CAST(id AS TEXT) || '/'{depth_select} FROM {q(table)} WHERE {parent_col} IS NULL
            UNION ALL
            SELECT c.id, t.p || CAST(c.id AS TEXT) || '/'{depth_step}
            FROM {q(table)} c JOIN tree t ON c.{parent_col} = t.id
        )
        UPDATE {q(table)} SET {path_col} = tree.p{depth_set}
        FROM tree WHERE {q(table)}.id = tree.id AND ({q(table)}.{path_col} <> tree.p{
        f" OR {q(table)}.{depth_col} <> tree.d" if depth_col else ""
    })
    """
    with connection.cursor() as cursor:
        cursor.execute(sql)


# --- Pegawai ---------------------------------------------------------------------------------


def _hirarki_for(pegawai: Pegawai) -> str:
    parent = pegawai.atasan.hirarki if pegawai.atasan_id else "/"
    return f"{parent}{pegawai.pk}/"


def _bup_for(jabatan: Jabatan | None) -> int:
    if jabatan is None:
        return 58
    return rules.batas_usia_pensiun(jabatan.jenis, jabatan.jenjang)


@transaction.atomic
def pegawai_create(*, actor: User | None = None, sumber: str = RiwayatPegawai.Sumber.FORM, **fields: Any) -> Pegawai:
    """Create a pegawai after full validation (NIP rules, golongan, cycles). Raises ValidationError."""
    pegawai = Pegawai(**fields)
    if pegawai.nip:
        pegawai.nip = rules.normalize_nip(pegawai.nip)
    pegawai.batas_usia_pensiun = _bup_for(pegawai.jabatan)
    pegawai.full_clean(exclude=["hirarki"])
    pegawai._history_user = actor  # history row names the actor also outside a request (import task)
    pegawai._change_reason = sumber
    pegawai.save()
    pegawai.hirarki = _hirarki_for(pegawai)
    pegawai.save_without_historical_record(update_fields=["hirarki"])  # hirarki is not in the history
    return pegawai


@transaction.atomic
def pegawai_update(
    *, pegawai: Pegawai, actor: User | None = None, sumber: str = RiwayatPegawai.Sumber.FORM, **changes: Any
) -> Pegawai:
    """Apply `changes`, validate, record a RiwayatPegawai row per tracked field that changed, and
    move the pegawai's subordinate subtree when the atasan changes. Raises ValidationError."""
    current = (
        Pegawai.objects.select_for_update(of=("self",))
        .select_related("jabatan", "unit_kerja", "atasan")
        .get(pk=pegawai.pk)
    )
    before = {field: _display(current, field) for field in TRACKED_FIELDS}
    old_hirarki = current.hirarki
    for field, value in changes.items():
        setattr(current, field, value)
    if "nip" in changes:
        current.nip = rules.normalize_nip(current.nip)
    current.batas_usia_pensiun = _bup_for(current.jabatan)
    current.full_clean(exclude=["hirarki"])
    current._history_user = actor
    current._change_reason = sumber
    current.save()
    riwayat = []
    for field, jenis in TRACKED_FIELDS.items():
        after = _display(current, field)
        if after != before[field]:
            riwayat.append(
                RiwayatPegawai(
                    pegawai=current, jenis=jenis, sebelum=before[field], sesudah=after, changed_by=actor, sumber=sumber
                )
            )
    RiwayatPegawai.objects.bulk_create(riwayat)
    new_hirarki = _hirarki_for(current)
    if new_hirarki != old_hirarki:
        # Rewrite the prefix for the pegawai and every (indirect) subordinate in one UPDATE.
        Pegawai.objects.filter(hirarki__startswith=old_hirarki).update(
            hirarki=Concat(Value(new_hirarki), Substr("hirarki", Length(Value(old_hirarki)) + 1))
        )
        current.refresh_from_db(fields=["hirarki"])
    pegawai.__dict__.update(current.__dict__)
    return current


@transaction.atomic
def pegawai_account_ensure(*, pegawai: Pegawai, username: str | None = None, password: str | None = None) -> User:
    """Give a pegawai a login account (username = NIP unless given). Idempotent."""
    if pegawai.user_id:
        return pegawai.user
    user = User(username=username or pegawai.nip, email=pegawai.email, first_name=pegawai.nama[:150])
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    pegawai.user = user
    pegawai.save(update_fields=["user"])
    return user
