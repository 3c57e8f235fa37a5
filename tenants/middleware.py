"""Maps a request to its client's schema by the ``client_id`` of the route it resolves to."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, ResolverMatch, resolve
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_public_schema_name

from tenants.errors import ClientNotFound
from tenants.models import Client, ResponseProfile
from tenants.schema import use_public_schema, use_tenant
from tenants.selectors import client_get_cached, public_client_get_cached

# The only spelling of a client id: a positive integer without sign, spaces, zeros in front
# or decimals, small enough for the ``id`` column. Anything else names no client.
CANONICAL_CLIENT_ID = re.compile(r"[1-9][0-9]{0,9}")
MAX_CLIENT_ID = 2**31 - 1
# The client resource itself (platform admins read and update clients, including inactive
# ones) lives in the public schema.
PUBLIC_SCHEMA_ROUTES = frozenset({"accounts/clients/<client_id>/"})
# The public client is the platform admins' portal: it has no client tables, and nobody
# signs up to it. Only these routes exist for it; everything else is a 404, not a 500.
PUBLIC_CLIENT_ROUTES = frozenset(
    {
        "accounts/clients/<client_id>/user-profile/",
        "accounts/clients/<client_id>/user/login/",
        "accounts/clients/<client_id>/user/logout/",
        "accounts/clients/<client_id>/user/refresh-token/",
        "accounts/clients/<client_id>/user/forgot-password/",
        "accounts/clients/<client_id>/user/resend-password-reset-otp/",
        "accounts/clients/<client_id>/user/verify-password-reset-otp/",
        "accounts/clients/<client_id>/user/reset-password/",
        "api/clients/<client_id>/client-info/",
        # The platform's own audit trail (platform-admin logins, catalogue and client changes).
        "admin-dashboard/api/clients/<client_id>/audit-log/",
        "admin-dashboard/api/clients/<client_id>/audit-log/export/",
    }
)


class TenantRequest(HttpRequest):
    """A request after this middleware: ``tenant`` is the client its path names, or None."""

    tenant: Client | None


def request_client(request: TenantRequest) -> Client:
    """The client a route under ``clients/{client_id}/`` acts on (the middleware sets it for
    every such route; a 404 if one ever ran without it)."""
    if request.tenant is None:
        raise ClientNotFound()
    return request.tenant


def wants_ai_linc_shapes(request: TenantRequest) -> bool:
    """Whether a request answers the AI-Linc web clients' JSON types where they conflict with
    the contract's: the ``response_profile`` of the client its path names, or, on a
    platform-level route whose path names no client (``/accounts/features/``,
    ``/lms/course-operations/``), of the public client, the platform's own portal (the
    super-admin portal logs in there). The contract by default. The one switch every such
    endpoint asks (docs/real-client.md, "Response profile")."""
    client = request.tenant if request.tenant is not None else public_client_get_cached()
    return client_wants_ai_linc_shapes(client)


def client_wants_ai_linc_shapes(client: Client | None) -> bool:
    """Whether ``client`` is on the ``ai_linc`` response profile. Asked directly only by a
    platform-level route that nobody reaches without a client's login (``GET
    /jobs/api/getjobs/``): it answers in the profile of the caller's (the token's) client,
    whose portal made the call; a platform admin's token is the public client's, as
    ``wants_ai_linc_shapes`` decides for the other platform-level routes."""
    return client is not None and client.response_profile == ResponseProfile.AI_LINC


def _not_found() -> JsonResponse:
    return JsonResponse({"detail": "Not found."}, status=404)


def parse_client_id(raw: str) -> int | None:
    """The client id a path part names, or None unless it is spelled canonically."""
    if not CANONICAL_CLIENT_ID.fullmatch(raw):
        return None
    client_id = int(raw)
    return client_id if client_id <= MAX_CLIENT_ID else None


class PathTenantMiddleware(TenantMainMiddleware):  # type: ignore[misc]  # django-tenants ships no types
    """Sets ``request.tenant`` and the connection's schema; public when no client is named.

    The client id is read once, from the resolved route's own ``client_id`` parameter (the
    one the handler receives), so the schema and the handler can never disagree; a route
    whose ``client_id`` is spelled any other way than canonically is a 404 before any
    handler runs. Also lets a path without its trailing slash reach the same endpoint (no
    redirect), since real clients call both forms.
    """

    def process_request(self, request: TenantRequest) -> HttpResponse | None:
        use_public_schema()
        request.tenant = None
        match = self._resolve(request)
        if match is None or "client_id" not in match.kwargs:
            return None
        client_id = parse_client_id(match.kwargs["client_id"])
        if client_id is None:
            return _not_found()
        if match.route in PUBLIC_SCHEMA_ROUTES:
            return None
        client = client_get_cached(client_id=client_id)
        if client is None:
            return _not_found()
        if not client.is_active:
            return JsonResponse({"detail": "This client is inactive.", "code": "tenant_inactive"}, status=403)
        if client.schema_name == get_public_schema_name() and match.route not in PUBLIC_CLIENT_ROUTES:
            return _not_found()
        request.tenant = client
        use_tenant(client)
        return None

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        use_public_schema()
        return response

    @staticmethod
    def _resolve(request: HttpRequest) -> _Route | None:
        """The route the path resolves to, adding a missing trailing slash if that resolves."""
        found = _route_of(request.path_info)
        if found is not None and found.slash_added:
            request.path_info = request.path_info + "/"
            request.path = request.path + "/"
        return found


class _Route(NamedTuple):
    route: str
    kwargs: dict[str, Any]
    slash_added: bool


@lru_cache(maxsize=4096)
def _route_of(path: str) -> _Route | None:
    """What a path resolves to, remembered per path: Django's handler resolves every request's
    path again after this middleware, so resolving it here once more on every request cost a
    second walk through the URL patterns (read-only: callers never change ``kwargs``)."""
    match: ResolverMatch
    try:
        match = resolve(path)
        return _Route(match.route, match.kwargs, False)
    except Resolver404:
        if path.endswith("/") or "." in path.rsplit("/", 1)[-1]:
            return None
    try:
        match = resolve(path + "/")
    except Resolver404:
        return None
    return _Route(match.route, match.kwargs, True)
