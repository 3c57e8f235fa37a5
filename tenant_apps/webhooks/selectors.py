from __future__ import annotations

from django.db.models import QuerySet

from tenant_apps.webhooks.errors import DeliveryNotFound, EndpointNotFound
from tenant_apps.webhooks.models import WebhookDelivery, WebhookEndpoint


def endpoint_list() -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.order_by("-created_at", "-id")


def endpoint_get(*, endpoint_id: int) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.filter(id=endpoint_id).first()
    if endpoint is None:
        raise EndpointNotFound()
    return endpoint


def delivery_list(
    *, endpoint: WebhookEndpoint, status: str | None = None, event_type: str | None = None
) -> QuerySet[WebhookDelivery]:
    """Newest first, each with its attempts (two queries whatever the number)."""
    rows = WebhookDelivery.objects.filter(endpoint=endpoint).prefetch_related("attempt_log")
    if status:
        rows = rows.filter(status=status)
    if event_type:
        rows = rows.filter(event_type=event_type)
    return rows.order_by("-created_at", "-id")


def delivery_get(*, endpoint: WebhookEndpoint, delivery_id: int) -> WebhookDelivery:
    delivery = WebhookDelivery.objects.filter(endpoint=endpoint, id=delivery_id).prefetch_related("attempt_log").first()
    if delivery is None:
        raise DeliveryNotFound()
    return delivery
