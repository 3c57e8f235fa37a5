"""Reads of data requests."""

from __future__ import annotations

from django.db.models import QuerySet

from tenant_apps.accounts.actor import Actor
from tenant_apps.accounts.models import User
from tenant_apps.admin_dashboard.errors import UserNotFound
from tenant_apps.privacy.errors import DataExportNotFound
from tenant_apps.privacy.models import DataErasure, DataExport
from tenant_apps.privacy.services import ERASED_EMAIL_DOMAIN


def data_export_list(*, actor: Actor) -> QuerySet[DataExport]:
    """The caller's own exports, newest first (none for a visiting platform admin)."""
    uid = actor.local_user_id
    if uid is None:
        return DataExport.objects.none()
    return DataExport.objects.filter(user_id=uid).order_by("-created_at")


def data_export_get_for_user(*, export_id: str, actor: Actor) -> DataExport:
    """One of the caller's exports; anyone else's (or a malformed id) is a 404."""
    export = data_export_list(actor=actor).filter(id=export_id).first() if _is_uuid(export_id) else None
    if export is None:
        raise DataExportNotFound()
    return export


def data_export_get_for_link(*, export_id: str, user_id: int) -> DataExport:
    export = DataExport.objects.filter(id=export_id, user_id=user_id).first() if _is_uuid(export_id) else None
    if export is None:
        raise DataExportNotFound()
    return export


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except (ValueError, TypeError, AttributeError):
        return False
    return True


def erasable_user_get(*, user_id: int) -> User:
    """A user of this client not erased yet (deleted ones included: erasure goes further)."""
    user = User.objects.filter(id=user_id).exclude(email__endswith="@" + ERASED_EMAIL_DOMAIN).first()
    if user is None:
        raise UserNotFound()
    return user


def erasure_list() -> QuerySet[DataErasure]:
    return DataErasure.objects.order_by("-erased_at", "-id")
