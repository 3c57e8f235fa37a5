from decimal import Decimal
from typing import Any

from ninja import Field, Schema
from pydantic import BaseModel

from api.schemas import JSONDecimal


class CreateOrderIn(Schema):
    amount: Decimal | None = Field(
        None,
        ge=0,
        max_digits=12,
        decimal_places=2,
        description="Optional, in rupees. When given it must equal the server's price, else 400.",
    )
    currency: str = Field("INR", max_length=3)
    type_id: str | int = Field(..., description="What is paid for: the assessment's slug or id, the program's slug.")
    payment_type: str = Field(..., max_length=30, description="ASSESSMENT or PROGRAM.")
    notes: dict[str, Any] | None = Field(None, description="Optional Razorpay notes (at most 10).")


class PrefillOut(Schema):
    name: str
    email: str
    contact: str


class CreateOrderOut(Schema):
    """Razorpay Checkout options: pass them to ``new Razorpay(options)``."""

    order_id: str
    transaction_id: str
    amount: int = Field(..., description="The order's amount in paise, as Checkout expects.")
    amount_rupees: JSONDecimal
    currency: str
    key: str = Field(..., description="The Razorpay key id.")
    name: str
    description: str
    receipt: str
    notes: dict[str, str]
    prefill: PrefillOut


class VerifyPaymentIn(Schema):
    razorpay_order_id: str = Field(..., min_length=1, max_length=64)
    razorpay_payment_id: str = Field(..., min_length=1, max_length=64)
    razorpay_signature: str = Field(..., min_length=1, max_length=128)


class VerifyPaymentOut(Schema):
    transaction_id: str
    status: str
    amount: JSONDecimal = Field(..., description="Rupees.")
    amount_paise: int
    payment_id: str
    order_id: str
    message: str


class WebhookOut(Schema):
    status: str


# The webhook body is validated after its signature, so outside Ninja, and with plain
# pydantic models: a Ninja Schema also accepts any object by attribute access (a list
# would pass as an event with every default).
class WebhookEntityIn(BaseModel):
    entity: dict[str, Any] | None = None


class WebhookEntitiesIn(BaseModel):
    payment: WebhookEntityIn | None = None
    order: WebhookEntityIn | None = None


class RazorpayWebhookIn(BaseModel):
    """The parts of a Razorpay webhook event that are read; other keys are ignored."""

    event: str = ""
    payload: WebhookEntitiesIn | None = None
