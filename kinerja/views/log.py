"""Pages for daily logs, the atasan's approval queue, evidence downloads, realisasi and umpan balik.
Thin: parse with kinerja.forms, read with selectors (scoped), write with services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from common.api import DomainError
from kinerja.forms import LogHarianForm, LogReviewForm, RealisasiManualForm, UmpanBalikForm
from kinerja.models import BuktiDukung, LogHarian, PeriodeEvaluasi, Skp
from kinerja.permissions import (
    can_edit_log,
    can_edit_realisasi,
    can_review_log,
    is_skp_supervisor,
)
from kinerja.selectors import log as log_selectors
from kinerja.selectors import realisasi as realisasi_selectors
from kinerja.selectors.delegasi import atasan_ids_for
from kinerja.services import log as log_service
from kinerja.services import realisasi as realisasi_service
from kinerja.services import umpan_balik as umpan_balik_service
from pegawai.permissions import is_atasan

PAGE_SIZE = 20
QUEUE_PAGE_SIZE = 100
MAX_ID = 2**63 - 1  # beyond bigint the database raises instead of finding nothing


def _check_ids(*ids: int) -> None:
    if any(i > MAX_ID for i in ids):
        raise Http404


def _post_ids(request) -> list[int]:
    return [int(i) for i in request.POST.getlist("ids") if i.isdigit() and len(i) <= 18]


def _me(request):
    me = request.user.pegawai_or_none
    if me is None:
        raise PermissionDenied
    return me


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _apply_errors(form, exc: ValidationError) -> None:
    """Put a service ValidationError onto the form (unknown keys become non-field errors)."""
    if hasattr(exc, "error_dict"):
        for fld, errs in exc.error_dict.items():
            target = fld if fld in form.fields else None
            for e in errs:
                form.add_error(target, e.messages if hasattr(e, "messages") else e)
    else:
        form.add_error(None, exc.messages)


def _form_context(form, saved_token=None, saved_log=None, created=True):
    return {"form": form, "saved_token": saved_token or "", "saved_log": saved_log, "created": created}


@login_required
def log_list(request):
    me = _me(request)
    status = request.GET.get("status", "")
    if status not in LogHarian.Status.values:
        status = ""
    qs = log_selectors.log_list_for(user=request.user, pegawai_id=me.pk, status=status)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    form = LogHarianForm(pegawai=me)
    return render(
        request,
        "kinerja/log/list.html",
        {
            **_form_context(form, saved_token=request.GET.get("tersimpan", "")),
            "page": page,
            "status": status,
            "statuses": LogHarian.Status.choices,
            "me": me,
            "is_atasan": is_atasan(request.user),
        },
    )


@login_required
@require_POST
def log_create(request):
    """Create (and optionally submit) a log. htmx: answers the form partial plus the new row out of
    band; without JavaScript: redirect after success (PRG), the page with errors otherwise."""
    me = _me(request)
    form = LogHarianForm(request.POST, request.FILES, pegawai=me)
    kirim = request.POST.get("aksi") == "kirim"
    log, created = None, False
    if form.is_valid():
        try:
            log, created = log_service.log_create(
                pegawai=me,
                data=log_service.LogData.from_dict(form.cleaned_data),
                client_token=form.cleaned_data["client_token"],
                files=form.cleaned_data["files"],
                kirim=kirim,
            )
        except (ValidationError, DomainError) as exc:
            _apply_errors(form, exc if isinstance(exc, ValidationError) else ValidationError(exc.message))
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("Anda tidak berhak melakukan tindakan ini."))
    if log is None:
        if _is_htmx(request):
            return render(request, "kinerja/log/_form.html", _form_context(form))
        qs = log_selectors.log_list_for(user=request.user, pegawai_id=me.pk)
        page = Paginator(qs, PAGE_SIZE).get_page(1)
        return render(
            request,
            "kinerja/log/list.html",
            {**_form_context(form), "page": page, "status": "", "statuses": LogHarian.Status.choices, "me": me},
            status=400,
        )
    token = str(log.client_token)
    if not _is_htmx(request):
        if created:
            messages.success(request, _("Log harian tersimpan.") if not kirim else _("Log harian terkirim ke atasan."))
        else:
            messages.info(request, _("Log ini sudah tersimpan sebelumnya; tidak dibuat ganda."))
        return redirect(f"{reverse('kinerja:log_list')}?tersimpan={token}")
    log = log_selectors.log_list_for(user=request.user).get(pk=log.pk)
    return render(
        request,
        "kinerja/log/_create_response.html",
        {**_form_context(LogHarianForm(pegawai=me), saved_token=token, saved_log=log, created=created), "log": log},
    )


def _log_or_404(request, pk: int) -> LogHarian:
    _check_ids(pk)
    try:
        return log_selectors.log_detail_for(user=request.user, pk=pk)
    except LogHarian.DoesNotExist:
        raise Http404 from None


@login_required
def log_detail(request, pk: int):
    me = _me(request)
    log = _log_or_404(request, pk)
    form = None
    if can_edit_log(me, log):
        initial = {f: getattr(log, f) for f in log_service.EDITABLE_FIELDS}
        form = LogHarianForm(initial={**initial, "client_token": log.client_token}, pegawai=me)
        if request.method == "POST":
            form = LogHarianForm(request.POST, request.FILES, pegawai=me)
            if form.is_valid():
                try:
                    log_service.log_update(
                        log=log,
                        actor=me,
                        data=log_service.LogData.from_dict(form.cleaned_data),
                        files=form.cleaned_data["files"],
                    )
                except ValidationError as exc:
                    _apply_errors(form, exc)
                except DomainError as exc:
                    form.add_error(None, exc.message)
                else:
                    messages.success(request, _("Perubahan log tersimpan."))
                    return redirect("kinerja:log_detail", pk=log.pk)
    elif request.method == "POST":
        raise PermissionDenied
    substitutes = atasan_ids_for(me, timezone.localdate())
    return render(
        request,
        "kinerja/log/detail.html",
        {
            "log": log,
            "form": form,
            "can_edit": form is not None,
            "can_review": can_review_log(me, log, substitutes),
            "review_form": LogReviewForm(ids=[log.pk]),
            "history": log_selectors.log_history(log),
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def log_delete(request, pk: int):
    me = _me(request)
    log = _log_or_404(request, pk)
    try:
        log_service.log_delete(log=log, actor=me)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("kinerja:log_detail", pk=pk)
    messages.success(request, _("Log dihapus."))
    return redirect("kinerja:log_list")


@login_required
@require_POST
def log_submit(request):
    me = _me(request)
    ids = _post_ids(request)
    try:
        logs = log_service.log_submit(actor=me, ids=ids)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            ngettext("%(n)d log terkirim ke atasan.", "%(n)d log terkirim ke atasan.", len(logs)) % {"n": len(logs)},
        )
    nxt = request.POST.get("next", "")
    if nxt.startswith("/kinerja/"):
        return redirect(nxt)
    return redirect("kinerja:log_list")


@login_required
@require_POST
def log_bukti_remove(request, pk: int, bukti_id: int):
    _check_ids(bukti_id)
    me = _me(request)
    log = _log_or_404(request, pk)
    try:
        log_service.log_remove_bukti(log=log, actor=me, bukti_id=bukti_id)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Bukti dukung dihapus."))
    return redirect("kinerja:log_detail", pk=pk)


@login_required
def log_queue(request):
    me = _me(request)
    qs = log_selectors.approval_queue_for(actor=me)
    page = Paginator(qs, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [(log, log_selectors.umur(log.submitted_at, now)) for log in page.object_list]
    return render(
        request,
        "kinerja/log/queue.html",
        {"page": page, "rows": rows, "form": LogReviewForm(ids=[])},
    )


@login_required
@require_POST
def log_review(request):
    me = _me(request)
    form = LogReviewForm(request.POST)
    if not form.is_valid():
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, e)
        return redirect(request.POST.get("next") or "kinerja:log_queue")
    approve = form.cleaned_data["aksi"] == "setujui"
    try:
        result = log_service.log_review(
            actor=me, ids=form.cleaned_data["ids"], approve=approve, catatan=form.cleaned_data["catatan"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        n = result.changed
        if approve:
            msg = ngettext("%(n)d log disetujui.", "%(n)d log disetujui.", n)
        else:
            msg = ngettext("%(n)d log dikembalikan.", "%(n)d log dikembalikan.", n)
        messages.success(request, msg % {"n": n})
        if result.skipped:
            messages.warning(
                request,
                ngettext(
                    "%(n)d log dilewati (sudah diproses atau periode ditutup).",
                    "%(n)d log dilewati (sudah diproses atau periode ditutup).",
                    len(result.skipped),
                )
                % {"n": len(result.skipped)},
            )
    nxt = request.POST.get("next", "")
    if nxt.startswith("/kinerja/"):
        return redirect(nxt)
    return redirect("kinerja:log_queue")


@login_required
def bukti_download(request, pk: int):
    """Serve an evidence file to whoever may read its log or realisasi, as an attachment with the
    content type found by the content check (never the uploader's claim)."""
    _check_ids(pk)
    bukti = get_object_or_404(BuktiDukung.objects.select_related("realisasi__indikator__rhk"), pk=pk)
    if bukti.log_id:
        if not log_selectors.log_list_for(user=request.user).filter(pk=bukti.log_id).exists():
            raise Http404
    else:
        try:
            realisasi_selectors.skp_for_kinerja(user=request.user, skp_id=bukti.realisasi.indikator.rhk.skp_id)
        except Skp.DoesNotExist:
            raise Http404 from None
    if not bukti.file:
        return redirect(bukti.link)
    response = FileResponse(
        bukti.file.open("rb"), as_attachment=True, filename=bukti.nama_asli, content_type=bukti.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- realisasi and umpan balik ------------------------------------------------------------------


@login_required
def realisasi_index(request):
    me = request.user.pegawai_or_none
    skps = list(realisasi_selectors.skp_kinerja_list_for(user=request.user).filter(periode__status="open")[:200])
    windows: dict[int, list[PeriodeEvaluasi]] = {}
    for w in PeriodeEvaluasi.objects.filter(periode_id__in={s.periode_id for s in skps}).order_by("nomor"):
        windows.setdefault(w.periode_id, []).append(w)
    today = timezone.localdate()
    rows = []
    for s in skps:
        ws = windows.get(s.periode_id, [])
        current = realisasi_selectors.current_window_of(ws, today)
        rows.append({"skp": s, "windows": ws, "current": current, "mine": me is not None and s.pegawai_id == me.pk})
    return render(request, "kinerja/realisasi/index.html", {"rows": rows})


@login_required
def realisasi_current(request, skp_id: int):
    """An SKP's realisasi opens on the current evaluation window, not on the first one."""
    _check_ids(skp_id)
    try:
        skp = realisasi_selectors.skp_for_kinerja(user=request.user, skp_id=skp_id)
    except Skp.DoesNotExist:
        raise Http404 from None
    window = realisasi_selectors.current_window_of(realisasi_selectors.windows_of(skp), timezone.localdate())
    if window is None:
        raise Http404
    return redirect("kinerja:realisasi_detail", skp.pk, window.pk)


def _skp_window(request, skp_id: int, window_id: int):
    _check_ids(skp_id, window_id)
    try:
        skp = realisasi_selectors.skp_for_kinerja(user=request.user, skp_id=skp_id)
    except Skp.DoesNotExist:
        raise Http404 from None
    window = get_object_or_404(
        PeriodeEvaluasi.objects.select_related("periode"), pk=window_id, periode_id=skp.periode_id
    )
    return skp, window


@login_required
def realisasi_detail(request, skp_id: int, window_id: int):
    skp, window = _skp_window(request, skp_id, window_id)
    me = request.user.pegawai_or_none
    table = realisasi_selectors.realisasi_table_for(skp=skp, window=window)
    substitutes = atasan_ids_for(me, timezone.localdate()) if me else set()
    return render(
        request,
        "kinerja/realisasi/detail.html",
        {
            "t": table,
            "windows": realisasi_selectors.windows_of(skp),
            "can_edit": can_edit_realisasi(me, skp) and log_selectors.window_is_open(window),
            "is_supervisor": is_skp_supervisor(me, skp, substitutes),
            "is_owner": me is not None and skp.pegawai_id == me.pk,
            "manual_form": RealisasiManualForm(),
            "ub_form": UmpanBalikForm(),
        },
    )


@login_required
@require_POST
def realisasi_manual(request, skp_id: int, window_id: int):
    me = _me(request)
    skp, window = _skp_window(request, skp_id, window_id)
    form = RealisasiManualForm(request.POST, request.FILES)
    back = reverse("kinerja:realisasi_detail", args=[skp.pk, window.pk])
    if not form.is_valid():
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, e)
        return redirect(back)
    try:
        if request.POST.get("aksi") == "dari_log":
            realisasi_service.realisasi_use_logs(
                actor=me, indikator_id=form.cleaned_data["indikator"], window_id=window.pk
            )
        else:
            realisasi_service.realisasi_set_manual(
                actor=me,
                indikator_id=form.cleaned_data["indikator"],
                window_id=window.pk,
                angka=form.cleaned_data["realisasi_angka"],
                teks=form.cleaned_data["realisasi_teks"],
                files=form.cleaned_data["files"],
                link=form.cleaned_data["link"],
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Realisasi tersimpan."))
    return redirect(back)


@login_required
@require_POST
def umpan_balik_post(request, skp_id: int, window_id: int):
    me = _me(request)
    skp, window = _skp_window(request, skp_id, window_id)
    form = UmpanBalikForm(request.POST)
    back = reverse("kinerja:realisasi_detail", args=[skp.pk, window.pk])
    if not form.is_valid():
        messages.error(request, _("Umpan balik tidak boleh kosong."))
        return redirect(back)
    try:
        ub = umpan_balik_service.umpan_balik_add(
            actor=me,
            skp_id=skp.pk,
            window_id=window.pk,
            isi=form.cleaned_data["isi"],
            rhk_id=form.cleaned_data["rhk"],
            perilaku=form.cleaned_data["perilaku"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    messages.success(request, _("Umpan balik terkirim."))
    anchor = f"ub-rhk-{ub.rhk_id}" if ub.rhk_id else f"ub-{ub.perilaku}"
    return redirect(f"{back}#{anchor}")


urlpatterns = [
    path("log/", log_list, name="log_list"),
    path("log/baru/", log_create, name="log_create"),
    path("log/kirim/", log_submit, name="log_submit"),
    path("log/antrian/", log_queue, name="log_queue"),
    path("log/antrian/proses/", log_review, name="log_review"),
    path("log/<int:pk>/", log_detail, name="log_detail"),
    path("log/<int:pk>/hapus/", log_delete, name="log_delete"),
    path("log/<int:pk>/bukti/<int:bukti_id>/hapus/", log_bukti_remove, name="log_bukti_remove"),
    path("bukti/<int:pk>/", bukti_download, name="bukti_download"),
    path("realisasi/", realisasi_index, name="realisasi_index"),
    path("realisasi/<int:skp_id>/", realisasi_current, name="realisasi_current"),
    path("realisasi/<int:skp_id>/<int:window_id>/", realisasi_detail, name="realisasi_detail"),
    path("realisasi/<int:skp_id>/<int:window_id>/manual/", realisasi_manual, name="realisasi_manual"),
    path("realisasi/<int:skp_id>/<int:window_id>/umpan-balik/", umpan_balik_post, name="umpan_balik_post"),
]
