from decimal import Decimal
from typing import Any

from ninja import Field, Schema
from pydantic import BaseModel

from api.schemas import JSONDecimal
from shared_apps.billing import gateway
from shared_apps.billing.models import PaymentTransaction
from tenant_apps.accounts.models import User
from tenants.middleware import request_client


def _request(context: dict[str, Any] | None) -> Any:
    """The request a transaction is answered to (Ninja passes it to resolvers that ask)."""
    return (context or {})["request"]


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
    # Read from the paying ``User``.
    name: str = Field(..., validation_alias="user_name")
    email: str
    contact: str

    @staticmethod
    def resolve_contact(user: User) -> str:
        return user.phone or ""


class CreateOrderOut(Schema):
    """Razorpay Checkout options: pass them to ``new Razorpay(options)``."""

    order_id: str = Field(..., validation_alias="razorpay_order_id")
    transaction_id: str
    amount: int = Field(
        ..., validation_alias="amount_paise", description="The order's amount in paise, as Checkout expects."
    )
    amount_rupees: JSONDecimal = Field(..., validation_alias="amount")
    currency: str
    key: str = Field(..., description="The Razorpay key id.")
    name: str
    description: str
    receipt: str
    notes: dict[str, str]
    prefill: PrefillOut

    @staticmethod
    def resolve_transaction_id(txn: PaymentTransaction) -> str:
        return str(txn.transaction_id)

    @staticmethod
    def resolve_key(txn: PaymentTransaction) -> str:
        return gateway.key_id()

    @staticmethod
    def resolve_name(txn: PaymentTransaction, context: dict[str, Any] | None = None) -> str:
        """The client's name, shown on Checkout."""
        return request_client(_request(context)).name

    @staticmethod
    def resolve_prefill(txn: PaymentTransaction, context: dict[str, Any] | None = None) -> User:
        """The payer: the user the order was created for (the caller)."""
        return _request(context).auth.user


class VerifyPaymentIn(Schema):
    razorpay_order_id: str = Field(..., min_length=1, max_length=64)
    razorpay_payment_id: str = Field(..., min_length=1, max_length=64)
    razorpay_signature: str = Field(..., min_length=1, max_length=128)


class VerifyPaymentOut(Schema):
    # Read from the verified ``PaymentTransaction``.
    transaction_id: str
    status: str
    amount: JSONDecimal = Field(..., description="Rupees.")
    amount_paise: int
    payment_id: str = Field(..., validation_alias="razorpay_payment_id")
    order_id: str = Field(..., validation_alias="razorpay_order_id")
    message: str

    @staticmethod
    def resolve_transaction_id(txn: PaymentTransaction) -> str:
        return str(txn.transaction_id)

    @staticmethod
    def resolve_message(txn: PaymentTransaction) -> str:
        return "Payment verified successfully"


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
