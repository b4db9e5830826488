"""Dashboard and Plt/Plh delegation API under /api/kinerja/. Same access rules as the pages."""

from __future__ import annotations

from dataclasses import asdict

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import re_path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from kinerja.models import DelegasiPersetujuan, PeriodeEvaluasi
from kinerja.permissions import can_view_atasan_dashboard, can_view_compliance_board
from kinerja.selectors import dashboard as sel
from kinerja.selectors.delegasi import atasan_ids_for, delegasi_list_for
from kinerja.selectors.log import window_for
from kinerja.services import delegasi as delegasi_service
from pegawai.permissions import is_admin, is_admin_bkn, single_instansi_of

MAX_ID = 2**63 - 1


def _actor(request):
    me = request.user.pegawai_or_none
    if me is None:
        raise PermissionDenied
    return me


class WindowQuery(serializers.Serializer):
    window = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    instansi = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    hari = serializers.IntegerField(required=False, min_value=1, max_value=60)
    langsung = serializers.BooleanField(required=False, default=False)  # team board: direct reports only


def _query(request) -> dict:
    q = WindowQuery(data=request.query_params)
    q.is_valid(raise_exception=True)
    return q.validated_data


def _window(q: dict, instansi_id: int) -> PeriodeEvaluasi | None:
    if q.get("window"):
        return get_object_or_404(
            PeriodeEvaluasi.objects.select_related("periode"), pk=q["window"], periode__instansi_id=instansi_id
        )
    return window_for(instansi_id, timezone.localdate())


def _window_out(w: PeriodeEvaluasi | None) -> dict | None:
    if w is None:
        return None
    return {"id": w.pk, "label": w.label, "mulai": w.mulai, "selesai": w.selesai, "status": w.status}


def _log_out(log) -> dict:
    return {
        "id": log.pk,
        "tanggal": log.tanggal,
        "kegiatan": log.kegiatan,
        "status": log.status,
        "rhk": log.rhk_id,
        "catatan_atasan": log.catatan_atasan,
    }


class AsnDashboardApi(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request):
        me = _actor(request)
        b = sel.asn_dashboard(pegawai=me, window=_window(_query(request), me.instansi_id))
        return Response(
            {
                "window": _window_out(b.window),
                "skp": {"id": b.skp.pk, "status": b.skp.status} if b.skp else None,
                "targets": [asdict(t) for t in b.targets],
                "logs_minggu_ini": [_log_out(x) for x in b.logs_minggu_ini],
                "log_ditolak": [_log_out(x) for x in b.log_ditolak],
                "skp_dikembalikan": [
                    {"id": s.pk, "tahun": s.periode.tahun, "catatan": s.catatan} for s in b.skp_dikembalikan
                ],
            }
        )


class AtasanDashboardApi(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request):
        me = _actor(request)
        if not can_view_atasan_dashboard(request.user, atasan_ids_for(me, timezone.localdate())):
            raise PermissionDenied
        q = _query(request)
        b = sel.atasan_dashboard(
            actor=me,
            hari=q.get("hari", sel.DEFAULT_TIDAK_MELAPOR_HARI),
            window=_window(q, me.instansi_id),
            langsung_saja=q.get("langsung", False),
        )
        return Response(
            {
                "window": _window_out(b.window),
                "tim": [asdict(t) for t in b.tim],
                "antrean_total": b.antrean_total,
                "antrean": [
                    {**_log_out(a.log), "pegawai": a.log.pegawai_id, "umur_hari": a.umur_hari} for a in b.antrean
                ],
                "tidak_melapor_hari": b.tidak_melapor_hari,
                "tidak_melapor": [
                    {"id": p.pk, "nip": p.nip, "nama": p.nama, "log_terakhir": p.log_terakhir} for p in b.tidak_melapor
                ],
                # not expected to report, with the reason (kedudukan), as on the page
                "dikecualikan": [
                    {
                        "id": p.pk,
                        "nip": p.nip,
                        "nama": p.nama,
                        "kedudukan": p.kedudukan,
                        "alasan": p.get_kedudukan_display(),
                    }
                    for p in b.dikecualikan
                ],
            }
        )


class KepatuhanApi(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request):
        q = _query(request)
        # Admin instansi: their own instansi only; admin BKN names one; anyone else is refused.
        own = single_instansi_of(request.user)
        if own is not None:
            if q.get("instansi") and q["instansi"] != own:
                raise PermissionDenied
            instansi_id = own
        elif is_admin_bkn(request.user) and q.get("instansi"):
            instansi_id = q["instansi"]
        else:
            if is_admin_bkn(request.user):
                return Response({"instansi": [_("Pilih instansi.")]}, status=status.HTTP_400_BAD_REQUEST)
            raise PermissionDenied
        if not can_view_compliance_board(request.user, instansi_id):
            raise PermissionDenied
        b = sel.kepatuhan_board(instansi_id=instansi_id, window=_window(q, instansi_id))
        return Response({"window": _window_out(b.window), "rows": [asdict(r) for r in b.rows]})


class DelegasiSerializer(serializers.ModelSerializer):
    class Meta:
        model = DelegasiPersetujuan
        fields = ["id", "atasan", "penerima", "jenis", "mulai", "selesai", "alasan", "created_at"]


class DelegasiInput(serializers.Serializer):
    atasan = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    penerima = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    jenis = serializers.ChoiceField(choices=DelegasiPersetujuan.Jenis.choices, default=DelegasiPersetujuan.Jenis.PLH)
    mulai = serializers.DateField()
    selesai = serializers.DateField()
    alasan = serializers.CharField(required=False, allow_blank=True, max_length=255, default="")


class DelegasiApi(APIView):
    @extend_schema(responses={200: DelegasiSerializer(many=True)})
    def get(self, request):
        if not is_admin(request.user):
            raise PermissionDenied
        rows = delegasi_list_for(user=request.user)[:500]
        return Response(DelegasiSerializer(rows, many=True).data)

    @extend_schema(request=DelegasiInput, responses={201: DelegasiSerializer})
    def post(self, request):
        if not is_admin(request.user):
            raise PermissionDenied
        data = DelegasiInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        delegasi = delegasi_service.delegasi_create(
            actor=request.user,
            atasan_id=d["atasan"],
            penerima_id=d["penerima"],
            jenis=d["jenis"],
            mulai=d["mulai"],
            selesai=d["selesai"],
            alasan=d["alasan"],
        )
        return Response(DelegasiSerializer(delegasi).data, status=status.HTTP_201_CREATED)


class DelegasiDetailApi(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request, pk: str):
        if not is_admin(request.user):
            raise PermissionDenied
        delegasi = get_object_or_404(delegasi_list_for(user=request.user), pk=int(pk))
        delegasi_service.delegasi_delete(actor=request.user, delegasi=delegasi)
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    re_path(r"^dashboard/saya/?$", AsnDashboardApi.as_view(), name="api_dashboard_saya"),
    re_path(r"^dashboard/tim/?$", AtasanDashboardApi.as_view(), name="api_dashboard_tim"),
    re_path(r"^dashboard/kepatuhan/?$", KepatuhanApi.as_view(), name="api_dashboard_kepatuhan"),
    re_path(r"^delegasi/?$", DelegasiApi.as_view(), name="api_delegasi"),
    re_path(r"^delegasi/(?P<pk>[0-9]{1,18})/?$", DelegasiDetailApi.as_view(), name="api_delegasi_detail"),
]
