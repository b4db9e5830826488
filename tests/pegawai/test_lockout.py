"""Defect 5: django-axes counts failed logins per account, whether the user name or the NIP was typed;
unknown names are throttled per IP address. Axes is off in test settings, so each test turns it on."""

import pytest
from axes.models import AccessAttempt

from tests.pegawai.factories import PegawaiFactory

PASSWORD = "rahasia-uji-123"
LIMIT = 10


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = LIMIT


def _login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def _fail(client, username, times=LIMIT):
    for _ in range(times):
        _login(client, username, "salah-sekali")


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_failures_by_user_name_lock_the_account_for_its_nip_too(client, pegawai, axes_on):
    _fail(client, pegawai.user.username)
    response = _login(client, pegawai.nip, PASSWORD)
    assert not _logged_in(client)
    assert response.status_code == 429
    text = response.content.decode()
    assert "Akun dikunci sementara" in text
    assert "baik masuk dengan nama pengguna maupun NIP" in text
    # One counter for the account, stored under its canonical user name.
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {pegawai.user.username}


def test_failures_by_printed_nip_lock_the_user_name(client, pegawai, axes_on):
    printed = f"{pegawai.nip[:8]} {pegawai.nip[8:14]} {pegawai.nip[14]} {pegawai.nip[15:]}"
    _fail(client, printed)
    _login(client, pegawai.user.username, PASSWORD)
    assert not _logged_in(client)


def test_nine_failures_do_not_lock(client, pegawai, axes_on):
    _fail(client, pegawai.nip, LIMIT - 1)
    assert _login(client, pegawai.user.username, PASSWORD).status_code == 302
    assert _logged_in(client)


def test_another_account_is_unaffected(client, pegawai, unit_bidang, axes_on):
    lain = PegawaiFactory(unit_kerja=unit_bidang)
    _fail(client, pegawai.user.username)
    assert _login(client, lain.nip, PASSWORD).status_code == 302
    assert _logged_in(client)


def test_unknown_names_are_throttled_per_ip_address(client, pegawai, axes_on):
    for i in range(LIMIT):
        _login(client, f"tebakan.{i}", "salah")
    response = _login(client, "tebakan.baru", "salah")
    assert response.status_code == 429
    # Known accounts are counted per account, so the same address can still log in to them.
    assert _login(client, pegawai.user.username, PASSWORD).status_code == 302


def test_unknown_name_failures_are_stored_as_typed(client, db, axes_on):
    _login(client, "  Tidak.Ada ", "salah")
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["Tidak.Ada"]


def test_behind_the_proxy_unknown_names_are_throttled_per_client(client, db, axes_on, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = {"REMOTE_ADDR": "10.9.9.9"}
    for i in range(LIMIT):
        client.post("/accounts/login/", {"username": f"tebakan.{i}", "password": "x"},
                    HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)  # fmt: skip
    locked = client.post("/accounts/login/", {"username": "lagi", "password": "x"},
                         HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)  # fmt: skip
    assert locked.status_code == 429
    other = client.post("/accounts/login/", {"username": "lagi", "password": "x"},
                        HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)  # fmt: skip
    assert other.status_code == 200  # the login form again, not the lockout page
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5", "198.51.100.7"}
