from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, FilterSchema, Schema

from api.schemas import patch_schema
from tenant_apps.webhooks.models import DeliveryStatus, EventType


class WebhookEndpointIn(Schema):
    url: str = Field(min_length=1, max_length=1000, description="http(s) URL of a public host.")
    events: list[EventType] = Field(min_length=1, max_length=len(EventType.values))
    description: str = Field("", max_length=255)
    is_active: bool = True


WebhookEndpointPatchIn = patch_schema(WebhookEndpointIn)


class WebhookEndpointOut(Schema):
    id: int
    url: str
    events: list[str]
    description: str
    is_active: bool
    created_at: datetime
    updated_at: datetime


class WebhookEndpointCreatedOut(WebhookEndpointOut):
    secret: str = Field(description="`whsec_` + base64 key; verify `webhook-signature` with it.")


class WebhookSecretOut(Schema):
    secret: str


class WebhookEventTypeOut(Schema):
    type: str
    description: str


class WebhookAttemptOut(Schema):
    number: int
    status_code: int | None
    response_snippet: str
    error: str
    duration_ms: int
    created_at: datetime


class WebhookDeliveryOut(Schema):
    id: int
    endpoint_id: int
    message_id: str = Field(description="The `webhook-id` header: the same on every attempt.")
    event_type: str
    payload: dict[str, Any]
    status: DeliveryStatus
    attempts: int
    attempt_limit: int
    next_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str
    delivered_at: datetime | None
    created_at: datetime
    attempt_log: list[WebhookAttemptOut]

    @staticmethod
    def resolve_attempt_log(obj: Any) -> list[Any]:
        return list(obj.attempt_log.all())  # prefetched by the selector


class WebhookRedeliverOut(Schema):
    id: int
    message_id: str
    status: DeliveryStatus
    detail: str


class DeliveryFilter(FilterSchema):
    """``GET .../deliveries/?status=&event_type=``"""

    status: DeliveryStatus | None = None
    event_type: EventType | None = None
