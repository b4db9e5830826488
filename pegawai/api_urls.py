from django.urls import include, path
from rest_framework.routers import DefaultRouter

from pegawai import api

router = DefaultRouter()
router.register("pegawai", api.PegawaiViewSet, basename="pegawai")
router.register("unit-kerja", api.UnitKerjaViewSet, basename="unit-kerja")

urlpatterns = [
    path("", include(router.urls)),
]
