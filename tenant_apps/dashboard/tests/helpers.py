"""Test helpers shared by the dashboard and admin dashboard tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from tenant_apps.activity.models import ActivityLog, TimeSpent, UserActivity
from tenant_apps.activity.rollups import rollups_rebuild
from tenant_apps.lms.models import Content, ContentProgress


def at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def event(user, day: date, *, course=None, content=None, activity_type: str = "view", hour: int = 12) -> UserActivity:
    """A UserActivity on ``day`` (``created_at`` is auto_now_add, so it is set after)."""
    row = UserActivity.objects.create(user=user, course=course, content=content, activity_type=activity_type)
    UserActivity.objects.filter(id=row.id).update(created_at=at(day, hour))
    rollups_rebuild(user_ids=[user.id])  # a raw row with a made-up date: the rollup from scratch
    return row


def log(user, day: date, action: str = "login") -> ActivityLog:
    row = ActivityLog.objects.create(user=user, action=action)
    ActivityLog.objects.filter(id=row.id).update(created_at=at(day))
    rollups_rebuild(user_ids=[user.id])
    return row


def track(user, content: Content, day: date, minutes: int) -> TimeSpent:
    row = TimeSpent.objects.create(
        user=user,
        content=content,
        course_id=content.submodule.module.course_id,
        date=day,
        seconds=minutes * 60,
        minutes=minutes,
    )
    rollups_rebuild(user_ids=[user.id])
    return row


def complete(user, content: Content, day: date | None = None, best_score: str = "0") -> ContentProgress:
    progress = ContentProgress.objects.create(
        user=user, content=content, is_completed=True, completed_at=at(day) if day else None, best_score=best_score
    )
    if day:
        ContentProgress.objects.filter(id=progress.id).update(updated_at=at(day))
    return progress


def contents_of(course) -> list[Content]:
    return list(
        Content.objects.filter(submodule__module__course=course).order_by(
            "submodule__module__weekno", "submodule__order", "order", "id"
        )
    )
