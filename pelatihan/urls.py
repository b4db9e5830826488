from pelatihan.views import urlpatterns  # noqa: F401

app_name = "pelatihan"
