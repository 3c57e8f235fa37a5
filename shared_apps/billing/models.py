"""The payments ledger, in the PUBLIC schema only.

Rows name their client with a FK to ``tenants.Client`` (also public) and their user with a
plain integer: a public table never points into a client schema.
"""

import uuid

from django.db import models


class TransactionStatus(models.TextChoices):
    CREATED = "CREATED", "Created"
    VERIFIED = "VERIFIED", "Verified"
    FAILED = "FAILED", "Failed"


class VerifiedVia(models.TextChoices):
    CHECKOUT = "checkout", "Checkout callback"
    WEBHOOK = "webhook", "Webhook"
    RECONCILE = "reconcile", "Reconciliation with Razorpay"


class PaymentTransaction(models.Model):
    """One Razorpay order and what it pays for. VERIFIED is set once, by a valid checkout
    signature, a signed webhook or the reconciliation task, whichever comes first."""

    transaction_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("tenants.Client", on_delete=models.PROTECT, related_name="payment_transactions")
    user_id = models.BigIntegerField()
    payment_type = models.CharField(max_length=30)
    # type_id as the client sent it (slug or id); target_key is the canonical target
    # (e.g. the assessment's id), which access checks and payment status use.
    type_id = models.CharField(max_length=120)
    target_key = models.CharField(max_length=120)
    description = models.CharField(max_length=255, blank=True, default="")
    base_amount = models.DecimalField(max_digits=12, decimal_places=2)
    discount_percentage = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    amount_paise = models.BigIntegerField()
    currency = models.CharField(max_length=3, default="INR")
    receipt = models.CharField(max_length=40, unique=True)
    notes = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=TransactionStatus.choices, default=TransactionStatus.CREATED)
    razorpay_order_id = models.CharField(max_length=64, unique=True)
    razorpay_payment_id = models.CharField(max_length=64, blank=True, default="")
    razorpay_signature = models.CharField(max_length=128, blank=True, default="")
    verified_via = models.CharField(max_length=20, choices=VerifiedVia.choices, blank=True, default="")
    verified_at = models.DateTimeField(null=True, blank=True)
    failure_reason = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["client", "user_id", "payment_type", "target_key", "status"]),
            models.Index(fields=["client", "status", "-created_at"]),
        ]
        constraints = [
            # One open order per student and target: a second tab or a double click gets
            # the same order, so Razorpay can capture only one payment for it.
            models.UniqueConstraint(
                fields=["client", "user_id", "payment_type", "target_key"],
                condition=models.Q(status="CREATED"),
                name="one_open_order_per_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.razorpay_order_id} {self.payment_type}:{self.target_key} {self.status}"


class AuditKind(models.TextChoices):
    ORDER_CREATED = "order_created", "Order created"
    VERIFIED = "verified", "Payment verified"
    VERIFY_REPLAYED = "verify_replayed", "Verification replayed"
    SIGNATURE_INVALID = "signature_invalid", "Checkout signature invalid"
    WEBHOOK_SIGNATURE_INVALID = "webhook_signature_invalid", "Webhook signature invalid"
    WEBHOOK_AMOUNT_MISMATCH = "webhook_amount_mismatch", "Webhook amount mismatch"
    RECONCILE_AMOUNT_MISMATCH = "reconcile_amount_mismatch", "Reconciliation amount mismatch"
    PAYMENT_FAILED = "payment_failed", "Payment failed"


class PaymentAudit(models.Model):
    """Append-only record of what happened to payments, rejected attempts included."""

    transaction = models.ForeignKey(
        PaymentTransaction, on_delete=models.PROTECT, null=True, blank=True, related_name="audits"
    )
    client = models.ForeignKey("tenants.Client", on_delete=models.PROTECT, null=True, blank=True)
    user_id = models.BigIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=40, choices=AuditKind.choices)
    detail = models.CharField(max_length=255, blank=True, default="")
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.detail}"


class WebhookEvent(models.Model):
    """A signed Razorpay webhook delivery, stored once per event id (deliveries repeat)."""

    event_id = models.CharField(max_length=100, unique=True)
    event = models.CharField(max_length=60)
    transaction = models.ForeignKey(
        PaymentTransaction, on_delete=models.PROTECT, null=True, blank=True, related_name="webhook_events"
    )
    outcome = models.CharField(max_length=40, blank=True, default="")
    payload = models.JSONField(default=dict, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.event_id} {self.event} {self.outcome}"
