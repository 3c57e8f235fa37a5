"""Reads of the caller's own notifications; a caller with no user row here (a visiting
platform admin) has none."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from tenant_apps.accounts.actor import Actor
from tenant_apps.notifications.errors import NotificationNotFound
from tenant_apps.notifications.models import Notification


def notification_list(*, actor: Actor) -> QuerySet[Notification]:
    """Newest first."""
    user_id = actor.local_user_id
    if user_id is None:
        return Notification.objects.none()
    return Notification.objects.filter(user_id=user_id)


def unread_count(*, actor: Actor) -> int:
    """1 query (0 for a caller without a user row here)."""
    if actor.local_user_id is None:
        return 0
    return notification_list(actor=actor).filter(read_at__isnull=True).count()


def notification_get_own(*, actor: Actor, notification_id: int) -> Notification:
    """The caller's notification; someone else's is a 404, like one that does not exist."""
    notification = notification_list(actor=actor).filter(id=notification_id).first()
    if notification is None:
        raise NotificationNotFound()
    return notification


@dataclass(frozen=True)
class NotificationPage:
    """One ``?page=&limit=`` page of the user's notifications and how many they have."""

    count: int
    results: list[Notification]


def notification_page(*, actor: Actor, page: int, limit: int) -> NotificationPage:
    """2 queries: the count, then the page (newest first)."""
    notifications = notification_list(actor=actor)
    start = (page - 1) * limit
    return NotificationPage(count=notifications.count(), results=list(notifications[start : start + limit]))
