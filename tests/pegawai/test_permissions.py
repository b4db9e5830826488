"""Role x action matrix for employee records, on the pages and the API: grants AND denials.

Cast (tests/conftest.py): atasan_penilai (head of the OPD) -> penilai (head of a bidang) -> pegawai;
`rekan` is another subordinate of atasan_penilai (outside penilai's tree); admin_bkd is the admin of
the same instansi; pegawai_lain / admin_lain live in another instansi; admin_bkn sees everything.
"""

import pytest
from django.urls import reverse

from pegawai import permissions
from pegawai.models import Pegawai
from tests.pegawai.factories import PegawaiFactory

ROLES = ["pegawai", "penilai", "atasan_penilai", "admin_bkd", "admin_lain", "admin_bkn", "akun_tanpa_pegawai"]
TARGETS = ["pegawai", "penilai", "atasan_penilai", "rekan", "pegawai_lain"]

# Who may read whom. Everything not listed is a 404 (existence is not revealed).
READ = {
    "pegawai": {"pegawai"},  # an ASN: own record only
    "penilai": {"penilai", "pegawai"},  # own + direct subordinate; not their atasan, not rekan
    "atasan_penilai": {"atasan_penilai", "penilai", "pegawai", "rekan"},  # indirect subordinates too
    "admin_bkd": {"pegawai", "penilai", "atasan_penilai", "rekan"},  # own instansi only
    "admin_lain": {"pegawai_lain"},  # the other instansi only
    "admin_bkn": set(TARGETS),  # all instansi
    "akun_tanpa_pegawai": set(),  # no pegawai, no role: nobody
}
# Who may edit whom (and is not merely able to read it: that answers 403).
EDIT = {
    "admin_bkd": {"pegawai", "penilai", "atasan_penilai", "rekan"},
    "admin_lain": {"pegawai_lain"},
    "admin_bkn": set(TARGETS),
}
CREATE = {"admin_bkd", "admin_lain", "admin_bkn"}


@pytest.fixture
def rekan(unit_opd, atasan_penilai):
    return PegawaiFactory(unit_kerja=unit_opd, atasan=atasan_penilai, nama="Rekan Sekretariat")


@pytest.fixture
def cast(request, pegawai, penilai, atasan_penilai, rekan, pegawai_lain, admin_bkd, admin_lain, admin_bkn):
    return request


def _get(request, name):
    return request.getfixturevalue(name)


def _user(request, role):
    obj = _get(request, role)
    return obj.user if isinstance(obj, Pegawai) else obj


def _expected_read(role, target):
    return target in READ[role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", TARGETS)
def test_profile_page_read_matrix(cast, client, role, target):
    client.force_login(_user(cast, role))
    response = client.get(reverse("pegawai:profil", args=[_get(cast, target).pk]))
    assert response.status_code == (200 if _expected_read(role, target) else 404)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", TARGETS)
def test_api_read_matrix(cast, client, role, target):
    client.force_login(_user(cast, role))
    response = client.get(f"/api/pegawai/{_get(cast, target).pk}/")
    assert response.status_code == (200 if _expected_read(role, target) else 404)


@pytest.mark.parametrize("role", ROLES)
def test_api_list_holds_exactly_the_readable_records(cast, client, role):
    client.force_login(_user(cast, role))
    response = client.get("/api/pegawai/", {"page_size": 100})
    assert response.status_code == 200
    seen = {row["id"] for row in response.json()["results"]}
    expected = {_get(cast, t).pk for t in READ[role]}
    # Admins also see the admins' own records and the like; the cast targets must match exactly.
    cast_ids = {_get(cast, t).pk for t in TARGETS}
    assert seen & cast_ids == expected
    if role == "akun_tanpa_pegawai":
        assert seen == set()


@pytest.mark.parametrize("role", ROLES)
def test_directory_page_lists_exactly_the_readable_records(cast, client, role):
    client.force_login(_user(cast, role))
    response = client.get(reverse("pegawai:direktori"))
    assert response.status_code == 200
    seen = {p.pk for p in response.context["page"]}
    cast_ids = {_get(cast, t).pk for t in TARGETS}
    assert seen & cast_ids == {_get(cast, t).pk for t in READ[role]}


def _edit_status(role, target):
    if target in EDIT.get(role, set()):
        return 200
    return 403 if _expected_read(role, target) else 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", TARGETS)
def test_edit_page_matrix(cast, client, role, target):
    client.force_login(_user(cast, role))
    response = client.get(reverse("pegawai:edit", args=[_get(cast, target).pk]))
    assert response.status_code == _edit_status(role, target)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", TARGETS)
def test_api_patch_matrix(cast, client, role, target):
    obj = _get(cast, target)
    client.force_login(_user(cast, role))
    response = client.patch(f"/api/pegawai/{obj.pk}/", {"nomor_hp": "081234567890"}, content_type="application/json")
    assert response.status_code == _edit_status(role, target)
    obj.refresh_from_db()
    assert (obj.nomor_hp == "081234567890") == (response.status_code == 200)


@pytest.mark.parametrize("role", ROLES)
def test_create_page_and_api_only_for_admins(cast, client, role):
    client.force_login(_user(cast, role))
    page = client.get(reverse("pegawai:create"))
    api = client.post("/api/pegawai/", {}, content_type="application/json")
    if role in CREATE:
        assert page.status_code == 200
        assert api.status_code == 400  # allowed, but the empty body is refused field by field
    else:
        assert page.status_code == 403
        assert api.status_code == 403


@pytest.mark.parametrize(
    "role,expected",
    [
        ("pegawai", 403),  # sees the unit (own instansi's chart) but may not change it
        ("penilai", 403),
        ("admin_bkd", 200),
        ("admin_lain", 404),  # another instansi's unit is invisible
        ("admin_bkn", 200),
        ("akun_tanpa_pegawai", 404),
    ],
)
def test_unit_edit_page_and_api(cast, client, unit_bidang, role, expected):
    client.force_login(_user(cast, role))
    page = client.get(reverse("pegawai:unit_edit", args=[unit_bidang.pk]))
    api = client.patch(f"/api/unit-kerja/{unit_bidang.pk}/", {"nama": "Bidang Baru"}, content_type="application/json")
    assert page.status_code == expected
    assert api.status_code == expected
    unit_bidang.refresh_from_db()
    assert (unit_bidang.nama == "Bidang Baru") == (expected == 200)


@pytest.mark.parametrize(
    "role,visible",
    [("pegawai", True), ("admin_lain", False), ("admin_bkn", True), ("akun_tanpa_pegawai", False)],
)
def test_unit_kerja_visibility(cast, client, unit_bidang, role, visible):
    client.force_login(_user(cast, role))
    assert client.get(f"/api/unit-kerja/{unit_bidang.pk}/").status_code == (200 if visible else 404)
    ids = {u["id"] for u in client.get("/api/unit-kerja/", {"page_size": 100}).json()["results"]}
    assert (unit_bidang.pk in ids) == visible


def test_admin_instansi_cannot_create_a_unit_in_another_instansi(cast, client, unit_bidang, instansi_lain):
    client.force_login(_user(cast, "admin_lain"))
    response = client.post(
        "/api/unit-kerja/", {"nama": "Seksi Susupan", "parent": unit_bidang.pk}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "parent" in response.json()
    assert not unit_bidang.children.exists()


def test_predicates_agree_with_the_matrix(cast):
    for role in ROLES:
        user = _user(cast, role)
        for target in TARGETS:
            obj = _get(cast, target)
            assert permissions.can_view_pegawai(user, obj) == _expected_read(role, target), (role, target)
            assert permissions.can_edit_pegawai(user, obj) == (target in EDIT.get(role, set())), (role, target)


def test_atasan_is_derived_from_the_data(cast):
    assert permissions.is_atasan(_user(cast, "penilai"))
    assert permissions.is_atasan(_user(cast, "atasan_penilai"))
    assert not permissions.is_atasan(_user(cast, "pegawai"))
    assert not permissions.is_atasan(_user(cast, "akun_tanpa_pegawai"))


@pytest.mark.parametrize(
    "role,allowed", [("pegawai", False), ("penilai", True), ("admin_bkd", False), ("akun_tanpa_pegawai", False)]
)
def test_tim_saya_is_for_pegawai_accounts(cast, client, role, allowed):
    client.force_login(_user(cast, role))
    response = client.get(reverse("pegawai:tim_saya"))
    if role == "akun_tanpa_pegawai":
        assert response.status_code == 403
        return
    assert response.status_code == 200
    names = {m.pk for m in response.context["members"]}
    assert (_get(cast, "pegawai").pk in names) == allowed


def test_anonymous_is_sent_to_login_and_api_answers_401_or_403(client, pegawai):
    response = client.get(reverse("pegawai:profil", args=[pegawai.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert client.get("/api/pegawai/").status_code in (401, 403)


# Choices offered on the create/edit form come from managed_instansi_q: an admin instansi picks only
# inside their instansi, admin BKN everywhere, anyone else nothing (fail closed, no "None = all").
CHOICES = {
    "admin_bkd": {"own"},
    "admin_lain": {"other"},
    "admin_bkn": {"own", "other"},
}


@pytest.mark.parametrize("role", ROLES)
def test_form_choices_follow_the_managed_instansi(cast, role, unit_bidang, pegawai_lain):
    from pegawai.forms import PegawaiForm

    form = PegawaiForm(user=_user(cast, role))
    units = set(form.fields["unit_kerja"].queryset.values_list("pk", flat=True))
    offered = {"own"} if unit_bidang.pk in units else set()
    offered |= {"other"} if pegawai_lain.unit_kerja_id in units else set()
    assert offered == CHOICES.get(role, set())
