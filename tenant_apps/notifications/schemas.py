"""Schemas of the notifications H's app shell and admin "send notification" page use."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema

from api.schemas import NonBlankStr
from tenant_apps.notifications.models import Notification


class NotificationOut(Schema):
    id: int
    notification_type: str
    title: str
    message: str
    action_url: str | None
    metadata: dict[str, Any]
    is_read: bool
    read_at: datetime | None
    created_at: datetime

    @staticmethod
    def resolve_action_url(obj: Notification) -> str | None:
        return obj.action_url or None


class NotificationPageOut(Schema):
    count: int
    results: list[NotificationOut]


class NotificationPageQuery(Schema):
    page: int = Field(1, ge=1, le=1_000_000)
    limit: int = Field(20, ge=1, le=100)


class UnreadCountOut(Schema):
    unread_count: int


class MarkedCountOut(Schema):
    marked_count: int


class NotificationSendIn(Schema):
    target_type: Literal["individual", "course", "client"]
    student_ids: list[int] = Field(default_factory=list, max_length=10_000)
    course_id: int | None = None
    title: NonBlankStr = Field(..., max_length=200)
    message: NonBlankStr = Field(..., max_length=5000)
    action_url: str = Field("", max_length=500)


class NotificationSentOut(Schema):
    message: str
    sent_count: int
