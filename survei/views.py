"""Survei pages: the public form (no account, works without JavaScript) and the results of a unit."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.jobs import start_job
from common.pdf import render_pdf
from survei import ikm, permissions, selectors, services
from survei import pdf as survei_pdf
from survei.forms import NAMA_UNSUR, SurveiForm
from survei.jobs import KIND_LAPORAN
from survei.models import PeriodeSurvei, Respon, UnitLayanan

MAX_BODY = 64 * 1024  # a response is a few hundred bytes; anything this big is not one
RATE_LIMIT = 30  # posts per client per hour
COOKIE_MAX_AGE = 36 * 3600


def _cookie_name(unit: UnitLayanan) -> str:
    return f"skm_{unit.pk}"


def _already_today(request, unit: UnitLayanan) -> bool:
    value = request.get_signed_cookie(_cookie_name(unit), default=None, salt="survei", max_age=COOKIE_MAX_AGE)
    return value == timezone.localdate().isoformat()


def _rate_limited(request) -> bool:
    key = f"survei:rl:{services.client_key(request.META.get('REMOTE_ADDR', ''))}:{timezone.now():%Y%m%d%H}"
    added = cache.add(key, 1, timeout=3600)
    count = 1 if added else cache.incr(key)
    return count > RATE_LIMIT


def _refuse(request, unit, message: str, status: int):
    return render(request, "survei/public_refused.html", {"unit": unit, "message": message}, status=status)


def public_form(request, kode: str):
    unit = get_object_or_404(UnitLayanan, kode=kode, aktif=True)
    periode = services.periode_open_for(unit)
    if periode is None:
        return _refuse(
            request,
            unit,
            _("Survei unit ini sedang tidak dibuka. Terima kasih atas perhatian Anda."),
            400 if request.method == "POST" else 200,
        )
    if request.method != "POST":
        if _already_today(request, unit):
            return _refuse(request, unit, _("Anda sudah mengisi survei unit ini hari ini. Terima kasih!"), 200)
        return render(request, "survei/public_form.html", {"unit": unit, "form": SurveiForm(unit=unit)})
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY:
        return _refuse(request, unit, _("Isian terlalu besar untuk sebuah survei."), 400)
    if _rate_limited(request):
        return _refuse(request, unit, _("Terlalu banyak isian dari perangkat ini. Coba lagi nanti."), 429)
    form = SurveiForm(request.POST, unit=unit)
    if form.is_bot:
        return _refuse(request, unit, _("Isian ditolak."), 400)
    if _already_today(request, unit) and not request.POST.get("client_token"):
        return _refuse(request, unit, _("Anda sudah mengisi survei unit ini hari ini. Terima kasih!"), 429)
    if not form.is_valid():
        return render(request, "survei/public_form.html", {"unit": unit, "form": form}, status=400)
    try:
        services.respon_submit(unit=unit, data=form.cleaned_data)
    except services.SurveiClosedError as exc:
        return _refuse(request, unit, str(exc), 400)
    response = redirect("skm:terima_kasih", kode=unit.kode)
    response.set_signed_cookie(
        _cookie_name(unit),
        timezone.localdate().isoformat(),
        salt="survei",
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


KIOSK_IDLE_MS = 60_000  # back to a fresh form after a minute without input


def _responses_today(unit: UnitLayanan) -> int:
    start = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))
    return Respon.objects.filter(unit=unit, created_at__gte=start).count()  # index (unit, created_at)


def kiosk(request, kode: str):
    """The form for a tablet at the counter (survei-kiosk.js: offline queue, fresh form after each
    response and after a minute idle, the day's count). Without JavaScript it is the plain form."""
    unit = get_object_or_404(UnitLayanan.objects.select_related("instansi"), kode=kode, aktif=True)
    if services.periode_open_for(unit) is None:
        return _refuse(request, unit, _("Survei unit ini sedang tidak dibuka. Terima kasih atas perhatian Anda."), 200)
    return render(
        request,
        "survei/kiosk.html",
        {
            "unit": unit,
            "form": SurveiForm(unit=unit),
            "hari_ini": _responses_today(unit),
            "idle_ms": KIOSK_IDLE_MS,
        },
    )


def kiosk_count(request, kode: str):
    unit = get_object_or_404(UnitLayanan, kode=kode, aktif=True)
    response = JsonResponse({"hari_ini": _responses_today(unit)})
    response["Cache-Control"] = "no-store"
    return response


def kiosk_manifest(request, kode: str):
    """Web app manifest: the kiosk installs on the tablet's home screen and opens full screen."""
    unit = get_object_or_404(UnitLayanan, kode=kode, aktif=True)
    kiosk_url = reverse("skm:kiosk", args=[unit.kode])
    data = {
        "name": _("SKM %(nama)s") % {"nama": unit.nama},
        "short_name": _("Survei SKM"),
        "start_url": kiosk_url,
        "scope": kiosk_url,
        "display": "fullscreen",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#1f5fa8",
        "lang": "id",
        "icons": [{"src": static("favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    return JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})


def terima_kasih(request, kode: str):
    unit = get_object_or_404(UnitLayanan, kode=kode, aktif=True)
    return render(request, "survei/public_thanks.html", {"unit": unit})


def _unsur_rows(unit: UnitLayanan, hasil_ikm: ikm.HasilIkm | None) -> list[dict]:
    """NRR per unsur in the unit's order, the lowest marked, with the bar width for the SVG."""
    if hasil_ikm is None:
        return []
    known = [x for x in hasil_ikm.nrr if x is not None]
    lowest = min(known) if known else None
    rows = []
    for kode in unit.unsur_berurutan():
        nrr = hasil_ikm.nrr[ikm.KODE_UNSUR.index(kode)]
        rows.append(
            {
                "kode": kode,
                "nama": NAMA_UNSUR[kode],
                "nrr": nrr,
                "lowest": nrr is not None and nrr == lowest,
                "persen_svg": f"{float(nrr) / 4 * 100:.1f}" if nrr is not None else "0",
            }
        )
    return rows


def _pick_periode(request, periods: list[PeriodeSurvei]) -> PeriodeSurvei | None:
    """?periode=<pk> among the unit's periods (another unit's period is a 404), else the latest."""
    raw = request.GET.get("periode", "")
    if raw.isdigit():
        periode = next((p for p in periods if p.pk == int(raw)), None)
        if periode is None:
            raise Http404
        return periode
    return periods[0] if periods else None


def hasil_publik(request, kode: str):
    """The unit's published results (PermenPANRB 14/2017 asks units to publish them): aggregates only.
    No saran, no moderation, and no profile group (nor jenis layanan) of fewer than MIN_GROUP
    respondents, so no answer can be traced back to a person."""
    unit = get_object_or_404(UnitLayanan.objects.select_related("instansi"), kode=kode, aktif=True)
    periods = list(unit.periode.order_by("-mulai"))
    periode = _pick_periode(request, periods)
    context = {"unit": unit, "periods": periods, "periode": periode, "min_group": selectors.MIN_GROUP}
    if periode is not None:
        qs = selectors.responses_for_periode(periode)
        hasil_ikm = selectors.ikm_of(qs)
        context.update(hasil=hasil_ikm, unsur=_unsur_rows(unit, hasil_ikm))
        if hasil_ikm is not None:
            big = selectors.MIN_GROUP

            def shown(rows):
                return [r for r in rows if r.n >= big]

            context.update(
                per_layanan=shown(
                    selectors.ikm_grouped(
                        qs, "jenis_layanan", {j.pk: j.nama for j in unit.jenis_layanan.all()}, min_n=big
                    )
                ),
                profil={
                    _("Usia"): shown(selectors.ikm_grouped(qs, "usia", dict(Respon.Usia.choices), min_n=big)),
                    _("Jenis kelamin"): shown(
                        selectors.ikm_grouped(
                            qs, "jenis_kelamin", dict(Respon._meta.get_field("jenis_kelamin").choices), min_n=big
                        )
                    ),
                    _("Pendidikan"): shown(
                        selectors.ikm_grouped(qs, "pendidikan", dict(Respon.Pendidikan.choices), min_n=big)
                    ),
                    _("Pekerjaan"): shown(
                        selectors.ikm_grouped(qs, "pekerjaan", dict(Respon.Pekerjaan.choices), min_n=big)
                    ),
                },
            )
    return render(request, "survei/public_hasil.html", context)


# --- results (pengelola survei, admin) ----------------------------------------------------------


@login_required
def index(request):
    if not permissions.can_view_survei(request.user):
        raise PermissionDenied
    units = list(selectors.unit_list_for(user=request.user)[:500])
    rows = {
        r.key: r
        for r in selectors.ikm_grouped(
            Respon.objects.filter(unit__in=units, periode__status=PeriodeSurvei.Status.OPEN), "unit"
        )
    }
    return render(request, "survei/index.html", {"units": [(u, rows.get(u.pk)) for u in units]})


@login_required
def hasil(request, pk: int):
    unit = get_object_or_404(selectors.unit_list_for(user=request.user), pk=pk)
    periods = list(unit.periode.order_by("-mulai"))
    periode = _pick_periode(request, periods)
    context = {"unit": unit, "periods": periods, "periode": periode, "can_moderate": False}
    if periode is not None:
        token_only = request.GET.get("token") == "1"
        qs = selectors.responses_for_periode(periode, token_only=token_only)
        hasil_ikm = selectors.ikm_of(qs)
        minimal = ikm.ukuran_sampel(periode.populasi) if periode.populasi else None
        unsur = _unsur_rows(unit, hasil_ikm)
        context.update(
            token_only=token_only,
            hasil=hasil_ikm,
            minimal=minimal,
            unsur=unsur,
            per_layanan=selectors.ikm_grouped(qs, "jenis_layanan", {j.pk: j.nama for j in unit.jenis_layanan.all()}),
            profil={
                _("Usia"): selectors.ikm_grouped(qs, "usia", dict(Respon.Usia.choices), min_n=selectors.MIN_GROUP),
                _("Pendidikan"): selectors.ikm_grouped(
                    qs, "pendidikan", dict(Respon.Pendidikan.choices), min_n=selectors.MIN_GROUP
                ),
                _("Pekerjaan"): selectors.ikm_grouped(
                    qs, "pekerjaan", dict(Respon.Pekerjaan.choices), min_n=selectors.MIN_GROUP
                ),
            },
            tren=selectors.ikm_grouped(Respon.objects.filter(unit=unit), "periode", {p.pk: p.nama for p in periods}),
            saran=list(
                qs.exclude(saran="")
                .order_by("-created_at")
                .only("id", "saran", "saran_disembunyikan", "created_at")[:100]
            ),
            kebutuhan=list(periode.kebutuhan_pelatihan.order_by("unsur")),
            can_moderate=permissions.can_moderate_saran(request.user, unit),
            min_group=selectors.MIN_GROUP,
        )
    return render(request, "survei/hasil.html", context)


@login_required
def poster(request, pk: int):
    """The counter poster (A4, QR to the form). Rendered on request: one page from the unit row alone,
    no data that a background job would need to gather."""
    unit = get_object_or_404(selectors.unit_list_for(user=request.user), pk=pk)
    pdf = render_pdf("survei/pdf/poster.html", survei_pdf.poster_context(unit))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="poster-skm-{unit.kode}.pdf"'
    return response


@login_required
@require_POST
def laporan(request, pk: int):
    """Queue the SKM report PDF of a period (a common.jobs job) and show its progress page."""
    periode = get_object_or_404(
        PeriodeSurvei.objects.filter(unit__in=selectors.unit_list_for(user=request.user)), pk=pk
    )
    job = start_job(owner=request.user, kind=KIND_LAPORAN, params={"periode_id": periode.pk})
    return redirect("jobs:detail", pk=job.pk)


@login_required
@require_POST
def saran_toggle(request, pk: int):
    respon = get_object_or_404(Respon.objects.filter(unit__in=selectors.unit_list_for(user=request.user)), pk=pk)
    if not permissions.can_moderate_saran(request.user, respon.unit):
        raise PermissionDenied
    services.saran_set_hidden(respon=respon, hidden=request.POST.get("sembunyikan") == "1")
    return redirect(reverse("survei:hasil", args=[respon.unit_id]) + f"?periode={respon.periode_id}#saran")
