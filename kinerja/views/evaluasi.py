"""e-Kinerja II pages: the atasan rates a subordinate's window (with the evidence), the ASN sees their
results, the admin sees a unit's distribution against the pattern and finalises it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.api import DomainError
from kinerja import rules
from kinerja.models import EvaluasiPeriodik, Periode, PeriodeEvaluasi
from kinerja.permissions import can_manage_evaluasi, is_skp_penilai
from kinerja.selectors import evaluasi as sel
from kinerja.selectors.skp import skp_list_for, substitutes_of
from kinerja.services import evaluasi as svc
from pegawai.models import UnitKerja
from pegawai.permissions import managed_instansi_q

RATING_CHOICES = [("", gettext_lazy("— pilih —")), *rules.Rating.choices]


class RatingPeriodikForm(forms.Form):
    """Overall ratings plus one field per RHK and per BerAKHLAK value (built from the SKP)."""

    rating_hasil = forms.ChoiceField(label=gettext_lazy("Rating hasil kerja"), choices=RATING_CHOICES)
    rating_perilaku = forms.ChoiceField(label=gettext_lazy("Rating perilaku kerja"), choices=RATING_CHOICES)
    umpan_balik = forms.CharField(
        label=gettext_lazy("Umpan balik"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    final = forms.BooleanField(label=gettext_lazy("Tetapkan sebagai final (tidak dapat diubah lagi)"), required=False)

    def __init__(self, *args, rhk_list, **kwargs):
        super().__init__(*args, **kwargs)
        self.rhk_list = rhk_list
        for rhk in rhk_list:
            self.fields[f"rhk_{rhk.pk}"] = forms.ChoiceField(
                label=_("RHK: %(d)s") % {"d": rhk.deskripsi[:120]}, choices=RATING_CHOICES, required=False
            )
        for kode, label in rules.Berakhlak.choices:
            self.fields[f"perilaku_{kode}"] = forms.ChoiceField(label=label, choices=RATING_CHOICES, required=False)

    def item_ratings(self):
        d = self.cleaned_data
        rhk = {r.pk: d[f"rhk_{r.pk}"] for r in self.rhk_list if d.get(f"rhk_{r.pk}")}
        perilaku = {k: d[f"perilaku_{k}"] for k in rules.Berakhlak.values if d.get(f"perilaku_{k}")}
        return rhk, perilaku


def _add_errors(form: forms.Form, exc: Exception) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, getattr(exc, "message", None) or " ".join(getattr(exc, "messages", [str(exc)])))


@login_required
def evaluasi_periodik_rate(request, skp_id: int, window_id: int):
    me = request.user.pegawai_or_none
    if me is None:
        raise Http404
    subs = substitutes_of(request.user)
    skp = get_object_or_404(skp_list_for(user=request.user, substitute_for=subs, current_only=False), pk=skp_id)
    window = get_object_or_404(
        PeriodeEvaluasi.objects.select_related("periode"), pk=window_id, periode_id=skp.periode_id
    )
    if not is_skp_penilai(me, skp, subs):
        raise PermissionDenied  # visible (e.g. an indirect atasan) but not theirs to rate
    bukti = sel.bukti_window(skp=skp, window=window)
    existing = EvaluasiPeriodik.objects.filter(pegawai_id=skp.pegawai_id, periode_evaluasi=window).first()
    initial = {}
    if existing is not None:
        initial = {
            "rating_hasil": existing.rating_hasil,
            "rating_perilaku": existing.rating_perilaku,
            "umpan_balik": existing.umpan_balik,
        }
        initial.update({f"rhk_{r.rhk_id}": r.rating for r in existing.rating_rhk.all()})
        initial.update({f"perilaku_{r.kode}": r.rating for r in existing.rating_perilaku_set.all()})
    form = RatingPeriodikForm(request.POST or None, initial=initial, rhk_list=bukti.rhk)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            rhk, perilaku = form.item_ratings()
            try:
                svc.evaluasi_periodik_rate(
                    actor=me, skp=skp, window=window, rating_hasil=form.cleaned_data["rating_hasil"],
                    rating_perilaku=form.cleaned_data["rating_perilaku"], rating_rhk=rhk, rating_perilaku_item=perilaku,
                    umpan_balik=form.cleaned_data["umpan_balik"], final=form.cleaned_data["final"], substitute_for=subs,
                )  # fmt: skip
            except (ValidationError, DomainError) as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Penilaian disimpan."))
                return redirect("kinerja:evaluasi_periodik_rate", skp_id=skp.pk, window_id=window.pk)
        status = 400
    context = {
        "skp": skp, "window": window, "bukti": bukti, "form": form, "existing": existing,
        "is_final": existing is not None and existing.status == EvaluasiPeriodik.Status.FINAL,
        "approved": skp.status == "approved",
    }  # fmt: skip
    return render(request, "kinerja/evaluasi/rate.html", context, status=status)


@login_required
def evaluasi_saya(request):
    me = request.user.pegawai_or_none
    if me is None:
        raise Http404
    context = {
        "periodik": list(sel.evaluasi_periodik_of(user=request.user, pegawai_id=me.pk)[:48]),
        "tahunan": list(sel.evaluasi_tahunan_of(user=request.user, pegawai_id=me.pk)[:10]),
    }
    return render(request, "kinerja/evaluasi/saya.html", context)


class FinalisasiForm(forms.Form):
    justifikasi = forms.CharField(
        label=gettext_lazy("Justifikasi penyimpangan dari pola distribusi"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


@login_required
def evaluasi_unit(request, unit_id: int, periode_id: int):
    unit = get_object_or_404(UnitKerja.objects.filter(managed_instansi_q(request.user)), pk=unit_id)
    periode = get_object_or_404(Periode, pk=periode_id, instansi_id=unit.instansi_id)
    if not can_manage_evaluasi(request.user, unit.instansi_id):
        raise Http404
    form = FinalisasiForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                svc.unit_finalise(
                    user=request.user, unit=unit, periode_id=periode.pk, justifikasi=form.cleaned_data["justifikasi"]
                )
            except (ValidationError, DomainError) as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Unit difinalisasi."))
                return redirect("kinerja:evaluasi_unit", unit_id=unit.pk, periode_id=periode.pk)
        status = 400
    dist = sel.distribusi_unit_view(unit=unit, periode_id=periode.pk, tahun=periode.tahun)
    context = {"unit": unit, "periode": periode, "dist": dist, "form": form}
    return render(request, "kinerja/evaluasi/unit.html", context, status=status)


urlpatterns = [
    path("evaluasi/saya/", evaluasi_saya, name="evaluasi_saya"),
    path("evaluasi/skp/<int:skp_id>/periode/<int:window_id>/", evaluasi_periodik_rate, name="evaluasi_periodik_rate"),
    path("evaluasi/unit/<int:unit_id>/periode/<int:periode_id>/", evaluasi_unit, name="evaluasi_unit"),
]
