"""Writes: admins send notifications; recipients mark theirs read."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from core.errors import FieldErrors
from tenant_apps.accounts.actor import Actor
from tenant_apps.accounts.models import Role, User
from tenant_apps.lms import selectors as lms_selectors
from tenant_apps.notifications.models import Notification, NotificationType
from tenant_apps.notifications.selectors import notification_list

TARGET_TYPES = ("individual", "course", "client")


def _recipients(*, target_type: str, student_ids: list[int], course_id: int | None) -> list[int]:
    students = User.objects.filter(role=Role.STUDENT, is_active=True)
    if target_type == "individual":
        if not student_ids:
            raise FieldErrors({"student_ids": "Name at least one student."})
        wanted = set(student_ids)
        found = set(students.filter(id__in=wanted).values_list("id", flat=True))
        if found != wanted:
            missing = ", ".join(str(i) for i in sorted(wanted - found))
            raise FieldErrors({"student_ids": f"Not active students of this client: {missing}."})
        return sorted(found)
    if target_type == "course":
        if course_id is None:
            raise FieldErrors({"course_id": "Required when target_type is course."})
        if not lms_selectors.course_ids_present(course_ids=[course_id]):
            raise FieldErrors({"course_id": "No such course."})
        learners = students.filter(id__in=lms_selectors.course_learner_ids(course_id=course_id))
        return list(learners.order_by("id").values_list("id", flat=True))
    return list(students.order_by("id").values_list("id", flat=True))


@transaction.atomic
def notification_send(
    *,
    actor: Actor,
    target_type: str,
    title: str,
    message: str,
    action_url: str = "",
    student_ids: list[int] | None = None,
    course_id: int | None = None,
) -> int:
    """One notification per recipient (active students only); returns how many were sent."""
    recipients = _recipients(target_type=target_type, student_ids=student_ids or [], course_id=course_id)
    metadata = {"target_type": target_type, **({"course_id": course_id} if target_type == "course" else {})}
    rows = [
        Notification(
            user_id=user_id,
            notification_type=NotificationType.CUSTOM,
            title=title,
            message=message,
            action_url=action_url,
            metadata=metadata,
            created_by_id=actor.local_user_id,
        )
        for user_id in recipients
    ]
    for row in rows[:1]:
        row.full_clean(exclude=["user", "created_by"])
    Notification.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, actor: Actor) -> int:
    """1 query: marks the caller's unread notifications read; returns how many."""
    return notification_list(actor=actor).filter(read_at__isnull=True).update(read_at=timezone.now())
