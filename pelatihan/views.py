"""Pelatihan pages: "Pelatihan saya" (the JP ledger with a progress bar toward 20 JP, open runs to
register, own enrolments) and, for an atasan, the registrations waiting for their decision. Thin:
lookups through the scoped selectors (out of scope: 404), predicates for actions (403)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pelatihan import rules
from pelatihan import selectors as sel
from pelatihan import services as svc
from pelatihan.models import Angkatan, Pendaftaran
from pelatihan.permissions import can_approve_pendaftaran

app_name = "pelatihan"


@login_required
def index(request):
    me = request.user.pegawai_or_none
    tahun = timezone.localdate().year
    context = {"tahun": tahun, "target": rules.MIN_JP_PER_TAHUN, "me": me}
    if me is not None:
        total = sel.jp_pegawai(pegawai=me, tahun=tahun)
        mine = list(sel.pendaftaran_list_for(viewer=request.user).filter(pegawai=me))
        taken = {
            p.angkatan_id for p in mine if p.status not in (Pendaftaran.Status.REJECTED, Pendaftaran.Status.CANCELLED)
        }
        context |= {
            "jp_total": total,
            "kurang": rules.kurang_jp(total),
            "persen": rules.persen_target(total),
            "riwayat": sel.riwayat_jp(pegawai=me, tahun=tahun),
            "pendaftaran": mine,
            "terbuka": [
                a for a in sel.angkatan_list_for(viewer=request.user, status=Angkatan.Status.OPEN) if a.pk not in taken
            ],
            "menunggu": list(sel.pendaftaran_menunggu_atasan(atasan=me)),
        }
    return render(request, "pelatihan/index.html", context)


@login_required
@require_POST
def daftar(request, angkatan_id: int):
    angkatan = get_object_or_404(sel.angkatan_list_for(viewer=request.user), pk=angkatan_id)
    try:
        p = svc.pendaftaran_daftar(angkatan=angkatan, actor=request.user)
    except svc.PelatihanError as exc:
        messages.error(request, exc.message)
    else:
        if p.status == Pendaftaran.Status.WAITLISTED:
            messages.warning(request, _("Kuota penuh: Anda masuk daftar tunggu %(a)s.") % {"a": angkatan})
        else:
            messages.success(request, _("Pendaftaran %(a)s diajukan ke atasan Anda.") % {"a": angkatan})
    return redirect("pelatihan:index")


@login_required
@require_POST
def putuskan(request, pendaftaran_id: int):
    p = get_object_or_404(sel.pendaftaran_list_for(viewer=request.user), pk=pendaftaran_id)
    if not can_approve_pendaftaran(request.user, p.status, p.pegawai):
        raise PermissionDenied
    setuju = request.POST.get("aksi") == "setujui"
    catatan = request.POST.get("catatan", "").strip()[:2000]
    try:
        svc.pendaftaran_putuskan(pendaftaran=p, actor=request.user, setuju=setuju, catatan=catatan)
    except svc.PelatihanError as exc:
        messages.error(request, exc.message)
    else:
        msg = _("Pendaftaran %(n)s disetujui.") if setuju else _("Pendaftaran %(n)s ditolak.")
        messages.success(request, msg % {"n": p.pegawai.nama_lengkap})
    return redirect("pelatihan:index")


urlpatterns = [
    path("", index, name="index"),
    path("angkatan/<int:angkatan_id>/daftar/", daftar, name="daftar"),
    path("pendaftaran/<int:pendaftaran_id>/putuskan/", putuskan, name="putuskan"),
]
