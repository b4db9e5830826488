"""URLconf used while benchmarking: the project's URLs plus a trivial JSON view as the floor.

The floor answers through the very same middleware stack as every other view, so a benchmark's
ratio (seconds / floor_seconds) isolates what the measured view itself costs.
"""

from django.http import JsonResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def floor_view(request):
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/floor/", floor_view, name="bench-floor"), *project_urlpatterns]
