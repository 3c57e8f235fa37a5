"""django-q2 tasks of the activity app."""

from __future__ import annotations

from django_tenants.utils import schema_context

from tenant_apps.activity.rollups import rollups_rebuild
from tenants.models import Client


def rollups_rebuild_run(schema_name: str) -> int | None:
    """Rebuild a client's daily rollup (after its time zone changed: the days moved)."""
    if not Client.objects.filter(schema_name=schema_name).exists():
        return None
    with schema_context(schema_name):
        return rollups_rebuild()
