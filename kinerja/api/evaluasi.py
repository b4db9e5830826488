"""e-Kinerja II API: periodic rating, the annual run (start, progress), keberatan. Thin: selectors
scope (out of scope is 404), kinerja.permissions decide (visible but not allowed is 403), services
write; their ValidationError / DomainError become 400 in common.api.exception_handler."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from kinerja.models import EvaluasiPeriodik, EvaluasiRun, EvaluasiTahunan, Periode, PeriodeEvaluasi
from kinerja.permissions import can_manage_evaluasi, evaluasi_visible_q, is_skp_penilai
from kinerja.selectors.skp import skp_list_for, substitutes_of
from kinerja.services import evaluasi as svc
from kinerja.services import evaluasi_batch as batch
from pegawai.permissions import managed_instansi_q


def _actor(request):
    me = request.user.pegawai_or_none
    if me is None:
        raise Http404
    return me


class EvaluasiPeriodikSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvaluasiPeriodik
        fields = ["id", "skp", "periode_evaluasi", "pegawai", "penilai", "rating_hasil", "rating_perilaku",
                  "predikat", "umpan_balik", "status", "rated_at"]  # fmt: skip


class RatingInput(serializers.Serializer):
    # Values are checked by the service (one Indonesian message per field), not here.
    rating_hasil = serializers.CharField()
    rating_perilaku = serializers.CharField()
    rating_rhk = serializers.DictField(child=serializers.CharField(), required=False)
    rating_perilaku_item = serializers.DictField(child=serializers.CharField(), required=False)
    umpan_balik = serializers.CharField(required=False, allow_blank=True)
    final = serializers.BooleanField(required=False, default=False)


class EvaluasiPeriodikRateApi(APIView):
    @extend_schema(request=RatingInput, responses=EvaluasiPeriodikSerializer)
    def post(self, request, skp_id: int, window_id: int):
        me = _actor(request)
        subs = substitutes_of(request.user)
        skp = get_object_or_404(skp_list_for(user=request.user, substitute_for=subs, current_only=False), pk=skp_id)
        window = get_object_or_404(PeriodeEvaluasi, pk=window_id, periode_id=skp.periode_id)
        if not is_skp_penilai(me, skp, subs):
            raise PermissionDenied
        data = RatingInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        rhk = {}
        for key, value in (d.get("rating_rhk") or {}).items():
            if not str(key).isdigit():
                raise serializers.ValidationError({"rating_rhk": [_("RHK %(k)s tidak dikenal.") % {"k": repr(key)}]})
            rhk[int(key)] = value
        ev = svc.evaluasi_periodik_rate(
            actor=me, skp=skp, window=window, rating_hasil=d["rating_hasil"], rating_perilaku=d["rating_perilaku"],
            rating_rhk=rhk, rating_perilaku_item=d.get("rating_perilaku_item") or {},
            umpan_balik=d.get("umpan_balik", ""), final=d["final"], substitute_for=subs,
        )  # fmt: skip
        return Response(EvaluasiPeriodikSerializer(ev).data)


class EvaluasiRunSerializer(serializers.ModelSerializer):
    job_status = serializers.CharField(source="job.status", default=None)
    job_percent = serializers.IntegerField(source="job.percent", default=None)

    class Meta:
        model = EvaluasiRun
        fields = ["id", "instansi", "tahun", "status", "chunks_total", "chunks_done", "rows", "started_at",
                  "finished_at", "job", "job_status", "job_percent"]  # fmt: skip


class RunInput(serializers.Serializer):
    periode = serializers.IntegerField()


def _runs_for(user):
    return EvaluasiRun.objects.filter(managed_instansi_q(user)).select_related("job")


class EvaluasiRunStartApi(APIView):
    @extend_schema(request=RunInput, responses={202: EvaluasiRunSerializer})
    def post(self, request):
        data = RunInput(data=request.data)
        data.is_valid(raise_exception=True)
        periode = get_object_or_404(
            Periode.objects.filter(managed_instansi_q(request.user)), pk=data.validated_data["periode"]
        )
        if not can_manage_evaluasi(request.user, periode.instansi_id):
            raise PermissionDenied
        run = batch.evaluasi_tahunan_start(user=request.user, periode=periode)
        return Response(
            EvaluasiRunSerializer(_runs_for(request.user).get(pk=run.pk)).data, status=status.HTTP_202_ACCEPTED
        )


class EvaluasiRunDetailApi(APIView):
    @extend_schema(responses=EvaluasiRunSerializer)
    def get(self, request, pk: int):
        run = get_object_or_404(_runs_for(request.user), pk=pk)
        return Response(EvaluasiRunSerializer(run).data)


class EvaluasiTahunanSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvaluasiTahunan
        fields = ["id", "pegawai", "periode", "unit_kerja", "penilai", "is_kepala_unit", "rating_hasil",
                  "rating_perilaku", "predikat", "status", "finalised_at", "keberatan_status", "keberatan_alasan",
                  "keberatan_keputusan"]  # fmt: skip


class KeberatanInput(serializers.Serializer):
    alasan = serializers.CharField(allow_blank=True)


class KeberatanApi(APIView):
    @extend_schema(request=KeberatanInput, responses=EvaluasiTahunanSerializer)
    def post(self, request, pk: int):
        me = _actor(request)
        ev = get_object_or_404(EvaluasiTahunan.objects.filter(evaluasi_visible_q(request.user)), pk=pk)
        if ev.pegawai_id != me.pk:
            raise PermissionDenied
        data = KeberatanInput(data=request.data)
        data.is_valid(raise_exception=True)
        ev = svc.keberatan_ajukan(actor=me, evaluasi=ev, alasan=data.validated_data["alasan"])
        return Response(EvaluasiTahunanSerializer(ev).data)


urlpatterns = [
    path(
        "evaluasi/skp/<int:skp_id>/periode/<int:window_id>/",
        EvaluasiPeriodikRateApi.as_view(),
        name="evaluasi-periodik-rate",
    ),
    path("evaluasi/tahunan/run/", EvaluasiRunStartApi.as_view(), name="evaluasi-run-start"),
    path("evaluasi/tahunan/run/<int:pk>/", EvaluasiRunDetailApi.as_view(), name="evaluasi-run-detail"),
    path("evaluasi/tahunan/<int:pk>/keberatan/", KeberatanApi.as_view(), name="evaluasi-keberatan"),
]
