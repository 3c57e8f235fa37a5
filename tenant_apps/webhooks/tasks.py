"""django-q2 entry points: schema plus ids in, the service does the work."""

from __future__ import annotations

from django_tenants.utils import schema_context

from tenant_apps.webhooks import services


def delivery_attempt_run(schema_name: str, delivery_id: int) -> str:
    with schema_context(schema_name):
        delivery = services.delivery_attempt(delivery_id=delivery_id)
        return "skipped" if delivery is None else delivery.status


def deliveries_sweep_run() -> dict[str, int]:
    return services.deliveries_sweep()
