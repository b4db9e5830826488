"""Django admin for e-Kinerja. Workflow records (SKP, RHK, logs, koreksi atasan) are read-only here:
their writes go through kinerja.services (state guards, notifications, audit) from the pages. A
periode is created through periode_create (so it gets its windows) and opened/closed through the
periode services; templates are kept here freely (they only take effect when pushed)."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.models import (
    DelegasiPersetujuan,
    EvaluasiPeriodik,
    EvaluasiTahunan,
    Indikator,
    KoreksiAtasan,
    LogHarian,
    PerilakuKerja,
    Periode,
    PeriodeEvaluasi,
    PolaDistribusi,
    PredikatUnit,
    Rhk,
    Skp,
    SkpTemplate,
    TemplateIndikator,
    TemplateRhk,
)


class ReadOnlyMixin:
    """View-only: the admin shows the record; changing it is the services' job."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class WindowInline(admin.TabularInline):
    model = PeriodeEvaluasi
    extra = 0
    fields = ["nomor", "label", "mulai", "selesai", "status"]
    readonly_fields = ["nomor", "label", "mulai", "selesai"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # windows come from kinerja.rules.periodic_windows


@admin.register(Periode)
class PeriodeAdmin(admin.ModelAdmin):
    list_display = ["tahun", "instansi", "jenis_periodik", "status"]
    list_filter = ["status", "jenis_periodik", "instansi"]
    list_select_related = ["instansi"]
    search_fields = ["instansi__nama"]

    def get_inlines(self, request, obj):
        return [WindowInline] if obj is not None else []

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["instansi", "tahun", "jenis_periodik"]
        return ["instansi", "tahun", "jenis_periodik", "mulai", "selesai", "status"]

    def get_readonly_fields(self, request, obj=None):
        # The year, instansi and cadence shape the windows: fixed once created.
        return ["instansi", "tahun", "jenis_periodik", "mulai", "selesai"] if obj else []

    def has_delete_permission(self, request, obj=None):
        return False  # SKP and logs hang on it (PROTECT)

    def save_model(self, request, obj, form, change):
        from kinerja.services import periode as periode_service

        if not change:
            created = periode_service.periode_create(
                instansi=obj.instansi, tahun=obj.tahun, jenis_periodik=obj.jenis_periodik
            )
            obj.pk = created.pk
            obj.mulai, obj.selesai, obj.status = created.mulai, created.selesai, created.status
            return
        if "status" in form.changed_data:
            periode_service.periode_set_status(periode=obj, status=form.cleaned_data["status"])

    def save_formset(self, request, form, formset, change):
        from kinerja.services import periode as periode_service

        changed = []
        with transaction.atomic():
            for f in formset.forms:
                if f.instance.pk and "status" in f.changed_data:
                    periode_service.window_set_status(window=f.instance, status=f.cleaned_data["status"])
                    changed.append((f.instance, ["status"]))
        # What the admin's change message reads (normally set by formset.save()).
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], changed, []

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            clean = form.clean

            def clean_unique_year(self):
                data = clean(self)
                instansi, tahun = data.get("instansi"), data.get("tahun")
                if instansi and tahun and Periode.objects.filter(instansi=instansi, tahun=tahun).exists():
                    raise ValidationError(_("Periode kinerja tahun ini sudah ada untuk instansi ini."))
                return data

            form.clean = clean_unique_year
        return form


class RhkInline(ReadOnlyMixin, admin.TabularInline):
    model = Rhk
    fields = ["jenis", "urutan", "deskripsi", "rhk_atasan", "perspektif"]
    readonly_fields = fields
    extra = 0
    show_change_link = True


class PerilakuInline(ReadOnlyMixin, admin.TabularInline):
    model = PerilakuKerja
    fields = ["kode", "ekspektasi_khusus"]
    readonly_fields = fields
    extra = 0


@admin.register(Skp)
class SkpAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["pegawai", "periode", "version", "is_current", "status", "pejabat_penilai", "approved_at"]
    list_filter = ["status", "is_current", "periode__tahun"]
    list_select_related = ["pegawai", "periode", "periode__instansi", "pejabat_penilai"]
    search_fields = ["pegawai__nama", "pegawai__nip"]
    inlines = [RhkInline, PerilakuInline]


class IndikatorInline(ReadOnlyMixin, admin.TabularInline):
    model = Indikator
    fields = ["urutan", "aspek", "deskripsi", "target_angka", "satuan", "target_teks"]
    readonly_fields = fields
    extra = 0


@admin.register(Rhk)
class RhkAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["deskripsi", "skp", "jenis", "rhk_atasan"]
    list_select_related = ["skp", "skp__pegawai", "skp__periode", "skp__periode__instansi", "rhk_atasan"]
    search_fields = ["deskripsi", "skp__pegawai__nip"]
    inlines = [IndikatorInline]


class TemplateIndikatorInline(admin.TabularInline):
    model = TemplateIndikator
    extra = 1
    fields = ["urutan", "aspek", "deskripsi", "target_angka", "satuan", "target_teks"]


@admin.register(TemplateRhk)
class TemplateRhkAdmin(admin.ModelAdmin):
    list_display = ["deskripsi", "template", "jenis", "urutan"]
    list_select_related = ["template"]
    inlines = [TemplateIndikatorInline]


class TemplateRhkInline(admin.TabularInline):
    model = TemplateRhk
    extra = 1
    fields = ["jenis", "urutan", "deskripsi"]
    show_change_link = True


@admin.register(SkpTemplate)
class SkpTemplateAdmin(admin.ModelAdmin):
    list_display = ["nama", "jabatan", "updated_at"]
    list_select_related = ["jabatan", "jabatan__instansi"]
    search_fields = ["nama", "jabatan__nama"]
    raw_id_fields = ["jabatan"]
    readonly_fields = ["created_by"]
    inlines = [TemplateRhkInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(KoreksiAtasan)
class KoreksiAtasanAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Decided on the queue page (kinerja:koreksi_queue) so the fix is audited via pegawai_update."""

    list_display = ["pegawai", "atasan_tercatat", "usulan_atasan", "status", "created_at", "resolved_at"]
    list_filter = ["status"]
    list_select_related = ["pegawai", "atasan_tercatat", "usulan_atasan"]
    search_fields = ["pegawai__nama", "pegawai__nip"]


@admin.register(LogHarian)
class LogHarianAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["tanggal", "pegawai", "status", "output_jumlah", "output_satuan"]
    list_filter = ["status"]
    list_select_related = ["pegawai"]
    search_fields = ["pegawai__nip", "kegiatan"]
    date_hierarchy = "tanggal"


@admin.register(DelegasiPersetujuan)
class DelegasiPersetujuanAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Delegations are made on the Plt/Plh page (kinerja.services.delegasi checks overlaps)."""

    list_display = ["atasan", "penerima", "jenis", "mulai", "selesai"]
    list_select_related = ["atasan", "penerima"]


@admin.register(PolaDistribusi)
class PolaDistribusiAdmin(admin.ModelAdmin):
    """The distribution pattern's percentages come from one secondary source: an admin corrects them
    here (ModelForm runs PolaDistribusi.clean, so an unknown predikat code is a form error)."""

    list_display = ["predikat_organisasi", "urutan", "jenis", "predikat", "persen"]
    list_filter = ["predikat_organisasi"]
    ordering = ["predikat_organisasi", "urutan"]


@admin.register(EvaluasiPeriodik)
class EvaluasiPeriodikAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["periode_evaluasi", "pegawai", "penilai", "predikat", "status"]
    list_filter = ["status", "predikat"]
    list_select_related = ["periode_evaluasi", "pegawai", "penilai"]
    search_fields = ["pegawai__nip", "pegawai__nama"]


@admin.register(EvaluasiTahunan)
class EvaluasiTahunanAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Rated, calibrated, finalised and reopened through kinerja.services.evaluasi (with reasons)."""

    list_display = ["periode", "pegawai", "unit_kerja", "predikat", "status", "keberatan_status"]
    list_filter = ["status", "predikat", "keberatan_status"]
    list_select_related = ["periode__instansi", "pegawai", "unit_kerja"]
    search_fields = ["pegawai__nip", "pegawai__nama"]


@admin.register(PredikatUnit)
class PredikatUnitAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["unit_kerja", "tahun", "predikat", "sumber", "finalised_at"]
    list_filter = ["tahun", "predikat"]
    list_select_related = ["unit_kerja"]
