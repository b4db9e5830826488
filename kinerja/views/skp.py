"""SKP planning pages: my SKP, form (RHK + indikator rows), workflow, versions, PDF, approval list,
koreksi atasan, periode, templates, matriks. Thin: selectors scope, permissions decide, services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from common.api import DomainError
from kinerja import rules
from kinerja.models import Periode, PeriodeEvaluasi, Skp, SkpTemplate
from kinerja.permissions import (
    can_approve_skp,
    can_edit_ekspektasi,
    can_edit_skp,
    can_manage_periode,
    can_manage_skp_template,
    can_resolve_koreksi,
    can_revise_skp,
    can_view_matriks,
    is_skp_owner,
)
from kinerja.selectors import skp as sel
from kinerja.services import periode as periode_service
from kinerja.services import skp as svc
from pegawai.models import Instansi, Jabatan, Pegawai, UnitKerja
from pegawai.permissions import is_admin, is_admin_bkn

# TODO(skp): every use of admin_instansi_id below is behind is_admin; better the scope Qs of kinerja.permissions.
from pegawai.permissions import single_instansi_of as admin_instansi_id

MAX_ID = 2**63 - 1
BLANK_INDIKATOR = 2


def _me(request) -> Pegawai:
    me = request.user.pegawai_or_none
    if me is None:
        raise PermissionDenied
    return me


def _errors(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return [m for msgs in exc.message_dict.values() for m in msgs]
        return list(exc.messages)
    return [getattr(exc, "message", str(exc))]


def _skp(request, pk: int) -> Skp:
    if pk > MAX_ID:
        raise Http404
    skp = sel.skp_detail_for(user=request.user, pk=pk)
    if skp is None:
        raise Http404
    return skp


# --- RHK rows posted as rhk-<i>-<field> and rhk-<i>-ind-<j>-<field> (works without JavaScript) ---


def _count(post, key: str, limit: int) -> int:
    """A posted row count: anything that is not a small non-negative number reads as 0, and the
    count is capped so a forged form cannot make the server loop."""
    raw = post.get(key, "")
    if not isinstance(raw, str) or not raw.isdigit() or len(raw) > 6:
        return 0
    return min(int(raw), limit)


UNREADABLE = _lazy("Formulir RHK tidak dapat dibaca. Muat ulang halaman dan coba lagi.")


def _unreadable(post) -> bool:
    """The form always posts its row count; without a readable one the rows cannot be trusted."""
    raw = post.get("rhk-total", "")
    return not (isinstance(raw, str) and raw.isdigit() and len(raw) <= 6)


def _blank_rows(post) -> int:
    """How many RHK rows were posted empty (kept when a row is added, so adding always adds)."""
    total = _count(post, "rhk-total", svc.MAX_RHK)
    return sum(1 for i in range(total) if not post.get(f"rhk-{i}-deskripsi", "").strip())


def _rows_from_post(post) -> list[dict]:
    rows = []
    for i in range(_count(post, "rhk-total", svc.MAX_RHK + 1)):
        deskripsi = post.get(f"rhk-{i}-deskripsi", "").strip()
        if not deskripsi or post.get(f"rhk-{i}-hapus"):
            continue
        indikator = []
        for j in range(_count(post, f"rhk-{i}-ind-total", svc.MAX_INDIKATOR + 1)):
            p = f"rhk-{i}-ind-{j}-"
            d = post.get(p + "deskripsi", "").strip()
            if not d:
                continue
            indikator.append(
                {
                    "id": post.get(p + "id") or None,
                    "aspek": post.get(p + "aspek", rules.Aspek.KUANTITAS),
                    "deskripsi": d,
                    "target_angka": post.get(p + "target_angka", "").strip() or None,
                    "satuan": post.get(p + "satuan", ""),
                    "target_teks": post.get(p + "target_teks", ""),
                }
            )
        rows.append(
            {
                "id": post.get(f"rhk-{i}-id") or None,
                "jenis": post.get(f"rhk-{i}-jenis", rules.JenisRhk.UTAMA),
                "deskripsi": deskripsi,
                "rhk_atasan": post.get(f"rhk-{i}-rhk_atasan") or None,
                "perspektif": post.get(f"rhk-{i}-perspektif", ""),
                "indikator": indikator,
            }
        )
    return rows


def _rows_from_skp(skp: Skp) -> list[dict]:
    return [
        {
            "id": r.pk,
            "jenis": r.jenis,
            "deskripsi": r.deskripsi,
            "rhk_atasan": r.rhk_atasan_id,
            "perspektif": r.perspektif,
            "indikator": [
                {
                    "id": i.pk,
                    "aspek": i.aspek,
                    "deskripsi": i.deskripsi,
                    "target_angka": i.target_angka,
                    "satuan": i.satuan,
                    "target_teks": i.target_teks,
                }
                for i in r.indikator.all()
            ],
        }
        for r in skp.rhk.all()
    ]


def _padded(rows: list[dict], extra_rows: int) -> list[dict]:
    blank_ind = {"aspek": "kuantitas", "deskripsi": "", "target_angka": None, "satuan": "", "target_teks": ""}
    out = []
    for r in [*rows, *[{"jenis": "utama", "deskripsi": "", "indikator": []} for _i in range(extra_rows)]]:
        ind = list(r.get("indikator") or [])
        ind += [dict(blank_ind) for _j in range(max(1, BLANK_INDIKATOR - len(ind)) if not ind else 1)]
        out.append({**r, "indikator": ind})
    return out


def _form_context(skp: Skp | None, rows, extra, **kw) -> dict:
    jabatan = skp.jabatan if skp is not None else kw.get("jabatan")
    return {
        "skp": skp,
        "rows": _padded(rows, extra),
        "aspek_choices": rules.Aspek.choices,
        "jenis_choices": rules.JenisRhk.choices,
        "pendekatan_choices": rules.Pendekatan.choices,
        "rhk_atasan_options": list(sel.rhk_atasan_options(skp)) if skp is not None else kw.get("options", []),
        "jpt": svc.is_jpt(jabatan),
        "perspektif_choices": svc.PERSPEKTIF_JPT,
        **kw,
    }


# --- ASN pages ----------------------------------------------------------------------------------


@login_required
def skp_index(request):
    """My SKP (all years) and, for atasan, the count waiting for approval."""
    me = request.user.pegawai_or_none
    mine = list(sel.skp_list_for(user=request.user, pegawai_id=me.pk)) if me else []
    periodes = list(Periode.objects.filter(instansi_id=me.instansi_id).order_by("-tahun")) if me else []
    have = {s.periode_id for s in mine}
    waiting = sel.skp_approval_list_for(actor=me, substitute_for=sel.substitutes_of(request.user)).count() if me else 0
    return render(
        request,
        "kinerja/skp/index.html",
        {
            "mine": mine,
            "periodes_tanpa_skp": [p for p in periodes if p.pk not in have and p.status == "open"],
            "waiting": waiting,
            "is_admin": is_admin(request.user),
        },
    )


@login_required
def skp_list(request):
    """SKP the user may read (subordinates for atasan, the instansi for admins), filterable."""
    status = request.GET.get("status", "")
    if status not in Skp.Status.values:
        status = ""
    periode_id = request.GET.get("periode", "")
    periode_id = int(periode_id) if periode_id.isdigit() and len(periode_id) < 18 else None
    qs = sel.skp_list_for(user=request.user, status=status, periode_id=periode_id)[:200]
    return render(
        request, "kinerja/skp/list.html", {"skps": list(qs), "status": status, "statuses": Skp.Status.choices}
    )


@login_required
def skp_create(request):
    me = _me(request)
    me = Pegawai.objects.select_related("atasan", "jabatan").get(pk=me.pk)
    periode_id = request.POST.get("periode") or request.GET.get("periode", "")
    if not str(periode_id).isdigit() or len(str(periode_id)) > 18:
        raise Http404
    periode = get_object_or_404(Periode, pk=int(periode_id), instansi_id=me.instansi_id)
    options = []
    if me.atasan_id:
        options = list(sel.rhk_atasan_options(Skp(pejabat_penilai_id=me.atasan_id, periode_id=periode.pk)))
    rows, extra, errors = [], 2, []
    if request.method == "POST":
        rows = _rows_from_post(request.POST)
        if _unreadable(request.POST):
            errors = [UNREADABLE]
        elif request.POST.get("aksi") == "tambah":
            extra = _blank_rows(request.POST) + 1  # keep the empty rows, add one
        else:
            try:
                skp = svc.skp_create(
                    pegawai=me,
                    periode=periode,
                    rhk=rows,
                    pendekatan=request.POST.get("pendekatan", rules.Pendekatan.KUANTITATIF),
                    **{f: request.POST.get(f, "") for f in svc.LAMPIRAN_FIELDS},
                )
            except (ValidationError, DomainError) as exc:
                errors = _errors(exc)
            else:
                messages.success(request, _("SKP dibuat sebagai draf."))
                return redirect("kinerja:skp_detail", skp.pk)
    ctx = _form_context(None, rows, extra, periode=periode, errors=errors, jabatan=me.jabatan, options=options)
    ctx["lampiran"] = {f: request.POST.get(f, "") for f in svc.LAMPIRAN_FIELDS}
    return render(request, "kinerja/skp/form.html", ctx, status=400 if errors else 200)


@login_required
def skp_edit(request, pk: int):
    me = _me(request)
    skp = _skp(request, pk)
    if not can_edit_skp(me, skp):
        raise PermissionDenied
    rows, extra, errors = _rows_from_skp(skp), 1, []
    lampiran = {f: getattr(skp, f) for f in svc.LAMPIRAN_FIELDS}
    if request.method == "POST":
        rows = _rows_from_post(request.POST)
        lampiran = {f: request.POST.get(f, "") for f in svc.LAMPIRAN_FIELDS}
        if _unreadable(request.POST):
            errors = [UNREADABLE]  # never wipe the RHK because the form could not be read
        elif request.POST.get("aksi") == "tambah":
            extra = _blank_rows(request.POST) + 1  # keep the empty rows, add one
        else:
            try:
                svc.skp_update(
                    skp=skp,
                    actor=me,
                    rhk=rows,
                    pendekatan=request.POST.get("pendekatan", skp.pendekatan),
                    **lampiran,
                )
            except (ValidationError, DomainError) as exc:
                errors = _errors(exc)
            else:
                messages.success(request, _("SKP disimpan."))
                return redirect("kinerja:skp_detail", skp.pk)
    ctx = _form_context(skp, rows, extra, periode=skp.periode, errors=errors, lampiran=lampiran)
    return render(request, "kinerja/skp/form.html", ctx, status=400 if errors else 200)


@login_required
def skp_detail(request, pk: int):
    skp = _skp(request, pk)
    me = request.user.pegawai_or_none
    subs = sel.substitutes_of(request.user)
    rhk = list(skp.rhk.all())
    return render(
        request,
        "kinerja/skp/detail.html",
        {
            "skp": skp,
            "utama": [r for r in rhk if r.jenis == rules.JenisRhk.UTAMA],
            "tambahan": [r for r in rhk if r.jenis == rules.JenisRhk.TAMBAHAN],
            "perilaku": sel.perilaku_rows(skp),
            "jpt": svc.is_jpt(skp.jabatan),
            "can_edit": can_edit_skp(me, skp),
            "can_review": can_approve_skp(me, skp, subs),
            "can_ekspektasi": can_edit_ekspektasi(me, skp, subs),
            "can_revise": can_revise_skp(me, skp),
            "is_owner": me is not None and skp.pegawai_id == me.pk,
            "versions": list(sel.skp_versions(skp).only("pk", "version", "status", "is_current")),
        },
    )


def _post_action(request, pk: int, action, ok: str):
    skp = _skp(request, pk)
    try:
        result = action(skp)
    except (ValidationError, DomainError) as exc:
        for m in _errors(exc):
            messages.error(request, m)
        return redirect("kinerja:skp_detail", skp.pk)
    messages.success(request, ok)
    return redirect("kinerja:skp_detail", getattr(result, "pk", skp.pk))


@login_required
@require_POST
def skp_submit(request, pk: int):
    me = _me(request)
    if not is_skp_owner(me, _skp(request, pk)):  # someone else's visible SKP: 403, not a state error
        raise PermissionDenied
    return _post_action(request, pk, lambda s: svc.skp_submit(skp=s, actor=me), _("SKP diajukan ke pejabat penilai."))


@login_required
@require_POST
def skp_approve(request, pk: int):
    me = _me(request)
    subs = sel.substitutes_of(request.user)
    return _post_action(
        request,
        pk,
        lambda s: svc.skp_approve(skp=s, actor=me, substitute_for=subs, catatan=request.POST.get("catatan", "")),
        _("SKP disetujui."),
    )


@login_required
@require_POST
def skp_return(request, pk: int):
    me = _me(request)
    subs = sel.substitutes_of(request.user)
    return _post_action(
        request,
        pk,
        lambda s: svc.skp_return(skp=s, actor=me, substitute_for=subs, catatan=request.POST.get("catatan", "")),
        _("SKP dikembalikan dengan catatan."),
    )


@login_required
@require_POST
def skp_revise(request, pk: int):
    me = _me(request)
    return _post_action(
        request, pk, lambda s: svc.skp_revise(skp=s, actor=me), _("Versi baru SKP dibuat sebagai draf.")
    )


@login_required
@require_POST
def skp_ekspektasi(request, pk: int):
    me = _me(request)
    subs = sel.substitutes_of(request.user)
    data = {
        k: request.POST.get(f"ekspektasi-{k}", "") for k in rules.Berakhlak.values if f"ekspektasi-{k}" in request.POST
    }
    return _post_action(
        request,
        pk,
        lambda s: svc.skp_set_ekspektasi(skp=s, actor=me, ekspektasi=data, substitute_for=subs),
        _("Ekspektasi khusus disimpan."),
    )


@login_required
@require_POST
def skp_copy_previous(request):
    me = Pegawai.objects.select_related("atasan", "jabatan").get(pk=_me(request).pk)
    raw = request.POST.get("periode", "")
    if not raw.isdigit() or len(raw) > 18:
        raise Http404
    periode = get_object_or_404(Periode, pk=int(raw), instansi_id=me.instansi_id)
    try:
        skp = svc.skp_copy_previous(pegawai=me, periode=periode)
    except (ValidationError, DomainError) as exc:
        for m in _errors(exc):
            messages.error(request, m)
        return redirect("kinerja:skp_index")
    messages.success(request, _("SKP tahun lalu disalin sebagai draf."))
    return redirect("kinerja:skp_detail", skp.pk)


@login_required
def skp_pdf(request, pk: int):
    """Serve the stored PDF; render synchronously when missing or stale."""
    skp = _skp(request, pk)
    if not (skp.pdf_file and skp.pdf_version == skp.version):
        svc.skp_pdf_render(skp=skp)
    try:
        f = skp.pdf_file.open("rb")
    except FileNotFoundError:
        Skp.objects.filter(pk=skp.pk).update(pdf_version=0)
        skp.pdf_version = 0
        svc.skp_pdf_render(skp=skp)
        f = skp.pdf_file.open("rb")
    return FileResponse(f, content_type="application/pdf", filename=f"SKP-{skp.pegawai.nip}-{skp.periode.tahun}.pdf")


@login_required
def skp_approval_list(request):
    me = _me(request)
    skps = list(sel.skp_approval_list_for(actor=me, substitute_for=sel.substitutes_of(request.user))[:200])
    return render(request, "kinerja/skp/approval_list.html", {"skps": skps})


# --- koreksi atasan -----------------------------------------------------------------------------


@login_required
def koreksi_create(request):
    me = _me(request)
    errors = []
    if request.method == "POST":
        usulan = None
        raw = request.POST.get("usulan_atasan", "")
        if raw.isdigit() and len(raw) < 18:
            usulan = Pegawai.objects.filter(pk=int(raw), instansi_id=me.instansi_id).first()
        skp = None
        raw_skp = request.POST.get("skp", "")
        if raw_skp.isdigit() and len(raw_skp) < 18:
            skp = Skp.objects.filter(pk=int(raw_skp), pegawai=me).first()
        try:
            svc.koreksi_create(pegawai=me, alasan=request.POST.get("alasan", ""), usulan_atasan=usulan, skp=skp)
        except (ValidationError, DomainError) as exc:
            errors = _errors(exc)
        else:
            messages.success(request, _("Koreksi atasan dikirim ke admin kepegawaian."))
            nxt = request.POST.get("next", "")
            if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=False):
                nxt = "/kinerja/skp/"  # never redirect off-site
            return redirect(nxt)
    kandidat = (
        Pegawai.objects.aktif().filter(instansi_id=me.instansi_id).exclude(pk=me.pk).only("pk", "nama", "nip")[:500]
    )
    return render(
        request,
        "kinerja/skp/koreksi_form.html",
        {"errors": errors, "kandidat": kandidat, "atasan": me.atasan, "skp_id": request.GET.get("skp", "")},
        status=400 if errors else 200,
    )


@login_required
def koreksi_queue(request):
    if not is_admin(request.user):
        raise PermissionDenied
    items = list(sel.koreksi_list_for(user=request.user)[:200])
    return render(request, "kinerja/skp/koreksi_queue.html", {"items": items})


@login_required
@require_POST
def koreksi_decide(request, pk: int):
    if pk > MAX_ID:
        raise Http404
    k = get_object_or_404(sel.koreksi_list_for(user=request.user, status=""), pk=pk)
    if not can_resolve_koreksi(request.user, k.pegawai):
        raise PermissionDenied
    try:
        if request.POST.get("aksi") == "tolak":
            svc.koreksi_reject(koreksi=k, user=request.user, catatan=request.POST.get("catatan", ""))
        else:
            raw = request.POST.get("atasan", "")
            atasan = None
            if raw.isdigit() and len(raw) < 18:
                atasan = Pegawai.objects.filter(pk=int(raw)).first()
            if atasan is None:
                raise ValidationError({"atasan": [_("Pilih atasan yang benar.")]})
            svc.koreksi_resolve(koreksi=k, user=request.user, atasan=atasan, catatan=request.POST.get("catatan", ""))
    except (ValidationError, DomainError) as exc:
        for m in _errors(exc):
            messages.error(request, m)
    else:
        messages.success(request, _("Koreksi atasan ditindaklanjuti."))
    return redirect("kinerja:koreksi_queue")


# --- periode (admin instansi) -------------------------------------------------------------------


@login_required
def periode_list(request):
    if not is_admin(request.user):
        raise PermissionDenied
    errors = []
    if request.method == "POST":
        instansi_id = admin_instansi_id(request.user)
        if is_admin_bkn(request.user):
            raw = request.POST.get("instansi", "")
            instansi_id = int(raw) if raw.isdigit() and len(raw) < 18 else None
        if instansi_id is None or not can_manage_periode(request.user, instansi_id):
            raise PermissionDenied
        tahun = request.POST.get("tahun", "")
        try:
            periode_service.periode_create(
                instansi=get_object_or_404(Instansi, pk=instansi_id),
                tahun=int(tahun) if tahun.isdigit() and len(tahun) < 6 else 0,
                jenis_periodik=request.POST.get("jenis_periodik", ""),
            )
        except (ValidationError, DomainError) as exc:
            errors = _errors(exc)
        else:
            messages.success(request, _("Periode kinerja dibuat."))
            return redirect("kinerja:periode_list")
    return render(
        request,
        "kinerja/skp/periode_list.html",
        {
            "periodes": list(sel.periode_list_for(user=request.user)[:50]),
            "errors": errors,
            "jenis_choices": rules.JenisPeriodik.choices,
            "instansi_list": Instansi.objects.order_by("nama")[:500] if is_admin_bkn(request.user) else [],
        },
        status=400 if errors else 200,
    )


@login_required
@require_POST
def periode_status(request, pk: int):
    if pk > MAX_ID:
        raise Http404
    periode = get_object_or_404(Periode, pk=pk)
    if not can_manage_periode(request.user, periode.instansi_id):
        raise PermissionDenied
    try:
        periode_service.periode_set_status(periode=periode, status=request.POST.get("status", ""))
    except (ValidationError, DomainError) as exc:
        for m in _errors(exc):
            messages.error(request, m)
    return redirect("kinerja:periode_list")


@login_required
@require_POST
def window_status(request, pk: int):
    if pk > MAX_ID:
        raise Http404
    window = get_object_or_404(PeriodeEvaluasi.objects.select_related("periode"), pk=pk)
    if not can_manage_periode(request.user, window.periode.instansi_id):
        raise PermissionDenied
    try:
        periode_service.window_set_status(window=window, status=request.POST.get("status", ""))
    except (ValidationError, DomainError) as exc:
        for m in _errors(exc):
            messages.error(request, m)
    return redirect("kinerja:periode_list")


@login_required
@require_POST
def periode_copy_previous(request, pk: int):
    """Admin quick start: copy last year's SKP for every pegawai of the instansi without one."""
    if pk > MAX_ID:
        raise Http404
    periode = get_object_or_404(Periode, pk=pk)
    if not can_manage_periode(request.user, periode.instansi_id):
        raise PermissionDenied
    try:
        made = svc.skp_copy_previous_bulk(periode=periode)
    except (ValidationError, DomainError) as exc:
        for m in _errors(exc):
            messages.error(request, m)
    else:
        messages.success(request, _("%(n)d SKP tahun lalu disalin sebagai draf.") % {"n": made})
    return redirect("kinerja:periode_list")


# --- templates (admin instansi) -----------------------------------------------------------------


@login_required
def template_list(request):
    if not is_admin(request.user):
        raise PermissionDenied
    inst = admin_instansi_id(request.user)
    periodes = Periode.objects.filter(status="open").order_by("-tahun")
    jabatan = Jabatan.objects.order_by("nama")
    if inst is not None:
        periodes = periodes.filter(instansi_id=inst)
        jabatan = jabatan.filter(instansi_id=inst)
    return render(
        request,
        "kinerja/skp/template_list.html",
        {
            "templates": list(sel.template_list_for(user=request.user)[:200]),
            "periodes": list(periodes[:20]),
            "jabatan_list": list(jabatan[:1000]),
        },
    )


@login_required
def template_edit(request, pk: int | None = None):
    if not is_admin(request.user):
        raise PermissionDenied
    template = None
    if pk is not None:
        if pk > MAX_ID:
            raise Http404
        template = get_object_or_404(sel.template_list_for(user=request.user), pk=pk)
    rows = (
        [
            {
                "jenis": r.jenis,
                "deskripsi": r.deskripsi,
                "indikator": [
                    {
                        "aspek": i.aspek,
                        "deskripsi": i.deskripsi,
                        "target_angka": i.target_angka,
                        "satuan": i.satuan,
                        "target_teks": i.target_teks,
                    }
                    for i in r.indikator.all()
                ],
            }
            for r in template.rhk.all()
        ]
        if template
        else []
    )
    errors, extra = [], 1 if template else 2
    nama = template.nama if template else ""
    jabatan_id = template.jabatan_id if template else None
    if request.method == "POST":
        rows = _rows_from_post(request.POST)
        nama = request.POST.get("nama", "")
        raw = request.POST.get("jabatan", "")
        jabatan_id = int(raw) if raw.isdigit() and len(raw) < 18 else None
        if _unreadable(request.POST):
            errors = [UNREADABLE]
        elif request.POST.get("aksi") != "tambah":
            jabatan = Jabatan.objects.filter(pk=jabatan_id).first() if jabatan_id else None
            if jabatan is None or not can_manage_skp_template(request.user, jabatan.instansi_id):
                errors = [_("Pilih jabatan instansi Anda.")]
            else:
                try:
                    template = svc.template_save(
                        jabatan=jabatan, nama=nama, rhk=rows, actor=request.user, template=template
                    )
                except (ValidationError, DomainError) as exc:
                    errors = _errors(exc)
                else:
                    messages.success(request, _("Templat disimpan."))
                    return redirect("kinerja:template_list")
        else:
            extra = _blank_rows(request.POST) + 1  # keep the empty rows, add one
    inst = admin_instansi_id(request.user)
    jabatan_qs = Jabatan.objects.order_by("nama")
    if inst is not None:
        jabatan_qs = jabatan_qs.filter(instansi_id=inst)
    ctx = _form_context(None, rows, extra, errors=errors, template=template, nama=nama, jabatan_id=jabatan_id)
    ctx.update(jabatan_list=list(jabatan_qs[:1000]), is_template=True, jpt=False)
    return render(request, "kinerja/skp/template_form.html", ctx, status=400 if errors else 200)


@login_required
@require_POST
def template_delete(request, pk: int):
    if pk > MAX_ID:
        raise Http404
    template = get_object_or_404(sel.template_list_for(user=request.user), pk=pk)
    template.delete()
    messages.success(request, _("Templat dihapus."))
    return redirect("kinerja:template_list")


@login_required
@require_POST
def template_push(request, pk: int):
    if pk > MAX_ID:
        raise Http404
    template = get_object_or_404(SkpTemplate.objects.select_related("jabatan"), pk=pk)
    if not can_manage_skp_template(request.user, template.jabatan.instansi_id):
        raise PermissionDenied
    raw = request.POST.get("periode", "")
    periode = None
    if raw.isdigit() and len(raw) < 18:
        periode = Periode.objects.filter(pk=int(raw), instansi_id=template.jabatan.instansi_id).first()
    if periode is None:
        messages.error(request, _("Pilih periode kinerja."))
        return redirect("kinerja:template_list")
    try:
        r = svc.template_push(template=template, periode=periode)
    except (ValidationError, DomainError) as exc:
        for m in _errors(exc):
            messages.error(request, m)
    else:
        messages.success(
            request,
            _("Templat dikirim: %(a)d SKP baru, %(b)d SKP draf ditambah, %(c)d dilewati (sudah diajukan/disetujui).")
            % {"a": r.dibuat, "b": r.ditambah, "c": r.dilewati},
        )
    return redirect("kinerja:template_list")


# --- matriks peran hasil ------------------------------------------------------------------------


@login_required
def matriks(request):
    me = request.user.pegawai_or_none
    raw_unit, raw_periode = request.GET.get("unit", ""), request.GET.get("periode", "")
    unit = None
    if raw_unit.isdigit() and len(raw_unit) < 18:
        unit = UnitKerja.objects.filter(pk=int(raw_unit)).first()
    elif me is not None:
        unit = me.unit_kerja
    if unit is None or not can_view_matriks(request.user, unit.instansi_id):
        raise Http404
    periodes = list(Periode.objects.filter(instansi_id=unit.instansi_id).order_by("-tahun"))
    periode = None
    if raw_periode.isdigit() and len(raw_periode) < 18:
        periode = next((p for p in periodes if p.pk == int(raw_periode)), None)
    elif periodes:
        periode = periodes[0]
    m = sel.matriks_for(unit=unit, periode=periode) if periode is not None else None
    units = UnitKerja.objects.filter(instansi_id=unit.instansi_id).only("pk", "nama", "depth").order_by("path")[:500]
    return render(
        request,
        "kinerja/skp/matriks.html",
        {"m": m, "unit": unit, "periode": periode, "periodes": periodes, "units": units},
    )


urlpatterns = [
    path("skp/", skp_index, name="skp_index"),
    path("skp/daftar/", skp_list, name="skp_list"),
    path("skp/baru/", skp_create, name="skp_create"),
    path("skp/salin-tahun-lalu/", skp_copy_previous, name="skp_copy_previous"),
    path("skp/persetujuan/", skp_approval_list, name="skp_approval_list"),
    path("skp/<int:pk>/", skp_detail, name="skp_detail"),
    path("skp/<int:pk>/ubah/", skp_edit, name="skp_edit"),
    path("skp/<int:pk>/ajukan/", skp_submit, name="skp_submit"),
    path("skp/<int:pk>/setujui/", skp_approve, name="skp_approve"),
    path("skp/<int:pk>/kembalikan/", skp_return, name="skp_return"),
    path("skp/<int:pk>/revisi/", skp_revise, name="skp_revise"),
    path("skp/<int:pk>/ekspektasi/", skp_ekspektasi, name="skp_ekspektasi"),
    path("skp/<int:pk>/pdf/", skp_pdf, name="skp_pdf"),
    path("skp/koreksi-atasan/", koreksi_create, name="koreksi_create"),
    path("skp/koreksi-atasan/antrean/", koreksi_queue, name="koreksi_queue"),
    path("skp/koreksi-atasan/<int:pk>/", koreksi_decide, name="koreksi_decide"),
    path("periode/", periode_list, name="periode_list"),
    path("periode/<int:pk>/status/", periode_status, name="periode_status"),
    path("periode/window/<int:pk>/status/", window_status, name="window_status"),
    path("periode/<int:pk>/salin-skp-tahun-lalu/", periode_copy_previous, name="periode_copy_previous"),
    path("skp/templat/", template_list, name="template_list"),
    path("skp/templat/baru/", template_edit, name="template_create"),
    path("skp/templat/<int:pk>/", template_edit, name="template_edit"),
    path("skp/templat/<int:pk>/hapus/", template_delete, name="template_delete"),
    path("skp/templat/<int:pk>/kirim/", template_push, name="template_push"),
    path("skp/matriks/", matriks, name="matriks"),
]
