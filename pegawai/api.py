"""REST API for employee records; same scoping as the pages (pegawai.permissions via selectors)."""

import django_filters
from rest_framework import mixins, serializers, viewsets

from pegawai import rules, selectors
from pegawai.models import Pegawai, UnitKerja


class UnitKerjaRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = UnitKerja
        fields = ["id", "nama", "kode"]


class PegawaiSerializer(serializers.ModelSerializer):
    nama_lengkap = serializers.CharField(read_only=True)
    pangkat = serializers.CharField(read_only=True)
    unit_kerja = UnitKerjaRefSerializer(read_only=True)
    jabatan = serializers.SerializerMethodField()
    atasan = serializers.SerializerMethodField()

    class Meta:
        model = Pegawai
        fields = [
            "id",
            "nip",
            "nama",
            "gelar_depan",
            "gelar_belakang",
            "nama_lengkap",
            "jenis_kelamin",
            "status",
            "kedudukan",
            "golongan",
            "pangkat",
            "jabatan",
            "unit_kerja",
            "instansi",
            "atasan",
        ]

    def get_jabatan(self, obj) -> dict | None:
        if obj.jabatan is None:
            return None
        return {
            "id": obj.jabatan_id,
            "nama": obj.jabatan.nama,
            "jenis": obj.jabatan.jenis,
            "jenjang": obj.jabatan.jenjang,
        }

    def get_atasan(self, obj) -> dict | None:
        if obj.atasan is None:
            return None
        return {"id": obj.atasan_id, "nip": obj.atasan.nip, "nama": obj.atasan.nama_lengkap}


class PegawaiFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Cari nama atau NIP")
    unit_kerja = django_filters.NumberFilter()
    golongan = django_filters.ChoiceFilter(choices=rules.GOLONGAN_CHOICES)
    jenis_jabatan = django_filters.ChoiceFilter(choices=rules.JenisJabatan.choices)
    status = django_filters.ChoiceFilter(choices=rules.StatusPegawai.choices)
    kedudukan = django_filters.ChoiceFilter(choices=rules.Kedudukan.choices)

    class Meta:
        model = Pegawai
        fields = ["q", "unit_kerja", "golongan", "jenis_jabatan", "status", "kedudukan"]


class PegawaiViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = PegawaiSerializer
    filterset_class = PegawaiFilter
    filter_backends = []  # filtering is delegated to the selector below

    def get_queryset(self):
        filters = PegawaiFilter(self.request.query_params)
        data = filters.form.cleaned_data if filters.is_valid() else {}
        if not filters.is_valid():
            raise serializers.ValidationError(filters.errors)
        return selectors.pegawai_list_for(
            viewer=self.request.user, **{k: v for k, v in data.items() if v not in (None, "")}
        )


class UnitKerjaSerializer(serializers.ModelSerializer):
    class Meta:
        model = UnitKerja
        fields = ["id", "nama", "kode", "instansi", "parent", "depth", "aktif"]


class UnitKerjaViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = UnitKerjaSerializer

    def get_queryset(self):
        instansi = self.request.query_params.get("instansi")
        return selectors.unit_kerja_list_for(
            viewer=self.request.user, instansi_id=int(instansi) if instansi and instansi.isdigit() else None
        )
