"""REST API for employee records; same scoping as the pages (pegawai.permissions via selectors),
writes through pegawai.services. Errors: 400 with Indonesian field errors, 403 for a role that may not
act, 404 for a record outside the caller's scope (its existence is not revealed)."""

from __future__ import annotations

import django_filters
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from pegawai import mfa, permissions, rules, selectors, services
from pegawai.models import Instansi, Jabatan, Pegawai, RiwayatPegawai, UnitKerja

# --- OpenAPI: the error answers every endpoint documents --------------------------------------

ERR_400 = OpenApiResponse(OpenApiTypes.OBJECT, description="Isian tidak valid: {nama_field: [pesan, ...]}.")
ERR_403 = OpenApiResponse(OpenApiTypes.OBJECT, description="Peran Anda tidak berhak melakukan tindakan ini.")
ERR_404 = OpenApiResponse(OpenApiTypes.OBJECT, description="Tidak ditemukan atau di luar cakupan akses Anda.")


def _scoped(queryset, user, field: str = "instansi_id"):
    """Limit choices to what the user administers (admin BKN: everything; anyone else: nothing)."""
    return queryset.filter(permissions.managed_instansi_q(user, field))


def _not_found_message(message) -> dict:
    return {"does_not_exist": message, "incorrect_type": _("Isian harus berupa id (bilangan bulat).")}


# --- Pegawai ------------------------------------------------------------------------------------


class UnitKerjaRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = UnitKerja
        fields = ["id", "nama", "kode"]


class JabatanRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Jabatan
        fields = ["id", "nama", "jenis", "jenjang"]


class AtasanRefSerializer(serializers.ModelSerializer):
    nama_lengkap = serializers.CharField(read_only=True)

    class Meta:
        model = Pegawai
        fields = ["id", "nip", "nama_lengkap"]


class PegawaiSerializer(serializers.ModelSerializer):
    nama_lengkap = serializers.CharField(read_only=True)
    pangkat = serializers.CharField(read_only=True)
    unit_kerja = UnitKerjaRefSerializer(read_only=True)
    jabatan = JabatanRefSerializer(read_only=True, allow_null=True)
    atasan = AtasanRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Pegawai
        fields = [
            "id",
            "nip",
            "nama",
            "gelar_depan",
            "gelar_belakang",
            "nama_lengkap",
            "tempat_lahir",
            "tanggal_lahir",
            "jenis_kelamin",
            "status",
            "kedudukan",
            "golongan",
            "pangkat",
            "tmt_golongan",
            "tmt_cpns",
            "jabatan",
            "tmt_jabatan",
            "unit_kerja",
            "instansi",
            "atasan",
            "pendidikan_terakhir",
            "jurusan",
            "email",
            "nomor_hp",
            "batas_usia_pensiun",
        ]


class PegawaiInputSerializer(serializers.ModelSerializer):
    """What an admin may write. Relations are limited to the admin's instansi (400 otherwise)."""

    unit_kerja = serializers.PrimaryKeyRelatedField(
        queryset=UnitKerja.objects.all(),
        error_messages=_not_found_message(_("Unit kerja {pk_value} tidak ditemukan di instansi yang Anda kelola.")),
    )
    jabatan = serializers.PrimaryKeyRelatedField(
        queryset=Jabatan.objects.all(),
        allow_null=True,
        required=False,
        error_messages=_not_found_message(_("Jabatan {pk_value} tidak ditemukan di instansi yang Anda kelola.")),
    )
    atasan = serializers.PrimaryKeyRelatedField(
        queryset=Pegawai.objects.all(),
        allow_null=True,
        required=False,
        error_messages=_not_found_message(_("Pegawai {pk_value} tidak ditemukan di instansi yang Anda kelola.")),
    )

    class Meta:
        model = Pegawai
        fields = [
            "nip",
            "nama",
            "gelar_depan",
            "gelar_belakang",
            "tempat_lahir",
            "tanggal_lahir",
            "jenis_kelamin",
            "status",
            "kedudukan",
            "golongan",
            "tmt_golongan",
            "tmt_cpns",
            "unit_kerja",
            "jabatan",
            "tmt_jabatan",
            "atasan",
            "pendidikan_terakhir",
            "jurusan",
            "email",
            "nomor_hp",
        ]
        # Uniqueness and NIP rules are checked by the service (Pegawai.full_clean), in one place.
        extra_kwargs = {"nip": {"validators": []}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:  # schema generation
            return
        user = request.user
        self.fields["unit_kerja"].queryset = _scoped(UnitKerja.objects.all(), user)
        self.fields["jabatan"].queryset = _scoped(Jabatan.objects.all(), user)
        self.fields["atasan"].queryset = _scoped(Pegawai.objects.all(), user)

    def validate_nip(self, value: str) -> str:
        return rules.normalize_nip(value)

    def to_service_fields(self) -> dict:
        data = dict(self.validated_data)
        if data.get("unit_kerja") is not None:
            data["instansi"] = data["unit_kerja"].instansi
        return data


def _nip_race(exc: IntegrityError):
    # Two requests creating the same NIP at once: the unique index answers; report it like full_clean.
    if "nip" in str(exc).lower():
        raise ValidationError({"nip": [_("Pegawai dengan NIP telah ada.")]}) from exc
    raise exc


class PegawaiFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari nama atau NIP"), max_length=100)
    unit_kerja = django_filters.ModelChoiceFilter(
        label=_("Unit kerja (termasuk sub-unit)"),
        queryset=lambda request: (
            selectors.unit_kerja_list_for(viewer=request.user) if request else UnitKerja.objects.all()
        ),
    )
    golongan = django_filters.ChoiceFilter(label=_("Golongan"), choices=rules.GOLONGAN_CHOICES)
    jenis_jabatan = django_filters.ChoiceFilter(label=_("Jenis jabatan"), choices=rules.JenisJabatan.choices)
    status = django_filters.ChoiceFilter(label=_("Status kepegawaian"), choices=rules.StatusPegawai.choices)
    kedudukan = django_filters.ChoiceFilter(label=_("Kedudukan hukum"), choices=rules.Kedudukan.choices)

    class Meta:
        model = Pegawai
        fields = ["q", "unit_kerja", "golongan", "jenis_jabatan", "status", "kedudukan"]

    def filter_queryset(self, queryset):
        # The selector owns scoping and filtering (the same code serves the directory page).
        data = {k: v for k, v in self.form.cleaned_data.items() if v not in (None, "")}
        return selectors.pegawai_list_for(viewer=self.request.user, **data)


@extend_schema_view(
    list=extend_schema(
        summary="Direktori pegawai (sesuai cakupan akses)", responses={200: PegawaiSerializer(many=True), 400: ERR_400}
    ),
    retrieve=extend_schema(summary="Profil pegawai", responses={200: PegawaiSerializer, 404: ERR_404}),
    create=extend_schema(
        summary="Tambah pegawai (admin)",
        request=PegawaiInputSerializer,
        responses={201: PegawaiSerializer, 400: ERR_400, 403: ERR_403},
    ),
    partial_update=extend_schema(
        summary="Ubah pegawai (admin); perubahan jabatan, golongan, unit, atasan dicatat di riwayat",
        request=PegawaiInputSerializer,
        responses={200: PegawaiSerializer, 400: ERR_400, 403: ERR_403, 404: ERR_404},
    ),
)
class PegawaiViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Pegawai.objects.none()  # for the schema; requests use get_queryset (scoped)
    serializer_class = PegawaiSerializer
    filterset_class = PegawaiFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Pegawai.objects.none()
        return selectors.pegawai_list_for(viewer=self.request.user)

    def create(self, request, *args, **kwargs):
        if not permissions.can_edit_pegawai(request.user):
            raise PermissionDenied(_("Hanya admin kepegawaian yang dapat menambah pegawai."))
        data = PegawaiInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                pegawai = services.pegawai_create(
                    actor=request.user, sumber=RiwayatPegawai.Sumber.API, **data.to_service_fields()
                )
        except IntegrityError as exc:
            _nip_race(exc)
        pegawai = self.get_queryset().get(pk=pegawai.pk)
        return Response(PegawaiSerializer(pegawai).data, status=201)

    def partial_update(self, request, *args, **kwargs):
        pegawai = self.get_object()  # 404 outside the caller's scope
        if not permissions.can_edit_pegawai(request.user, pegawai):
            raise PermissionDenied(_("Hanya admin kepegawaian yang dapat mengubah data pegawai."))
        data = PegawaiInputSerializer(pegawai, data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                services.pegawai_update(
                    pegawai=pegawai, actor=request.user, sumber=RiwayatPegawai.Sumber.API, **data.to_service_fields()
                )
        except IntegrityError as exc:
            _nip_race(exc)
        return Response(PegawaiSerializer(self.get_queryset().get(pk=pegawai.pk)).data)

    def update(self, request, *args, **kwargs):  # PUT is not offered; PATCH only
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(summary="Data pegawai milik akun ini", responses={200: PegawaiSerializer, 404: ERR_404})
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def me(self, request):
        me = request.user.pegawai_or_none
        if me is None:
            raise NotFound(_("Akun ini tidak terhubung dengan data pegawai."))
        return Response(PegawaiSerializer(self.get_queryset().get(pk=me.pk)).data)


# --- Unit kerja --------------------------------------------------------------------------------


class UnitKerjaSerializer(serializers.ModelSerializer):
    class Meta:
        model = UnitKerja
        fields = ["id", "nama", "kode", "instansi", "parent", "depth", "aktif"]


class UnitKerjaInputSerializer(serializers.Serializer):
    nama = serializers.CharField(max_length=255)
    kode = serializers.CharField(max_length=64, required=False, allow_blank=True)
    aktif = serializers.BooleanField(required=False)
    parent = serializers.PrimaryKeyRelatedField(
        queryset=UnitKerja.objects.all(),
        allow_null=True,
        required=False,
        error_messages=_not_found_message(_("Unit induk {pk_value} tidak ditemukan di instansi yang Anda kelola.")),
    )
    instansi = serializers.PrimaryKeyRelatedField(
        queryset=Instansi.objects.all(),
        required=False,
        help_text=_("Untuk unit teratas; bila kosong: instansi unit induk atau instansi admin."),
        error_messages=_not_found_message(_("Instansi {pk_value} tidak ditemukan atau bukan instansi Anda.")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:  # schema generation
            return
        user = request.user
        self.fields["parent"].queryset = _scoped(UnitKerja.objects.all(), user)
        self.fields["instansi"].queryset = _scoped(Instansi.objects.all(), user, field="pk")

    def validate(self, attrs):
        if self.partial:
            if "instansi" in attrs:
                raise ValidationError({"instansi": [_("Instansi unit tidak dapat diubah.")]})
            return attrs
        parent, instansi = attrs.get("parent"), attrs.get("instansi")
        if parent is not None and instansi is not None and parent.instansi_id != instansi.pk:
            raise ValidationError({"parent": [_("Unit induk harus berada di instansi yang sama.")]})
        if parent is None and instansi is None:
            me = self.context["request"].user.pegawai_or_none
            if permissions.single_instansi_of(self.context["request"].user) is None or me is None:
                raise ValidationError({"instansi": [_("Pilih instansi untuk unit teratas.")]})
            attrs["instansi"] = me.instansi
        elif instansi is None:
            attrs["instansi"] = parent.instansi
        return attrs


class UnitKerjaFilter(django_filters.FilterSet):
    instansi = django_filters.NumberFilter(field_name="instansi_id", label=_("Instansi (id)"))
    parent = django_filters.NumberFilter(field_name="parent_id", label=_("Unit induk (id)"))
    teratas = django_filters.BooleanFilter(field_name="parent", lookup_expr="isnull", label=_("Hanya unit teratas"))
    q = django_filters.CharFilter(field_name="nama", lookup_expr="icontains", label=_("Cari nama"), max_length=100)

    class Meta:
        model = UnitKerja
        fields = ["instansi", "parent", "teratas", "q"]


@extend_schema_view(
    list=extend_schema(summary="Daftar unit kerja", responses={200: UnitKerjaSerializer(many=True), 400: ERR_400}),
    retrieve=extend_schema(summary="Unit kerja", responses={200: UnitKerjaSerializer, 404: ERR_404}),
    create=extend_schema(
        summary="Tambah unit kerja (admin)",
        request=UnitKerjaInputSerializer,
        responses={201: UnitKerjaSerializer, 400: ERR_400, 403: ERR_403},
    ),
    partial_update=extend_schema(
        summary="Ganti nama atau pindahkan unit kerja (admin); sub-unit ikut pindah",
        request=UnitKerjaInputSerializer,
        responses={200: UnitKerjaSerializer, 400: ERR_400, 403: ERR_403, 404: ERR_404},
    ),
)
class UnitKerjaViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = UnitKerja.objects.none()  # for the schema; requests use get_queryset (scoped)
    serializer_class = UnitKerjaSerializer
    filterset_class = UnitKerjaFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return UnitKerja.objects.none()
        return selectors.unit_kerja_list_for(viewer=self.request.user)

    def create(self, request, *args, **kwargs):
        if not permissions.is_admin(request.user):
            raise PermissionDenied(_("Hanya admin kepegawaian yang dapat menambah unit kerja."))
        data = UnitKerjaInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        v = data.validated_data
        if not permissions.can_manage_instansi(request.user, v["instansi"].pk):
            raise PermissionDenied
        unit = services.unit_kerja_create(
            instansi=v["instansi"], parent=v.get("parent"), nama=v["nama"], kode=v.get("kode", "")
        )
        return Response(UnitKerjaSerializer(unit).data, status=201)

    def partial_update(self, request, *args, **kwargs):
        unit = self.get_object()
        if not permissions.can_manage_instansi(request.user, unit.instansi_id):
            raise PermissionDenied(_("Hanya admin instansi ini yang dapat mengubah unit kerja."))
        data = UnitKerjaInputSerializer(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        with transaction.atomic():  # rename and move together or not at all
            changes = {k: v[k] for k in ("nama", "kode", "aktif") if k in v}
            if changes:
                services.unit_kerja_update(unit=unit, **changes)
            if "parent" in v and (v["parent"].pk if v["parent"] else None) != unit.parent_id:
                unit = services.unit_kerja_move(unit=unit, parent=v["parent"])
        unit.refresh_from_db()
        return Response(UnitKerjaSerializer(unit).data)

    def update(self, request, *args, **kwargs):  # PUT is not offered; PATCH only
        return self.partial_update(request, *args, **kwargs)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class MfaAuthTokenSerializer(AuthTokenSerializer):
    """The token endpoint's input: an account that uses two-step verification also sends `otp` (a TOTP
    or recovery code), so a password alone never yields an admin's token. An admin who has not
    enrolled is refused: enrol on the web first (docs/keamanan.md)."""

    otp = serializers.CharField(label=_("Kode verifikasi"), required=False, allow_blank=True, write_only=True)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        user = attrs["user"]
        if not mfa.mfa_enforced() or not mfa.mfa_applies(user):
            return attrs
        if not mfa.has_confirmed_device(user):
            raise serializers.ValidationError(
                {"otp": [_("Aktifkan verifikasi dua langkah melalui halaman web sebelum meminta token API.")]}
            )
        if not attrs.get("otp"):
            raise serializers.ValidationError({"otp": [_("Akun ini memakai verifikasi dua langkah: kirim kode otp.")]})
        if mfa.mfa_verify(user=user, code=attrs["otp"]) is None:
            raise serializers.ValidationError({"otp": [_("Kode verifikasi salah atau sudah dipakai.")]})
        return attrs


class MfaObtainAuthToken(ObtainAuthToken):
    serializer_class = MfaAuthTokenSerializer
