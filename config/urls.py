from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from common import views as common_views
from common import views_jobs, views_notifikasi
from common.health import healthz
from pegawai.forms import LoginForm
from survei import urls as survei_urls

urlpatterns = [
    path("", common_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("pegawai/", include("pegawai.urls")),
    path("kinerja/", include("kinerja.urls")),
    path("api/kinerja/", include("kinerja.api_urls")),
    path("notifikasi/", include((views_notifikasi.urlpatterns, "notifikasi"))),
    path("api/notifikasi/", include(views_notifikasi.api_urlpatterns)),
    path("jobs/", include((views_jobs.urlpatterns, "jobs"))),
    path("api/jobs/", include(views_jobs.api_urlpatterns)),
    path("api/", include("pegawai.api_urls")),
    path("survei/", include("survei.urls")),
    path("s/", include((survei_urls.public_urlpatterns, "skm"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
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
