from django.urls import path

from common.views import module_placeholder

urlpatterns = [path("", module_placeholder("e-Kinerja"), name="index")]
