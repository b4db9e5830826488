"""Read-only admin views of the cross-app records (jobs, verified documents): for support, not edits."""

from django.contrib import admin

from common.models import DokumenTerverifikasi, Job


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(_ReadOnly):
    list_display = ["id", "kind", "owner", "status", "progress_done", "progress_total", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["owner"]
    search_fields = ["kind", "owner__username"]


@admin.register(DokumenTerverifikasi)
class DokumenTerverifikasiAdmin(_ReadOnly):
    list_display = ["code", "kind", "title", "subject", "created_at", "sealed_at"]
    list_filter = ["kind"]
    search_fields = ["code", "title"]
