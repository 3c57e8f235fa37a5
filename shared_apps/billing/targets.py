"""What can be paid for, and its price. The price is always the server's.

Billing knows no other app: an app that sells something registers a resolver for its
``payment_type`` from its ``AppConfig.ready()`` with ``target_register`` (the assessment
app registers ASSESSMENT and PROGRAM). A resolver, ``resolver(*, type_id: str, user) ->
PaymentTarget``, runs in the client's schema and raises ``FieldErrors({"type_id": ...})``
for an unknown target.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from core.errors import FieldErrors

CENT = Decimal("0.01")

TargetResolver = Callable[..., "PaymentTarget"]
# payment_type -> resolver, filled by the selling apps' ``ready()``.
TARGET_RESOLVERS: dict[str, TargetResolver] = {}


@dataclass(frozen=True)
class PaymentTarget:
    payment_type: str
    target_key: str
    description: str
    base_amount: Decimal
    discount_percentage: Decimal = Decimal("0")

    @property
    def amount(self) -> Decimal:
        """Rupees to pay: the base price less the discount, rounded half-up to paise."""
        discounted = self.base_amount * (Decimal("100") - self.discount_percentage) / Decimal("100")
        return discounted.quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def amount_paise(self) -> int:
        return int((self.amount * 100).to_integral_value(rounding=ROUND_HALF_UP))


def target_register(payment_type: str, resolver: TargetResolver) -> None:
    """Make ``payment_type`` payable, priced by ``resolver`` (call from ``AppConfig.ready()``)."""
    registered = TARGET_RESOLVERS.setdefault(payment_type, resolver)
    if registered is not resolver:
        raise ValueError(f"Payment type {payment_type} is already registered")


def payment_types() -> list[str]:
    """The payment types some app has registered."""
    return list(TARGET_RESOLVERS)


def target_resolver(payment_type: str) -> TargetResolver:
    resolver = TARGET_RESOLVERS.get(payment_type)
    if resolver is None:
        supported = ", ".join(sorted(TARGET_RESOLVERS))
        raise FieldErrors({"payment_type": f"Unsupported payment type. Use one of: {supported}."})
    return resolver
