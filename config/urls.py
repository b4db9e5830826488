from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from common import exporters, views_jobs, views_notifikasi, views_verifikasi
from common import views as common_views
from common.health import healthz
from pegawai import views_akun
from pegawai.forms import LoginForm
from survei import urls as survei_urls

SWAGGER_CDN = "https://cdn.jsdelivr.net"

urlpatterns = [
    path("", common_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", common_views.favicon, name="favicon"),
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password/reset/", views_akun.ThrottledPasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("accounts/mfa/", views_akun.mfa_verify, name="mfa_verify"),
    path("accounts/mfa/daftar/", views_akun.mfa_enrol, name="mfa_enrol"),
    path("accounts/keamanan/", views_akun.keamanan_akun, name="keamanan_akun"),
    path("accounts/keamanan/kode-pemulihan/", views_akun.recovery_codes_new, name="mfa_recovery_codes"),
    path("accounts/keamanan/nonaktifkan/", views_akun.mfa_off, name="mfa_off"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("pegawai/", include("pegawai.urls")),
    path("kinerja/", include("kinerja.urls")),
    path("pelatihan/", include("pelatihan.urls")),
    path("rekrutmen/", include("rekrutmen.views")),
    path("api/kinerja/", include("kinerja.api_urls")),
    path("api/survei/", include("survei.api_urls")),
    path("notifikasi/", include((views_notifikasi.urlpatterns, "notifikasi"))),
    path("api/notifikasi/", include(views_notifikasi.api_urlpatterns)),
    path("jobs/", include((views_jobs.urlpatterns, "jobs"))),
    path("api/jobs/", include(views_jobs.api_urlpatterns)),
    path("ekspor/<str:identifier>/", exporters.export_view, name="export"),
    path("v/<str:code>/", views_verifikasi.verifikasi, name="verifikasi"),
    path("api/ekspor/<str:identifier>/", exporters.ExportStartApi.as_view(), name="api_export"),
    path("api/", include("pegawai.api_urls")),
    path("survei/", include("survei.urls")),
    path("s/", include((survei_urls.public_urlpatterns, "skm"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI loads its bundle from jsDelivr and has an inline <style>: allowed on this page only
    # (the split view serves its init script as a file, so no inline script).
    path(
        "api/docs/",
        csp_update({"script-src": [SWAGGER_CDN], "style-src": [SWAGGER_CDN, UNSAFE_INLINE], "img-src": [SWAGGER_CDN]})(
            SpectacularSwaggerSplitView.as_view(url_name="schema")
        ),
        name="swagger-ui",
    ),
]

# Modules whose issues have not landed yet answer with a placeholder page under their namespace.
for _app, _title in common_views.MODULES.items():
    urlpatterns.append(
        path(f"{_app}/", include(([path("", common_views.module_placeholder(_title), name="index")], _app)))
    )

handler400 = "common.views.bad_request"
handler403 = "common.views.permission_denied"
handler404 = "common.views.page_not_found"
handler500 = "common.views.server_error"
