"""Applying the plan to the database, idempotently: rows are matched on natural keys, missing rows
are bulk-inserted, drifted rows are put back through pegawai.services (audited)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.db import transaction

from pegawai import mfa, services
from pegawai.demo.plan import (
    Plan,
    build_plan,
    check_plan,
)
from pegawai.demo.spec import (
    BKN_KODE,
    BKN_NAMA,
    DEFAULT_PASSWORD,
    DEMO_PERAN,
    DEMO_TOTP_SECRET,
    INSTANSI_KODE,
    INSTANSI_NAMA,
    SEED,
)
from pegawai.models import Instansi, Jabatan, Pegawai, RiwayatPegawai, UnitKerja, User

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


# Apps built on pegawai, in dependency order (kinerja last: it may use the others' demo rows). Each may
# have `<app>/demo.py` with `seed_<app>_demo() -> int` (rows of note created; 0 on a rerun).
DEMO_APPS = ["pelatihan", "rekrutmen", "survei", "kinerja"]


def _seed_app_demos(stats: Stats) -> None:
    """Other apps' demo data, looked up at run time so pegawai never imports them."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.apps import apps

    for app in DEMO_APPS:
        if not apps.is_installed(app) or find_spec(f"{app}.demo") is None:
            continue
        hook = getattr(import_module(f"{app}.demo"), f"seed_{app}_demo", None)
        if hook is not None:
            stats.add(f"data {app}", hook())
