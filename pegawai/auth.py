"""Login with a username or a NIP (spaces and dots allowed, as NIPs are printed), and the hooks that
make django-axes count failures per account rather than per typed string (docs/keamanan.md)."""

from __future__ import annotations

import contextlib

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from pegawai.rules import normalize_nip


def find_user(typed: str | None):
    """The account a typed login name means: an 18-digit NIP (printed with any separators) first, then
    the user name. None for an unknown name."""
    if not typed:
        return None
    user_model = get_user_model()
    candidate = normalize_nip(typed)
    user = None
    if candidate.isdigit() and len(candidate) == 18:
        user = user_model.objects.filter(pegawai__nip=candidate).first()
    if user is None:
        user = user_model.objects.filter(username=typed.strip()).first()
    return user


class NipOrUsernameBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = find_user(username)
        if user is None:
            get_user_model()().set_password(password)  # same cost as a real check (timing)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def client_ip(request) -> str:
    """The client's address as DRF's throttles see it: with REST_FRAMEWORK["NUM_PROXIES"] proxies in
    front (nginx in production), the address the last proxy put in X-Forwarded-For, never what the
    client wrote there; else REMOTE_ADDR. AXES_CLIENT_IP_CALLABLE and the password reset throttle use
    it, so that behind the proxy not everyone shares the proxy's address."""
    from rest_framework.throttling import BaseThrottle

    return BaseThrottle().get_ident(request) or ""


# --- django-axes hooks -------------------------------------------------------------------------
# Axes keys its failure records by the string that was typed, so "demo.admin" and the same account's
# NIP were two counters: ten wrong passwords by name left the account open by NIP. These hooks resolve
# the typed string to the account's canonical user name (unknown strings stay as typed) and throttle
# unknown names per IP address, so guessing names is bounded too.

_RESOLVED_ATTR = "_kinerja_axes_account"


def _typed_name(request, credentials) -> str:
    if credentials and credentials.get("username"):
        return str(credentials["username"])
    data = getattr(request, "data", None) or getattr(request, "POST", None) or {}
    return str(data.get("username", "") or "")


def _resolve(request, credentials) -> tuple[str, bool]:
    """(name to count failures under, whether it is a known account); cached on the request because
    axes asks several times per login attempt."""
    typed = _typed_name(request, credentials)
    cache = getattr(request, _RESOLVED_ATTR, None)
    if cache is not None and cache[0] == typed:
        return cache[1]
    user = find_user(typed)
    result = (user.get_username(), True) if user is not None else (typed.strip(), False)
    with contextlib.suppress(AttributeError):  # an object that refuses attributes: just no cache
        setattr(request, _RESOLVED_ATTR, (typed, result))
    return result


def axes_username(request, credentials=None) -> str:
    """AXES_USERNAME_CALLABLE: the canonical user name of the account the typed name means."""
    return _resolve(request, credentials)[0]


def axes_lockout_parameters(request_or_attempt, credentials=None) -> list:
    """AXES_LOCKOUT_PARAMETERS: a known account is locked per (account, IP address), whatever name
    was typed; an unknown name is throttled per IP address (all failures from that address count)."""
    if not hasattr(request_or_attempt, "META"):  # an AccessAttempt row: its username is canonical
        known = find_user(request_or_attempt.username) is not None
    else:
        known = _resolve(request_or_attempt, credentials)[1]
    return [["username", "ip_address"]] if known else ["ip_address"]
