from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet

from core.errors import FieldErrors
from shared_apps.operations.errors import OperationNotFound
from shared_apps.operations.models import CourseOperation, OperationStatus
from shared_apps.operations.services import is_platform_admin
from tenant_apps.accounts.models import User


def _visible_to(user: User) -> QuerySet[CourseOperation]:
    """Platform admins see every operation; a client admin those touching their client."""
    queryset = CourseOperation.objects.all()
    if not is_platform_admin(user):
        own = user.token_client_id
        queryset = queryset.filter(Q(client_id=own) | Q(to_client_id=own))
    return queryset


def operation_list(*, user: User, status: str | None = None, client_id: int | None = None) -> QuerySet:
    queryset = _visible_to(user)
    if status:
        if status not in OperationStatus.values:
            raise FieldErrors({"status": f"Use one of: {', '.join(OperationStatus.values)}."})
        queryset = queryset.filter(status=status)
    if client_id is not None:
        queryset = queryset.filter(Q(client_id=client_id) | Q(to_client_id=client_id))
    return queryset.only(
        "id", "operation_type", "status", "progress", "client_id", "to_client_id", "created_at", "finished_at"
    ).order_by("-created_at", "id")


def operation_get(*, user: User, operation_id: str) -> CourseOperation:
    try:
        key = uuid.UUID(str(operation_id))
    except ValueError as exc:
        raise OperationNotFound() from exc
    operation = _visible_to(user).filter(id=key).first()
    if operation is None:
        raise OperationNotFound()
    return operation
