"""Writes of activity tracking: activity events, the activity log and time spent."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from core.errors import FieldErrors
from tenant_apps.accounts.actor import Actor
from tenant_apps.activity.models import ActivityLog, ActivityType, TimeSpent, UserActivity
from tenant_apps.lms.models import Content, Course
from tenant_apps.lms.selectors import course_get_for_learner
from tenant_apps.lms.services import learner_of, progress_complete


@transaction.atomic
def activity_record(
    *, actor: Actor, course: Course, content: Content, activity_type: str, metadata: dict | None = None
) -> UserActivity:
    """Store a view/start/complete/submit event; ``complete`` also completes the content."""
    learner = learner_of(actor)
    if activity_type not in ActivityType.values:
        raise FieldErrors({"activity_type": f"Choose one of {', '.join(ActivityType.values)}."})
    activity = UserActivity.objects.create(
        user=learner,
        course=course,
        content=content,
        activity_type=activity_type,
        metadata=metadata or {},
    )
    if activity_type == ActivityType.COMPLETE:
        progress_complete(content=content, learner=learner)
    return activity


def activity_log_create(*, actor: Actor, action: str, details: dict | None = None) -> ActivityLog:
    learner = learner_of(actor)
    action = (action or "").strip()
    if not action:
        raise FieldErrors({"action": "This field may not be blank."})
    return ActivityLog.objects.create(user=learner, action=action, details=details or {})


MINUTES_PER_DAY = 24 * 60


def time_track(*, actor: Actor, content_id: int, minutes: int, day: date | None = None) -> dict:
    """Add ``minutes`` to the user's time on a content today (UTC); returns the content's total.

    Time counts only on a course the user may learn in (enrolled, or staff), and a day holds
    at most 24 hours across all contents: minutes past that are not credited
    (``session_time`` says how many were), so pings cannot inflate the daily leaderboard.
    """
    uid = learner_of(actor).id
    row = Content.objects.filter(id=content_id).values_list("id", "submodule__module__course_id").first()
    if row is None:
        raise FieldErrors({"content_id": "No content with this id."})
    content_id, course_id = row
    course_get_for_learner(course_id=course_id, actor=actor)
    day = day or timezone.now().date()
    tracked_today = TimeSpent.objects.filter(user_id=uid, date=day).aggregate(total=Sum("minutes"))["total"] or 0
    minutes = max(0, min(minutes, MINUTES_PER_DAY - tracked_today))
    if minutes:
        with transaction.atomic():
            updated = TimeSpent.objects.filter(user_id=uid, content_id=content_id, date=day).update(
                minutes=F("minutes") + minutes, updated_at=timezone.now()
            )
            if not updated:
                try:
                    with transaction.atomic():
                        TimeSpent.objects.create(
                            user_id=uid, content_id=content_id, course_id=course_id, date=day, minutes=minutes
                        )
                except IntegrityError:  # a concurrent first track of the day
                    TimeSpent.objects.filter(user_id=uid, content_id=content_id, date=day).update(
                        minutes=F("minutes") + minutes, updated_at=timezone.now()
                    )
    total = TimeSpent.objects.filter(user_id=uid, content_id=content_id).aggregate(total=Sum("minutes"))["total"]
    return {"total_time_spent": total or 0, "session_time": minutes}
