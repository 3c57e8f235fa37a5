"""Payment Gateway API 1-2 (create order, verify payment) and the Razorpay webhook."""

from django.http import HttpRequest
from ninja import Router, Status

from api.auth import AuthedRequest
from api.schemas import ErrorOut
from shared_apps.billing import services
from shared_apps.billing.schemas import CreateOrderIn, CreateOrderOut, VerifyPaymentIn, VerifyPaymentOut, WebhookOut
from tenants.middleware import request_client

router = Router(tags=["payments"])


@router.post(
    "clients/{client_id}/create-order/", response={201: CreateOrderOut, 400: ErrorOut, 403: ErrorOut, 503: ErrorOut}
)
def create_order(request: AuthedRequest, client_id: int, payload: CreateOrderIn):
    """Creates a Razorpay order for the item's server-side price (less any redeemed
    scholarship) and answers with Razorpay Checkout options (``amount`` in paise).
    A request ``amount`` (rupees) that disagrees with the price is refused (400).
    503 when Razorpay keys are not configured."""
    txn = services.order_create(
        client=request_client(request),
        actor=request.auth,
        payment_type=payload.payment_type,
        type_id=str(payload.type_id),
        amount=payload.amount,
        currency=payload.currency,
        notes=payload.notes,
    )
    return Status(201, txn)


@router.post(
    "clients/{client_id}/verify-payment/", response={200: VerifyPaymentOut, 400: ErrorOut, 403: ErrorOut, 503: ErrorOut}
)
def verify_payment(request: AuthedRequest, client_id: int, payload: VerifyPaymentIn):
    """Checks Checkout's HMAC-SHA256 signature with the key secret and marks the order
    VERIFIED once; repeating the call returns the same result. A forged signature is
    recorded and answered 400; a platform admin (no user row at the client) gets 403."""
    txn = services.payment_verify(
        client=request_client(request),
        actor=request.auth,
        order_id=payload.razorpay_order_id,
        payment_id=payload.razorpay_payment_id,
        signature=payload.razorpay_signature,
    )
    return txn


@router.post(
    "webhook/razorpay/",
    auth=None,
    response={200: WebhookOut, 400: ErrorOut, 503: ErrorOut},
    openapi_extra={
        "parameters": [
            {"in": "header", "name": "X-Razorpay-Signature", "required": True, "schema": {"type": "string"}},
            {"in": "header", "name": "X-Razorpay-Event-Id", "required": False, "schema": {"type": "string"}},
        ],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object", "description": "Razorpay's event"}}},
        },
    },
)
def razorpay_webhook(request: HttpRequest):
    """Razorpay webhooks (``payment.captured``, ``payment.failed``, ``order.paid``), signed
    with ``RAZORPAY_WEBHOOK_SECRET`` (header ``X-Razorpay-Signature``) and processed once
    per ``X-Razorpay-Event-Id``. Credits a payment whose Checkout callback never arrived.
    400 for a bad signature; 503 when the secret is not configured."""
    outcome = services.webhook_receive(
        body=request.body,
        signature=request.headers.get("X-Razorpay-Signature", ""),
        event_id=request.headers.get("X-Razorpay-Event-Id"),
    )
    return WebhookOut(status=outcome)
