"""kinerja/permissions.py, role x rule: grants AND denials for every rule moved out of pegawai, the
scope functions failing closed, and the dependency direction (pegawai knows nothing of kinerja).

Cast (tests/conftest.py): atasan_penilai -> penilai -> pegawai (owner of the log and SKP); `rekan`
is another subordinate of atasan_penilai; admin_bkd administers the same instansi, admin_lain
another; admin_bkn everything; akun_tanpa_pegawai is a login with neither pegawai nor role.
"""

import ast
import pathlib

import pytest
from django.conf import settings

from kinerja import permissions as kp
from kinerja.models import DelegasiPersetujuan, KoreksiAtasan, LogHarian, Skp, SkpTemplate
from pegawai import permissions as pp
from pegawai.models import Pegawai
from tests.kinerja.factories import LogHarianFactory, SkpFactory
from tests.pegawai.factories import JabatanFactory, PegawaiFactory

ROLES = ["pegawai", "penilai", "atasan_penilai", "rekan", "admin_bkd", "admin_lain", "admin_bkn", "akun_tanpa_pegawai"]
ALL = set(ROLES)
ADMINS_HERE = {"admin_bkd", "admin_bkn"}  # may manage the cast's instansi
READERS = {"pegawai", "penilai", "atasan_penilai", "admin_bkd", "admin_bkn"}  # may read pegawai's records


@pytest.fixture
def rekan(unit_opd, atasan_penilai):
    return PegawaiFactory(unit_kerja=unit_opd, atasan=atasan_penilai, nama="Rekan Sekretariat")


@pytest.fixture
def cast(request, pegawai, penilai, atasan_penilai, rekan, admin_bkd, admin_lain, admin_bkn, akun_tanpa_pegawai):
    def user(role):
        obj = request.getfixturevalue(role)
        return obj.user if isinstance(obj, Pegawai) else obj

    return {role: user(role) for role in ROLES}


@pytest.fixture
def skp(pegawai):
    return SkpFactory(pegawai=pegawai)


@pytest.fixture
def log(skp):
    from tests.kinerja.factories import RhkFactory

    return LogHarianFactory(rhk=RhkFactory(skp=skp), status=LogHarian.Status.SUBMITTED)


def who(cast, predicate) -> set[str]:
    return {role for role, user in cast.items() if predicate(user, user.pegawai_or_none)}


# --- log -----------------------------------------------------------------------------------------


def test_log_visible_q(cast, log):
    seen = {r for r, u in cast.items() if LogHarian.objects.filter(kp.log_visible_q(u), pk=log.pk).exists()}
    assert seen == READERS


def test_log_owner_rules(cast, log):
    assert who(cast, lambda u, me: kp.is_log_owner(me, log)) == {"pegawai"}
    log.status = LogHarian.Status.SUBMITTED
    assert who(cast, lambda u, me: kp.can_edit_log(me, log)) == set()  # sent: locked, even for the owner
    assert who(cast, lambda u, me: kp.can_submit_log(me, log)) == set()
    for editable in ("draft", "rejected"):
        log.status = editable
        assert who(cast, lambda u, me: kp.can_edit_log(me, log)) == {"pegawai"}
        assert who(cast, lambda u, me: kp.can_submit_log(me, log)) == {"pegawai"}
    log.status = LogHarian.Status.APPROVED
    assert who(cast, lambda u, me: kp.can_edit_log(me, log)) == set()


def test_log_review_is_the_direct_atasan_or_their_plt(cast, log, penilai, rekan):
    assert who(cast, lambda u, me: kp.can_review_log(me, log)) == {"penilai"}
    # rekan substituting for penilai (Plt/Plh) reviews too; nobody reviews a draft.
    assert kp.can_review_log(rekan, log, substitute_for={penilai.pk})
    log.status = LogHarian.Status.DRAFT
    assert who(cast, lambda u, me: kp.can_review_log(me, log)) == set()
    assert kp.log_reviewer_ids(rekan, [penilai.pk]) == {rekan.pk, penilai.pk}


# --- realisasi, umpan balik ----------------------------------------------------------------------


def test_realisasi_and_umpan_balik_rules(cast, skp, penilai, rekan):
    assert who(cast, lambda u, me: kp.is_skp_supervisor(me, skp)) == {"penilai"}
    assert who(cast, lambda u, me: kp.can_view_kinerja_skp(u, skp)) == READERS
    assert who(cast, lambda u, me: kp.can_edit_realisasi(me, skp)) == {"pegawai"}
    assert who(cast, lambda u, me: kp.can_post_umpan_balik(me, skp)) == {"penilai"}  # opens threads
    assert who(cast, lambda u, me: kp.can_post_umpan_balik(me, skp, thread_exists=True)) == {"pegawai", "penilai"}
    assert kp.can_view_kinerja_skp(rekan.user, skp, substitute_for={penilai.pk})  # the Plt sees it


# --- dashboards, exports, delegasi ---------------------------------------------------------------


def test_dashboard_and_export_rules(cast, pegawai, instansi, rekan, penilai):
    assert who(cast, lambda u, me: kp.can_view_atasan_dashboard(u)) == {"penilai", "atasan_penilai"}
    assert kp.can_view_atasan_dashboard(rekan.user, substitute_for=[penilai.pk])
    assert who(cast, lambda u, me: kp.can_view_compliance_board(u, instansi.pk)) == ADMINS_HERE
    assert who(cast, lambda u, me: kp.can_export_kinerja_pegawai(u, pegawai)) == READERS
    exported = {
        r for r, u in cast.items() if Pegawai.objects.filter(kp.kinerja_export_pegawai_q(u), pk=pegawai.pk).exists()
    }
    assert exported == READERS


def test_delegasi_rules(cast, instansi, penilai, rekan):
    d = DelegasiPersetujuan.objects.create(
        atasan=penilai, penerima=rekan, mulai="2026-01-01", selesai="2026-01-31", jenis="plh"
    )
    assert who(cast, lambda u, me: kp.can_manage_delegasi(u, instansi.pk)) == ADMINS_HERE
    seen = {r for r, u in cast.items() if DelegasiPersetujuan.objects.filter(kp.delegasi_visible_q(u), pk=d.pk)}
    assert seen == ADMINS_HERE


def test_delegasi_pages_and_api_deny_outsiders(cast, client, penilai, rekan):
    from rest_framework.test import APIClient

    d = DelegasiPersetujuan.objects.create(
        atasan=penilai, penerima=rekan, mulai="2026-01-01", selesai="2026-01-31", jenis="plh"
    )
    for role in ROLES:
        c = APIClient()
        c.force_authenticate(cast[role])
        listed = c.get("/api/kinerja/delegasi/")
        if role in ADMINS_HERE:
            assert [row["id"] for row in listed.json()] == [d.pk]
        elif role == "admin_lain":  # an admin, but of another instansi: the delegation does not exist
            assert listed.json() == []
            assert c.delete(f"/api/kinerja/delegasi/{d.pk}/").status_code == 404
        else:
            assert listed.status_code == 403
            assert c.delete(f"/api/kinerja/delegasi/{d.pk}/").status_code == 403
    assert DelegasiPersetujuan.objects.filter(pk=d.pk).exists()


# --- skp -----------------------------------------------------------------------------------------


def test_skp_visible_q(cast, skp):
    seen = {r for r, u in cast.items() if Skp.objects.filter(kp.skp_visible_q(u), pk=skp.pk).exists()}
    assert seen == READERS


def test_skp_workflow_rules(cast, skp, penilai, rekan):
    assert who(cast, lambda u, me: kp.is_skp_penilai(me, skp)) == {"penilai"}
    assert who(cast, lambda u, me: kp.can_edit_skp(me, skp)) == {"pegawai"}
    assert who(cast, lambda u, me: kp.can_approve_skp(me, skp)) == set()  # a draft is approved by nobody
    assert who(cast, lambda u, me: kp.can_edit_ekspektasi(me, skp)) == {"penilai"}
    assert who(cast, lambda u, me: kp.can_revise_skp(me, skp)) == set()
    skp.status = Skp.Status.SUBMITTED
    assert who(cast, lambda u, me: kp.can_edit_skp(me, skp)) == set()
    assert who(cast, lambda u, me: kp.can_approve_skp(me, skp)) == {"penilai"}
    assert who(cast, lambda u, me: kp.can_return_skp(me, skp)) == {"penilai"}
    assert kp.can_approve_skp(rekan, skp, substitute_for={penilai.pk})
    skp.status = Skp.Status.APPROVED
    assert who(cast, lambda u, me: kp.can_edit_ekspektasi(me, skp)) == set()
    assert who(cast, lambda u, me: kp.can_revise_skp(me, skp)) == {"pegawai"}
    skp.is_current = False  # an old version: nothing more happens to it
    assert who(cast, lambda u, me: kp.can_revise_skp(me, skp) or kp.can_edit_skp(me, skp)) == set()


def test_skp_admin_rules(cast, instansi, pegawai):
    assert who(cast, lambda u, me: kp.can_manage_periode(u, instansi.pk)) == ADMINS_HERE
    assert who(cast, lambda u, me: kp.can_manage_skp_template(u, instansi.pk)) == ADMINS_HERE
    assert who(cast, lambda u, me: kp.can_resolve_koreksi(u, pegawai)) == ADMINS_HERE
    assert who(cast, lambda u, me: kp.can_view_matriks(u, instansi.pk)) == ALL - {"admin_lain", "akun_tanpa_pegawai"}


def test_template_and_koreksi_scopes_fail_closed(cast, instansi, pegawai):
    template = SkpTemplate.objects.create(jabatan=JabatanFactory(instansi=instansi), nama="Templat analis")
    koreksi = KoreksiAtasan.objects.create(pegawai=pegawai, alasan="Atasan saya sudah pindah.")
    seen_t = {r for r, u in cast.items() if SkpTemplate.objects.filter(kp.skp_template_visible_q(u), pk=template.pk)}
    seen_k = {r for r, u in cast.items() if KoreksiAtasan.objects.filter(kp.koreksi_visible_q(u), pk=koreksi.pk)}
    assert seen_t == ADMINS_HERE
    assert seen_k == ADMINS_HERE | {"pegawai"}  # the one who flagged it follows it


# --- pegawai primitives --------------------------------------------------------------------------


def test_managed_instansi_q_is_everything_only_for_admin_bkn(cast, instansi, instansi_lain):
    from pegawai.models import Instansi

    def managed(role):
        return set(Instansi.objects.filter(pp.managed_instansi_q(cast[role], field="pk")).values_list("pk", flat=True))

    assert managed("admin_bkn") >= {instansi.pk, instansi_lain.pk}
    assert managed("admin_bkd") == {instansi.pk}
    assert managed("admin_lain") == {instansi_lain.pk}
    for plain in ("pegawai", "penilai", "atasan_penilai", "akun_tanpa_pegawai"):
        assert managed(plain) == set(), plain


def test_single_instansi_of_never_means_everything(cast, instansi, instansi_lain):
    assert pp.single_instansi_of(cast["admin_bkd"]) == instansi.pk
    assert pp.single_instansi_of(cast["admin_lain"]) == instansi_lain.pk
    for role in ("admin_bkn", "pegawai", "penilai", "akun_tanpa_pegawai"):
        assert pp.single_instansi_of(cast[role]) is None, role


def test_nothing_q_matches_no_row_and_needs_no_query(cast, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert list(Pegawai.objects.filter(pp.nothing_q())) == []


def test_pegawai_imports_no_other_app():
    base = pathlib.Path(settings.BASE_DIR) / "pegawai"
    offenders = []
    for path in base.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.name}: {n}" for n in names if n.split(".")[0] in {"kinerja", "pelatihan", "rekrutmen", "survei"}
            ]
    assert offenders == []


# --- API lookups go through the viewer's scope: out of scope is 404, visible but not allowed 403 ---


def _api(user):
    from rest_framework.test import APIClient

    c = APIClient()
    c.force_authenticate(user)
    return c


def test_koreksi_and_template_endpoints_hide_other_instansi(cast, instansi, pegawai, pegawai_lain, atasan_penilai):
    koreksi = KoreksiAtasan.objects.create(pegawai=pegawai, alasan="Atasan saya sudah pindah.")
    template = SkpTemplate.objects.create(jabatan=JabatanFactory(instansi=instansi), nama="Templat analis")
    foreign, own = _api(cast["admin_lain"]), _api(cast["pegawai"])
    resolve = f"/api/kinerja/koreksi-atasan/{koreksi.pk}/resolve/"
    reject = f"/api/kinerja/koreksi-atasan/{koreksi.pk}/reject/"
    assert foreign.post(resolve, {"atasan": None}, format="json").status_code == 404
    assert foreign.post(reject, {"catatan": "x"}, format="json").status_code == 404
    assert own.post(resolve, {"atasan": None}, format="json").status_code == 403  # theirs to see, not to resolve
    assert (
        foreign.post(f"/api/kinerja/skp-template/{template.pk}/push/", {"periode": 1}, format="json").status_code == 404
    )
    koreksi.refresh_from_db()
    assert koreksi.status == KoreksiAtasan.Status.OPEN
    # The admin of the instansi cannot name an atasan from another instansi (answered as not found).
    r = _api(cast["admin_bkd"]).post(resolve, {"atasan": pegawai_lain.pk}, format="json")
    assert r.status_code == 400 and "atasan" in r.json()
    # An ASN proposing an atasan: only from their own instansi.
    KoreksiAtasan.objects.all().delete()
    r = own.post("/api/kinerja/koreksi-atasan/", {"alasan": "Salah", "usulan_atasan": pegawai_lain.pk}, format="json")
    assert r.status_code == 400 and "usulan_atasan" in r.json()
    assert (
        own.post(
            "/api/kinerja/koreksi-atasan/", {"alasan": "Salah", "usulan_atasan": atasan_penilai.pk}, format="json"
        ).status_code
        == 201
    )


def test_export_of_an_invisible_pegawai_is_404(cast, client, pegawai, rekan):
    from django.urls import reverse

    url = reverse("kinerja:export_pegawai_xlsx", args=[pegawai.pk])
    for role in ("rekan", "admin_lain", "akun_tanpa_pegawai"):
        client.force_login(cast[role])
        assert client.get(url).status_code == 404, role
    client.force_login(cast["penilai"])
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "role,expected",
    [("admin_bkd", {"own"}), ("admin_lain", {"other"}), ("admin_bkn", {"own", "other"}), ("pegawai", None)],
)
def test_template_pages_offer_only_the_managed_instansi_jabatan(cast, client, instansi, instansi_lain, role, expected):
    own, other = JabatanFactory(instansi=instansi), JabatanFactory(instansi=instansi_lain)
    client.force_login(cast[role])
    for url in ("/kinerja/skp/templat/", "/kinerja/skp/templat/baru/"):
        response = client.get(url)
        if expected is None:
            assert response.status_code == 403
            continue
        offered = {j.pk for j in response.context["jabatan_list"]}
        assert {name for name, j in (("own", own), ("other", other)) if j.pk in offered} == expected, url
