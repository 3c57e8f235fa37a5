"""Maps a request to its client's schema by the ``client_id`` in the path."""

from __future__ import annotations

import re

from django.db import connection
from django.http import JsonResponse
from django.urls import Resolver404, resolve
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_public_schema_name

from tenants.selectors import client_get_cached

# /accounts/clients/7/..., /admin-dashboard/api/clients/7/..., /assessment/api/client/7/...
CLIENT_IN_PATH = re.compile(r"^/(?:[\w-]+/){1,2}clients?/(\d+)(?:/|$)")
# The client resource itself (platform admins read and update clients, including inactive
# ones) lives in the public schema.
CLIENT_RESOURCE = re.compile(r"^/accounts/clients/\d+/$")
# The public client is the platform admins' portal: it has no client tables, and nobody
# signs up to it. Only these paths exist for it; everything else is a 404, not a 500.
PUBLIC_CLIENT_PATHS = re.compile(
    r"^/accounts/clients/\d+/(?:user-profile/"
    r"|user/(?:login|logout|forgot-password|resend-password-reset-otp|verify-password-reset-otp|reset-password)/)$"
    r"|^/api/clients/\d+/client-info/$"
)


class PathTenantMiddleware(TenantMainMiddleware):
    """Sets ``request.tenant`` and the connection's schema; public when no client is named.

    Also lets a path without its trailing slash reach the same endpoint (no redirect),
    since real clients call both forms.
    """

    def process_request(self, request):
        connection.set_schema_to_public()
        self._add_trailing_slash(request)
        match = CLIENT_IN_PATH.match(request.path_info)
        if match is None or CLIENT_RESOURCE.match(request.path_info):
            request.tenant = None
            return None
        client_id = int(match.group(1))
        if client_id > 2**31:
            return JsonResponse({"detail": "Not found."}, status=404)
        client = client_get_cached(client_id=client_id)
        if client is None:
            return JsonResponse({"detail": "Not found."}, status=404)
        if not client.is_active:
            return JsonResponse({"detail": "This client is inactive.", "code": "tenant_inactive"}, status=403)
        if client.schema_name == get_public_schema_name() and not PUBLIC_CLIENT_PATHS.match(request.path_info):
            return JsonResponse({"detail": "Not found."}, status=404)
        request.tenant = client
        connection.set_tenant(client)
        return None

    def process_response(self, request, response):
        connection.set_schema_to_public()
        return response

    @staticmethod
    def _add_trailing_slash(request) -> None:
        path = request.path_info
        if path.endswith("/") or "." in path.rsplit("/", 1)[-1]:
            return
        try:
            resolve(path)
        except Resolver404:
            request.path_info = path + "/"
            request.path = request.path + "/"
