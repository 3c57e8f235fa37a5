"""Reads of the admin dashboard (Admin Dashboard API 33-38). Every selector costs a fixed
number of queries, whatever the number of users, courses or days.

"Activity events" and "active days" are defined as in ``tenant_apps.dashboard.selectors``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils import timezone

from tenant_apps.accounts.models import User
from tenant_apps.activity import selectors as activity_selectors
from tenant_apps.admin_dashboard.errors import UserNotFound
from tenant_apps.dashboard.periods import DateRange
from tenant_apps.dashboard.selectors import activity_counts_by_day, learners, minutes_by_day
from tenant_apps.live_classes import selectors as live_selectors
from tenant_apps.lms import selectors as lms_selectors
from tenant_apps.lms.selectors import percentage
from tenants.timezone import client_today, client_zone

if TYPE_CHECKING:
    from tenant_apps.lms.models import Enrollment

ACTIVE_WINDOW_DAYS = 30
RECENT_ACTIVITIES = 10


# --- 33. core dashboard --------------------------------------------------------------------


def core_dashboard() -> dict:
    """4 queries: student counts, course count, enrollment count, recent activities.

    ``total_students`` counts active student accounts; ``active_students`` those of them
    with an activity event or tracked minutes in the last 30 days."""
    since = timezone.now() - timedelta(days=ACTIVE_WINDOW_DAYS)
    since_day = client_today(client_zone(), now=since)  # TimeSpent rows carry the client's days
    recently_active = activity_selectors.active_since(user_ref=OuterRef("pk"), since=since, since_day=since_day)
    students = learners().aggregate(total=Count("id"), active=Count("id", filter=recently_active))
    total_courses, total_enrollments = lms_selectors.course_and_enrollment_totals()
    return {
        "total_students": students["total"],
        "total_courses": total_courses,
        "total_enrollments": total_enrollments,
        "active_students": students["active"],
        "recent_activities": list(activity_selectors.recent_activities(limit=RECENT_ACTIVITIES)),
    }


# --- 34, 35. users ---------------------------------------------------------------------------


def student_list(*, search: str | None = None, role: str | None = None) -> QuerySet[User]:
    """1 query: the client's users (every role unless ``role`` is given), each with the
    number of courses they are enrolled in. ``search`` matches a part of the first name,
    last name, full name or e-mail, case-insensitively. Deleted users are left out."""
    users = _not_deleted().annotate(enrolled_courses_count=lms_selectors.enrollment_count_of_user()).order_by("id")
    if role:
        users = users.filter(role=role)
    if search and search.strip():
        term = search.strip()
        users = users.annotate(full_name=Concat("first_name", Value(" "), "last_name")).filter(
            Q(full_name__icontains=term) | Q(email__icontains=term)
        )
    return users


def _not_deleted() -> QuerySet[User]:
    """Every admin read starts here: a user an admin deleted is gone (404, not listed)."""
    return User.objects.filter(deleted_at__isnull=True)


def student_get(*, student_id: int) -> User:
    user = _not_deleted().filter(id=student_id).first()
    if user is None:
        raise UserNotFound()
    return user


# --- 36. activity analytics ---------------------------------------------------------------------


def student_activity_analytics(*, period: DateRange, student_id: int | None = None) -> dict:
    """4 queries (5 with ``student_id``: the student's existence, 404 otherwise): events,
    minutes and completions per day, and the completion rate."""
    if student_id is not None:
        student_get(student_id=student_id)
    events = activity_counts_by_day(period=period, user_id=student_id)
    minutes = minutes_by_day(period=period, user_id=student_id)
    completed = lms_selectors.completions_by_day(
        start_at=period.start_at, end_before=period.end_before, user_id=student_id, zone=period.zone
    )
    daily = [
        {
            "date": day,
            "activities": events.get(day, 0),
            "time_spent_minutes": minutes.get(day, 0),
            "contents_completed": completed.get(day, 0),
        }
        for day in period.days()
    ]
    return {
        "total_activities": sum(row["activities"] for row in daily),
        "total_time_spent": sum(row["time_spent_minutes"] for row in daily),
        "completion_rate": lms_selectors.completion_rate(user_id=student_id),
        "start_date": period.start,
        "end_date": period.end,
        "daily_breakdown": daily,
    }


# --- 37. attendance analytics ----------------------------------------------------------------------


def attendance_analytics(*, period: DateRange) -> dict:
    """2 queries: attendance activities scheduled in the range (by the client's day of
    ``scheduled_time``, inactive ones included) with their attendance marks, and the number
    of active students. ``attendance_rate`` = marks / (activities x active students) x 100,
    i.e. the share of the possible marks that were made; per day the same."""
    per_day = live_selectors.attendance_by_day(start_at=period.start_at, end_before=period.end_before, zone=period.zone)
    students = learners().count()
    daily = []
    activities = attendance = 0
    for day in period.days():
        row = per_day.get(day) or {"activities": 0, "attendance": 0}
        activities += row["activities"]
        attendance += row["attendance"]
        daily.append(
            {
                "date": day,
                "activities": row["activities"],
                "attendance": row["attendance"],
                "attendance_rate": percentage(row["attendance"], row["activities"] * students),
            }
        )
    return {
        "total_activities": activities,
        "total_attendance": attendance,
        "attendance_rate": percentage(attendance, activities * students),
        "active_students": students,
        "start_date": period.start,
        "end_date": period.end,
        "daily_breakdown": daily,
    }


# --- 38. course completion --------------------------------------------------------------------------


def course_completion_stats(*, course_id: int | None = None) -> dict:
    """1 query (an unknown ``course_id`` is a 404, lms's ``course_completion_list``): every
    course (or the one) with its enrollments split into completed (every content done), in progress (some done)
    and not started. Totals count enrollments; ``completion_rate`` = completed / enrolled."""
    rows = lms_selectors.course_completion_list(course_id=course_id)
    breakdown = [
        {
            "course_id": course.id,
            "title": course.title,
            "is_active": course.is_active,
            "total_contents": course.total_contents,
            "enrolled_students": course.enrolled_students,
            "completed_students": course.completed_students,
            "in_progress_students": course.started_students - course.completed_students,
            "not_started_students": course.enrolled_students - course.started_students,
            "completion_rate": percentage(course.completed_students, course.enrolled_students),
        }
        for course in rows
    ]
    enrolled = sum(course.enrolled_students for course in rows)
    completed = sum(course.completed_students for course in rows)
    return {
        "total_courses": len(breakdown),
        "completed_courses": completed,
        "in_progress_courses": sum(row["in_progress_students"] for row in breakdown),
        "completion_rate": percentage(completed, enrolled),
        "course_breakdown": breakdown,
    }


def course_completion_rows(*, course_id: int | None = None) -> QuerySet[Enrollment]:
    """1 query (2 with ``course_id``: an unknown course is a 404): one row per enrollment of
    an active student (the course's only, with ``course_id``), the web client's per-student
    course-completion stats (response profile ``ai_linc``). Each row carries the student
    and course, the course's contents and how many of them the student completed, and the
    student's attendance: attendance activities that have started (client-wide: they
    belong to no course) and how many of them the student marked. Student id, then course id."""
    rows = lms_selectors.enrollment_completion_rows(learner_ids=learners().values("id"), course_id=course_id)
    return rows.annotate(**live_selectors.attendance_count_annotations())
