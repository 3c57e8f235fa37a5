"""django-q2 tasks of data requests (enqueued by services; see docs/data-requests.md)."""

from __future__ import annotations

from django_tenants.utils import schema_context

from tenant_apps.privacy import services
from tenants.models import Client


def data_export_run(schema_name: str, export_id: str) -> dict | None:
    """Build one export in its client's schema; a repeated or late delivery does nothing."""
    client_id = Client.objects.filter(schema_name=schema_name).values_list("id", flat=True).first()
    if client_id is None:
        return None
    with schema_context(schema_name):
        export = services.data_export_build(export_id=export_id, client_id=client_id)
        return None if export is None else {"export_id": str(export.id), "status": export.status}
