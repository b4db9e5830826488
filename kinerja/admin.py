"""Django admin for e-Kinerja planning data. Writes that have business rules go through the pages and
services; the admin is for inspection and templates."""

from django.contrib import admin

from kinerja.models import (
    DelegasiPersetujuan,
    Indikator,
    KoreksiAtasan,
    Periode,
    PeriodeEvaluasi,
    Rhk,
    Skp,
    SkpTemplate,
    TemplateIndikator,
    TemplateRhk,
)


class PeriodeEvaluasiInline(admin.TabularInline):
    model = PeriodeEvaluasi
    extra = 0


@admin.register(Periode)
class PeriodeAdmin(admin.ModelAdmin):
    list_display = ["tahun", "instansi", "jenis_periodik", "status"]
    list_filter = ["status", "jenis_periodik"]
    list_select_related = ["instansi"]
    inlines = [PeriodeEvaluasiInline]


class RhkInline(admin.TabularInline):
    model = Rhk
    extra = 0
    fields = ["jenis", "urutan", "deskripsi", "rhk_atasan", "perspektif"]
    raw_id_fields = ["rhk_atasan"]


@admin.register(Skp)
class SkpAdmin(admin.ModelAdmin):
    list_display = ["pegawai", "periode", "version", "status", "is_current", "pejabat_penilai"]
    list_filter = ["status", "is_current"]
    list_select_related = ["pegawai", "periode", "periode__instansi", "pejabat_penilai"]
    search_fields = ["pegawai__nip", "pegawai__nama"]
    raw_id_fields = [
        "pegawai",
        "pejabat_penilai",
        "atasan_pejabat_penilai",
        "approved_by",
        "previous",
        "jabatan",
        "unit_kerja",
    ]
    readonly_fields = ["status", "version", "is_current", "submitted_at", "approved_at", "pdf_version"]
    inlines = [RhkInline]


@admin.register(Indikator)
class IndikatorAdmin(admin.ModelAdmin):
    list_display = ["deskripsi", "aspek", "target_angka", "satuan", "target_teks"]
    raw_id_fields = ["rhk"]


class TemplateIndikatorInline(admin.TabularInline):
    model = TemplateIndikator
    extra = 1


@admin.register(TemplateRhk)
class TemplateRhkAdmin(admin.ModelAdmin):
    list_display = ["deskripsi", "template", "jenis", "urutan"]
    inlines = [TemplateIndikatorInline]


class TemplateRhkInline(admin.TabularInline):
    model = TemplateRhk
    extra = 1
    show_change_link = True


@admin.register(SkpTemplate)
class SkpTemplateAdmin(admin.ModelAdmin):
    list_display = ["nama", "jabatan", "updated_at"]
    list_select_related = ["jabatan"]
    search_fields = ["nama", "jabatan__nama"]
    inlines = [TemplateRhkInline]


@admin.register(KoreksiAtasan)
class KoreksiAtasanAdmin(admin.ModelAdmin):
    list_display = ["pegawai", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["pegawai"]
    raw_id_fields = ["pegawai", "skp", "atasan_tercatat", "usulan_atasan", "resolved_by"]
    readonly_fields = ["status", "resolved_by", "resolved_at"]


@admin.register(DelegasiPersetujuan)
class DelegasiPersetujuanAdmin(admin.ModelAdmin):
    list_display = ["atasan", "penerima", "jenis", "mulai", "selesai"]
    list_select_related = ["atasan", "penerima"]
    raw_id_fields = ["atasan", "penerima"]
