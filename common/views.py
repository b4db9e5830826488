from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

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


MODULES = {
    "pelatihan": _("Pelatihan"),
    "rekrutmen": _("Rekrutmen"),
    "survei": _("Survei Kepuasan Masyarakat"),
}
