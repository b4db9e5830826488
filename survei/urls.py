from django.urls import path

from survei import views

app_name = "survei"

urlpatterns = [
    path("", views.index, name="index"),
    path("unit/<int:pk>/", views.hasil, name="hasil"),
    path("unit/<int:pk>/poster.pdf", views.poster, name="poster"),
    path("periode/<int:pk>/laporan/", views.laporan, name="laporan"),
    path("saran/<int:pk>/", views.saran_toggle, name="saran_toggle"),
]

# The public form lives at the root (/s/<kode>/): short enough to type from a poster.
public_urlpatterns = [
    path("<slug:kode>/", views.public_form, name="form"),
    path("<slug:kode>/terima-kasih/", views.terima_kasih, name="terima_kasih"),
    path("<slug:kode>/hasil/", views.hasil_publik, name="hasil"),
    path("<slug:kode>/kiosk/", views.kiosk, name="kiosk"),
    path("<slug:kode>/kiosk/jumlah/", views.kiosk_count, name="kiosk_count"),
    path("<slug:kode>/kiosk/manifest.webmanifest", views.kiosk_manifest, name="kiosk_manifest"),
]
