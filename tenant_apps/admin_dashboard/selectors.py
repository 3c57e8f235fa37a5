"""Reads of the admin dashboard (Admin Dashboard API 33-38). Every selector costs a fixed
number of queries, whatever the number of users, courses or days.

"Activity events" and "active days" are defined as in ``tenant_apps.dashboard.selectors``.
"""

from __future__ import annotations

from datetime import UTC, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Concat, TruncDate
from django.utils import timezone

from tenant_apps.accounts.models import User
from tenant_apps.activity.models import ActivityLog, TimeSpent, UserActivity
from tenant_apps.admin_dashboard.errors import UserNotFound
from tenant_apps.dashboard.periods import DateRange
from tenant_apps.dashboard.selectors import (
    activity_counts_by_day,
    completed_in_course,
    course_contents,
    learners,
    minutes_by_day,
)
from tenant_apps.live_classes.models import Attendance, AttendanceActivity
from tenant_apps.lms.errors import CourseNotFound
from tenant_apps.lms.models import ContentProgress, Course, Enrollment
from tenant_apps.lms.selectors import SubqueryCount, percentage

ACTIVE_WINDOW_DAYS = 30
RECENT_ACTIVITIES = 10


def _enrollment_count() -> SubqueryCount:
    return SubqueryCount(Enrollment.objects.filter(user_id=OuterRef("pk")).values("id"))


# --- 33. core dashboard --------------------------------------------------------------------


def core_dashboard() -> dict:
    """4 queries: student counts, course count, enrollment count, recent activities.

    ``total_students`` counts active student accounts; ``active_students`` those of them
    with an activity event or tracked minutes in the last 30 days."""
    since = timezone.now() - timedelta(days=ACTIVE_WINDOW_DAYS)
    recently_active = (
        Q(Exists(UserActivity.objects.filter(user_id=OuterRef("pk"), created_at__gte=since)))
        | Q(Exists(ActivityLog.objects.filter(user_id=OuterRef("pk"), created_at__gte=since)))
        | Q(Exists(TimeSpent.objects.filter(user_id=OuterRef("pk"), date__gte=since.date(), minutes__gt=0)))
    )
    students = learners().aggregate(total=Count("id"), active=Count("id", filter=recently_active))
    recent = (
        UserActivity.objects.select_related("user", "course", "content")
        .exclude(user__deleted_at__isnull=False)
        .only(
            "id",
            "activity_type",
            "created_at",
            "user__id",
            "user__email",
            "user__first_name",
            "user__last_name",
            "user__profile_pic_url",
            "course__id",
            "course__title",
            "content__id",
            "content__title",
        )
        .order_by("-created_at", "-id")[:RECENT_ACTIVITIES]
    )
    return {
        "total_students": students["total"],
        "total_courses": Course.objects.count(),
        "total_enrollments": Enrollment.objects.count(),
        "active_students": students["active"],
        "recent_activities": list(recent),
    }


# --- 34, 35. users ---------------------------------------------------------------------------


def student_list(*, search: str | None = None, role: str | None = None) -> QuerySet[User]:
    """1 query: the client's users (every role unless ``role`` is given), each with the
    number of courses they are enrolled in. ``search`` matches a part of the first name,
    last name, full name or e-mail, case-insensitively. Deleted users are left out."""
    users = _not_deleted().annotate(enrolled_courses_count=_enrollment_count()).order_by("id")
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


def _completion_rate(student_id: int | None) -> float:
    """1 query: completed contents / contents of the enrolled courses, over the
    enrollments of the student (or of everyone), as of now."""
    enrollments = Enrollment.objects.all()
    if student_id is not None:
        enrollments = enrollments.filter(user_id=student_id)
    totals = (
        enrollments.annotate(
            contents=SubqueryCount(course_contents(OuterRef("course_id")).values("id")),
            done=SubqueryCount(completed_in_course(OuterRef("user_id"), OuterRef("course_id")).values("id")),
        )
        .order_by()
        .aggregate(total_contents=Sum("contents"), total_done=Sum("done"))
    )
    return percentage(totals["total_done"] or 0, totals["total_contents"] or 0)


def student_activity_analytics(*, period: DateRange, student_id: int | None = None) -> dict:
    """4 queries (5 with ``student_id``: the student's existence, 404 otherwise): events,
    minutes and completions per day, and the completion rate."""
    if student_id is not None:
        student_get(student_id=student_id)
    events = activity_counts_by_day(period=period, user_id=student_id)
    minutes = minutes_by_day(period=period, user_id=student_id)
    completions = ContentProgress.objects.filter(
        is_completed=True, completed_at__gte=period.start_at, completed_at__lt=period.end_before
    )
    if student_id is not None:
        completions = completions.filter(user_id=student_id)
    completed = dict(
        completions.annotate(day=TruncDate("completed_at", tzinfo=UTC))
        .order_by()
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
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
        "completion_rate": _completion_rate(student_id),
        "start_date": period.start,
        "end_date": period.end,
        "daily_breakdown": daily,
    }


# --- 37. attendance analytics ----------------------------------------------------------------------


def attendance_analytics(*, period: DateRange) -> dict:
    """2 queries: attendance activities scheduled in the range (by UTC day of
    ``scheduled_time``, inactive ones included) with their attendance marks, and the number
    of active students. ``attendance_rate`` = marks / (activities x active students) x 100,
    i.e. the share of the possible marks that were made; per day the same."""
    per_day = dict(
        (row["day"], row)
        for row in AttendanceActivity.objects.filter(
            scheduled_time__gte=period.start_at, scheduled_time__lt=period.end_before
        )
        .annotate(day=TruncDate("scheduled_time", tzinfo=UTC))
        .order_by()
        .values("day")
        .annotate(activities=Count("id", distinct=True), attendance=Count("attendances"))
    )
    students = learners().count()
    daily = []
    activities = attendance = 0
    for day in period.days():
        row = per_day.get(day, {"activities": 0, "attendance": 0})
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
    """1 query (an unknown ``course_id`` is a 404): every course (or the one) with
    its enrollments split into completed (every content done), in progress (some done)
    and not started. Totals count enrollments; ``completion_rate`` = completed / enrolled."""
    enrollments = Enrollment.objects.filter(course_id=OuterRef("pk")).annotate(
        contents=SubqueryCount(course_contents(OuterRef("course_id")).values("id")),
        done=SubqueryCount(completed_in_course(OuterRef("user_id"), OuterRef("course_id")).values("id")),
    )
    courses = Course.objects.annotate(
        total_contents=SubqueryCount(course_contents(OuterRef("pk")).values("id")),
        enrolled_students=SubqueryCount(enrollments.values("id")),
        completed_students=SubqueryCount(enrollments.filter(contents__gt=0, done__gte=F("contents")).values("id")),
        started_students=SubqueryCount(enrollments.filter(done__gt=0).values("id")),
    ).order_by("id")
    if course_id is not None:
        courses = courses.filter(id=course_id)
    rows = list(courses.only("id", "title", "is_active"))
    if course_id is not None and not rows:
        raise CourseNotFound()
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
    if course_id is not None and not Course.objects.filter(id=course_id).exists():
        raise CourseNotFound()
    now = timezone.now()
    started = AttendanceActivity.objects.filter(scheduled_time__lte=now)
    rows = (
        Enrollment.objects.filter(user__in=learners())
        .select_related("user", "course")
        .only("id", "user_id", "course_id", "user__email", "user__first_name", "user__last_name", "course__title")
        .annotate(
            total_contents=SubqueryCount(course_contents(OuterRef("course_id")).values("id")),
            completed_contents=SubqueryCount(
                completed_in_course(OuterRef("user_id"), OuterRef("course_id")).values("id")
            ),
            attended_activities=SubqueryCount(
                Attendance.objects.filter(user_id=OuterRef("user_id"), activity__in=started).values("id")
            ),
            total_attendance_activities=SubqueryCount(started.values("id")),
        )
        .order_by("user_id", "course_id")
    )
    return rows if course_id is None else rows.filter(course_id=course_id)
