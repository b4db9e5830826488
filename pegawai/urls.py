from django.urls import path

from pegawai import views, views_import

app_name = "pegawai"

urlpatterns = [
    path("", views.direktori, name="direktori"),
    path("cari/", views.cari, name="cari"),
    path("tim-saya/", views.tim_saya, name="tim_saya"),
    path("unit-kerja/", views.unit_tree, name="unit_tree"),
    path("impor/", views.import_pegawai, name="import"),
    path("impor/<int:pk>/", views_import.import_job, name="import_job"),
    path("impor/<int:pk>/progres/", views_import.import_progress, name="import_progress"),
    path("impor/<int:pk>/konfirmasi/", views_import.import_confirm, name="import_confirm"),
    path("ekspor/<str:fmt>/", views.pegawai_export, name="export"),
    path("<int:pk>/", views.profil, name="profil"),
    path("tambah/", views.pegawai_create, name="create"),
    path("<int:pk>/ubah/", views.pegawai_edit, name="edit"),
    path("unit-kerja/tambah/", views.unit_create, name="unit_create"),
    path("unit-kerja/<int:pk>/ubah/", views.unit_edit, name="unit_edit"),
]
