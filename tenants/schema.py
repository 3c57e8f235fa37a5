"""The one typed access point to django-tenants' per-connection state.

django-tenants adds ``schema_name``, ``tenant``, ``set_tenant`` and ``set_schema_to_public``
to the database connection at run time; Django's stubs do not know them. Code reads and
switches the current schema through these functions, never through ``connection.<attr>``,
so the type checker sees every use.
"""

from __future__ import annotations

from typing import Protocol, cast

from django.db import connection

from tenants.models import Client


class _TenantConnection(Protocol):
    """What django-tenants' PostgreSQL backend adds to the connection."""

    schema_name: str
    tenant: Client

    def set_tenant(self, tenant: Client, include_public: bool = True) -> None: ...

    def set_schema_to_public(self) -> None: ...


# ``connection`` is Django's proxy to the current thread's default connection: every
# attribute read goes to that connection, so one cast here serves every thread.
_connection = cast(_TenantConnection, connection)


def current_schema_name() -> str:
    """The schema the connection is set to."""
    return _connection.schema_name


def current_tenant() -> Client:
    """The client set by ``use_tenant`` (the middleware does, for a path naming a client).

    Inside ``schema_context`` django-tenants holds a ``FakeTenant`` here, which only has a
    ``schema_name``: callers read it only on requests routed to a client.
    """
    return _connection.tenant


def use_tenant(client: Client) -> None:
    """Point the connection at ``client``'s schema."""
    _connection.set_tenant(client)


def use_public_schema() -> None:
    """Point the connection at the ``public`` schema."""
    _connection.set_schema_to_public()
