"""Navigation by role: every page shows only the sections the user may open."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from pegawai import permissions


def _survei_permissions():
    from survei import permissions  # local: common knows no app at import time

    return permissions


# (label, url name, who may see it): a predicate over the user.
_SECTIONS = [
    (_("Beranda"), "home", lambda u: True),
    (_("Pegawai"), "pegawai:direktori", lambda u: True),
    (_("Tim saya"), "pegawai:tim_saya", permissions.is_atasan),
    (_("Unit kerja"), "pegawai:unit_tree", lambda u: True),
    (_("Kinerja"), "kinerja:index", lambda u: True),
    (_("SKP"), "kinerja:skp_index", lambda u: u.pegawai_or_none is not None),
    (_("Log harian"), "kinerja:log_list", lambda u: u.pegawai_or_none is not None),
    (_("Persetujuan log"), "kinerja:log_queue", permissions.is_atasan),
    (_("Pelatihan"), "pelatihan:index", lambda u: True),
    (
        _("Rekrutmen"),
        "rekrutmen:index",
        # panitia and admins manage; an account with no pegawai is an applicant (rekrutmen:index routes)
        lambda u: (
            permissions.is_admin(u)
            or permissions.has_peran(u, permissions.Peran.PANITIA_SELEKSI)
            or u.pegawai_or_none is None
        ),
    ),
    (_("Survei"), "survei:index", lambda u: _survei_permissions().can_view_survei(u)),
    (_("Impor pegawai"), "pegawai:import", permissions.can_import_pegawai),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for label, url_name, allowed in _SECTIONS:
        if not allowed(user):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "active": False})
    # Only the most specific section is current: /pegawai/unit-kerja/ is "Unit kerja", not "Pegawai".
    matches = [i for i in items if request.path == i["url"] or (i["url"] != "/" and request.path.startswith(i["url"]))]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    return {"nav_items": items}


def notifikasi(request):
    """Unread notification count for the nav bar; lazy, so the COUNT runs only where it is shown."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from django.utils.functional import SimpleLazyObject

    from common.views_notifikasi import unread_count

    return {"notifikasi_unread": SimpleLazyObject(lambda: unread_count(user))}
