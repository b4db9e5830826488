"""Two-step verification: admins must enrol and give a TOTP or recovery code before any page; others
may enrol from "Keamanan akun". Real django-otp devices and real TOTP codes (django_otp.oath.totp)."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pegawai import mfa

PASSWORD = "rahasia-uji-123"


@pytest.fixture(autouse=True)
def mfa_on(settings):
    settings.MFA_ENFORCED = True


def code_for(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="uji", confirmed=True)


def login(client, username):
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return response


@pytest.fixture
def admin_user(admin_bkd):
    return admin_bkd.user


# --- admins -------------------------------------------------------------------------------------


def test_admin_without_device_is_sent_to_enrolment_and_enrols(client, admin_user):
    login(client, admin_user.username)
    response = client.get("/pegawai/")
    assert response.status_code == 302
    assert response.url == "/accounts/mfa/?next=%2Fpegawai%2F"
    response = client.get(response.url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/mfa/daftar/")

    page = client.get(response.url)
    text = page.content.decode()
    assert "<svg" in text  # the QR code, inline
    device = TOTPDevice.objects.get(user=admin_user, confirmed=False)
    secret = re.search(r'<code id="mfa-secret">([A-Z2-7 ]+)</code>', text).group(1).replace(" ", "")
    assert secret == mfa.secret_base32(device)
    assert client.get("/accounts/mfa/daftar/").content.decode().count(page.context["secret"]) == 1  # same secret

    wrong = client.post("/accounts/mfa/daftar/", {"kode": "000000" if code_for(device) != "000000" else "111111"})
    assert "Kode tidak cocok" in wrong.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed

    done = client.post("/accounts/mfa/daftar/", {"kode": code_for(device), "next": "/pegawai/"})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(c in done.content.decode() for c in codes)
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get("/pegawai/").status_code == 200  # verified in this session


def test_admin_with_device_must_give_a_code_before_any_admin_page(client, admin_user):
    device = enrolled(admin_user)
    login(client, admin_user.username)
    for path in ("/", "/pegawai/", "/pegawai/impor/", "/admin/", "/accounts/keamanan/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith("/accounts/mfa/?next=")
        assert response.content == b""  # a redirect, not the page
    page = client.get("/accounts/mfa/?next=/pegawai/impor/")
    assert page.status_code == 200
    assert "Verifikasi dua langkah" in page.content.decode()

    ok = client.post("/accounts/mfa/", {"kode": code_for(device), "next": "/pegawai/impor/"})
    assert ok.status_code == 302 and ok.url == "/pegawai/impor/"
    assert client.get("/pegawai/").status_code == 200


def test_wrong_code_is_refused(client, admin_user, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp backs off after a failure; not what this tests
    device = enrolled(admin_user)
    login(client, admin_user.username)
    good = code_for(device)
    bad = f"{(int(good) + 1) % 1_000_000:06d}"
    response = client.post("/accounts/mfa/", {"kode": bad})
    assert response.status_code == 200
    assert "Kode salah atau sudah dipakai" in response.content.decode()
    assert client.get("/pegawai/").status_code == 302
    assert client.post("/accounts/mfa/", {"kode": "tidak-ada"}).status_code == 200  # no recovery codes either
    assert client.get("/pegawai/").status_code == 302
    assert client.post("/accounts/mfa/", {"kode": good}).status_code == 302
    assert client.get("/pegawai/").status_code == 200


def test_wrong_codes_are_throttled(client, admin_user):
    device = enrolled(admin_user)
    login(client, admin_user.username)
    good = code_for(device)
    client.post("/accounts/mfa/", {"kode": f"{(int(good) + 1) % 1_000_000:06d}"})
    # Right after a failure even the right code waits (django-otp's exponential back-off).
    assert client.post("/accounts/mfa/", {"kode": good}).status_code == 200
    assert client.get("/pegawai/").status_code == 302


def test_a_totp_code_is_accepted_once(client, admin_user):
    device = enrolled(admin_user)
    login(client, admin_user.username)
    code = code_for(device)
    assert client.post("/accounts/mfa/", {"kode": code}).status_code == 302
    client.post("/accounts/logout/")
    login(client, admin_user.username)
    assert client.post("/accounts/mfa/", {"kode": code}).status_code == 200  # replay refused
    assert client.get("/pegawai/").status_code == 302


def test_recovery_code_works_once(client, admin_user, settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0  # the refused replay would otherwise delay the next code
    enrolled(admin_user)
    codes = mfa.recovery_codes_regenerate(user=admin_user)
    login(client, admin_user.username)
    printed = f"{codes[3][:4].upper()}-{codes[3][4:].upper()}"  # as someone might type it from paper
    response = client.post("/accounts/mfa/", {"kode": printed, "next": "/pegawai/"}, follow=True)
    assert response.redirect_chain[0] == ("/pegawai/", 302)
    assert "Sisa kode pemulihan: 9" in response.content.decode()
    assert not StaticToken.objects.filter(token=codes[3]).exists()

    client.post("/accounts/logout/")
    login(client, admin_user.username)
    assert client.post("/accounts/mfa/", {"kode": codes[3]}).status_code == 200
    assert client.get("/pegawai/").status_code == 302
    assert client.post("/accounts/mfa/", {"kode": codes[4]}).status_code == 302  # another one still works


def test_new_recovery_codes_replace_the_old_ones(client, admin_user):
    device = enrolled(admin_user)
    old = mfa.recovery_codes_regenerate(user=admin_user)
    client.force_login(admin_user)
    client.post("/accounts/mfa/", {"kode": code_for(device)})
    response = client.post("/accounts/keamanan/kode-pemulihan/")
    new = response.context["codes"]
    assert len(new) == 10
    assert mfa.mfa_verify(user=admin_user, code=new[0]) is not None
    assert mfa.mfa_verify(user=admin_user, code=old[0]) is None


def test_unverified_admin_gets_no_api_data_by_session(client, admin_user):
    enrolled(admin_user)
    client.force_login(admin_user)
    response = client.get("/api/pegawai/")
    assert response.status_code == 403
    assert response.json() == {"detail": "Verifikasi dua langkah diperlukan."}


def test_admin_token_needs_an_otp_code(client, admin_user):
    url = "/api/auth/token/"
    creds = {"username": admin_user.username, "password": PASSWORD}
    not_enrolled = client.post(url, creds)
    assert not_enrolled.status_code == 400
    assert "Aktifkan verifikasi dua langkah" in not_enrolled.json()["otp"][0]

    device = enrolled(admin_user)
    assert "otp" in client.post(url, creds).json()
    assert client.post(url, {**creds, "otp": "12"}).status_code == 400
    ok = client.post(url, {**creds, "otp": code_for(device)})
    assert ok.status_code == 200, ok.content
    assert ok.json()["token"]


def test_admin_cannot_switch_mfa_off(client, admin_user):
    device = enrolled(admin_user)
    client.force_login(admin_user)
    client.post("/accounts/mfa/", {"kode": code_for(device)})
    response = client.post("/accounts/keamanan/nonaktifkan/", follow=True)
    assert "wajib untuk akun admin" in response.content.decode()
    assert TOTPDevice.objects.filter(user=admin_user, confirmed=True).exists()


def test_admin_bkn_and_superuser_need_mfa(admin_bkn, django_user_model):
    superuser = django_user_model.objects.create_superuser("super", "s@example.com", PASSWORD)
    assert mfa.mfa_required(admin_bkn)
    assert mfa.mfa_required(superuser)


# --- everyone else ------------------------------------------------------------------------------


def test_staff_without_device_is_not_asked(client, pegawai):
    assert not mfa.mfa_required(pegawai.user)
    login(client, pegawai.user.username)
    assert client.get("/pegawai/").status_code == 200
    assert client.get("/accounts/mfa/").status_code == 302  # nothing to verify: straight on
    assert client.get("/accounts/keamanan/").status_code == 200


def test_staff_enrols_optionally_and_is_then_asked_at_login(client, pegawai):
    user = pegawai.user
    login(client, user.username)
    page = client.get("/accounts/keamanan/")
    assert "Belum aktif" in page.content.decode()
    client.get("/accounts/mfa/daftar/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post("/accounts/mfa/daftar/", {"kode": code_for(device)}).status_code == 200
    assert client.get("/pegawai/").status_code == 200
    client.post("/accounts/logout/")

    later = timezone.now() + dt.timedelta(minutes=2)  # the next code; the enrolment code cannot be replayed
    with time_machine.travel(later, tick=False):
        login(client, user.username)
        assert client.get("/pegawai/").status_code == 302
        assert client.post("/accounts/mfa/", {"kode": code_for(device)}).status_code == 302
        assert client.get("/pegawai/").status_code == 200
        # and may switch it off again
        client.post("/accounts/keamanan/nonaktifkan/")
    assert not TOTPDevice.objects.filter(user=user).exists()
    client.post("/accounts/logout/")
    login(client, user.username)
    assert client.get("/pegawai/").status_code == 200


def test_enrolled_staff_must_verify_before_changing_the_authenticator(client, pegawai):
    enrolled(pegawai.user)
    client.force_login(pegawai.user)
    response = client.get("/accounts/mfa/daftar/")
    assert response.status_code == 302 and response.url.startswith("/accounts/mfa/")
    assert not TOTPDevice.objects.filter(user=pegawai.user, confirmed=False).exists()


def test_exempt_paths_stay_reachable_before_verification(client, admin_user):
    enrolled(admin_user)
    client.force_login(admin_user)
    assert client.get("/healthz").status_code in (200, 503)
    assert client.get("/accounts/password/reset/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302


def test_next_must_stay_on_this_site(client, admin_user):
    device = enrolled(admin_user)
    client.force_login(admin_user)
    response = client.post("/accounts/mfa/", {"kode": code_for(device), "next": "https://jahat.example/"})
    assert response.url == "/"


def test_mfa_is_enforced_outside_tests():
    from config.settings import base

    assert base.MFA_ENFORCED is True
    production = (base.BASE_DIR / "config" / "settings" / "production.py").read_text()
    assert "MFA_ENFORCED" not in production
