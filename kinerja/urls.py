"""Kinerja pages. Each views module owns its `urlpatterns`; this file only joins them."""

from kinerja.views import dashboard, evaluasi, log, periode, skp, skp_koreksi, skp_matriks, skp_template, skp_workflow

app_name = "kinerja"

urlpatterns = [
    *dashboard.urlpatterns,
    *skp.urlpatterns,
    *skp_workflow.urlpatterns,
    *skp_koreksi.urlpatterns,
    *periode.urlpatterns,
    *skp_template.urlpatterns,
    *skp_matriks.urlpatterns,
    *log.urlpatterns,
    *evaluasi.urlpatterns,
]
