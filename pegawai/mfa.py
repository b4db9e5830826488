"""Two-step verification (TOTP authenticator + one-time recovery codes) on django-otp.

Admins (admin_instansi, admin_bkn, superusers) must enrol and verify at every login; everyone else
may enrol from "Keamanan akun" and is then asked for the code too. The crypto, replay protection
(a TOTP code is accepted once) and throttling (exponential back-off after wrong codes) are django-otp's.
See docs/keamanan.md.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

import segno
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pegawai.permissions import Peran, has_peran, is_admin_bkn

if TYPE_CHECKING:
    from django_otp.models import Device

    from pegawai.models import User

TOTP_NAME = "Aplikasi autentikator"
RECOVERY_NAME = "Kode pemulihan"
RECOVERY_CODES = 10
# Set at login (and refreshed on enrolment): whether this account has a confirmed authenticator, so
# the middleware does not query devices on every request of a user who never enrolled.
HAS_DEVICE_SESSION_KEY = "mfa_has_device"


class MfaError(Exception):
    """A user-facing refusal (message in Bahasa Indonesia)."""


def mfa_required(user: User) -> bool:
    """Roles that must use two-step verification: whoever administers employee records."""
    return is_admin_bkn(user) or has_peran(user, Peran.ADMIN_INSTANSI)


def mfa_enforced() -> bool:
    """False only in test settings (like AXES_ENABLED): MFA tests turn it on per test."""
    return getattr(settings, "MFA_ENFORCED", True)


def has_confirmed_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def mfa_applies(user: User) -> bool:
    """Whether this account must give a code after its password."""
    return mfa_required(user) or has_confirmed_device(user)


def totp_pending_device(user: User) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled (the same one on a reload, so the QR code shown
    stays valid until it is confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it when typed in (RFC 4648 base32, no padding)."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def secret_grouped(device: TOTPDevice) -> str:
    raw = secret_base32(device)
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code (no image request, no external service)."""
    # config_url carries the issuer from OTP_TOTP_ISSUER, so the app lists "Kinerja ASN:<user name>".
    return segno.make(device.config_url, error="m").svg_inline(scale=4)


def _is_totp_shaped(code: str) -> bool:
    return code.isdigit() and len(code) in (6, 8)


def clean_code(code: str) -> str:
    return "".join(str(code or "").split()).replace("-", "").lower()


@transaction.atomic
def totp_confirm(*, user: User, code: str) -> list[str]:
    """Confirm the pending authenticator with a code from it; replace any older authenticator and
    issue fresh recovery codes (returned in clear once; stored only on the device row). Raises MfaError."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        raise MfaError(_("Tidak ada pendaftaran autentikator yang sedang berjalan. Mulai lagi."))
    code = clean_code(code)
    if not _is_totp_shaped(code) or not device.verify_token(code):
        raise MfaError(_("Kode tidak cocok. Periksa jam ponsel Anda lalu masukkan kode yang sedang tampil."))
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_regenerate(user=user)


@transaction.atomic
def recovery_codes_regenerate(*, user: User) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODES new ones (old ones stop working)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def mfa_verify(*, user: User, code: str) -> Device | None:
    """The device that accepts `code` (a TOTP code or a recovery code, which is then used up), or
    None. A 6/8-digit code is tried on the authenticator only and anything else on recovery codes only,
    so a mistyped TOTP does not throttle the recovery codes and vice versa."""
    code = clean_code(code)
    if not code:
        return None
    model = TOTPDevice if _is_totp_shaped(code) else StaticDevice
    for device in model.objects.filter(user=user, confirmed=True).order_by("pk"):
        with transaction.atomic():
            # Lock the row: two concurrent submissions of one recovery code must not both pass.
            device = type(device).objects.select_for_update().get(pk=device.pk)
            if device.verify_token(code):
                return device
    return None


@transaction.atomic
def mfa_disable(*, user: User) -> None:
    """Remove the authenticator and recovery codes of an account that is not required to use them."""
    if mfa_required(user):
        raise MfaError(_("Verifikasi dua langkah wajib untuk akun admin dan tidak dapat dinonaktifkan."))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


@transaction.atomic
def totp_install_fixed_secret(*, user: User, secret_b32: str) -> TOTPDevice:
    """Demo data only (seed_demo): a confirmed authenticator with a published secret, so newcomers can
    log in as the demo admins. Idempotent: an existing device with that secret is kept."""
    key_hex = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8)).hex()
    existing = TOTPDevice.objects.filter(user=user, confirmed=True, key=key_hex).first()
    if existing is not None:
        return existing
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name=TOTP_NAME, key=key_hex, confirmed=True)
