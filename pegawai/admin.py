from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from pegawai.models import Instansi, Jabatan, Pegawai, RiwayatPegawai, UnitKerja, User


@admin.register(User)
class AkunAdmin(UserAdmin):
    pass


@admin.register(Instansi)
class InstansiAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "jenis"]
    search_fields = ["nama", "kode"]


@admin.register(UnitKerja)
class UnitKerjaAdmin(admin.ModelAdmin):
    list_display = ["nama", "instansi", "parent", "depth"]
    list_filter = ["instansi"]
    search_fields = ["nama", "kode"]
    raw_id_fields = ["parent"]


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


@admin.register(Pegawai)
class PegawaiAdmin(admin.ModelAdmin):
    list_display = ["nip", "nama", "golongan", "jabatan", "unit_kerja", "status", "kedudukan"]
    list_filter = ["status", "kedudukan", "instansi"]
    search_fields = ["nip", "nama"]
    raw_id_fields = ["atasan", "unit_kerja", "jabatan", "user"]
    list_select_related = ["jabatan", "unit_kerja"]
    inlines = [RiwayatInline]
    readonly_fields = ["hirarki"]

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
