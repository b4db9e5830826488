from django.urls import include, path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.routers import DefaultRouter
from rest_framework.throttling import ScopedRateThrottle

from pegawai import api

router = DefaultRouter()
router.register("pegawai", api.PegawaiViewSet, basename="pegawai")
router.register("unit-kerja", api.UnitKerjaViewSet, basename="unit-kerja")


# Token auth for scripts: POST username (or NIP) and password, get {"token": ...}; send it as
# "Authorization: Token <token>". Accounts with two-step verification also send "otp" (pegawai/api.py).
class ObtainAuthTokenApi(api.MfaObtainAuthToken):
    # DRF's view turns throttling off; a password-guessing endpoint gets the strict "auth" scope.
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"


obtain_auth_token = extend_schema_view(
    post=extend_schema(
        summary="Minta token API (nama pengguna/NIP, kata sandi, dan kode otp bila verifikasi dua langkah aktif)",
        responses={200: api.TokenSerializer, 400: api.ERR_400},
    )
)(ObtainAuthTokenApi).as_view()

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("", include(router.urls)),
]
