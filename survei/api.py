"""Survei API: the public submit (no account, throttled, idempotent by client_token) and, for the
pengelola survei and admins, the units with their periods and the results of one period.

Submit validates with the same SurveiForm as the HTML page (one rule set, the same Indonesian
messages); errors are HTTP 400 {field: [messages]}."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from survei import ikm, selectors, services
from survei.forms import NAMA_UNSUR, SurveiForm
from survei.models import PeriodeSurvei, UnitLayanan

MAX_BODY = 64 * 1024  # a response is a few hundred bytes


class SurveiSubmitThrottle(ScopedRateThrottle):
    """Per-client rate of the public submit. The client is counted by the same daily-rotating keyed
    hash as the HTML form (services.client_key), so no IP address is written to the cache in clear."""

    def get_ident(self, request) -> str:
        return services.client_key(super().get_ident(request))


class ResponSerializer(serializers.Serializer):
    """Documents the submit body for the schema; validation itself is SurveiForm's."""

    u1 = serializers.IntegerField(min_value=1, max_value=4)
    u2 = serializers.IntegerField(min_value=1, max_value=4)
    u3 = serializers.IntegerField(min_value=1, max_value=4)
    u4 = serializers.IntegerField(min_value=1, max_value=4)
    u5 = serializers.IntegerField(min_value=1, max_value=4)
    u6 = serializers.IntegerField(min_value=1, max_value=4)
    u7 = serializers.IntegerField(min_value=1, max_value=4)
    u8 = serializers.IntegerField(min_value=1, max_value=4)
    u9 = serializers.IntegerField(min_value=1, max_value=4)
    jenis_layanan = serializers.IntegerField(required=False, help_text="wajib bila unit punya jenis layanan")
    usia = serializers.CharField(required=False, allow_blank=True)
    jenis_kelamin = serializers.CharField(required=False, allow_blank=True)
    pendidikan = serializers.CharField(required=False, allow_blank=True)
    pekerjaan = serializers.CharField(required=False, allow_blank=True)
    saran = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    client_token = serializers.UUIDField(
        required=False, help_text="id respon dari klien: kirim ulang tidak dihitung dua kali"
    )


class SubmitResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    baru = serializers.BooleanField(help_text="false: client_token ini sudah diterima sebelumnya")


class ResponSubmitApi(APIView):
    authentication_classes: list = []  # public: no account, so no session and no CSRF to check
    permission_classes = [AllowAny]
    throttle_classes = [SurveiSubmitThrottle]
    throttle_scope = "survei_submit"

    @extend_schema(
        summary="Kirim satu respon survei (publik)",
        request=ResponSerializer,
        responses={
            201: SubmitResultSerializer,
            200: SubmitResultSerializer,
            400: OpenApiResponse(description="galat per kolom"),
            404: OpenApiResponse(description="unit tidak dikenal"),
            429: OpenApiResponse(description="terlalu sering"),
        },
    )
    def post(self, request, kode: str):
        unit = get_object_or_404(UnitLayanan, kode=kode, aktif=True)
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY:
            raise ValidationError({"detail": [_("Isian terlalu besar untuk sebuah survei.")]})
        data = request.data
        if not hasattr(data, "get"):
            raise ValidationError({"detail": [_("Isian harus berupa objek JSON.")]})
        form = SurveiForm({k: "" if v is None else str(v) for k, v in data.items()}, unit=unit)
        if form.is_bot:
            raise ValidationError({"detail": [_("Isian ditolak.")]})
        if not form.is_valid():
            raise ValidationError({field: [str(m) for m in msgs] for field, msgs in form.errors.items()})
        respon, created = services.respon_submit(unit=unit, data=form.cleaned_data)  # closed: DomainError, 400
        return Response(
            {"id": respon.pk, "baru": created}, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class PeriodeSurveiSerializer(serializers.ModelSerializer):
    class Meta:
        model = PeriodeSurvei
        fields = ["id", "nama", "mulai", "selesai", "populasi", "status"]


class UnitSerializer(serializers.ModelSerializer):
    periode = PeriodeSurveiSerializer(many=True, read_only=True)
    jenis_layanan = serializers.SlugRelatedField(many=True, read_only=True, slug_field="nama")

    class Meta:
        model = UnitLayanan
        fields = ["id", "kode", "nama", "aktif", "jenis_layanan", "periode"]


@extend_schema(summary="Unit layanan yang dikelola, dengan jenis layanan dan periode survei")
class UnitListApi(ListAPIView):
    serializer_class = UnitSerializer

    def get_queryset(self):
        return selectors.unit_list_for(user=self.request.user).prefetch_related(
            Prefetch("periode", queryset=PeriodeSurvei.objects.order_by("-mulai")), "jenis_layanan"
        )


class HasilApi(APIView):
    @extend_schema(
        summary="Hasil survei satu periode (IKM, mutu, NRR per unsur, per jenis layanan)",
        responses={
            200: inline_serializer(
                "HasilSkm",
                {
                    "periode": PeriodeSurveiSerializer(),
                    "unit": serializers.CharField(),
                    "jumlah_responden": serializers.IntegerField(),
                    "sampel_minimal": serializers.IntegerField(allow_null=True),
                    "ikm": serializers.DecimalField(5, 2, allow_null=True),
                    "mutu": serializers.CharField(allow_null=True),
                    "kinerja": serializers.CharField(allow_null=True),
                    "unsur": serializers.ListField(child=serializers.DictField()),
                    "per_layanan": serializers.ListField(child=serializers.DictField()),
                },
            ),
            404: OpenApiResponse(description="di luar lingkup"),
        },
    )
    def get(self, request, pk: int):
        periode = get_object_or_404(
            PeriodeSurvei.objects.select_related("unit").filter(unit__in=selectors.unit_list_for(user=request.user)),
            pk=pk,
        )
        qs = selectors.responses_for_periode(periode, token_only=request.query_params.get("token") == "1")
        hasil = selectors.ikm_of(qs)
        unit = periode.unit
        return Response(
            {
                "periode": PeriodeSurveiSerializer(periode).data,
                "unit": unit.kode,
                "jumlah_responden": hasil.jumlah_responden if hasil else 0,
                "sampel_minimal": ikm.ukuran_sampel(periode.populasi) if periode.populasi else None,
                "ikm": str(hasil.ikm) if hasil else None,
                "mutu": hasil.mutu if hasil else None,
                "kinerja": hasil.kinerja if hasil else None,
                "unsur": [
                    {
                        "kode": k,
                        "nama": str(NAMA_UNSUR[k]),
                        "nrr": str(n) if (n := hasil.nrr[ikm.KODE_UNSUR.index(k)]) is not None else None,
                    }
                    for k in unit.unsur_berurutan()
                ]
                if hasil
                else [],
                "per_layanan": [
                    {"jenis_layanan": r.label, "responden": r.n, "ikm": str(r.hasil.ikm) if r.hasil else None}
                    for r in selectors.ikm_grouped(
                        qs, "jenis_layanan", {j.pk: j.nama for j in unit.jenis_layanan.all()}
                    )
                ],
            }
        )
