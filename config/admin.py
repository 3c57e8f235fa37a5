"""The operator's console: Django's admin, for platform admins only, in the public schema.

``PlatformAdminConfig`` replaces ``django.contrib.admin`` in ``SHARED_APPS`` so that the
default site is ``PlatformAdminSite``, whose permission check is the platform admin's
(a ``superadmin`` user of the public client, looked up in the public schema) and nothing
else. The admin is mounted at ``/admin/`` (config/urls.py), a path without a client id, so
the tenant middleware always serves it from the public schema; its session and CSRF
cookies are scoped to ``/admin/`` and never reach the bearer-token JSON API.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django_tenants.utils import get_public_schema_name


class PlatformAdminSite(admin.AdminSite):
    site_header = "LMS platform operations"
    site_title = "LMS platform"
    index_title = "Clients, features, payments, course operations and the task queue"

    def has_permission(self, request: HttpRequest) -> bool:
        """Only an active platform admin, and only on the public schema."""
        from tenants.schema import current_schema_name  # models: not at app loading

        user: Any = request.user
        return (
            current_schema_name() == get_public_schema_name()
            and bool(user.is_active)
            and bool(getattr(user, "is_platform_admin", False))
        )


class PlatformAdminConfig(AdminConfig):
    default_site = "config.admin.PlatformAdminSite"
