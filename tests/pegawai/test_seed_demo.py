"""`manage.py seed_demo`: the demo instansi, its accounts and roles, valid records, idempotence."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from pegawai import permissions, rules, services
from pegawai.demo import DEFAULT_PASSWORD, build_plan
from pegawai.models import Instansi, Jabatan, Pegawai, RiwayatPegawai, UnitKerja, User
from pegawai.permissions import Peran
from pegawai.rules import JenisJabatan, StatusPegawai

pytestmark = pytest.mark.django_db

DEMO_USERS = ["demo.admin", "demo.atasan", "demo.asn", "demo.asn2", "demo.bkn"]


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def user(username: str) -> User:
    return User.objects.get(username=username)


def opd_root_id(pegawai: Pegawai) -> str:
    return pegawai.unit_kerja.path.strip("/").split("/")[0]


def snapshot() -> dict:
    return {
        "instansi": list(Instansi.objects.order_by("pk").values_list("pk", "kode", "nama")),
        "unit": list(UnitKerja.objects.order_by("pk").values_list("pk", "nama", "parent_id", "path", "depth")),
        "jabatan": list(Jabatan.objects.order_by("pk").values_list("pk", "nama", "jenis", "jenjang")),
        "pegawai": list(
            Pegawai.objects.order_by("pk").values_list("pk", "nip", "atasan_id", "hirarki", "user_id", "updated_at")
        ),
        "user": list(User.objects.order_by("pk").values_list("pk", "username", "password", "is_active")),
        "groups": sorted(User.groups.through.objects.values_list("user_id", "group_id")),
        "riwayat": RiwayatPegawai.objects.count(),
    }


def test_seed_demo_creates_the_named_accounts_with_their_roles():
    seed()
    for username in DEMO_USERS:
        assert user(username).check_password(DEFAULT_PASSWORD)

    admin, bkn = user("demo.admin"), user("demo.bkn")
    assert permissions.is_admin_instansi(admin)
    assert not permissions.is_admin_bkn(admin)
    assert admin.pegawai.instansi.kode == "TANGSEL"
    assert UnitKerja.objects.get(pk=opd_root_id(admin.pegawai)).nama.startswith("Badan Kepegawaian")
    assert permissions.is_admin_bkn(bkn)
    assert bkn.peran_set == {Peran.ADMIN_BKN}
    for username in ["demo.atasan", "demo.asn", "demo.asn2"]:
        assert not permissions.is_admin(user(username))


def test_demo_atasan_supervises_demo_asn_directly_and_others_indirectly():
    seed()
    atasan, asn, asn2 = (user(u).pegawai for u in ["demo.atasan", "demo.asn", "demo.asn2"])
    assert asn.atasan_id == atasan.pk
    assert atasan.jabatan.jenis == JenisJabatan.ADMINISTRATOR
    assert atasan.unit_kerja.nama.startswith("Bidang")
    assert UnitKerja.objects.get(pk=opd_root_id(atasan)).nama == "Dinas Komunikasi dan Informatika"
    direct = set(Pegawai.objects.filter(atasan=atasan).values_list("pk", flat=True))
    everyone = set(Pegawai.objects.filter(permissions.subordinates_q(atasan)).values_list("pk", flat=True))
    assert asn.pk in direct
    assert everyone - direct, "demo.atasan needs indirect subordinates too"
    assert permissions.is_atasan(user("demo.atasan"))
    assert not permissions.is_atasan(user("demo.asn"))
    # demo.asn2 works in another OPD: outside demo.atasan's view.
    assert opd_root_id(asn2) != opd_root_id(asn)
    assert not permissions.can_view_pegawai(user("demo.atasan"), asn2)
    assert not permissions.can_view_pegawai(user("demo.asn"), asn2)


def test_every_demo_pegawai_has_a_valid_nip_matching_birth_date_and_sex():
    seed()
    rows = list(Pegawai.objects.filter(instansi__kode="TANGSEL"))
    assert 180 <= len(rows) <= 230
    for p in rows:
        parts = rules.parse_nip(p.nip)
        assert parts.tanggal_lahir == p.tanggal_lahir, p.nip
        assert parts.jenis_kelamin == p.jenis_kelamin, p.nip
        assert rules.nip_conflicts(parts, tanggal_lahir=p.tanggal_lahir, jenis_kelamin=p.jenis_kelamin) == {}
        p.full_clean()  # the model's own record-level rules accept every demo record


def test_demo_records_are_realistic_and_consistent():
    seed()
    rows = list(Pegawai.objects.filter(instansi__kode="TANGSEL").select_related("jabatan", "atasan__jabatan"))
    statuses = {p.status for p in rows}
    assert statuses == {StatusPegawai.PNS, StatusPegawai.PPPK, StatusPegawai.CPNS}
    assert {p.jabatan.jenis for p in rows} >= {
        JenisJabatan.JPT_PRATAMA,
        JenisJabatan.ADMINISTRATOR,
        JenisJabatan.PENGAWAS,
        JenisJabatan.FUNGSIONAL,
        JenisJabatan.PELAKSANA,
    }
    assert any(p.gelar_belakang for p in rows) and any(p.gelar_depan for p in rows)
    sekda = [p for p in rows if p.jabatan.nama == "Sekretaris Daerah"]
    assert len(sekda) == 1 and sekda[0].atasan_id is None
    for p in rows:
        assert rules.golongan_valid_for(p.status, p.golongan), (p.nip, p.status, p.golongan)
        assert p.user_id is not None
        if p.jabatan.jenis in rules.MANAJERIAL:
            assert p.status == StatusPegawai.PNS
        if p.jabatan.jenis in rules.JPT:
            assert p.golongan.startswith("IV/")
            assert p.atasan_id == sekda[0].pk or p.pk == sekda[0].pk
        if p.jabatan.jenis == JenisJabatan.FUNGSIONAL:
            assert p.jabatan.jenjang
        assert p.batas_usia_pensiun == rules.batas_usia_pensiun(p.jabatan.jenis, p.jabatan.jenjang)
        assert p.tanggal_pensiun > p.tmt_golongan
        if p.pk != sekda[0].pk:
            assert p.atasan_id is not None
            assert p.atasan.jabatan.jenis in rules.MANAJERIAL


def test_demo_trees_are_consistent_with_parent_and_atasan_links():
    seed()
    units = {u.pk: u for u in UnitKerja.objects.all()}
    for u in units.values():
        expected = f"{units[u.parent_id].path if u.parent_id else '/'}{u.pk}/"
        assert u.path == expected
    pegawai = {p.pk: p for p in Pegawai.objects.all()}
    for p in pegawai.values():
        expected = f"{pegawai[p.atasan_id].hirarki if p.atasan_id else '/'}{p.pk}/"
        assert p.hirarki == expected


def test_every_pegawai_can_log_in_with_their_nip():
    seed("--password", "sandi-khusus-77")
    asn = user("demo.asn").pegawai
    assert authenticate(username=asn.nip, password="sandi-khusus-77") == asn.user
    other = Pegawai.objects.filter(instansi__kode="TANGSEL").exclude(user__username__startswith="demo.").first()
    assert other.user.username == other.nip
    assert authenticate(username=rules.format_nip(other.nip), password="sandi-khusus-77") == other.user
    assert authenticate(username="demo.asn", password=DEFAULT_PASSWORD) is None


def test_second_run_changes_nothing():
    seed()
    before = snapshot()
    out = seed()
    assert snapshot() == before
    assert "tidak ada yang diubah" in out


def test_plan_is_deterministic():
    first, second = build_plan(), build_plan()
    assert [(o.nip, o.fields["nama"], o.unit) for o in first.orang] == [
        (o.nip, o.fields["nama"], o.unit) for o in second.orang
    ]


def test_rerun_restores_a_drifted_record_through_the_audited_service():
    seed()
    asn = user("demo.asn").pegawai
    original_atasan, original_golongan = asn.atasan_id, asn.golongan
    other_head = Pegawai.objects.filter(jabatan__jenis=JenisJabatan.JPT_PRATAMA).exclude(pk=asn.atasan_id).first()
    services.pegawai_update(pegawai=asn, atasan=other_head, golongan="III/c")
    assert RiwayatPegawai.objects.filter(pegawai=asn).count() == 2

    out = seed()

    asn.refresh_from_db()
    assert (asn.atasan_id, asn.golongan) == (original_atasan, original_golongan)
    assert asn.hirarki == f"{asn.atasan.hirarki}{asn.pk}/"
    restored = RiwayatPegawai.objects.filter(pegawai=asn, sumber=RiwayatPegawai.Sumber.SISTEM)
    assert {r.jenis for r in restored} == {RiwayatPegawai.Jenis.ATASAN, RiwayatPegawai.Jenis.GOLONGAN}
    assert "dipulihkan: 1 pegawai" in out


def test_refuses_to_take_over_a_record_of_another_instansi_with_a_demo_nip():
    from tests.pegawai.factories import InstansiFactory, PegawaiFactory, UnitKerjaFactory

    taken = next(o for o in build_plan().orang if o.username == "demo.asn")
    unit = UnitKerjaFactory(instansi=InstansiFactory(kode="SERANG", nama="Pemerintah Kota Serang"))
    PegawaiFactory(
        nip=taken.nip,
        tanggal_lahir=taken.fields["tanggal_lahir"],
        jenis_kelamin=taken.fields["jenis_kelamin"],
        unit_kerja=unit,
    )
    with pytest.raises(CommandError, match=taken.nip):
        seed()
    assert not Pegawai.objects.filter(instansi__kode="TANGSEL").exists()  # nothing half-saved


def test_changed_password_is_reset_by_a_rerun():
    seed()
    u = user("demo.asn")
    u.set_password("sandi-pribadi-1")
    u.save()
    seed()
    assert user("demo.asn").check_password(DEFAULT_PASSWORD)


def test_demo_admins_have_the_documented_totp_secret_and_others_none():
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from pegawai import mfa
    from pegawai.demo import DEMO_TOTP_SECRET

    out = seed()
    assert DEMO_TOTP_SECRET in out
    from django.conf import settings

    assert DEMO_TOTP_SECRET in (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    for username in ("demo.admin", "demo.bkn"):
        device = TOTPDevice.objects.get(user__username=username)
        assert device.confirmed
        assert mfa.secret_base32(device) == DEMO_TOTP_SECRET
        code = f"{totp(device.bin_key):06d}"
        assert mfa.mfa_verify(user=user(username), code=code) == device
    assert not TOTPDevice.objects.exclude(user__username__in=["demo.admin", "demo.bkn"]).exists()
    pks = set(TOTPDevice.objects.values_list("pk", flat=True))
    seed()  # idempotent: the devices are kept, not recreated
    assert set(TOTPDevice.objects.values_list("pk", flat=True)) == pks


@pytest.mark.parametrize(
    ("module", "debug", "refused"),
    [
        ("config.settings.production", False, True),
        ("config.settings.production", True, True),  # production settings even with DEBUG on
        ("config.settings.local", False, True),  # DEBUG off anywhere but the tests
        ("config.settings.local", True, False),
        ("config.settings.test", False, False),
    ],
)
def test_refuses_to_run_with_production_settings(settings, monkeypatch, module, debug, refused):
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", module)
    settings.DEBUG = debug
    if refused:
        with pytest.raises(CommandError, match="seed_demo ditolak"):
            seed()
        assert not User.objects.filter(username__startswith="demo.").exists()
    else:
        seed()
        assert User.objects.filter(username="demo.admin").exists()


def test_command_is_thin_and_the_package_holds_the_demo():
    from pathlib import Path

    import pegawai.management.commands.seed_demo as command
    from pegawai.demo import plan, spec, write

    assert len(Path(command.__file__).read_text().splitlines()) < 80
    assert all(len(Path(m.__file__).read_text().splitlines()) < 500 for m in (plan, spec, write))
    assert write.DEMO_APPS[-1] == "kinerja"  # the hook kinerja/demo.py is still called
