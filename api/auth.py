"""Bearer-JWT authentication and role checks for every router."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django_tenants.utils import get_public_schema_name, schema_context
from ninja.security import HttpBearer

from core.errors import InvalidToken, PermissionDenied
from tenant_apps.accounts.actor import Actor
from tenant_apps.accounts.models import (
    ADMIN_ROLES,
    LEARNER_ROLES,
    PLATFORM_ADMIN_ROLES,
    STAFF_ROLES,
    AuthSession,
    Role,
    User,
)
from tenant_apps.accounts.tokens import ACCESS, token_decode
from tenant_apps.audit import context as audit_context
from tenants.middleware import TenantRequest
from tenants.schema import current_schema_name
from tenants.selectors import client_get_cached


class AuthedRequest(TenantRequest):
    """A request as a handler behind ``JWTAuth`` sees it: ``auth`` is the caller."""

    auth: Actor


class JWTAuth(HttpBearer):
    """Accepts an access token of the client named in the path and yields an ``Actor``.

    A token of another client is refused (401), except a platform admin's: a superadmin
    user of the public client, who may act on every client. Only superadmins exist in the
    public schema, so a public token of any other role is refused too. ``roles`` narrows
    who may call (403 otherwise); the role is the user row's, not the token's claim.
    """

    def __init__(self, roles: Iterable[str] | None = None):
        super().__init__()
        self.roles = frozenset(roles) if roles else None

    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        claims = token_decode(token, expected_type=ACCESS)
        tenant = getattr(request, "tenant", None)
        # The path's client, already looked up by the middleware, is the token's in nearly
        # every request: no second cache round trip (Redis in production) for it.
        token_client = tenant if tenant is not None and tenant.id == claims.client_id else None
        token_client = token_client or client_get_cached(client_id=claims.client_id)
        if token_client is None or not token_client.is_active:
            raise InvalidToken()
        from_public = token_client.schema_name == get_public_schema_name()
        if from_public != (claims.role == Role.SUPERADMIN):
            raise InvalidToken()  # superadmin exists only in the platform's portal, and only it
        if tenant is not None and tenant.id != token_client.id and not from_public:
            raise InvalidToken()
        if token_client.schema_name == current_schema_name():
            user = _active_user(claims.user_id, claims.session_id)
        else:
            with schema_context(token_client.schema_name):  # restores the request's schema on exit
                user = _active_user(claims.user_id, claims.session_id)
        if user is None or from_public != (user.role == Role.SUPERADMIN):
            raise InvalidToken()
        actor = Actor(user=user, token_client=token_client, client=tenant)
        audit_context.actor_set(actor)  # who the audit records of this request name
        if self.roles is not None and actor.role not in self.roles:
            raise PermissionDenied()
        return actor


_ACTOR_FIELDS = (
    "id",
    "email",
    "first_name",
    "last_name",
    "role",
    "profile_pic_url",
    "phone",
    "is_active",
    "is_profile_active",
)


@functools.cache
def _active_user_sql() -> str:
    """The one statement every authenticated request runs, written once: the ORM compiled
    the same filter, join and ``only()`` again on every request (about a third of an
    authenticated one-row read's CPU, measured with cProfile)."""
    user, session = User._meta, AuthSession._meta
    columns = ", ".join(f'u."{field.column}"' for field in user.concrete_fields if field.name in _ACTOR_FIELDS)
    return (
        f'SELECT {columns} FROM "{user.db_table}" u JOIN "{session.db_table}" s ON s."user_id" = u."id" '
        f'WHERE u."id" = %s AND u."is_active" AND s."id" = %s AND s."revoked_at" IS NULL LIMIT 1'
    )


@functools.cache
def _active_user_attnames() -> list[str]:
    """The columns of ``_active_user_sql``, in its order."""
    return [field.attname for field in User._meta.concrete_fields if field.name in _ACTOR_FIELDS]


def _active_user(user_id: int, session_id: str) -> User | None:
    """One query: the user, if active and the token's session is not revoked."""
    try:
        session_uuid = uuid.UUID(str(session_id))
    except ValueError:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_active_user_sql(), [user_id, session_uuid])
        row = cursor.fetchone()
    # The row as ``User.objects.raw`` made it (the other fields deferred), without the raw
    # query set's per-request column mapping (~0.2 ms; plain columns need no converters).
    return None if row is None else User.from_db(connection.alias, _active_user_attnames(), row)


jwt_auth = JWTAuth()
admin_auth = JWTAuth(roles=ADMIN_ROLES)
staff_auth = JWTAuth(roles=STAFF_ROLES)
platform_admin_auth = JWTAuth(roles=PLATFORM_ADMIN_ROLES)
learner_auth = JWTAuth(roles=LEARNER_ROLES)


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address; trusts X-Forwarded-For only as far as TRUSTED_PROXY_COUNT says."""
    proxies: int = settings.TRUSTED_PROXY_COUNT
    forwarded: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")
