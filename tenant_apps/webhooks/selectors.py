from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from tenant_apps.webhooks.errors import DeliveryNotFound, EndpointNotFound
from tenant_apps.webhooks.models import WebhookDelivery, WebhookEndpoint

if TYPE_CHECKING:
    from tenant_apps.webhooks.schemas import DeliveryFilter


def endpoint_list() -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.order_by("-created_at", "-id")


def endpoint_get(*, endpoint_id: int) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.filter(id=endpoint_id).first()
    if endpoint is None:
        raise EndpointNotFound()
    return endpoint


def delivery_list(*, endpoint: WebhookEndpoint, filters: DeliveryFilter | None = None) -> QuerySet[WebhookDelivery]:
    """Newest first (those ``filters`` keep), each with its attempts (two queries whatever the number)."""
    rows = WebhookDelivery.objects.filter(endpoint=endpoint).prefetch_related("attempt_log")
    if filters is not None:
        rows = filters.filter(rows)
    return rows.order_by("-created_at", "-id")


def delivery_get(*, endpoint: WebhookEndpoint, delivery_id: int) -> WebhookDelivery:
    delivery = WebhookDelivery.objects.filter(endpoint=endpoint, id=delivery_id).prefetch_related("attempt_log").first()
    if delivery is None:
        raise DeliveryNotFound()
    return delivery
