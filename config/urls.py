from django.contrib import admin
from django.http import HttpRequest, JsonResponse
from django.urls import path

from api.api import api
from api.health import healthz

urlpatterns = [
    path("healthz", healthz),
    # The operator's console: platform admins only, public schema only (config/admin.py).
    path("admin/", admin.site.urls),
    path("", api.urls),
]


def not_found(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse({"detail": "Not found."}, status=404)


def server_error(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"error": "Internal server error"}, status=500)


handler404 = not_found
handler500 = server_error
