"""Rekrutmen pages: the applicant's registration and status, the panitia's formasi, applicants and
ranking. Thin: scoped lookups (outside the scope is a 404), services do the work, their errors go on
the form field they name."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rekrutmen import explain, permissions, rules, selectors, services
from rekrutmen.forms import (
    LamaranForm,
    PendaftaranForm,
    PublikasiForm,
    RankingForm,
    SanggahForm,
    SanggahKeputusanForm,
    SkdImportForm,
    VerifikasiForm,
)
from rekrutmen.models import Formasi, Lamaran, Pelamar
from rekrutmen.services import RekrutmenError


def _form_error(form, exc: RekrutmenError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _pelamar_of(user) -> Pelamar | None:
    return Pelamar.objects.filter(user_id=user.pk).first()


@login_required
def index(request):
    if permissions.is_panitia(request.user):
        return redirect("rekrutmen:seleksi_list")
    if request.user.pegawai_or_none is not None:
        raise Http404  # a pegawai without the panitia role has nothing here
    if selectors.lamaran_own(user=request.user).exists():
        return redirect("rekrutmen:status")
    return redirect("rekrutmen:daftar")


@login_required
def daftar(request):
    """Step 1: the applicant's identity (once per account); step 2: the one application per seleksi."""
    if request.user.pegawai_or_none is not None:
        raise Http404
    pelamar = _pelamar_of(request.user)
    if pelamar is None:
        form = PendaftaranForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.pelamar_register(user=request.user, **form.cleaned_data)
            except RekrutmenError as e:
                _form_error(form, e)
            else:
                messages.success(request, _("Data diri tersimpan. Pilih formasi untuk melamar."))
                return redirect("rekrutmen:daftar")
        return render(request, "rekrutmen/daftar.html", {"form": form, "langkah": 1})
    form = LamaranForm(request.POST or None, formasi_qs=selectors.formasi_open())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.lamaran_submit(
                pelamar=pelamar,
                formasi=data["formasi"],
                client_token=data["client_token"],
                pendidikan=data["pendidikan"],
                ipk=data["ipk"],
            )
        except RekrutmenError as e:
            _form_error(form, e)
        else:
            messages.success(request, _("Lamaran Anda telah dikirim."))
            return redirect("rekrutmen:status")
    return render(request, "rekrutmen/daftar.html", {"form": form, "langkah": 2, "pelamar": pelamar})


def _penjelasan(lamaran: Lamaran) -> dict:
    """What the status page says about one application, in plain Indonesian."""
    out: dict = {"ambang": [], "seri": [], "sanggah_batas": services.sanggah_batas(lamaran.seleksi)}
    seleksi = lamaran.seleksi
    if lamaran.twk is not None and seleksi.skd_published_at is not None:
        parameter = seleksi.parameter.as_rules()
        out["ambang"] = explain.ambang_kalimat(
            lamaran.formasi.jenis_formasi, parameter, lamaran.twk, lamaran.tiu, lamaran.tkp
        )
        out["batas_skb"] = parameter.kelipatan_skb * lamaran.formasi.kuota
        atas, bawah = selectors.tetangga_peringkat(lamaran)
        out["seri"] = explain.seri_kalimat(lamaran, atas, bawah)
    return out


@login_required
def status(request):
    rows = [(lamaran, _penjelasan(lamaran)) for lamaran in selectors.lamaran_own(user=request.user)]
    return render(request, "rekrutmen/status.html", {"rows": rows, "sanggah_form": SanggahForm()})


@login_required
@require_POST
def sanggah(request, pk: int):
    lamaran = get_object_or_404(selectors.lamaran_own(user=request.user), pk=pk)
    form = SanggahForm(request.POST)
    if form.is_valid():
        try:
            services.sanggah_submit(lamaran=lamaran, user=request.user, alasan=form.cleaned_data["alasan"])
        except RekrutmenError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("Sanggah Anda telah dikirim."))
    else:
        messages.error(request, _("Alasan sanggah wajib diisi."))
    return redirect("rekrutmen:status")


def _require_panitia(user) -> None:
    if not permissions.is_panitia(user):
        raise Http404


@login_required
def seleksi_list(request):
    _require_panitia(request.user)
    rows = selectors.seleksi_managed_for(viewer=request.user).order_by("-tahun", "nama")
    return render(request, "rekrutmen/seleksi_list.html", {"rows": rows})


@login_required
def seleksi_detail(request, pk: int):
    _require_panitia(request.user)
    seleksi = get_object_or_404(selectors.seleksi_managed_for(viewer=request.user).select_related("parameter"), pk=pk)
    form = RankingForm(request.POST or None)
    if request.method == "POST":
        if not permissions.can_manage_seleksi(request.user):
            raise PermissionDenied
        if form.is_valid():
            try:
                n = services.ranking_run(seleksi=seleksi, actor=request.user, **form.cleaned_data)
            except RekrutmenError as e:
                _form_error(form, e)
            else:
                messages.success(request, _("Pemeringkatan dijalankan dalam %(n)s bagian.") % {"n": n})
                return redirect("rekrutmen:seleksi_detail", pk=seleksi.pk)
    rows = selectors.formasi_list_for(viewer=request.user, seleksi=seleksi)
    return render(
        request,
        "rekrutmen/seleksi_detail.html",
        {
            "seleksi": seleksi,
            "rows": rows,
            "form": form,
            "publikasi_form": PublikasiForm(),
            "impor_form": SkdImportForm(),
        },
    )


def _managed_seleksi(request, pk: int):
    _require_panitia(request.user)
    seleksi = get_object_or_404(selectors.seleksi_managed_for(viewer=request.user).select_related("parameter"), pk=pk)
    if not permissions.can_manage_seleksi(request.user):
        raise PermissionDenied
    return seleksi


@login_required
@require_POST
def publikasi(request, pk: int):
    seleksi = _managed_seleksi(request, pk)
    form = PublikasiForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih tahap yang diumumkan."))
        return redirect("rekrutmen:seleksi_detail", pk=seleksi.pk)
    tahap = form.cleaned_data["tahap"]
    try:
        if tahap == "administrasi":
            services.administrasi_publish(seleksi=seleksi, actor=request.user)
        else:
            services.hasil_publish(seleksi=seleksi, actor=request.user, tahap=tahap)
    except RekrutmenError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Hasil telah diumumkan."))
    return redirect("rekrutmen:seleksi_detail", pk=seleksi.pk)


@login_required
@require_POST
def skd_impor(request, pk: int):
    """Store the upload and start the check (dry run) or the import as a job; the job page shows the
    progress and the row errors."""
    import uuid

    from django.core.files.storage import default_storage

    from common.jobs import start_job

    seleksi = _managed_seleksi(request, pk)
    form = SkdImportForm(request.POST, request.FILES)
    if not form.is_valid():
        for e in form.errors.get("berkas", []):
            messages.error(request, e)
        return redirect("rekrutmen:seleksi_detail", pk=seleksi.pk)
    berkas = form.cleaned_data["berkas"]
    ext = ".xlsx" if berkas.name.lower().endswith(".xlsx") else ".csv"
    path = default_storage.save(f"rekrutmen/impor/{uuid.uuid4().hex}{ext}", berkas)
    kind = "rekrutmen.skd_import_check" if form.cleaned_data["periksa_saja"] else "rekrutmen.skd_import_run"
    job = start_job(owner=request.user, kind=kind, params={"seleksi_id": seleksi.pk, "path": path})
    return redirect("jobs:detail", pk=job.pk)


@login_required
@require_POST
def pengumuman_pdf(request, pk: int):
    """Queue the announcement PDF of a published stage as a job (large selections take a while)."""
    from common.jobs import start_job

    seleksi = _managed_seleksi(request, pk)
    tahap = request.POST.get("tahap", "")
    if not selectors.seleksi_published(tahap=tahap).filter(pk=seleksi.pk).exists():
        messages.error(request, _("Hasil tahap ini belum diumumkan."))
        return redirect("rekrutmen:seleksi_detail", pk=seleksi.pk)
    job = start_job(
        owner=request.user, kind="rekrutmen.pengumuman_pdf", params={"seleksi_id": seleksi.pk, "tahap": tahap}
    )
    return redirect("jobs:detail", pk=job.pk)


@login_required
@require_POST
def sanggah_putuskan(request, pk: int):
    _require_panitia(request.user)
    lamaran = get_object_or_404(
        Lamaran.objects.filter(permissions.formasi_managed_q(request.user, prefix="formasi__")), pk=pk
    )
    form = SanggahKeputusanForm(request.POST)
    if form.is_valid():
        try:
            services.sanggah_decide(lamaran=lamaran, actor=request.user, **form.cleaned_data)
        except RekrutmenError as e:
            messages.error(request, _("Lamaran %(no)s: %(pesan)s") % {"no": lamaran, "pesan": e.message})
        else:
            messages.success(request, _("Sanggah lamaran %(no)s diputuskan.") % {"no": lamaran})
    else:
        messages.error(request, _("Lamaran %(no)s: jawaban sanggah wajib diisi.") % {"no": lamaran})
    return redirect("rekrutmen:formasi_detail", pk=lamaran.formasi_id)


@login_required
def formasi_detail(request, pk: int):
    _require_panitia(request.user)

    formasi = get_object_or_404(
        Formasi.objects.filter(permissions.formasi_managed_q(request.user)).select_related("seleksi", "instansi"), pk=pk
    )
    rows = selectors.lamaran_list_for(viewer=request.user, formasi=formasi)
    return render(
        request,
        "rekrutmen/formasi_detail.html",
        {
            "formasi": formasi,
            "rows": rows,
            "form": VerifikasiForm(),
            "dibuka": formasi.seleksi.administrasi_published_at is None,
        },
    )


@login_required
@require_POST
def verifikasi(request, pk: int):
    _require_panitia(request.user)
    lamaran = get_object_or_404(
        Lamaran.objects.filter(permissions.formasi_managed_q(request.user, prefix="formasi__")).select_related(
            "seleksi", "formasi"
        ),
        pk=pk,
    )
    form = VerifikasiForm(request.POST)
    if form.is_valid():
        try:
            services.lamaran_verifikasi(lamaran=lamaran, actor=request.user, **form.cleaned_data)
        except RekrutmenError as e:
            messages.error(request, _("Lamaran %(no)s: %(pesan)s") % {"no": lamaran, "pesan": e.message})
        else:
            messages.success(
                request, _("Lamaran %(no)s: %(hasil)s.") % {"no": lamaran, "hasil": lamaran.get_status_display()}
            )
    else:
        messages.error(request, _("Lamaran %(no)s: pilih MS atau TMS.") % {"no": lamaran})
    return redirect("rekrutmen:formasi_detail", pk=lamaran.formasi_id)


def pengumuman(request, pk: int, tahap: str):
    """Public announcement of a published stage: per formasi, masked name and NIK, scores and ranks.
    An unpublished stage does not exist (404)."""
    seleksi = get_object_or_404(selectors.seleksi_published(tahap=tahap), pk=pk)
    per_formasi: dict = {}
    for r in selectors.pengumuman_rows(seleksi=seleksi, tahap=tahap):
        r.nama_samar, r.nik_samar = rules.samarkan_nama(r.pelamar.nama), rules.samarkan_nik(r.pelamar.nik)
        per_formasi.setdefault(r.formasi, []).append(r)
    return render(
        request, "rekrutmen/pengumuman.html", {"seleksi": seleksi, "tahap": tahap, "per_formasi": per_formasi}
    )


app_name = "rekrutmen"
urlpatterns = [
    path("", index, name="index"),
    path("daftar/", daftar, name="daftar"),
    path("status/", status, name="status"),
    path("lamaran/<int:pk>/sanggah/", sanggah, name="sanggah"),
    path("seleksi/", seleksi_list, name="seleksi_list"),
    path("seleksi/<int:pk>/", seleksi_detail, name="seleksi_detail"),
    path("formasi/<int:pk>/", formasi_detail, name="formasi_detail"),
    path("lamaran/<int:pk>/verifikasi/", verifikasi, name="verifikasi"),
    path("pengumuman/<int:pk>/<str:tahap>/", pengumuman, name="pengumuman"),
    path("seleksi/<int:pk>/umumkan/", publikasi, name="publikasi"),
    path("seleksi/<int:pk>/pdf/", pengumuman_pdf, name="pengumuman_pdf"),
    path("seleksi/<int:pk>/impor-skd/", skd_impor, name="skd_impor"),
    path("lamaran/<int:pk>/sanggah/putuskan/", sanggah_putuskan, name="sanggah_putuskan"),
]
