"""Payment reconciliation (django-q2). The ledger is in the public schema, so these tasks
take no schema name; every ledger access inside names the public schema explicitly."""

from __future__ import annotations

import logging

from django_q.tasks import async_task

from core.errors import DomainError
from shared_apps.billing import services

logger = logging.getLogger(__name__)


def payments_reconcile_due() -> int:
    """Scheduled every 10 minutes: one reconcile task per open order that is due."""
    due = services.transactions_due_for_reconciliation()
    for pk in due:
        async_task("shared_apps.billing.tasks.transaction_reconcile", pk, task_name=f"billing-reconcile-{pk}")
    return len(due)


def transaction_reconcile(transaction_pk: int) -> str:
    try:
        return services.transaction_reconcile(transaction_pk=transaction_pk)
    except DomainError as exc:  # not configured, or Razorpay unreachable: try next round
        logger.warning("Reconciling transaction %s failed: %s", transaction_pk, exc.message)
        return "error"
