"""SKP planning API under /api/kinerja/: SKP (nested RHK + indikator) and its workflow, periode,
templates, koreksi atasan, matriks. Thin: selectors scope, kinerja.permissions decide, services write."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from kinerja import rules
from kinerja.models import Indikator, KoreksiAtasan, Periode, PeriodeEvaluasi, Rhk, Skp
from kinerja.permissions import (
    can_manage_periode,
    can_manage_skp_template,
    can_resolve_koreksi,
    can_view_matriks,
    is_skp_penilai,
    periode_visible_q,
)
from kinerja.selectors import skp as sel
from kinerja.services import periode as periode_service
from kinerja.services import skp as svc
from pegawai.models import Instansi, Pegawai, UnitKerja
from pegawai.permissions import is_admin_bkn, managed_instansi_q, single_instansi_of

MAX_ID = 2**63 - 1


def _actor(request) -> Pegawai:
    me = request.user.pegawai_or_none
    if me is None:
        raise PermissionDenied
    return me


def _check_id(pk: int) -> int:
    if pk > MAX_ID:
        raise Http404
    return pk


# --- serializers --------------------------------------------------------------------------------


class IndikatorSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID)
    target_angka = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, allow_null=True, required=False
    )

    class Meta:
        model = Indikator
        fields = ["id", "aspek", "deskripsi", "target_angka", "satuan", "target_teks"]


class RhkSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID)
    rhk_atasan = serializers.IntegerField(
        source="rhk_atasan_id", allow_null=True, required=False, min_value=1, max_value=MAX_ID
    )
    rhk_atasan_deskripsi = serializers.CharField(source="rhk_atasan.deskripsi", read_only=True, default="")
    indikator = IndikatorSerializer(many=True)

    class Meta:
        model = Rhk
        fields = ["id", "jenis", "urutan", "deskripsi", "rhk_atasan", "rhk_atasan_deskripsi", "perspektif", "indikator"]
        read_only_fields = ["urutan"]


class PerilakuSerializer(serializers.Serializer):
    kode = serializers.CharField()
    label = serializers.CharField()
    panduan = serializers.ListField(child=serializers.CharField())
    ekspektasi_khusus = serializers.CharField()


class SkpListSerializer(serializers.ModelSerializer):
    pegawai_nama = serializers.CharField(source="pegawai.nama", read_only=True)
    pegawai_nip = serializers.CharField(source="pegawai.nip", read_only=True)
    penilai_nama = serializers.CharField(source="pejabat_penilai.nama", read_only=True, default=None)
    tahun = serializers.IntegerField(source="periode.tahun", read_only=True)

    class Meta:
        model = Skp
        fields = [
            "id",
            "pegawai",
            "pegawai_nama",
            "pegawai_nip",
            "pejabat_penilai",
            "penilai_nama",
            "periode",
            "tahun",
            "status",
            "version",
            "is_current",
            "submitted_at",
            "approved_at",
        ]


class SkpDetailSerializer(SkpListSerializer):
    rhk = RhkSerializer(many=True, read_only=True)
    perilaku = serializers.SerializerMethodField()

    class Meta(SkpListSerializer.Meta):
        fields = [
            *SkpListSerializer.Meta.fields,
            "atasan_pejabat_penilai",
            "jabatan",
            "unit_kerja",
            "pendekatan",
            "catatan",
            "dukungan_sumber_daya",
            "skema_pertanggungjawaban",
            "konsekuensi",
            "previous",
            "rhk",
            "perilaku",
        ]

    def get_perilaku(self, obj) -> list[dict]:
        return PerilakuSerializer(sel.perilaku_rows(obj), many=True).data


class SkpInputSerializer(serializers.Serializer):
    periode = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    pendekatan = serializers.ChoiceField(choices=rules.Pendekatan.choices, required=False)
    dukungan_sumber_daya = serializers.CharField(required=False, allow_blank=True)
    skema_pertanggungjawaban = serializers.CharField(required=False, allow_blank=True)
    konsekuensi = serializers.CharField(required=False, allow_blank=True)
    rhk = RhkSerializer(many=True, required=False)


def _detail(request, pk: int) -> Skp:
    skp = sel.skp_detail_for(user=request.user, pk=_check_id(pk))
    if skp is None:
        raise Http404
    return skp


def _fresh(request, pk: int) -> Response:
    return Response(SkpDetailSerializer(_detail(request, pk)).data)


# --- SKP ----------------------------------------------------------------------------------------


class SkpListApi(APIView):
    class Filter(serializers.Serializer):
        periode = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
        pegawai = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
        status = serializers.ChoiceField(choices=Skp.Status.choices, required=False)

    @extend_schema(operation_id="kinerja_skp_list", parameters=[Filter], responses=SkpListSerializer(many=True))
    def get(self, request):
        f = self.Filter(data=request.query_params)
        f.is_valid(raise_exception=True)
        d = f.validated_data
        qs = sel.skp_list_for(
            user=request.user, periode_id=d.get("periode"), status=d.get("status", ""), pegawai_id=d.get("pegawai")
        )[:500]
        return Response(SkpListSerializer(qs, many=True).data)

    @extend_schema(request=SkpInputSerializer, responses={201: SkpDetailSerializer})
    def post(self, request):
        me = _actor(request)
        data = SkpInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        if "periode" not in d:
            raise serializers.ValidationError({"periode": [_("Periode wajib diisi.")]})
        periode = Periode.objects.filter(pk=d.pop("periode"), instansi_id=me.instansi_id).first()
        if periode is None:
            raise serializers.ValidationError({"periode": [_("Periode tidak ditemukan.")]})
        me = Pegawai.objects.select_related("atasan", "jabatan").get(pk=me.pk)
        skp = svc.skp_create(pegawai=me, periode=periode, **d)
        return Response(SkpDetailSerializer(_detail(request, skp.pk)).data, status=status.HTTP_201_CREATED)


class SkpDetailApi(APIView):
    @extend_schema(responses=SkpDetailSerializer)
    def get(self, request, pk: int):
        return _fresh(request, pk)

    @extend_schema(request=SkpInputSerializer, responses=SkpDetailSerializer)
    def put(self, request, pk: int):
        return self._update(request, pk, partial=False)

    @extend_schema(request=SkpInputSerializer, responses=SkpDetailSerializer)
    def patch(self, request, pk: int):
        return self._update(request, pk, partial=True)

    def _update(self, request, pk, partial):
        me = _actor(request)
        skp = _detail(request, pk)
        if skp.pegawai_id != me.pk:  # wrong state is the service's 400
            raise PermissionDenied
        data = SkpInputSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        d.pop("periode", None)
        svc.skp_update(skp=skp, actor=me, **d)
        return _fresh(request, pk)


class CatatanInput(serializers.Serializer):
    catatan = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class SkpSubmitApi(APIView):
    @extend_schema(request=None, responses=SkpDetailSerializer)
    def post(self, request, pk: int):
        me = _actor(request)
        skp = _detail(request, pk)
        if skp.pegawai_id != me.pk:
            raise PermissionDenied
        svc.skp_submit(skp=skp, actor=me)
        return _fresh(request, pk)


class SkpApproveApi(APIView):
    @extend_schema(request=CatatanInput, responses=SkpDetailSerializer)
    def post(self, request, pk: int):
        me = _actor(request)
        skp = _detail(request, pk)
        subs = sel.substitutes_of(request.user)
        # A reviewer who may no longer act (already approved, say) gets the state error (400); one who
        # never supervised this SKP gets 403.
        if not is_skp_penilai(me, skp, subs):
            raise PermissionDenied
        data = CatatanInput(data=request.data)
        data.is_valid(raise_exception=True)
        svc.skp_approve(skp=skp, actor=me, substitute_for=subs, **data.validated_data)
        return _fresh(request, pk)


class SkpReturnApi(APIView):
    @extend_schema(request=CatatanInput, responses=SkpDetailSerializer)
    def post(self, request, pk: int):
        me = _actor(request)
        skp = _detail(request, pk)
        subs = sel.substitutes_of(request.user)
        if not is_skp_penilai(me, skp, subs):
            raise PermissionDenied
        data = CatatanInput(data=request.data)
        data.is_valid(raise_exception=True)
        svc.skp_return(skp=skp, actor=me, substitute_for=subs, catatan=data.validated_data.get("catatan", ""))
        return _fresh(request, pk)


class SkpReviseApi(APIView):
    @extend_schema(request=None, responses={201: SkpDetailSerializer})
    def post(self, request, pk: int):
        me = _actor(request)
        skp = _detail(request, pk)
        if skp.pegawai_id != me.pk:
            raise PermissionDenied
        new = svc.skp_revise(skp=skp, actor=me)
        return Response(SkpDetailSerializer(_detail(request, new.pk)).data, status=status.HTTP_201_CREATED)


class SkpEkspektasiApi(APIView):
    class EkspektasiInput(serializers.Serializer):
        ekspektasi = serializers.DictField(child=serializers.CharField(allow_blank=True, max_length=5000))

    @extend_schema(request=EkspektasiInput, responses=SkpDetailSerializer)
    def post(self, request, pk: int):
        me = _actor(request)
        skp = _detail(request, pk)
        subs = sel.substitutes_of(request.user)
        if not is_skp_penilai(me, skp, subs):
            raise PermissionDenied
        data = self.EkspektasiInput(data=request.data)
        data.is_valid(raise_exception=True)
        svc.skp_set_ekspektasi(skp=skp, actor=me, substitute_for=subs, **data.validated_data)
        return _fresh(request, pk)


class SkpVersionsApi(APIView):
    @extend_schema(responses=SkpListSerializer(many=True))
    def get(self, request, pk: int):
        skp = _detail(request, pk)
        return Response(
            SkpListSerializer(
                sel.skp_versions(skp).select_related("pegawai", "pejabat_penilai", "periode"), many=True
            ).data
        )


class SkpCopyPreviousApi(APIView):
    class CopyPreviousInput(serializers.Serializer):
        periode = serializers.IntegerField(min_value=1, max_value=MAX_ID)

    @extend_schema(request=CopyPreviousInput, responses={201: SkpDetailSerializer})
    def post(self, request):
        me = _actor(request)
        data = self.CopyPreviousInput(data=request.data)
        data.is_valid(raise_exception=True)
        periode = Periode.objects.filter(pk=data.validated_data["periode"], instansi_id=me.instansi_id).first()
        if periode is None:
            raise serializers.ValidationError({"periode": [_("Periode tidak ditemukan.")]})
        me = Pegawai.objects.select_related("atasan", "jabatan").get(pk=me.pk)
        skp = svc.skp_copy_previous(pegawai=me, periode=periode)
        return Response(SkpDetailSerializer(_detail(request, skp.pk)).data, status=status.HTTP_201_CREATED)


# --- periode ------------------------------------------------------------------------------------


class WindowSerializer(serializers.ModelSerializer):
    class Meta:
        model = PeriodeEvaluasi
        fields = ["id", "nomor", "label", "mulai", "selesai", "status"]


class PeriodeSerializer(serializers.ModelSerializer):
    windows = WindowSerializer(many=True, read_only=True)

    class Meta:
        model = Periode
        fields = ["id", "instansi", "tahun", "jenis_periodik", "mulai", "selesai", "status", "windows"]


class PeriodeListApi(APIView):
    class PeriodeCreateInput(serializers.Serializer):
        tahun = serializers.IntegerField(min_value=2000, max_value=2100)
        jenis_periodik = serializers.ChoiceField(choices=rules.JenisPeriodik.choices)
        instansi = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)

    @extend_schema(responses=PeriodeSerializer(many=True))
    def get(self, request):
        return Response(PeriodeSerializer(sel.periode_list_for(user=request.user)[:200], many=True).data)

    @extend_schema(request=PeriodeCreateInput, responses={201: PeriodeSerializer})
    def post(self, request):
        data = self.PeriodeCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        instansi_id = d.get("instansi") if is_admin_bkn(request.user) else single_instansi_of(request.user)
        if instansi_id is None or not can_manage_periode(request.user, instansi_id):
            raise PermissionDenied
        instansi = get_object_or_404(Instansi, pk=instansi_id)
        periode = periode_service.periode_create(
            instansi=instansi, tahun=d["tahun"], jenis_periodik=d["jenis_periodik"]
        )
        periode = Periode.objects.prefetch_related("windows").get(pk=periode.pk)
        return Response(PeriodeSerializer(periode).data, status=status.HTTP_201_CREATED)


class StatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=Periode.Status.choices)


class PeriodeStatusApi(APIView):
    @extend_schema(request=StatusInput, responses=PeriodeSerializer)
    def post(self, request, pk: int):
        periode = get_object_or_404(Periode.objects.filter(periode_visible_q(request.user)), pk=_check_id(pk))
        if not can_manage_periode(request.user, periode.instansi_id):
            raise PermissionDenied
        data = StatusInput(data=request.data)
        data.is_valid(raise_exception=True)
        periode_service.periode_set_status(periode=periode, **data.validated_data)
        return Response(PeriodeSerializer(Periode.objects.prefetch_related("windows").get(pk=pk)).data)


class CopyResult(serializers.Serializer):
    dibuat = serializers.IntegerField()


class PeriodeCopyPreviousApi(APIView):
    """Admin quick start: copy last year's SKP for every pegawai of the instansi without one."""

    @extend_schema(request=None, responses={201: CopyResult})
    def post(self, request, pk: int):
        periode = get_object_or_404(Periode.objects.filter(periode_visible_q(request.user)), pk=_check_id(pk))
        if not can_manage_periode(request.user, periode.instansi_id):
            raise PermissionDenied
        made = svc.skp_copy_previous_bulk(periode=periode)
        return Response(CopyResult({"dibuat": made}).data, status=status.HTTP_201_CREATED)


class WindowStatusApi(APIView):
    @extend_schema(request=StatusInput, responses=WindowSerializer)
    def post(self, request, pk: int):
        windows = PeriodeEvaluasi.objects.filter(periode_visible_q(request.user, prefix="periode__"))
        window = get_object_or_404(windows.select_related("periode"), pk=_check_id(pk))
        if not can_manage_periode(request.user, window.periode.instansi_id):
            raise PermissionDenied
        data = StatusInput(data=request.data)
        data.is_valid(raise_exception=True)
        periode_service.window_set_status(window=window, **data.validated_data)
        return Response(WindowSerializer(window).data)


# --- templates, koreksi, matriks ----------------------------------------------------------------


class TemplatePushApi(APIView):
    class TemplatePushInput(serializers.Serializer):
        periode = serializers.IntegerField(min_value=1, max_value=MAX_ID)

    @extend_schema(request=TemplatePushInput, responses=OpenApiResponse(description="dibuat, ditambah, dilewati"))
    def post(self, request, pk: int):
        template = get_object_or_404(sel.template_list_for(user=request.user), pk=_check_id(pk))
        if not can_manage_skp_template(request.user, template.jabatan.instansi_id):
            raise PermissionDenied
        data = self.TemplatePushInput(data=request.data)
        data.is_valid(raise_exception=True)
        periode = Periode.objects.filter(
            pk=data.validated_data["periode"], instansi_id=template.jabatan.instansi_id
        ).first()
        if periode is None:
            raise serializers.ValidationError({"periode": [_("Periode tidak ditemukan.")]})
        r = svc.template_push(template=template, periode=periode)
        return Response({"dibuat": r.dibuat, "ditambah": r.ditambah, "dilewati": r.dilewati})


class KoreksiSerializer(serializers.ModelSerializer):
    pegawai_nama = serializers.CharField(source="pegawai.nama", read_only=True)

    class Meta:
        model = KoreksiAtasan
        fields = [
            "id",
            "pegawai",
            "pegawai_nama",
            "skp",
            "atasan_tercatat",
            "usulan_atasan",
            "alasan",
            "status",
            "catatan_admin",
            "created_at",
            "resolved_at",
        ]


class KoreksiListApi(APIView):
    class KoreksiCreateInput(serializers.Serializer):
        alasan = serializers.CharField(max_length=5000)
        usulan_atasan = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID)
        skp = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID)

    @extend_schema(responses=KoreksiSerializer(many=True))
    def get(self, request):
        status_ = request.query_params.get("status", KoreksiAtasan.Status.OPEN)
        if status_ not in KoreksiAtasan.Status.values:
            raise serializers.ValidationError({"status": [_("Status tidak dikenal.")]})
        return Response(
            KoreksiSerializer(sel.koreksi_list_for(user=request.user, status=status_)[:500], many=True).data
        )

    @extend_schema(request=KoreksiCreateInput, responses={201: KoreksiSerializer})
    def post(self, request):
        me = _actor(request)
        data = self.KoreksiCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        usulan = None
        if d.get("usulan_atasan"):
            usulan = Pegawai.objects.filter(pk=d["usulan_atasan"], instansi_id=me.instansi_id).first()
            if usulan is None:
                raise serializers.ValidationError({"usulan_atasan": [_("Pegawai tidak ditemukan.")]})
        skp = None
        if d.get("skp"):
            skp = Skp.objects.filter(pk=d["skp"], pegawai=me).first()
            if skp is None:
                raise serializers.ValidationError({"skp": [_("SKP tidak ditemukan.")]})
        k = svc.koreksi_create(pegawai=me, alasan=d["alasan"], usulan_atasan=usulan, skp=skp)
        return Response(KoreksiSerializer(k).data, status=status.HTTP_201_CREATED)


class KoreksiResolveApi(APIView):
    class KoreksiResolveInput(serializers.Serializer):
        atasan = serializers.IntegerField(allow_null=True, min_value=1, max_value=MAX_ID)
        catatan = serializers.CharField(required=False, allow_blank=True, max_length=5000)

    @extend_schema(request=KoreksiResolveInput, responses=KoreksiSerializer)
    def post(self, request, pk: int):
        k = get_object_or_404(sel.koreksi_list_for(user=request.user, status=""), pk=_check_id(pk))
        if not can_resolve_koreksi(request.user, k.pegawai):
            raise PermissionDenied
        data = self.KoreksiResolveInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        atasan = None
        if d["atasan"]:
            atasan = Pegawai.objects.filter(managed_instansi_q(request.user), pk=d["atasan"]).first()
            if atasan is None:
                raise serializers.ValidationError({"atasan": [_("Pegawai tidak ditemukan.")]})
        k = svc.koreksi_resolve(koreksi=k, user=request.user, atasan=atasan, catatan=d.get("catatan", ""))
        return Response(KoreksiSerializer(k).data)


class KoreksiRejectApi(APIView):
    @extend_schema(request=CatatanInput, responses=KoreksiSerializer)
    def post(self, request, pk: int):
        k = get_object_or_404(sel.koreksi_list_for(user=request.user, status=""), pk=_check_id(pk))
        if not can_resolve_koreksi(request.user, k.pegawai):
            raise PermissionDenied
        data = CatatanInput(data=request.data)
        data.is_valid(raise_exception=True)
        k = svc.koreksi_reject(koreksi=k, user=request.user, catatan=data.validated_data.get("catatan", ""))
        return Response(KoreksiSerializer(k).data)


def _node(n) -> dict:
    return {
        "rhk": n.rhk.pk,
        "deskripsi": n.rhk.deskripsi,
        "pegawai": n.pegawai.pk,
        "pegawai_nama": n.pegawai.nama,
        "flagged": n.flagged,
        "children": [_node(c) for c in n.children],
    }


class MatriksApi(APIView):
    class Query(serializers.Serializer):
        unit = serializers.IntegerField(min_value=1, max_value=MAX_ID)
        periode = serializers.IntegerField(min_value=1, max_value=MAX_ID)

    @extend_schema(parameters=[Query], responses=OpenApiResponse(description="pohon RHK"))
    def get(self, request):
        q = self.Query(data=request.query_params)
        q.is_valid(raise_exception=True)
        unit = get_object_or_404(UnitKerja, pk=q.validated_data["unit"])
        if not can_view_matriks(request.user, unit.instansi_id):
            raise Http404
        periode = get_object_or_404(Periode, pk=q.validated_data["periode"], instansi_id=unit.instansi_id)
        m = sel.matriks_for(unit=unit, periode=periode)
        return Response(
            {
                "unit": unit.pk,
                "periode": periode.pk,
                "roots": [_node(n) for n in m.roots],
                "tidak_mendukung": [_node(n) for n in m.flagged],
                "tanpa_skp": [{"id": p.pk, "nama": p.nama} for p in m.tanpa_skp],
            }
        )


urlpatterns = [
    path("skp/", SkpListApi.as_view(), name="api_skp_list"),
    path("skp/salin-tahun-lalu/", SkpCopyPreviousApi.as_view(), name="api_skp_copy_previous"),
    path("skp/<int:pk>/", SkpDetailApi.as_view(), name="api_skp_detail"),
    path("skp/<int:pk>/submit/", SkpSubmitApi.as_view(), name="api_skp_submit"),
    path("skp/<int:pk>/approve/", SkpApproveApi.as_view(), name="api_skp_approve"),
    path("skp/<int:pk>/return/", SkpReturnApi.as_view(), name="api_skp_return"),
    path("skp/<int:pk>/revise/", SkpReviseApi.as_view(), name="api_skp_revise"),
    path("skp/<int:pk>/ekspektasi/", SkpEkspektasiApi.as_view(), name="api_skp_ekspektasi"),
    path("skp/<int:pk>/versions/", SkpVersionsApi.as_view(), name="api_skp_versions"),
    path("periode/", PeriodeListApi.as_view(), name="api_periode_list"),
    path("periode/<int:pk>/status/", PeriodeStatusApi.as_view(), name="api_periode_status"),
    path("periode/window/<int:pk>/status/", WindowStatusApi.as_view(), name="api_window_status"),
    path(
        "periode/<int:pk>/salin-skp-tahun-lalu/",
        PeriodeCopyPreviousApi.as_view(),
        name="api_periode_copy_previous",
    ),
    path("skp-template/<int:pk>/push/", TemplatePushApi.as_view(), name="api_template_push"),
    path("koreksi-atasan/", KoreksiListApi.as_view(), name="api_koreksi_list"),
    path("koreksi-atasan/<int:pk>/resolve/", KoreksiResolveApi.as_view(), name="api_koreksi_resolve"),
    path("koreksi-atasan/<int:pk>/reject/", KoreksiRejectApi.as_view(), name="api_koreksi_reject"),
    path("matriks/", MatriksApi.as_view(), name="api_matriks"),
]
