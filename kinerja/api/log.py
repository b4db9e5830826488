"""API for daily logs, the approval queue, realisasi and umpan balik under /api/kinerja/.
Same access rules as the pages (selectors scope, kinerja.permissions decide); no logic here.
Service ValidationError/DomainError -> 400, PermissionDenied -> 403 (common.api.exception_handler)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import re_path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from kinerja.models import BuktiDukung, LogHarian, PeriodeEvaluasi, Realisasi, Skp, UmpanBalik
from kinerja.permissions import is_log_owner
from kinerja.rules import Berakhlak
from kinerja.selectors import log as log_selectors
from kinerja.selectors import realisasi as realisasi_selectors
from kinerja.services import log as log_service
from kinerja.services import realisasi as realisasi_service
from kinerja.services import umpan_balik as umpan_balik_service

# Ids beyond bigint would reach the database as an out-of-range error (500): refuse them as input.
MAX_ID = 2**63 - 1


def Id(**kw) -> serializers.IntegerField:  # noqa: N802 - reads like a field class
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kw)


def _actor(request):
    me = request.user.pegawai_or_none
    if me is None:
        raise PermissionDenied
    return me


# --- serializers ----------------------------------------------------------------------------------


class BuktiSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = BuktiDukung
        fields = ["id", "nama_asli", "content_type", "ukuran", "sha256", "link", "url", "created_at"]

    def get_url(self, obj) -> str:
        from django.urls import reverse

        return reverse("kinerja:bukti_download", args=[obj.pk]) if obj.file else obj.link


class LogOutputSerializer(serializers.ModelSerializer):
    pegawai = serializers.SerializerMethodField()
    rhk = serializers.SerializerMethodField()
    bukti = BuktiSerializer(many=True, read_only=True)

    class Meta:
        model = LogHarian
        fields = [
            "id",
            "pegawai",
            "rhk",
            "tanggal",
            "kegiatan",
            "output_jumlah",
            "output_satuan",
            "jam_mulai",
            "jam_selesai",
            "link_bukti",
            "status",
            "catatan_atasan",
            "client_token",
            "submitted_at",
            "reviewed_at",
            "bukti",
        ]

    def get_pegawai(self, obj) -> dict:
        return {"id": obj.pegawai_id, "nip": obj.pegawai.nip, "nama": obj.pegawai.nama}

    def get_rhk(self, obj) -> dict:
        return {"id": obj.rhk_id, "deskripsi": obj.rhk.deskripsi}


class QueueItemSerializer(LogOutputSerializer):
    umur_jam = serializers.SerializerMethodField()
    umur_hari = serializers.SerializerMethodField()

    class Meta(LogOutputSerializer.Meta):
        fields = [*LogOutputSerializer.Meta.fields, "umur_jam", "umur_hari"]

    def get_umur_jam(self, obj) -> int:
        return log_selectors.umur(obj.submitted_at, self.context.get("now")).jam

    def get_umur_hari(self, obj) -> int:
        return log_selectors.umur(obj.submitted_at, self.context.get("now")).hari


class LogInputSerializer(serializers.Serializer):
    tanggal = serializers.DateField()
    rhk = Id()
    kegiatan = serializers.CharField(max_length=4000)
    # Sign and unit rules live in the service (one message for pages and API).
    output_jumlah = serializers.DecimalField(max_digits=12, decimal_places=2)
    output_satuan = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    jam_mulai = serializers.TimeField()
    jam_selesai = serializers.TimeField()
    link_bukti = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class LogCreateSerializer(LogInputSerializer):
    client_token = serializers.UUIDField(
        required=False, allow_null=True, help_text="UUID dari klien; kirim ulang dengan token sama = log yang sama."
    )
    kirim = serializers.BooleanField(required=False, default=False)


class IdsSerializer(serializers.Serializer):
    ids = serializers.ListField(child=Id(), allow_empty=False, max_length=500)
    catatan = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ReviewResultSerializer(serializers.Serializer):
    changed = serializers.IntegerField()
    ids = serializers.ListField(child=serializers.IntegerField())
    skipped = serializers.DictField(child=serializers.CharField())


# --- logs -----------------------------------------------------------------------------------------


class LogListFilter(serializers.Serializer):
    pegawai = Id(required=False)
    status = serializers.ChoiceField(choices=LogHarian.Status.choices, required=False)
    dari = serializers.DateField(required=False)
    sampai = serializers.DateField(required=False)
    rhk = Id(required=False)


class LogListCreateApi(GenericAPIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    serializer_class = LogOutputSerializer
    queryset = LogHarian.objects.none()  # for the schema; requests use the scoped selector

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return LogHarian.objects.none()
        f = LogListFilter(data=self.request.query_params)
        f.is_valid(raise_exception=True)
        d = f.validated_data
        return log_selectors.log_list_for(
            user=self.request.user,
            pegawai_id=d.get("pegawai"),
            status=d.get("status", ""),
            dari=d.get("dari"),
            sampai=d.get("sampai"),
            rhk_id=d.get("rhk"),
        )

    @extend_schema(parameters=[LogListFilter], responses=LogOutputSerializer(many=True))
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(LogOutputSerializer(page, many=True).data)

    @extend_schema(request=LogCreateSerializer, responses={201: LogOutputSerializer, 200: LogOutputSerializer})
    def post(self, request):
        me = _actor(request)
        data = LogCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        log, created = log_service.log_create(
            pegawai=me,
            data=log_service.LogData.from_dict(d),
            client_token=d.get("client_token"),
            files=d.get("files") or [],
            kirim=d["kirim"],
        )
        log = log_selectors.log_list_for(user=request.user).get(pk=log.pk)
        return Response(
            LogOutputSerializer(log).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class LogDetailApi(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def _get(self, request, pk: int) -> LogHarian:
        return get_object_or_404(log_selectors.log_list_for(user=request.user), pk=pk)

    @extend_schema(responses=LogOutputSerializer)
    def get(self, request, pk: int):
        return Response(LogOutputSerializer(self._get(request, pk)).data)

    @extend_schema(request=LogInputSerializer, responses=LogOutputSerializer)
    def put(self, request, pk: int):
        return self._update(request, pk, partial=False)

    @extend_schema(request=LogInputSerializer, responses=LogOutputSerializer)
    def patch(self, request, pk: int):
        return self._update(request, pk, partial=True)

    def _update(self, request, pk: int, *, partial: bool):
        me = _actor(request)
        log = self._get(request, pk)
        data = LogInputSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        merged = {f: getattr(log, "rhk_id" if f == "rhk" else f) for f in log_service.EDITABLE_FIELDS}
        merged.update({k: v for k, v in data.validated_data.items() if k != "files"})
        log_service.log_update(
            log=log, actor=me, data=log_service.LogData.from_dict(merged), files=data.validated_data.get("files") or []
        )
        return Response(LogOutputSerializer(self._get(request, pk)).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        log_service.log_delete(log=self._get(request, pk), actor=_actor(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogSubmitApi(APIView):
    @extend_schema(request=None, responses=LogOutputSerializer)
    def post(self, request, pk: int):
        me = _actor(request)
        log = get_object_or_404(log_selectors.log_list_for(user=request.user), pk=pk)
        if not is_log_owner(me, log):  # the atasan sees it, but only its owner sends it
            raise PermissionDenied
        log_service.log_submit(actor=me, ids=[log.pk])
        return Response(LogOutputSerializer(log_selectors.log_list_for(user=request.user).get(pk=pk)).data)


class LogSubmitBulkApi(APIView):
    @extend_schema(
        request=IdsSerializer, responses={200: ReviewResultSerializer}, operation_id="kinerja_log_submit_bulk"
    )
    def post(self, request):
        me = _actor(request)
        data = IdsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        logs = log_service.log_submit(actor=me, ids=data.validated_data["ids"])
        return Response({"changed": len(logs), "ids": [log.pk for log in logs], "skipped": {}})


class _ReviewApi(APIView):
    approve = True

    @extend_schema(request=IdsSerializer, responses={200: ReviewResultSerializer})
    def post(self, request):
        me = _actor(request)
        data = IdsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = log_service.log_review(
            actor=me, ids=data.validated_data["ids"], approve=self.approve, catatan=data.validated_data["catatan"]
        )
        return Response(
            {"changed": result.changed, "ids": result.ids, "skipped": {str(k): v for k, v in result.skipped.items()}}
        )


class LogApproveApi(_ReviewApi):
    approve = True


class LogRejectApi(_ReviewApi):
    approve = False


class LogQueueApi(GenericAPIView):
    serializer_class = QueueItemSerializer
    queryset = LogHarian.objects.none()  # for the schema; requests use the scoped selector

    @extend_schema(responses=QueueItemSerializer(many=True))
    def get(self, request):
        me = _actor(request)
        page = self.paginate_queryset(log_selectors.approval_queue_for(actor=me))
        ser = QueueItemSerializer(page, many=True, context={"now": timezone.now()})
        return self.get_paginated_response(ser.data)


class LogBuktiApi(APIView):
    parser_classes = [MultiPartParser, FormParser]

    class LogBuktiInputSerializer(serializers.Serializer):
        files = serializers.ListField(child=serializers.FileField(), allow_empty=False)

    @extend_schema(request=LogBuktiInputSerializer, responses=LogOutputSerializer)
    def post(self, request, pk: int):
        me = _actor(request)
        log = get_object_or_404(log_selectors.log_list_for(user=request.user), pk=pk)
        data = self.LogBuktiInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        log_service.log_add_bukti(log=log, actor=me, files=data.validated_data["files"])
        return Response(LogOutputSerializer(log_selectors.log_list_for(user=request.user).get(pk=pk)).data)


# --- realisasi and umpan balik ------------------------------------------------------------------


class SkpWindowQuery(serializers.Serializer):
    skp = Id()
    window = Id(required=False, help_text="PeriodeEvaluasi id; default: the current one")


def _skp_window(request, params) -> tuple[Skp, PeriodeEvaluasi]:
    q = SkpWindowQuery(data=params)
    q.is_valid(raise_exception=True)
    try:
        skp = realisasi_selectors.skp_for_kinerja(user=request.user, skp_id=q.validated_data["skp"])
    except Skp.DoesNotExist:
        from django.http import Http404

        raise Http404 from None
    windows = realisasi_selectors.windows_of(skp)
    if q.validated_data.get("window"):
        window = get_object_or_404(windows, pk=q.validated_data["window"])
    else:
        today = timezone.localdate()
        window = windows.filter(mulai__lte=today, selesai__gte=today).first() or windows.last()
        if window is None:
            raise serializers.ValidationError({"window": [_("Tahun SKP ini belum memiliki periode evaluasi.")]})
    return skp, window


class UmpanBalikSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = UmpanBalik
        fields = ["id", "rhk", "perilaku", "author", "isi", "created_at"]

    def get_author(self, obj) -> dict:
        return {"id": obj.author_id, "nama": obj.author.nama}


def _realisasi_payload(skp: Skp, window: PeriodeEvaluasi) -> dict:
    t = realisasi_selectors.realisasi_table_for(skp=skp, window=window)

    def money(v):
        return None if v is None else str(v)

    return {
        "skp": skp.pk,
        "periode_evaluasi": {"id": window.pk, "label": window.label, "mulai": window.mulai, "selesai": window.selesai},
        "rhk": [
            {
                "id": row.rhk.pk,
                "jenis": row.rhk.jenis,
                "deskripsi": row.rhk.deskripsi,
                "indikator": [
                    {
                        "id": ir.indikator.pk,
                        "aspek": ir.indikator.aspek,
                        "deskripsi": ir.indikator.deskripsi,
                        "target_angka": money(ir.indikator.target_angka),
                        "target_teks": ir.indikator.target_teks,
                        "satuan": ir.indikator.satuan,
                        "realisasi_angka": money(ir.realisasi.realisasi_angka) if ir.realisasi else None,
                        "realisasi_teks": ir.realisasi.realisasi_teks if ir.realisasi else "",
                        "sumber": ir.realisasi.sumber if ir.realisasi else None,
                        "persen": money(ir.persen),
                        "kumulatif": money(ir.kumulatif),
                        "persen_kumulatif": money(ir.persen_kumulatif),
                        "bukti": BuktiSerializer(ir.realisasi.bukti.all(), many=True).data if ir.realisasi else [],
                    }
                    for ir in row.indikator
                ],
                "umpan_balik": UmpanBalikSerializer(row.umpan_balik, many=True).data,
            }
            for row in t.rhk
        ],
        "perilaku": [
            {
                "kode": p.kode,
                "label": str(p.label),
                "ekspektasi_khusus": p.ekspektasi_khusus,
                "umpan_balik": UmpanBalikSerializer(p.umpan_balik, many=True).data,
            }
            for p in t.perilaku
        ],
    }


class RealisasiApi(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    class RealisasiManualSerializer(serializers.Serializer):
        skp = Id()
        window = Id()
        indikator = Id()
        sumber = serializers.ChoiceField(choices=Realisasi.Sumber.choices, default=Realisasi.Sumber.MANUAL)
        realisasi_angka = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
        realisasi_teks = serializers.CharField(required=False, allow_blank=True, default="")
        link = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
        files = serializers.ListField(child=serializers.FileField(), required=False, default=list)

    @extend_schema(parameters=[SkpWindowQuery], responses=dict)
    def get(self, request):
        skp, window = _skp_window(request, request.query_params)
        return Response(_realisasi_payload(skp, window))

    @extend_schema(request=RealisasiManualSerializer, responses=dict)
    def post(self, request):
        """Enter a realisasi by hand (sumber=manual, with evidence) or switch back to logs (sumber=log)."""
        me = _actor(request)
        data = self.RealisasiManualSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        skp, window = _skp_window(request, {"skp": d["skp"], "window": d["window"]})
        if d["sumber"] == Realisasi.Sumber.LOG:
            realisasi_service.realisasi_use_logs(actor=me, indikator_id=d["indikator"], window_id=window.pk)
        else:
            realisasi_service.realisasi_set_manual(
                actor=me,
                indikator_id=d["indikator"],
                window_id=window.pk,
                angka=d.get("realisasi_angka"),
                teks=d["realisasi_teks"],
                files=d["files"],
                link=d["link"],
            )
        return Response(_realisasi_payload(skp, window))


class UmpanBalikApi(APIView):
    class UmpanBalikInputSerializer(serializers.Serializer):
        skp = Id()
        window = Id()
        rhk = Id(required=False, allow_null=True)
        perilaku = serializers.ChoiceField(choices=Berakhlak.choices, required=False, allow_blank=True, default="")
        isi = serializers.CharField(max_length=5000)

    @extend_schema(parameters=[SkpWindowQuery], responses=UmpanBalikSerializer(many=True))
    def get(self, request):
        skp, window = _skp_window(request, request.query_params)
        qs = UmpanBalik.objects.filter(skp=skp, periode_evaluasi=window).select_related("author")
        return Response(UmpanBalikSerializer(qs.order_by("created_at", "id"), many=True).data)

    @extend_schema(request=UmpanBalikInputSerializer, responses={201: UmpanBalikSerializer})
    def post(self, request):
        me = _actor(request)
        data = self.UmpanBalikInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        skp, window = _skp_window(request, {"skp": d["skp"], "window": d["window"]})
        ub = umpan_balik_service.umpan_balik_add(
            actor=me, skp_id=skp.pk, window_id=window.pk, isi=d["isi"], rhk_id=d.get("rhk"), perilaku=d["perilaku"]
        )
        return Response(UmpanBalikSerializer(ub).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    re_path(r"^log/?$", LogListCreateApi.as_view(), name="api_log_list"),
    re_path(r"^log/approve/?$", LogApproveApi.as_view(), name="api_log_approve"),
    re_path(r"^log/reject/?$", LogRejectApi.as_view(), name="api_log_reject"),
    re_path(r"^log/queue/?$", LogQueueApi.as_view(), name="api_log_queue"),
    re_path(r"^log/submit/?$", LogSubmitBulkApi.as_view(), name="api_log_submit_bulk"),
    re_path(r"^log/(?P<pk>[0-9]{1,18})/?$", LogDetailApi.as_view(), name="api_log_detail"),
    re_path(r"^log/(?P<pk>[0-9]{1,18})/submit/?$", LogSubmitApi.as_view(), name="api_log_submit"),
    re_path(r"^log/(?P<pk>[0-9]{1,18})/bukti/?$", LogBuktiApi.as_view(), name="api_log_bukti"),
    re_path(r"^realisasi/?$", RealisasiApi.as_view(), name="api_realisasi"),
    re_path(r"^umpan-balik/?$", UmpanBalikApi.as_view(), name="api_umpan_balik"),
]
