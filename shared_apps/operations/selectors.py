from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from core.errors import FieldErrors
from shared_apps.operations.errors import OperationNotFound
from shared_apps.operations.models import CourseOperation, OperationStatus, OperationType
from tenant_apps.accounts.actor import Actor


def _visible_to(actor: Actor) -> QuerySet[CourseOperation]:
    """Platform admins see every operation; a client admin those touching their client."""
    queryset = CourseOperation.objects.all()
    if not actor.is_platform_admin:
        own = actor.token_client.id
        queryset = queryset.filter(Q(client_id=own) | Q(to_client_id=own))
    return queryset


def operation_list(
    *,
    actor: Actor,
    status: str | None = None,
    client_id: int | None = None,
    operation_type: str | None = None,
    full: bool = False,
) -> QuerySet[Any]:
    """Newest first; the listing's columns only, or every column with ``full`` (the
    super-admin portal's list carries each operation's whole status)."""
    queryset = _visible_to(actor)
    if status:
        if status not in OperationStatus.values:
            raise FieldErrors({"status": f"Use one of: {', '.join(OperationStatus.values)}."})
        queryset = queryset.filter(status=status)
    if operation_type:
        if operation_type not in OperationType.values:
            raise FieldErrors({"type": f"Use one of: {', '.join(OperationType.values)}."})
        queryset = queryset.filter(operation_type=operation_type)
    if client_id is not None:
        queryset = queryset.filter(Q(client_id=client_id) | Q(to_client_id=client_id))
    if not full:
        queryset = queryset.only(
            "id", "operation_type", "status", "progress", "client_id", "to_client_id", "created_at", "finished_at"
        )
    return queryset.order_by("-created_at", "id")


def operation_get(*, actor: Actor, operation_id: str) -> CourseOperation:
    try:
        key = uuid.UUID(str(operation_id))
    except ValueError as exc:
        raise OperationNotFound() from exc
    operation = _visible_to(actor).filter(id=key).first()
    if operation is None:
        raise OperationNotFound()
    return operation


@dataclass(frozen=True)
class OperationPage:
    """One ``?limit=&offset=`` window of ``operation_list`` and the total it is cut from."""

    total_count: int
    limit: int
    offset: int
    operations: list[CourseOperation]


def operation_page(*, operations: QuerySet[CourseOperation], limit: int, offset: int) -> OperationPage:
    """2 queries (1 past the end): the count, then the window."""
    total = operations.count()
    page = list(operations[offset : offset + limit]) if offset < total else []
    return OperationPage(total_count=total, limit=limit, offset=offset, operations=page)
