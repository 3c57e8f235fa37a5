"""Webhook endpoints a client admin registers, their delivery log and redelivery
(docs/webhooks.md). Client admins and visiting platform admins (``admin_auth``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from api.auth import AuthedRequest, admin_auth
from api.pagination import paginate
from api.schemas import sent_fields
from tenant_apps.webhooks import selectors, services
from tenant_apps.webhooks.models import EventType
from tenant_apps.webhooks.schemas import (
    DeliveryFilter,
    WebhookDeliveryOut,
    WebhookEndpointCreatedOut,
    WebhookEndpointIn,
    WebhookEndpointOut,
    WebhookEndpointPatchIn,
    WebhookEventTypeOut,
    WebhookRedeliverOut,
    WebhookSecretOut,
)

router = Router(tags=["webhooks"], auth=admin_auth)

BASE = "clients/{client_id}/webhooks/"
ENDPOINT = BASE + "{endpoint_id}/"


@router.get(BASE + "event-types/", response=list[WebhookEventTypeOut])
def list_webhook_event_types(request: HttpRequest, client_id: int):
    return [{"type": value, "description": label} for value, label in EventType.choices]


@router.get(BASE, response=list[WebhookEndpointOut])
def list_webhook_endpoints(request: HttpRequest, response: HttpResponse, client_id: int):
    return paginate(request, response, selectors.endpoint_list())


@router.post(BASE, response={201: WebhookEndpointCreatedOut})
def create_webhook_endpoint(request: AuthedRequest, client_id: int, payload: WebhookEndpointIn):
    """The answer holds the signing secret (also readable later at ``…/secret/``)."""
    data = payload.dict()
    endpoint = services.endpoint_create(
        actor=request.auth,
        url=data["url"],
        events=[str(event) for event in data["events"]],
        description=data["description"],
        is_active=data["is_active"],
    )
    return Status(201, endpoint)


@router.get(ENDPOINT, response=WebhookEndpointOut)
def get_webhook_endpoint(request: HttpRequest, client_id: int, endpoint_id: int):
    return selectors.endpoint_get(endpoint_id=endpoint_id)


@router.patch(ENDPOINT, response=WebhookEndpointOut)
def update_webhook_endpoint(request: AuthedRequest, client_id: int, endpoint_id: int, payload: WebhookEndpointPatchIn):  # type: ignore[valid-type]  # made at import
    data = sent_fields(payload)
    if data.get("events") is not None:
        data["events"] = [str(event) for event in data["events"]]
    endpoint = selectors.endpoint_get(endpoint_id=endpoint_id)
    return services.endpoint_update(actor=request.auth, endpoint=endpoint, data=data)


@router.delete(ENDPOINT, response={204: None})
def delete_webhook_endpoint(request: AuthedRequest, client_id: int, endpoint_id: int):
    services.endpoint_delete(actor=request.auth, endpoint=selectors.endpoint_get(endpoint_id=endpoint_id))
    return Status(204, None)


@router.get(ENDPOINT + "secret/", response=WebhookSecretOut)
def get_webhook_secret(request: AuthedRequest, client_id: int, endpoint_id: int):
    endpoint = selectors.endpoint_get(endpoint_id=endpoint_id)
    return WebhookSecretOut(secret=services.endpoint_secret_reveal(actor=request.auth, endpoint=endpoint))


@router.get(ENDPOINT + "deliveries/", response=list[WebhookDeliveryOut])
def list_webhook_deliveries(
    request: HttpRequest,
    response: HttpResponse,
    client_id: int,
    endpoint_id: int,
    filters: Query[DeliveryFilter],
):
    """The delivery log, newest first, each delivery with its attempts."""
    endpoint = selectors.endpoint_get(endpoint_id=endpoint_id)
    return paginate(request, response, selectors.delivery_list(endpoint=endpoint, filters=filters))


@router.get(ENDPOINT + "deliveries/{delivery_id}/", response=WebhookDeliveryOut)
def get_webhook_delivery(request: HttpRequest, client_id: int, endpoint_id: int, delivery_id: int):
    endpoint = selectors.endpoint_get(endpoint_id=endpoint_id)
    return selectors.delivery_get(endpoint=endpoint, delivery_id=delivery_id)


@router.post(ENDPOINT + "deliveries/{delivery_id}/redeliver/", response={202: WebhookRedeliverOut})
def redeliver_webhook(request: AuthedRequest, client_id: int, endpoint_id: int, delivery_id: int):
    endpoint = selectors.endpoint_get(endpoint_id=endpoint_id)
    delivery = services.delivery_redeliver(
        actor=request.auth, delivery=selectors.delivery_get(endpoint=endpoint, delivery_id=delivery_id)
    )
    return Status(
        202,
        {
            "id": delivery.id,
            "message_id": delivery.message_id,
            "status": delivery.status,
            "detail": "Delivery queued with the same webhook-id.",
        },
    )
