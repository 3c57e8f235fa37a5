from django.contrib import admin
from django.http import HttpRequest, JsonResponse
from django.urls import include, path

from api.api import api
from api.health import healthz
from api.routes import grouped

# Ninja's flat list of operations, nested by leading segments (api/routes.py: the same
# answers, a fraction of the walk per request).
_patterns, _app_name, _namespace = api.urls

urlpatterns = [
    path("healthz", healthz),
    # The operator's console: platform admins only, public schema only (config/admin.py).
    path("admin/", admin.site.urls),
    path("", include((grouped(_patterns), _app_name), namespace=_namespace)),
]


def not_found(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse({"detail": "Not found."}, status=404)


def server_error(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"error": "Internal server error"}, status=500)


handler404 = not_found
handler500 = server_error
