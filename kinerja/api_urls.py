"""Kinerja API under /api/kinerja/. Each api module owns its `urlpatterns`; this file only joins them."""

from kinerja.api import dashboard, evaluasi, log, skp

urlpatterns = [*skp.urlpatterns, *log.urlpatterns, *dashboard.urlpatterns, *evaluasi.urlpatterns]
