"""The Razorpay SDK, configured from settings. Every call to Razorpay goes through here."""

from __future__ import annotations

from typing import Any

import razorpay
import requests
from django.conf import settings
from razorpay.errors import BadRequestError, GatewayError, ServerError, SignatureVerificationError

from shared_apps.billing.errors import PaymentProviderError, PaymentsNotConfigured, WebhooksNotConfigured

REQUEST_TIMEOUT_SECONDS = 15


def razorpay_client() -> razorpay.Client:
    """A client for the configured keys; ``RAZORPAY_BASE_URL`` (scheme://host[:port], no
    ``/v1``) points it at a Razorpay-compatible server instead of api.razorpay.com."""
    key_id, key_secret = settings.RAZORPAY_KEY_ID, settings.RAZORPAY_KEY_SECRET
    if not key_id or not key_secret:
        raise PaymentsNotConfigured()
    options: dict[str, Any] = {}
    base_url = (settings.RAZORPAY_BASE_URL or "").rstrip("/")
    if base_url.endswith("/v1"):
        base_url = base_url[: -len("/v1")]
    if base_url:
        options["base_url"] = base_url
    client = razorpay.Client(auth=(key_id, key_secret), **options)
    client.set_app_details({"title": "lms-platform", "version": "1.0"})
    return client


def order_create(*, amount_paise: int, currency: str, receipt: str, notes: dict[str, str]) -> dict:
    client = razorpay_client()
    data = {"amount": amount_paise, "currency": currency, "receipt": receipt, "notes": notes}
    try:
        order = client.order.create(data, timeout=REQUEST_TIMEOUT_SECONDS)
    except (BadRequestError, GatewayError, ServerError, requests.RequestException, ValueError) as exc:
        raise PaymentProviderError() from exc
    if not isinstance(order, dict) or not str(order.get("id", "")).startswith("order_"):
        raise PaymentProviderError("The payment provider returned an unexpected response.")
    return order


def order_payments(*, order_id: str) -> list[dict]:
    """The order's payments as Razorpay records them (``GET /v1/orders/{id}/payments``)."""
    client = razorpay_client()
    try:
        result = client.order.payments(order_id, timeout=REQUEST_TIMEOUT_SECONDS)
    except (BadRequestError, GatewayError, ServerError, requests.RequestException, ValueError) as exc:
        raise PaymentProviderError() from exc
    items = result.get("items") if isinstance(result, dict) else None
    return [item for item in items or [] if isinstance(item, dict)]


def payment_signature_valid(*, order_id: str, payment_id: str, signature: str) -> bool:
    """HMAC-SHA256 of ``order_id|payment_id`` with the key secret (Checkout's signature)."""
    client = razorpay_client()
    try:
        return bool(
            client.utility.verify_payment_signature(
                {"razorpay_order_id": order_id, "razorpay_payment_id": payment_id, "razorpay_signature": signature}
            )
        )
    except SignatureVerificationError:
        return False


def webhook_signature_valid(*, body: bytes, signature: str) -> bool:
    """HMAC-SHA256 of the raw body with ``RAZORPAY_WEBHOOK_SECRET``."""
    secret = settings.RAZORPAY_WEBHOOK_SECRET
    if not secret:
        raise WebhooksNotConfigured()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    # The utility needs no keys for webhooks; build it without razorpay_client().
    utility = razorpay.Client(auth=("", "")).utility
    try:
        return bool(utility.verify_webhook_signature(text, signature or "", secret))
    except SignatureVerificationError:
        return False


def key_id() -> str:
    if not settings.RAZORPAY_KEY_ID or not settings.RAZORPAY_KEY_SECRET:
        raise PaymentsNotConfigured()
    return settings.RAZORPAY_KEY_ID
