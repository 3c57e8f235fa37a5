"""Writes for live classes and attendance."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone

from core.errors import FieldErrors, PermissionDenied, full_clean
from core.updates import fields_apply, given
from tenant_apps.accounts.actor import Actor
from tenant_apps.accounts.models import Role, User
from tenant_apps.live_classes.errors import AttendanceAlreadyMarked, AttendanceClosed
from tenant_apps.live_classes.models import Attendance, AttendanceActivity, LiveClass
from tenant_apps.live_classes.selectors import instructor_get

M = TypeVar("M", bound=Model)


def _clean_save(instance: M, **save_kwargs: Any) -> M:
    full_clean(instance, validate_constraints=False)
    instance.save(**save_kwargs)
    return instance


def _apply(instance: Model, changes: dict[str, Any]) -> list[str]:
    """Set the given fields (None means "leave as is"); returns the fields changed."""
    return fields_apply(instance, given(**changes))


# --- live classes ------------------------------------------------------------------------


def _resolve_instructor(*, instructor_id: int | None, actor: Actor) -> User | None:
    """An instructor may only schedule classes they teach; an admin names any instructor
    (or none). ``instructor_id`` is a User of this client whose role is instructor."""
    if actor.role == Role.INSTRUCTOR:
        if instructor_id is not None and instructor_id != actor.local_user_id:
            raise PermissionDenied("Instructors can only schedule their own classes.")
        return actor.local_user
    if instructor_id is None:
        return None
    instructor = instructor_get(user_id=instructor_id)
    if instructor is None or instructor.role != Role.INSTRUCTOR:
        raise FieldErrors({"instructor_id": "No active instructor with this id."})
    return instructor


def live_class_can_edit(*, live_class: LiveClass, actor: Actor) -> bool:
    if actor.is_admin:
        return True
    uid = actor.local_user_id
    return uid is not None and uid in (live_class.instructor_id, live_class.created_by_id)


@transaction.atomic
def live_class_create(
    *,
    actor: Actor,
    title: str,
    scheduled_time: datetime,
    description: str = "",
    duration_minutes: int = 60,
    meeting_link: str = "",
    instructor_id: int | None = None,
) -> LiveClass:
    instructor = _resolve_instructor(instructor_id=instructor_id, actor=actor)
    live_class = LiveClass(
        title=title,
        description=description,
        scheduled_time=scheduled_time,
        duration_minutes=duration_minutes,
        meeting_link=meeting_link,
        instructor=instructor,
        created_by_id=actor.local_user_id,
    )
    return _clean_save(live_class)


@transaction.atomic
def live_class_update(
    *,
    live_class: LiveClass,
    actor: Actor,
    title: str | None = None,
    description: str | None = None,
    scheduled_time: datetime | None = None,
    duration_minutes: int | None = None,
    meeting_link: str | None = None,
    status: str | None = None,
) -> LiveClass:
    if not live_class_can_edit(live_class=live_class, actor=actor):
        raise PermissionDenied("Only an admin or the class's instructor can update it.")
    changed = _apply(
        live_class,
        {
            "title": title,
            "description": description,
            "scheduled_time": scheduled_time,
            "duration_minutes": duration_minutes,
            "meeting_link": meeting_link,
            "status": status,
        },
    )
    return _clean_save(live_class, update_fields=[*changed, "updated_at"])


# --- attendance --------------------------------------------------------------------------


@transaction.atomic
def attendance_activity_create(
    *,
    actor: Actor,
    title: str,
    scheduled_time: datetime,
    description: str = "",
    duration_minutes: int = 60,
    is_active: bool = True,
    live_class: LiveClass | None = None,
) -> AttendanceActivity:
    activity = AttendanceActivity(
        title=title,
        description=description,
        scheduled_time=scheduled_time,
        duration_minutes=duration_minutes,
        is_active=is_active,
        live_class=live_class,
        created_by_id=actor.local_user_id,
    )
    return _clean_save(activity)


@transaction.atomic
def attendance_activity_update(
    *,
    activity: AttendanceActivity,
    title: str | None = None,
    description: str | None = None,
    scheduled_time: datetime | None = None,
    duration_minutes: int | None = None,
    is_active: bool | None = None,
) -> AttendanceActivity:
    changed = _apply(
        activity,
        {
            "title": title,
            "description": description,
            "scheduled_time": scheduled_time,
            "duration_minutes": duration_minutes,
            "is_active": is_active,
        },
    )
    return _clean_save(activity, update_fields=[*changed, "updated_at"])


@transaction.atomic
def attendance_activity_delete(*, activity: AttendanceActivity) -> None:
    activity.delete()


def attendance_mark(*, activity: AttendanceActivity, actor: Actor, now: datetime | None = None) -> Attendance:
    """Once per student, only inside the open window; a second mark is a 400."""
    now = now or timezone.now()
    user_id = actor.require_local(action="mark attendance in a client portal").id
    if not activity.is_open_at(now):
        raise AttendanceClosed()
    try:
        with transaction.atomic():
            return Attendance.objects.create(activity=activity, user_id=user_id, marked_at=now)
    except IntegrityError as exc:
        raise AttendanceAlreadyMarked() from exc
