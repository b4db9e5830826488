from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from import_export.admin import ExportMixin

from pegawai.models import HariLibur, Instansi, Jabatan, Pegawai, RiwayatPegawai, UnitKerja, User
from pegawai.resources import PegawaiResource


@admin.register(User)
class AkunAdmin(UserAdmin):
    pass


@admin.register(Instansi)
class InstansiAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "jenis"]
    search_fields = ["nama", "kode"]


@admin.register(HariLibur)
class HariLiburAdmin(admin.ModelAdmin):
    """Days off beyond the `holidays` package (national holidays and cuti bersama come from it)."""

    list_display = ["tanggal", "nama", "instansi"]
    list_filter = ["instansi"]
    date_hierarchy = "tanggal"
    search_fields = ["nama"]
    list_select_related = ["instansi"]


@admin.register(UnitKerja)
class UnitKerjaAdmin(admin.ModelAdmin):
    list_display = ["nama", "kode", "instansi", "parent", "depth", "aktif"]
    list_filter = ["instansi", "aktif"]
    search_fields = ["nama", "kode"]
    raw_id_fields = ["parent"]
    list_select_related = ["instansi", "parent"]
    readonly_fields = ["path", "depth"]

    def get_readonly_fields(self, request, obj=None):
        # The instansi of an existing unit is fixed; moving across instansi is not a rename.
        return [*self.readonly_fields, "instansi"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        """Writes go through the services so the materialized paths stay right."""
        from pegawai import services

        if not change:
            created = services.unit_kerja_create(instansi=obj.instansi, parent=obj.parent, nama=obj.nama, kode=obj.kode)
            obj.pk = created.pk
            return
        with transaction.atomic():
            changes = {f: form.cleaned_data[f] for f in ("nama", "kode", "aktif") if f in form.changed_data}
            if changes:
                services.unit_kerja_update(unit=obj, **changes)
            if "parent" in form.changed_data:
                services.unit_kerja_move(unit=obj, parent=form.cleaned_data["parent"])


@admin.register(Jabatan)
class JabatanAdmin(admin.ModelAdmin):
    list_display = ["nama", "jenis", "jenjang", "instansi"]
    list_filter = ["jenis", "instansi"]
    search_fields = ["nama"]


class RiwayatInline(admin.TabularInline):
    model = RiwayatPegawai
    extra = 0
    readonly_fields = ["jenis", "sebelum", "sesudah", "changed_by", "changed_at", "sumber"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # history is written by the services only


@admin.register(Pegawai)
class PegawaiAdmin(ExportMixin, admin.ModelAdmin):
    # Export only (XLSX/CSV of the filtered change list); imports go through the SIASN importer
    # (pegawai.imports), which validates every row and writes history.
    resource_classes = [PegawaiResource]
    list_display = ["nip", "nama", "golongan", "jabatan", "unit_kerja", "status", "kedudukan"]
    list_filter = ["status", "kedudukan", "instansi"]
    search_fields = ["nip", "nama"]
    raw_id_fields = ["atasan", "unit_kerja", "jabatan", "user"]
    list_select_related = ["jabatan", "unit_kerja", "instansi"]
    inlines = [RiwayatInline]
    readonly_fields = ["hirarki", "batas_usia_pensiun"]

    def save_model(self, request, obj, form, change):
        from pegawai import services

        if change:
            changes = {f: form.cleaned_data[f] for f in form.changed_data if f in form.cleaned_data}
            services.pegawai_update(pegawai=obj, actor=request.user, sumber="admin", **changes)
        else:
            fields = {
                f.name: getattr(obj, f.name)
                for f in obj._meta.concrete_fields
                if f.name not in ("id", "hirarki", "created_at", "updated_at")
            }
            created = services.pegawai_create(actor=request.user, sumber="admin", **fields)
            obj.pk = created.pk


@admin.register(RiwayatPegawai)
class RiwayatPegawaiAdmin(admin.ModelAdmin):
    """Read-only audit trail: rows come from pegawai_update, never typed in."""

    list_display = ["pegawai", "jenis", "sebelum", "sesudah", "changed_by", "changed_at", "sumber"]
    list_filter = ["jenis", "sumber"]
    search_fields = ["pegawai__nip", "pegawai__nama"]
    list_select_related = ["pegawai", "changed_by"]
    raw_id_fields = ["pegawai"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
