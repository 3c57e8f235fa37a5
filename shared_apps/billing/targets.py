"""What can be paid for, and its price. The price is always the server's.

``TARGET_RESOLVERS`` maps a ``payment_type`` to a resolver, a dotted path to
``resolver(*, type_id: str, user) -> PaymentTarget`` that runs in the client's schema and
raises ``FieldErrors({"type_id": ...})`` for an unknown target. Other apps add their
payment types (e.g. COURSE) with one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.module_loading import import_string

from core.errors import FieldErrors

CENT = Decimal("0.01")

TARGET_RESOLVERS: dict[str, str] = {
    "ASSESSMENT": "tenant_apps.assessment.payments.assessment_payment_target",
    "PROGRAM": "tenant_apps.assessment.payments.program_payment_target",
}


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


def target_resolver(payment_type: str) -> Callable[..., PaymentTarget]:
    path = TARGET_RESOLVERS.get(payment_type)
    if path is None:
        supported = ", ".join(sorted(TARGET_RESOLVERS))
        raise FieldErrors({"payment_type": f"Unsupported payment type. Use one of: {supported}."})
    return import_string(path)
