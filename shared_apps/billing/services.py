"""Payments: create a Razorpay order at the server's price, verify it exactly once (by the
Checkout signature or a signed webhook), and record every rejected attempt.

The ledger lives in the public schema. Requests run in the client's schema (whose
search_path also reaches public), but every ledger write here is wrapped in an explicit
``schema_context(public)`` so it never depends on the search_path.
"""

from __future__ import annotations

import hashlib
import uuid
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context
from pydantic import ValidationError as PydanticValidationError

from core.errors import FieldErrors
from core.untrusted_input import json_loads_checked
from shared_apps.billing import gateway
from shared_apps.billing.errors import InvalidSignature, InvalidWebhook, PaymentProviderError
from shared_apps.billing.models import (
    AuditKind,
    PaymentAudit,
    PaymentTransaction,
    TransactionStatus,
    VerifiedVia,
    WebhookEvent,
)
from shared_apps.billing.schemas import RazorpayWebhookIn
from shared_apps.billing.selectors import payment_is_verified
from shared_apps.billing.targets import CENT, PaymentTarget, target_resolver
from tenant_apps.accounts.actor import Actor
from tenant_apps.accounts.models import User
from tenant_apps.audit import services as audit
from tenant_apps.audit.models import AuditAction
from tenant_apps.webhooks import services as webhooks
from tenant_apps.webhooks.models import EventType
from tenants.models import Client

SUPPORTED_CURRENCIES = ("INR",)
MAX_NOTES = 10  # Razorpay allows 15 notes; 5 are reserved for the server's own.
MAX_NOTE_LENGTH = 256


def _public() -> AbstractContextManager[None]:
    context: AbstractContextManager[None] = schema_context(get_public_schema_name())
    return context


def _clean_notes(notes: dict[str, Any] | None) -> dict[str, str]:
    if not notes:
        return {}
    if len(notes) > MAX_NOTES:
        raise FieldErrors({"notes": f"At most {MAX_NOTES} notes."})
    return {str(key)[:64]: str(value)[:MAX_NOTE_LENGTH] for key, value in notes.items()}


def _audit(txn: PaymentTransaction, kind: str, detail: str = "", data: dict[str, Any] | None = None) -> PaymentAudit:
    """Record what happened to ``txn`` in the ledger's audit trail (public schema)."""
    with _public():
        return PaymentAudit.objects.create(
            transaction=txn, client_id=txn.client_id, user_id=txn.user_id, kind=kind, detail=detail, data=data or {}
        )


def order_create(
    *,
    client: Client,
    actor: Actor,
    payment_type: str,
    type_id: str,
    amount: Decimal | None = None,
    currency: str | None = None,
    notes: dict[str, Any] | None = None,
) -> PaymentTransaction:
    """Create a Razorpay order for the target's server-side price and record it.

    Runs in the client's schema (the target lookup), writes the ledger in public.
    """
    gateway.key_id()  # 503 before anything else when payments are not configured
    user = actor.require_local(action="make payments for a client")  # a platform admin's row is in public
    payment_type = (payment_type or "").strip().upper()
    type_id = str(type_id or "").strip()
    if not type_id:
        raise FieldErrors({"type_id": "This field is required."})
    resolve = target_resolver(payment_type)
    currency = (currency or "INR").strip().upper()
    if currency not in SUPPORTED_CURRENCIES:
        raise FieldErrors({"currency": f"Unsupported currency. Use one of: {', '.join(SUPPORTED_CURRENCIES)}."})
    target = resolve(type_id=type_id, user=user)
    price = target.amount
    if price <= 0:
        raise FieldErrors({"type_id": "There is nothing to pay for this item."})
    if amount is not None and Decimal(amount).quantize(CENT) != price:
        raise FieldErrors({"amount": f"The amount does not match the price ({price} {currency})."})
    clean_notes = _clean_notes(notes)
    if payment_is_verified(
        client_id=client.id, user_id=user.id, payment_type=payment_type, target_key=target.target_key
    ):
        raise FieldErrors({"type_id": "This item has already been paid for."})
    open_order = _open_order_reusable(
        client=client, user=user, payment_type=payment_type, target=target, currency=currency
    )
    if open_order is not None:
        return open_order
    receipt = f"rcpt_{uuid.uuid4().hex[:30]}"
    order_notes = {
        **clean_notes,
        "client_id": str(client.id),
        "user_id": str(user.id),
        "payment_type": payment_type,
        "type_id": type_id,
        "target_key": target.target_key,
    }
    order = gateway.order_create(
        amount_paise=target.amount_paise, currency=currency, receipt=receipt, notes=order_notes
    )
    if int(order.get("amount", -1)) != target.amount_paise:
        raise PaymentProviderError("The payment provider returned an order for a different amount.")
    try:
        with _public(), transaction.atomic():
            txn = PaymentTransaction.objects.create(
                client=client,
                user_id=user.id,
                payment_type=payment_type,
                type_id=type_id,
                target_key=target.target_key,
                description=target.description[:255],
                base_amount=target.base_amount,
                discount_percentage=target.discount_percentage,
                amount=price,
                amount_paise=target.amount_paise,
                currency=currency,
                receipt=receipt,
                notes=order_notes,
                razorpay_order_id=order["id"],
            )
            _audit(txn, AuditKind.ORDER_CREATED, data={"order": order})
    except IntegrityError:
        # A simultaneous request opened an order for the same target first; use it (the
        # order just created at Razorpay stays unpaid and unused).
        with _public():
            winner = _open_orders(
                client=client, user=user, payment_type=payment_type, target_key=target.target_key
            ).first()
        if winner is None:
            raise
        return winner
    return txn


def _open_orders(*, client: Client, user: User, payment_type: str, target_key: str) -> QuerySet[PaymentTransaction]:
    """The student's open (CREATED) order for the target: at most one, by constraint."""
    return PaymentTransaction.objects.filter(
        client=client,
        user_id=user.id,
        payment_type=payment_type,
        target_key=target_key,
        status=TransactionStatus.CREATED,
    )


def _open_order_reusable(
    *, client: Client, user: User, payment_type: str, target: PaymentTarget, currency: str
) -> PaymentTransaction | None:
    """The student's open order for this target when its price still holds; an open order
    at an outdated price is closed (FAILED, "superseded") so a new one can open. A payment
    that still arrives for a superseded order is credited all the same."""
    with _public(), transaction.atomic():
        existing = (
            _open_orders(client=client, user=user, payment_type=payment_type, target_key=target.target_key)
            .select_for_update()
            .first()
        )
        if existing is None:
            return None
        if existing.amount_paise == target.amount_paise and existing.currency == currency:
            return existing
        existing.status = TransactionStatus.FAILED
        existing.failure_reason = "Superseded by a new order at a different price."
        existing.save(update_fields=["status", "failure_reason", "updated_at"])
        return None


def payment_verify(
    *, client: Client, actor: Actor, order_id: str, payment_id: str, signature: str
) -> PaymentTransaction:
    """Check Checkout's signature and mark the order VERIFIED once; a replay returns the
    same transaction unchanged. A bad signature is recorded, then refused (400)."""
    gateway.key_id()
    user = actor.require_local(action="verify payments for a client")  # its id would name another user here
    with _public():
        txn = PaymentTransaction.objects.filter(client=client, user_id=user.id, razorpay_order_id=order_id).first()
        if txn is None:
            raise FieldErrors({"razorpay_order_id": "Unknown order."})
        if not gateway.payment_signature_valid(order_id=order_id, payment_id=payment_id, signature=signature):
            _audit(
                txn,
                AuditKind.SIGNATURE_INVALID,
                "Checkout signature did not match.",
                {"razorpay_payment_id": payment_id[:64], "razorpay_signature": signature[:128]},
            )
            raise InvalidSignature({"razorpay_signature": "Invalid payment signature."})
        return _transaction_mark_verified(
            transaction_pk=txn.pk, payment_id=payment_id, signature=signature, via=VerifiedVia.CHECKOUT
        )


def _transaction_mark_verified(*, transaction_pk: int, payment_id: str, signature: str, via: str) -> PaymentTransaction:
    """The one place a transaction becomes VERIFIED: under a row lock, at most once."""
    with _public(), transaction.atomic():
        txn = PaymentTransaction.objects.select_for_update().get(pk=transaction_pk)
        if txn.status == TransactionStatus.VERIFIED:
            _audit(
                txn, AuditKind.VERIFY_REPLAYED, f"Already verified; {via} ignored.", {"razorpay_payment_id": payment_id}
            )
            return txn
        txn.status = TransactionStatus.VERIFIED
        txn.razorpay_payment_id = payment_id
        txn.razorpay_signature = signature
        txn.verified_via = via
        txn.verified_at = timezone.now()
        txn.failure_reason = ""
        txn.save(
            update_fields=[
                "status",
                "razorpay_payment_id",
                "razorpay_signature",
                "verified_via",
                "verified_at",
                "failure_reason",
                "updated_at",
            ]
        )
        _audit(txn, AuditKind.VERIFIED, f"Verified by {via}.", {"razorpay_payment_id": payment_id})
        _captured(txn)
        return txn


def _captured(txn: PaymentTransaction) -> None:
    """In the client's own schema, same transaction: its audit trail records the payment."""
    schema_name = Client.objects.values_list("schema_name", flat=True).get(id=txn.client_id)
    facts = {
        "transaction_id": str(txn.transaction_id),
        "user_id": txn.user_id,
        "payment_type": txn.payment_type,
        "type_id": txn.type_id,
        "amount": txn.amount,
        "currency": txn.currency,
        "razorpay_order_id": txn.razorpay_order_id,
        "razorpay_payment_id": txn.razorpay_payment_id,
        "verified_via": txn.verified_via,
    }
    audit.record(
        action=AuditAction.PAYMENT_CAPTURED,
        target_type="payment",
        target_id=str(txn.transaction_id),
        data=facts,
        schema_name=schema_name,
    )
    webhooks.emit(EventType.PAYMENT_CAPTURED, {**facts, "verified_at": txn.verified_at}, schema_name=schema_name)


def _payload_entity(parsed: RazorpayWebhookIn, name: str) -> dict[str, Any]:
    holder = getattr(parsed.payload, name, None) if parsed.payload else None
    return (holder.entity if holder else None) or {}


def webhook_receive(*, body: bytes, signature: str, event_id: str | None) -> str:
    """Handle one Razorpay webhook delivery; returns the outcome.

    Verified with ``RAZORPAY_WEBHOOK_SECRET`` over the raw body, stored once per event id
    (``X-Razorpay-Event-Id``; a hash of the body when absent), so repeated deliveries do
    nothing. ``payment.captured``/``order.paid`` credit the order if the captured amount
    matches; ``payment.failed`` marks a still-open order FAILED.
    """
    if not gateway.webhook_signature_valid(body=body, signature=signature):
        with _public():
            PaymentAudit.objects.create(
                kind=AuditKind.WEBHOOK_SIGNATURE_INVALID,
                detail="Webhook signature did not match.",
                data={"event_id": (event_id or "")[:100], "body_sha256": hashlib.sha256(body).hexdigest()},
            )
        raise InvalidWebhook()
    payload = json_loads_checked(body)  # 400 for malformed JSON, NUL, depth, ...
    try:
        parsed = RazorpayWebhookIn.model_validate(payload)
    except PydanticValidationError as exc:
        raise FieldErrors.from_pydantic(exc) from exc
    event = parsed.event[:60]
    event_id = (event_id or "").strip()[:100] or "sha256:" + hashlib.sha256(body).hexdigest()
    payment = _payload_entity(parsed, "payment")
    order = _payload_entity(parsed, "order")
    order_id = str(payment.get("order_id") or order.get("id") or "")
    with _public(), transaction.atomic():
        record, created = WebhookEvent.objects.get_or_create(
            event_id=event_id, defaults={"event": event, "payload": payload}
        )
        if not created:
            return "duplicate"
        txn = (
            PaymentTransaction.objects.select_for_update().filter(razorpay_order_id=order_id).first()
            if order_id
            else None
        )
        outcome = _webhook_apply(event=event, txn=txn, payment=payment, order=order)
        record.transaction = txn
        record.outcome = outcome
        record.save(update_fields=["transaction", "outcome"])
        return outcome


def _webhook_apply(
    *, event: str, txn: PaymentTransaction | None, payment: dict[str, Any], order: dict[str, Any]
) -> str:
    if event not in ("payment.captured", "order.paid", "payment.failed"):
        return "ignored"
    if txn is None:
        return "unknown_order"
    if event == "payment.failed":
        if txn.status != TransactionStatus.CREATED:
            return "ignored"
        txn.status = TransactionStatus.FAILED
        txn.failure_reason = str(payment.get("error_description") or "Payment failed.")[:255]
        txn.razorpay_payment_id = str(payment.get("id") or "")[:64]
        txn.save(update_fields=["status", "failure_reason", "razorpay_payment_id", "updated_at"])
        _audit(txn, AuditKind.PAYMENT_FAILED, txn.failure_reason)
        return "failed"
    raw_paise = payment.get("amount") if payment else order.get("amount_paid")
    currency = payment.get("currency") if payment else order.get("currency")
    try:
        paid_paise = int(raw_paise) if raw_paise is not None else -1
    except (TypeError, ValueError):
        paid_paise = -1
    if paid_paise != txn.amount_paise or (currency or txn.currency) != txn.currency:
        _audit(
            txn,
            AuditKind.WEBHOOK_AMOUNT_MISMATCH,
            f"Paid {paid_paise} {currency}, expected {txn.amount_paise} {txn.currency}.",
        )
        return "amount_mismatch"
    if txn.status == TransactionStatus.VERIFIED:
        return "already_verified"
    _transaction_mark_verified(
        transaction_pk=txn.pk, payment_id=str(payment.get("id") or "")[:64], signature="", via=VerifiedVia.WEBHOOK
    )
    return "credited"


def transaction_reconcile(*, transaction_pk: int) -> str:
    """Ask Razorpay for an open order's payments and credit a captured one of the right
    amount: the safety net for a payment whose callback and webhooks were all lost.
    Returns the outcome: ``credited``, ``not_paid``, ``amount_mismatch`` or ``skipped``."""
    with _public():
        txn = PaymentTransaction.objects.filter(pk=transaction_pk).first()
    if txn is None or txn.status == TransactionStatus.VERIFIED:
        return "skipped"
    payments = gateway.order_payments(order_id=txn.razorpay_order_id)
    captured = [payment for payment in payments if payment.get("status") == "captured"]
    if not captured:
        return "not_paid"
    for payment in captured:
        if payment.get("amount") == txn.amount_paise and payment.get("currency", txn.currency) == txn.currency:
            _transaction_mark_verified(
                transaction_pk=txn.pk,
                payment_id=str(payment.get("id") or "")[:64],
                signature="",
                via=VerifiedVia.RECONCILE,
            )
            return "credited"
    _audit(
        txn,
        AuditKind.RECONCILE_AMOUNT_MISMATCH,
        "Reconciliation found a captured payment of a different amount.",
        {"payments": [{"id": p.get("id"), "amount": p.get("amount")} for p in captured]},
    )
    return "amount_mismatch"


def transactions_due_for_reconciliation(
    *,
    now: datetime | None = None,
    min_age: timedelta | None = None,
    max_age: timedelta | None = None,
    limit: int = 200,
) -> list[int]:
    """Open orders old enough that a callback should have arrived, young enough to pay."""
    now = now or timezone.now()
    min_age = min_age or timedelta(minutes=15)
    max_age = max_age or timedelta(days=3)
    with _public():
        return list(
            PaymentTransaction.objects.filter(
                status=TransactionStatus.CREATED, created_at__lte=now - min_age, created_at__gte=now - max_age
            )
            .order_by("created_at")
            .values_list("pk", flat=True)[:limit]
        )
