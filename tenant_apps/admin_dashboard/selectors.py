"""Reads of the admin dashboard (Admin Dashboard API 33-38). Every selector costs a fixed
number of queries, whatever the number of users, courses or days.

"Activity events" and "active days" are defined as in ``tenant_apps.dashboard.selectors``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils import timezone

from tenant_apps.accounts.models import User
from tenant_apps.activity import selectors as activity_selectors
from tenant_apps.admin_dashboard.errors import UserNotFound
from tenant_apps.assessment import selectors as assessment_selectors
from tenant_apps.dashboard import selectors as dashboard_selectors
from tenant_apps.dashboard.periods import DateRange
from tenant_apps.dashboard.selectors import activity_counts_by_day, learners, minutes_by_day
from tenant_apps.live_classes import selectors as live_selectors
from tenant_apps.lms import selectors as lms_selectors
from tenant_apps.lms.selectors import percentage
from tenant_apps.mock_interviews import selectors as mock_selectors
from tenants.timezone import client_today, client_zone

if TYPE_CHECKING:
    from tenant_apps.assessment.models import Submission as AssessmentSubmission
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


# --- the student report (the web clients' student detail pages) ---------------------------------

REPORT_PATTERN_DAYS = 30
REPORT_TIMELINE_ENTRIES = 50
# The report's weekly view groups completed contents by these categories (the web client's).
CONTENT_CATEGORY = {
    "Article": "article",
    "VideoTutorial": "video",
    "Quiz": "quiz",
    "CodingProblem": "coding",
}
OTHER_CATEGORY = "other"


def _hours(seconds_or_minutes: float, per_hour: int) -> float:
    return float(round(Decimal(seconds_or_minutes) / per_hour, 2))


@dataclass(frozen=True, slots=True)
class StudentReport:
    """One student's report, its parts named as the response schemas read them: the contract's
    user fields are the ``user``'s (``StudentDetailOut``, ``StudentLearningJourneyOut``)."""

    user: User
    academic_summary: dict[str, Any]
    summary: dict[str, Any]
    courses: list[dict[str, Any]]
    activity_pattern_30_days: list[dict[str, Any]]
    activity_breakdown: dict[str, int]
    assessments: list[AssessmentSubmission]
    mock_interviews: dict[str, Any]
    weekly_progress: list[dict[str, Any]]
    timeline: list[dict[str, Any]]


def student_report(*, student_id: int) -> StudentReport:
    """14 queries, whatever the student has done: the user (deleted users are a 404), their
    enrollments with per-course progress and marks, activity per course, the courses'
    modules and submodules with the student's completions, the completed contents, active
    days, events, minutes and marks per day of the last 30 (the client's days), events by
    content type, time tracked, assessment attempts and mock interviews.

    Everything the web clients' student pages read (docs/real-client.md, "Admin student
    report"): the contract's user, ``personal_info``, ``academic_summary``,
    ``enrolled_courses``, ``activity_pattern_30_days``, ``assessments``,
    ``activity_breakdown``, and the learning journey's ``summary``, ``courses`` (modules,
    submodules), ``weekly_progress``, ``mock_interviews`` and ``timeline``."""
    user = student_get(student_id=student_id)
    zone = client_zone()
    enrollments = list(lms_selectors.student_enrollment_rows(user_id=user.id))
    course_ids = [row.course_id for row in enrollments]
    per_course_activity = activity_selectors.course_activity_of_user(user_id=user.id)
    modules = list(lms_selectors.student_module_rows(course_ids=course_ids))
    submodules = list(lms_selectors.student_submodule_rows(user_id=user.id, course_ids=course_ids))
    completions = list(lms_selectors.student_completions(user_id=user.id))
    streak = dashboard_selectors.user_streak(user_id=user.id, zone=zone)
    today = client_today(zone)
    period = DateRange(today - timedelta(days=REPORT_PATTERN_DAYS - 1), today, zone)
    events = activity_counts_by_day(period=period, user_id=user.id)
    minutes = minutes_by_day(period=period, user_id=user.id)
    marks = lms_selectors.marks_by_day(
        user_id=user.id, start_at=period.start_at, end_before=period.end_before, zone=zone
    )
    breakdown = activity_selectors.events_by_kind(user_id=user.id)
    seconds = activity_selectors.seconds_tracked(user_id=user.id)
    attempts = list(assessment_selectors.submission_list_of_user(user_id=user.id))
    interviews = list(mock_selectors.interview_list_of_student(user_id=user.id))

    courses = _report_courses(enrollments, per_course_activity, modules, submodules)
    total_marks = sum((row["marks"] for row in courses), Decimal(0))
    total_contents = sum(row["total_contents"] for row in courses)
    completed_contents = sum(row["completed_contents"] for row in courses)
    total_activities = sum(breakdown.values())
    hours = _hours(seconds, 3600)
    scored = [row.score for row in interviews if row.score is not None]
    return StudentReport(
        user=user,
        academic_summary={
            "total_marks": total_marks,
            "total_time_spent": {"value": hours, "unit": "hours"},
            "enrolled_courses_count": len(courses),
            "assessment_submissions_count": len(attempts),
            "current_streak": streak["current_streak"],
            "total_activities": total_activities,
        },
        summary={
            "enrolled_courses_count": len(courses),
            "total_marks": total_marks,
            "total_time_hours": hours,
            "current_streak": streak["current_streak"],
            "total_activities": total_activities,
            "overall_completion_pct": percentage(completed_contents, total_contents),
            "last_activity_date": streak["last_active_day"],
            "assessments_count": len(attempts),
            "mock_interviews_count": len(interviews),
            "adaptive_sessions_count": 0,
        },
        courses=courses,
        activity_pattern_30_days=[
            {
                "date": day,
                "activity_count": events.get(day, 0),
                "time_spent_hours": _hours(minutes.get(day, 0), 60),
                "marks_earned": marks.get(day) or Decimal(0),
            }
            for day in period.days()
        ],
        activity_breakdown=breakdown,
        assessments=attempts,
        mock_interviews={
            "summary": {
                "total": len(interviews),
                "completed": sum(1 for row in interviews if row.status == "completed"),
                "average_score": sum(scored) / len(scored) if scored else None,
                "highest_score": max(scored) if scored else None,
            },
            "items": interviews,
        },
        weekly_progress=_weekly_progress(completions),
        timeline=_timeline(completions, attempts, interviews),
    )


def _report_courses(enrollments: list, per_course_activity: dict, modules: list, submodules: list) -> list[dict]:
    """Each enrolled course with its modules and submodules, and the student's progress in each."""
    subs_of: dict[int, list[dict]] = defaultdict(list)
    for sub in submodules:
        subs_of[sub.module_id].append(
            {
                "id": sub.id,
                "title": sub.title,
                "order": sub.order,
                "total": sub.total,
                "completed": sub.completed,
                "progress_percentage": percentage(sub.completed, sub.total),
            }
        )
    modules_of: dict[int, list[dict]] = defaultdict(list)
    for module in modules:
        subs = subs_of.get(module.id, [])
        total = sum(sub["total"] for sub in subs)
        done = sum(sub["completed"] for sub in subs)
        modules_of[module.course_id].append(
            {
                "id": module.id,
                "weekno": module.weekno,
                "title": module.title,
                "total": total,
                "completed": done,
                "progress_percentage": percentage(done, total),
                "submodules": subs,
            }
        )
    courses = []
    for row in enrollments:
        events, last_event = per_course_activity.get(row.course_id, (0, None))
        candidates = [moment for moment in (last_event, row.last_progress_at) if moment is not None]
        courses.append(
            {
                "id": row.course_id,
                "title": row.course.title,
                "description": row.course.description,
                "enrollment_date": row.enrolled_at,
                "marks": row.marks,
                "total_contents": row.total_contents,
                "completed_contents": row.completed_contents,
                "progress_percentage": percentage(row.completed_contents, row.total_contents),
                "last_activity": max(candidates) if candidates else None,
                "activity_count": events,
                "modules": modules_of.get(row.course_id, []),
            }
        )
    return courses


def _weekly_progress(completions: list) -> list[dict]:
    """Completed contents per course and week (module ``weekno``), courses and weeks in order."""
    courses: dict[int, dict] = {}
    for progress in sorted(completions, key=lambda p: (p.completed_at is None, p.completed_at, p.id)):
        content = progress.content
        module = content.submodule.module
        course = courses.setdefault(
            module.course.id, {"course_id": module.course.id, "course_title": module.course.title, "weeks": {}}
        )
        week = course["weeks"].setdefault(
            module.weekno,
            {
                "weekno": module.weekno,
                "module_title": module.title,
                "completed_count": 0,
                "type_counts": {},
                "items": [],
            },
        )
        category = CONTENT_CATEGORY.get(content.content_type, OTHER_CATEGORY)
        week["completed_count"] += 1
        week["type_counts"][category] = week["type_counts"].get(category, 0) + 1
        week["items"].append(
            {"id": content.id, "title": content.title, "type": category, "completed_at": progress.completed_at}
        )
    return [
        {**course, "weeks": [course["weeks"][weekno] for weekno in sorted(course["weeks"])]}
        for _, course in sorted(courses.items())
    ]


def _timeline(completions: list, attempts: list, interviews: list) -> list[dict]:
    """The newest ``REPORT_TIMELINE_ENTRIES`` things the student did: contents completed,
    assessments started or submitted, mock interviews."""
    entries: list[dict] = [
        {
            "type": "content",
            "activity_type": progress.content.content_type,
            "title": progress.content.title,
            "course": progress.content.submodule.module.course.title,
            "score": None,
            "status": "completed",
            "timestamp": progress.completed_at or progress.updated_at,
        }
        for progress in completions
    ]
    entries += [
        {
            "type": "assessment",
            "activity_type": None,
            "title": attempt.assessment.title,
            "course": None,
            "score": attempt.score,
            "status": attempt.status,
            "timestamp": attempt.submitted_at or attempt.started_at,
        }
        for attempt in attempts
    ]
    entries += [
        {
            "type": "mock_interview",
            "activity_type": interview.interview_type,
            "title": interview.job_role,
            "course": None,
            "score": interview.score,
            "status": interview.status,
            "timestamp": interview.submitted_at or interview.started_at or interview.created_at,
        }
        for interview in interviews
    ]
    entries.sort(key=lambda entry: entry["timestamp"], reverse=True)
    return entries[:REPORT_TIMELINE_ENTRIES]
