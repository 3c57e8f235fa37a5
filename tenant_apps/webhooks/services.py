"""Webhook writes: endpoints, ``emit()`` (the one call other apps make), delivery runs,
redelivery and the sweep.

``emit(event_type, data)`` runs inside the caller's transaction: it writes one delivery row
per subscribed active endpoint in the client's schema and queues their first attempt on
commit, so an event exists exactly when the change that caused it committed. Each attempt
claims its delivery with a committed conditional update, posts it, and records the attempt;
failures are retried with exponential backoff by the sweep, which also takes over
deliveries whose worker died mid-attempt. Delivery is at least once: a receiver dedupes
on ``webhook-id``.
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_q.models import Schedule
from django_q.tasks import async_task
from django_tenants.utils import get_public_schema_name, schema_context

from core.errors import FieldErrors
from core.updates import fields_apply
from tenant_apps.accounts.actor import Actor
from tenant_apps.audit import services as audit
from tenant_apps.audit.models import AuditAction
from tenant_apps.webhooks import sender, signing, targets
from tenant_apps.webhooks.errors import DeliveryInFlight
from tenant_apps.webhooks.models import DeliveryStatus, EventType, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from tenants.schema import current_schema_name

logger = logging.getLogger(__name__)

SWEEP_SCHEDULE_NAME = "webhooks-sweep"
ATTEMPT_TASK = "tenant_apps.webhooks.tasks.delivery_attempt_run"
SWEEP_TASK = "tenant_apps.webhooks.tasks.deliveries_sweep_run"


def retry_delays() -> list[int]:
    """Seconds before the 2nd, 3rd... attempt (``WEBHOOK_RETRY_DELAYS``)."""
    return list(settings.WEBHOOK_RETRY_DELAYS)


def max_attempts() -> int:
    return len(retry_delays()) + 1


def sending_stale_after() -> timedelta:
    """An attempt in flight longer than this has lost its worker (HTTP timeout + margin)."""
    return timedelta(seconds=settings.WEBHOOK_SENDING_STALE_SECONDS)


# --- endpoints -------------------------------------------------------------------------------


def _events_check(events: list[str]) -> list[str]:
    unknown = sorted(set(events) - set(EventType.values))
    if unknown:
        raise FieldErrors({"events": f"Unknown event types: {', '.join(unknown)}."})
    if not events:
        raise FieldErrors({"events": "Choose at least one event type."})
    return sorted(set(events))


def sweep_schedule_ensure() -> None:
    """The every-minute sweep (retries and lost attempts); created with the first endpoint."""
    with schema_context(get_public_schema_name()):
        Schedule.objects.get_or_create(
            name=SWEEP_SCHEDULE_NAME,
            defaults={"func": SWEEP_TASK, "schedule_type": Schedule.MINUTES, "minutes": 1, "repeats": -1},
        )


@transaction.atomic
def endpoint_create(
    *, actor: Actor, url: str, events: list[str], description: str = "", is_active: bool = True
) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.create(
        url=targets.url_check(url.strip()),
        events=_events_check(events),
        description=description,
        is_active=is_active,
        secret=signing.secret_generate(),
        created_by_id=actor.local_user_id,
    )
    audit.record(
        action=AuditAction.WEBHOOK_ENDPOINT_CREATED,
        actor=actor,
        target_type="webhook_endpoint",
        target_id=endpoint.id,
        data={"url": endpoint.url, "events": endpoint.events, "is_active": endpoint.is_active},
    )
    sweep_schedule_ensure()
    return endpoint


@transaction.atomic
def endpoint_update(*, actor: Actor, endpoint: WebhookEndpoint, data: dict[str, Any]) -> WebhookEndpoint:
    nulls = {field: "This field may not be null." for field, value in data.items() if value is None}
    if nulls:
        raise FieldErrors(nulls)
    if "url" in data:
        data["url"] = targets.url_check(data["url"].strip())
    if "events" in data:
        data["events"] = _events_check(data["events"])
    fields_apply(endpoint, data)
    if data:
        endpoint.save(update_fields=[*data, "updated_at"])
        audit.record(
            action=AuditAction.WEBHOOK_ENDPOINT_UPDATED,
            actor=actor,
            target_type="webhook_endpoint",
            target_id=endpoint.id,
            data={"changed": data},
        )
    return endpoint


@transaction.atomic
def endpoint_delete(*, actor: Actor, endpoint: WebhookEndpoint) -> None:
    pk, url = endpoint.id, endpoint.url
    endpoint.delete()
    audit.record(
        action=AuditAction.WEBHOOK_ENDPOINT_DELETED,
        actor=actor,
        target_type="webhook_endpoint",
        target_id=pk,
        data={"url": url},
    )


def endpoint_secret_reveal(*, actor: Actor, endpoint: WebhookEndpoint) -> str:
    """The secret, retrievable by the client's admins; every reading is audited."""
    audit.record(
        action=AuditAction.WEBHOOK_SECRET_VIEWED, actor=actor, target_type="webhook_endpoint", target_id=endpoint.id
    )
    return endpoint.secret


# --- emitting ---------------------------------------------------------------------------------


def _enqueue(schema_name: str, delivery_ids: list[int]) -> None:
    for delivery_id in delivery_ids:
        async_task(ATTEMPT_TASK, schema_name, delivery_id)


def emit(event_type: EventType | str, data: dict[str, Any], *, schema_name: str | None = None) -> int:
    """Queue ``event_type`` with ``data`` for every active endpoint of the client that chose
    it; returns how many. Call it inside the transaction of the change it reports (one
    query, plus one insert when someone listens). ``schema_name`` names the client when the
    connection is elsewhere (a payment captured in ``public``)."""
    return emit_many(event_type, [data], schema_name=schema_name)


def emit_many(event_type: EventType | str, items: list[dict[str, Any]], *, schema_name: str | None = None) -> int:
    """``emit()`` of one event per ``items`` entry (certificates issued together): still
    one query, plus one insert when someone listens; returns how many deliveries."""
    if str(event_type) not in EventType.values:
        raise ValueError(f"Unknown webhook event type {event_type!r}; add it to EventType and docs/webhooks.md.")
    if not items:
        return 0
    if schema_name is not None and schema_name != current_schema_name():
        with schema_context(schema_name):
            return emit_many(event_type, items)
    now = timezone.now()
    endpoint_ids = list(
        WebhookEndpoint.objects.filter(is_active=True, events__contains=[str(event_type)]).values_list("id", flat=True)
    )
    if not endpoint_ids:
        return 0
    timestamp = now.isoformat().replace("+00:00", "Z")
    payloads = [
        json.loads(json.dumps({"type": str(event_type), "timestamp": timestamp, "data": data}, cls=DjangoJSONEncoder))
        for data in items
    ]
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            endpoint_id=endpoint_id,
            event_type=str(event_type),
            payload=payload,
            next_attempt_at=now,
            attempt_limit=max_attempts(),
        )
        for payload in payloads
        for endpoint_id in endpoint_ids
    )
    schema = current_schema_name()
    ids = [delivery.id for delivery in deliveries]
    transaction.on_commit(lambda: _enqueue(schema, ids))
    return len(ids)


# --- delivering -------------------------------------------------------------------------------


def _body(delivery: WebhookDelivery) -> bytes:
    """The same bytes on every attempt (the signature covers them)."""
    return json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()


def _claim(delivery_id: int) -> WebhookDelivery | None:
    """``pending`` and due -> ``sending`` (or a ``sending`` row whose worker died), committed,
    so two runs never post the same attempt. None when there is nothing to do."""
    now = timezone.now()
    claimable = Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=DeliveryStatus.SENDING, claimed_at__lt=now - sending_stale_after()
    )
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .select_related("endpoint")
            .filter(claimable, id=delivery_id)
            .first()
        )
        if delivery is None:
            return None
        delivery.status = DeliveryStatus.SENDING
        delivery.claimed_at = now
        delivery.attempts += 1
        delivery.save(update_fields=["status", "claimed_at", "attempts", "updated_at"])
    return delivery


def delivery_attempt(*, delivery_id: int) -> WebhookDelivery | None:
    """One attempt of one delivery; safe to run twice or concurrently."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return None
    endpoint = delivery.endpoint
    outcome: sender.Outcome
    if not endpoint.is_active:
        outcome = sender.Outcome(status_code=None, snippet="", error="The endpoint is disabled.", duration_ms=0)
    else:
        try:
            target = targets.resolve(endpoint.url)  # checked again now: DNS may have changed
        except targets.TargetRefused as exc:
            outcome = sender.Outcome(status_code=None, snippet="", error=str(exc)[:500], duration_ms=0)
        else:
            body = _body(delivery)
            stamp = int(timezone.now().timestamp())
            headers = {
                "Content-Type": "application/json",
                "User-Agent": "LMS-Webhooks/1.0",
                "webhook-id": delivery.message_id,
                "webhook-timestamp": str(stamp),
                "webhook-signature": signing.sign(
                    secret=endpoint.secret, message_id=delivery.message_id, timestamp=stamp, body=body
                ),
            }
            outcome = sender.post(target=target, headers=headers, body=body, timeout=settings.WEBHOOK_TIMEOUT)
    return _record(delivery, outcome)


@transaction.atomic
def _record(delivery: WebhookDelivery, outcome: sender.Outcome) -> WebhookDelivery:
    now = timezone.now()
    WebhookAttempt.objects.create(
        delivery=delivery,
        number=delivery.attempts,
        status_code=outcome.status_code,
        response_snippet=outcome.snippet,
        error=outcome.error,
        duration_ms=outcome.duration_ms,
    )
    delivery.last_status_code = outcome.status_code
    delivery.last_error = outcome.error[:500]
    delivery.claimed_at = None
    if outcome.succeeded:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = DeliveryStatus.SUCCEEDED, now, None
    elif delivery.attempts >= delivery.attempt_limit or outcome.status_code == 410:
        # 410 Gone: the receiver asks us to stop (Standard Webhooks); no further tries.
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
    else:
        delays = retry_delays()
        delay = delays[min(delivery.attempts - 1, len(delays) - 1)] if delays else 0
        delivery.status, delivery.next_attempt_at = DeliveryStatus.PENDING, now + timedelta(seconds=delay)
    delivery.save(
        update_fields=[
            "status",
            "last_status_code",
            "last_error",
            "claimed_at",
            "delivered_at",
            "next_attempt_at",
            "updated_at",
        ]
    )
    return delivery


@transaction.atomic
def delivery_redeliver(*, actor: Actor, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again now, with the same ``webhook-id`` (receivers dedupe on it) and a
    fresh round of retries."""
    locked = WebhookDelivery.objects.select_for_update().get(id=delivery.id)
    if locked.status == DeliveryStatus.SENDING:
        raise DeliveryInFlight()
    locked.status = DeliveryStatus.PENDING
    locked.next_attempt_at = timezone.now()
    locked.attempt_limit = locked.attempts + max_attempts()
    locked.save(update_fields=["status", "next_attempt_at", "attempt_limit", "updated_at"])
    audit.record(
        action=AuditAction.WEBHOOK_REDELIVERED,
        actor=actor,
        target_type="webhook_delivery",
        target_id=locked.id,
        data={"endpoint_id": locked.endpoint_id, "message_id": locked.message_id, "event_type": locked.event_type},
    )
    schema = current_schema_name()
    transaction.on_commit(lambda: _enqueue(schema, [locked.id]))
    return locked


def deliveries_due() -> list[int]:
    """This schema's deliveries to attempt now: retries that are due, first attempts whose
    task was lost, and attempts whose worker died (in flight for longer than the stale bound)."""
    now = timezone.now()
    return list(
        WebhookDelivery.objects.filter(
            Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
            | Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - sending_stale_after())
        )
        .order_by("next_attempt_at")
        .values_list("id", flat=True)[: settings.WEBHOOK_SWEEP_BATCH]
    )


def deliveries_sweep() -> dict[str, int]:
    """Every minute: queue the due deliveries of every client schema (one query each)."""
    from tenants.models import Client

    queued: dict[str, int] = {}
    schemas = list(Client.objects.exclude(schema_name=get_public_schema_name()).values_list("schema_name", flat=True))
    for schema in schemas:
        try:
            with schema_context(schema):
                ids = deliveries_due()
        except Exception:  # noqa: BLE001 - one broken schema must not stop the others
            logger.exception("webhook sweep failed in schema %s", schema)
            continue
        if ids:
            _enqueue(schema, ids)
            queued[schema] = len(ids)
    return queued
