"""Reads about users that several apps share."""

from __future__ import annotations

from django.db import connection
from django_tenants.utils import get_public_schema_name

from core.errors import PermissionDenied
from tenant_apps.accounts.models import Role, User


def user_local_id(user: User) -> int | None:
    """The user's id in the current schema, or None for a platform admin acting on a
    client: that user's row lives in the public schema, so no client row may point at it."""
    if user.role == Role.SUPERADMIN and connection.schema_name != get_public_schema_name():
        return None
    return user.id


def user_local_require(user: User, *, action: str) -> User:
    """The user, if it has a row in this client's schema; 403 for a visiting platform admin."""
    if user_local_id(user) is None:
        raise PermissionDenied(f"Platform admins cannot {action}.")
    return user
