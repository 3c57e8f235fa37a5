"""Payment targets this app prices (see ``shared_apps.billing.targets``). Both run in the
client's schema."""

from __future__ import annotations

from decimal import Decimal

from core.errors import FieldErrors
from shared_apps.billing.targets import PaymentTarget
from tenant_apps.accounts.models import User
from tenant_apps.assessment.models import Assessment, Submission
from tenant_apps.assessment.selectors import assessment_lookup_filter

ZERO = Decimal("0")


def _redeemed_scholarship(*, user: User, assessments) -> Decimal:
    best = (
        Submission.objects.filter(assessment__in=assessments, user_id=user.id, is_redeemed=True)
        .order_by("-offered_scholarship_percentage")
        .values_list("offered_scholarship_percentage", flat=True)
        .first()
    )
    return best or ZERO


def assessment_payment_target(*, type_id: str, user: User) -> PaymentTarget:
    """ASSESSMENT: the active paid assessment's ``amount``, less a scholarship the student
    redeemed on it; the target key is the assessment's id."""
    assessment = Assessment.objects.filter(assessment_lookup_filter(type_id), is_active=True).first()
    if assessment is None:
        raise FieldErrors({"type_id": "Unknown assessment."})
    if not assessment.is_paid:
        raise FieldErrors({"type_id": "This assessment is free."})
    return PaymentTarget(
        payment_type="ASSESSMENT",
        target_key=str(assessment.id),
        description=assessment.title,
        base_amount=assessment.amount,
        discount_percentage=_redeemed_scholarship(user=user, assessments=[assessment]),
    )


def program_payment_target(*, type_id: str, user: User) -> PaymentTarget:
    """PROGRAM: the program an assessment's scholarship applies to (``program_slug``), at
    its ``program_amount`` less the best scholarship the student redeemed for it."""
    assessments = list(
        Assessment.objects.filter(program_slug=type_id, program_amount__isnull=False).order_by("-program_amount")
    )
    base_amount = assessments[0].program_amount if assessments else None
    if not type_id or base_amount is None:  # (the filter leaves no null amount)
        raise FieldErrors({"type_id": "Unknown program."})
    return PaymentTarget(
        payment_type="PROGRAM",
        target_key=type_id,
        description=f"Program {type_id}",
        base_amount=base_amount,
        discount_percentage=_redeemed_scholarship(user=user, assessments=assessments),
    )
