"""Background work for provisioning (django-q2)."""

from __future__ import annotations

from tenants.services import dropped_schemas_purge as _purge
from tenants.services import spare_schemas_fill


def spare_schemas_refill() -> int:
    """Top the spare schemas back up after a client took one; returns how many were built."""
    return spare_schemas_fill()


def dropped_schemas_purge() -> int:
    """Drop the schemas dropped clients left renamed (``dropped_*``)."""
    return _purge()
