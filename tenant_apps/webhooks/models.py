"""Events out: endpoints a client registers, and one delivery per (event, endpoint) with
every attempt it took.

A delivery is the Standard Webhooks *message* for one endpoint: its ``message_id`` is the
``webhook-id`` header, the same on every attempt and redelivery, so receivers dedupe on it
(delivery is at least once). Rows live in the client's schema, like the events.
"""

from __future__ import annotations

import uuid

from django.contrib.postgres.fields import ArrayField
from django.db import models


class EventType(models.TextChoices):
    USER_SIGNED_UP = "user.signed_up", "A user signed up"
    ENROLLMENT_CREATED = "enrollment.created", "A student enrolled in a course"
    CONTENT_COMPLETED = "content.completed", "A student completed a content"
    COURSE_COMPLETED = "course.completed", "A student completed every content of a course"
    ASSESSMENT_SUBMITTED = "assessment.submitted", "A student submitted an assessment"
    PAYMENT_CAPTURED = "payment.captured", "A payment was captured"
    CERTIFICATE_ISSUED = "certificate.issued", "A certificate was issued"


class WebhookEndpoint(models.Model):
    url = models.URLField(max_length=1000)
    description = models.CharField(max_length=255, blank=True, default="")
    # Standard Webhooks form: "whsec_" + base64 of 32 random bytes; the HMAC key is the bytes.
    secret = models.CharField(max_length=100)
    events = ArrayField(models.CharField(max_length=64), default=list)
    is_active = models.BooleanField(default=True)
    created_by_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"webhook endpoint {self.id} -> {self.url}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting for its next attempt"
    SENDING = "sending", "An attempt is in flight"
    SUCCEEDED = "succeeded", "The endpoint answered 2xx"
    FAILED = "failed", "Every attempt failed"


def _message_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


class WebhookDelivery(models.Model):
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries", db_index=False)
    message_id = models.CharField(max_length=40, default=_message_id)
    event_type = models.CharField(max_length=64)
    payload = models.JSONField()
    status = models.CharField(max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    # Attempts after which it fails for good (a redelivery raises it for a fresh round).
    attempt_limit = models.PositiveIntegerField(default=8)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.IntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True, default="")
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # Not unique=True, which would add a LIKE twin no query uses.
        constraints = [models.UniqueConstraint(fields=["message_id"], name="webhooks_webhookdelivery_message_id_key")]
        indexes = [
            models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_endpoint_idx"),
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status__in=["pending", "sending"]),
                name="webhook_delivery_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.message_id} -> endpoint {self.endpoint_id} ({self.status})"


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    status_code = models.IntegerField(null=True, blank=True)
    response_snippet = models.CharField(max_length=500, blank=True, default="")
    error = models.CharField(max_length=500, blank=True, default="")
    duration_ms = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["delivery_id", "number", "id"]

    def __str__(self) -> str:
        return f"attempt {self.number} of delivery {self.delivery_id}: {self.status_code or self.error}"
