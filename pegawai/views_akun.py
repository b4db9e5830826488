"""Account security pages: the second login step, authenticator enrolment, and "Keamanan akun"
(recovery codes, optional MFA for non-admins). Logic lives in pegawai.mfa."""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from pegawai import mfa
from pegawai.auth import client_ip


class KodeForm(forms.Form):
    kode = forms.CharField(
        label=gettext_lazy("Kode verifikasi"),
        max_length=32,
        help_text=gettext_lazy("6 angka dari aplikasi autentikator, atau salah satu kode pemulihan."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )


class KonfirmasiForm(forms.Form):
    kode = forms.CharField(
        label=gettext_lazy("Kode dari aplikasi"),
        max_length=16,
        help_text=gettext_lazy("Masukkan 6 angka yang sedang tampil di aplikasi autentikator."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("home")


def _with_next(url_name: str, request) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': _next(request)})}"


@login_required
def mfa_verify(request):
    """Second login step: a TOTP code or a recovery code."""
    user = request.user
    if user.is_verified() or not mfa.mfa_applies(user):
        return redirect(_next(request))
    if not mfa.has_confirmed_device(user):  # an admin who has not enrolled yet
        return redirect(_with_next("mfa_enrol", request))
    form = KodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = mfa.mfa_verify(user=user, code=form.cleaned_data["kode"])
        if device is None:
            form.add_error("kode", _("Kode salah atau sudah dipakai. Coba lagi dengan kode yang sedang tampil."))
        else:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                messages.warning(
                    request,
                    _("Anda masuk dengan kode pemulihan. Sisa kode pemulihan: %(n)d.")
                    % {"n": mfa.recovery_codes_left(user)},
                )
            return redirect(_next(request))
    return render(request, "registration/mfa_verify.html", {"form": form, "next": _next(request), "hide_nav": True})


@login_required
def mfa_enrol(request):
    """Enrol an authenticator: QR code and secret, confirm with a code, then the recovery codes once."""
    user = request.user
    if mfa.has_confirmed_device(user) and not user.is_verified():
        # Replacing an authenticator needs the current one (or a recovery code) first.
        return redirect(_with_next("mfa_verify", request))
    form = KonfirmasiForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = mfa.totp_confirm(user=user, code=form.cleaned_data["kode"])
        except mfa.MfaError as e:
            form.add_error("kode", str(e))
        else:
            otp_login(request, user.totpdevice_set.get(confirmed=True))
            request.session[mfa.HAS_DEVICE_SESSION_KEY] = True
            # Shown in this response only: the codes are never displayed again.
            return render(request, "registration/mfa_recovery_codes.html", {"codes": codes, "next": _next(request)})
    device = mfa.totp_pending_device(user)
    context = {
        "form": form,
        "qr_svg": mfa.qr_svg(device),
        "secret": mfa.secret_grouped(device),
        "next": _next(request),
        "wajib": mfa.mfa_required(user),
        "hide_nav": not user.is_verified(),
    }
    return render(request, "registration/mfa_enrol.html", context)


@login_required
def keamanan_akun(request):
    user = request.user
    context = {
        "aktif": mfa.has_confirmed_device(user),
        "wajib": mfa.mfa_required(user),
        "sisa_kode": mfa.recovery_codes_left(user),
    }
    return render(request, "registration/keamanan_akun.html", context)


@login_required
@require_POST
def recovery_codes_new(request):
    user = request.user
    if not mfa.has_confirmed_device(user):
        return redirect("keamanan_akun")
    if not user.is_verified():  # the middleware sends them to /accounts/mfa/ first; belt and braces
        return redirect(_with_next("mfa_verify", request))
    codes = mfa.recovery_codes_regenerate(user=user)
    return render(request, "registration/mfa_recovery_codes.html", {"codes": codes, "next": reverse("keamanan_akun")})


@login_required
@require_POST
def mfa_off(request):
    if mfa.has_confirmed_device(request.user) and not request.user.is_verified():
        return redirect(_with_next("mfa_verify", request))
    try:
        mfa.mfa_disable(user=request.user)
    except mfa.MfaError as e:
        messages.error(request, str(e))
    else:
        request.session[mfa.HAS_DEVICE_SESSION_KEY] = False
        messages.success(request, _("Verifikasi dua langkah dinonaktifkan."))
    return redirect("keamanan_akun")


# --- password reset by e-mail ------------------------------------------------------------------
# Django's views (signed, single-use, expiring links). Two throttles in the cache (Redis in production):
# per client address, answered with a form error, and per e-mail address, answered exactly like a sent
# link so that the page never tells whether an address belongs to an account.

RESET_LIMIT_PER_IP = 5
RESET_LIMIT_PER_EMAIL = 3
RESET_WINDOW = 60 * 60  # seconds


def _hit(key: str) -> int:
    """Count one request under `key` in the current window; the count so far."""
    cache.add(key, 0, RESET_WINDOW)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RESET_WINDOW)
        return 1


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        ip = client_ip(self.request)
        if _hit(f"pwreset:ip:{ip}") > RESET_LIMIT_PER_IP:
            form.add_error(None, _("Terlalu banyak permintaan atur ulang kata sandi. Coba lagi dalam satu jam."))
            return self.form_invalid(form)
        email = form.cleaned_data["email"].strip().lower()
        digest = hashlib.sha256(email.encode()).hexdigest()
        if _hit(f"pwreset:email:{digest}") > RESET_LIMIT_PER_EMAIL:
            return redirect(self.get_success_url())  # same answer as a sent link; nothing is sent
        return super().form_valid(form)
