from django.urls import path

from survei import api

urlpatterns = [
    path("unit/", api.UnitListApi.as_view(), name="api_survei_unit"),
    path("unit/<slug:kode>/respon/", api.ResponSubmitApi.as_view(), name="api_survei_submit"),
    path("periode/<int:pk>/hasil/", api.HasilApi.as_view(), name="api_survei_hasil"),
]
