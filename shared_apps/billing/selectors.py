"""Ledger reads. The ledger is in the public schema; every read names it explicitly."""

from __future__ import annotations

from django.db.models import Q
from django_tenants.utils import get_public_schema_name, schema_context

from core.queries import of_user
from shared_apps.billing.models import PaymentTransaction, TransactionStatus


def payment_is_verified(*, client_id: int, user_id: int | None, payment_type: str, target_key: str) -> bool:
    with schema_context(get_public_schema_name()):
        return PaymentTransaction.objects.filter(
            of_user(user_id),
            client_id=client_id,
            payment_type=payment_type,
            target_key=target_key,
            status=TransactionStatus.VERIFIED,
        ).exists()


def payment_latest_verified(
    *, client_id: int, user_id: int | None, targets: list[tuple[str, str]]
) -> PaymentTransaction | None:
    """The user's latest verified payment for any of ``(payment_type, target_key)``."""
    if not targets:
        return None
    match = Q()
    for payment_type, target_key in targets:
        match |= Q(payment_type=payment_type, target_key=target_key)
    with schema_context(get_public_schema_name()):
        return (
            PaymentTransaction.objects.filter(
                match, of_user(user_id), client_id=client_id, status=TransactionStatus.VERIFIED
            )
            .order_by("-verified_at", "-id")
            .first()
        )


def payment_statuses(*, client_id: int, user_id: int | None, payment_type: str, target_key: str) -> list[str]:
    """1 query: the states of the user's payments for one target, newest first."""
    with schema_context(get_public_schema_name()):
        return list(
            PaymentTransaction.objects.filter(
                of_user(user_id), client_id=client_id, payment_type=payment_type, target_key=target_key
            )
            .order_by("-created_at", "-id")
            .values_list("status", flat=True)
        )


def payment_verified_keys(*, client_id: int, user_id: int | None, payment_type: str) -> set[str]:
    """1 query (none without a user): the targets of ``payment_type`` the user holds a
    verified payment for."""
    if user_id is None:
        return set()
    with schema_context(get_public_schema_name()):
        return set(
            PaymentTransaction.objects.filter(
                user_id=user_id, client_id=client_id, payment_type=payment_type, status=TransactionStatus.VERIFIED
            ).values_list("target_key", flat=True)
        )
