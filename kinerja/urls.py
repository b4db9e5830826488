"""Kinerja pages. Each views module owns its `urlpatterns`; this file only joins them."""

from kinerja.views import dashboard, log, skp

app_name = "kinerja"

urlpatterns = [*dashboard.urlpatterns, *skp.urlpatterns, *log.urlpatterns]
