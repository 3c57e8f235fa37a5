"""Notifications at the paths H calls (``/notification/api/clients/{id}/...``): every user
of the client reads and marks their own; client admins (and platform admins) send."""

from __future__ import annotations

from ninja import Query, Router, Status

from api.auth import AuthedRequest, admin_auth
from tenant_apps.notifications import selectors, services
from tenant_apps.notifications.schemas import (
    MarkedCountOut,
    NotificationOut,
    NotificationPageOut,
    NotificationPageQuery,
    NotificationSendIn,
    NotificationSentOut,
    UnreadCountOut,
)

router = Router(tags=["notifications"])

BASE = "clients/{client_id}/"


@router.get(BASE + "notifications/", response=NotificationPageOut)
def list_notifications(request: AuthedRequest, client_id: int, query: Query[NotificationPageQuery]):
    return selectors.notification_page(actor=request.auth, page=query.page, limit=query.limit)


@router.get(BASE + "notifications/unread-count/", response=UnreadCountOut)
def get_unread_notification_count(request: AuthedRequest, client_id: int):
    return UnreadCountOut(unread_count=selectors.unread_count(actor=request.auth))


@router.post(BASE + "notifications/mark-all-read/", response=MarkedCountOut)
def mark_all_notifications_read(request: AuthedRequest, client_id: int):
    return MarkedCountOut(marked_count=services.notification_mark_all_read(actor=request.auth))


@router.patch(BASE + "notifications/{notification_id}/read/", response=NotificationOut)
def mark_notification_read(request: AuthedRequest, client_id: int, notification_id: int):
    notification = selectors.notification_get_own(actor=request.auth, notification_id=notification_id)
    return services.notification_mark_read(notification=notification)


@router.post(BASE + "admin/send/", response={201: NotificationSentOut}, auth=admin_auth)
def send_notification(request: AuthedRequest, client_id: int, payload: NotificationSendIn):
    sent = services.notification_send(actor=request.auth, **payload.dict())
    return Status(201, NotificationSentOut(message=f"Notification sent to {sent} student(s).", sent_count=sent))
