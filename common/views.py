from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import defaults

from pegawai import permissions


@login_required
def home(request):
    user = request.user
    return render(
        request,
        "home.html",
        {
            "pegawai": user.pegawai_or_none,
            "is_atasan": permissions.is_atasan(user),
            "is_admin": permissions.is_admin(user),
        },
    )


def module_placeholder(title):
    """A page for a module whose issue has not landed yet: says so instead of a 404."""

    @login_required
    def view(request):
        return render(request, "module_placeholder.html", {"title": title})

    return view


MODULES: dict = {}  # every module has landed; a new one shows a placeholder until its pages do


# --- Error pages: JSON under /api/ (clients parse it), Indonesian HTML pages elsewhere ---------


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _json_error(message, status: int) -> JsonResponse:
    return JsonResponse({"detail": str(message)}, status=status)


def bad_request(request, exception):
    if _is_api(request):
        return _json_error(_("Permintaan tidak valid."), 400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if _is_api(request):
        return _json_error(_("Anda tidak berhak melakukan tindakan ini."), 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if _is_api(request):
        return _json_error(_("Tidak ditemukan."), 404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return _json_error(_("Terjadi kesalahan pada server. Silakan coba lagi."), 500)
    return defaults.server_error(request)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: send them to the SVG icon."""
    from django.shortcuts import redirect
    from django.templatetags.static import static

    return redirect(static("favicon.svg"), permanent=True)
