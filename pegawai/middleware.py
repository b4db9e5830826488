"""Send a logged-in user who owes a second factor to /accounts/mfa/ before any other page."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from pegawai import mfa

# Reachable before the second step: signing in and out, the second step itself, password reset (it
# proves control of the e-mail address, not of the session), the language switch, static files, health
# probes, and the token endpoint (which asks for the code itself, pegawai/api.py).
EXEMPT_PREFIXES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/mfa/",
    "/accounts/password/reset/",
    "/accounts/reset/",
    "/i18n/",
    "/healthz",
    "/api/auth/token/",
)


class MfaRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_verify(request):
            if request.path.startswith("/api/"):
                # Session-authenticated API calls: no redirect a script could follow into HTML.
                return JsonResponse({"detail": _("Verifikasi dua langkah diperlukan.")}, status=403)
            return redirect(f"{reverse('mfa_verify')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _must_verify(request) -> bool:
        if not mfa.mfa_enforced():
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return False
        path = request.path
        if path.startswith(EXEMPT_PREFIXES) or path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return False
        if mfa.mfa_required(user):
            return True
        has_device = request.session.get(mfa.HAS_DEVICE_SESSION_KEY)
        if has_device is None:  # a session from before this check existed, or force_login in a test
            has_device = mfa.has_confirmed_device(user)
            request.session[mfa.HAS_DEVICE_SESSION_KEY] = has_device
        return has_device
