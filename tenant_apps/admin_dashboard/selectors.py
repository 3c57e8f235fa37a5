"""Reads of the admin dashboard (Admin Dashboard API 33-38). Every selector costs a fixed
number of queries, whatever the number of users, courses or days.

"Activity events" and "active days" are defined as in ``tenant_apps.dashboard.selectors``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils import timezone

from core.errors import FieldErrors
from tenant_apps.accounts.models import User
from tenant_apps.activity import selectors as activity_selectors
from tenant_apps.admin_dashboard.errors import UserNotFound
from tenant_apps.admin_dashboard.models import ProgressReset
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


def core_dashboard() -> dict[str, Any]:
    """5 queries: student counts, course count, enrollment count, recent activities, tracked
    minutes per day.

    ``total_students`` counts active student accounts; ``active_students`` those of them
    with an activity event or tracked minutes in the last 30 days. ``daily_time_spend``: the
    hours all users tracked on each of the client's last 30 days, today last (the older
    build's "Time Spent by Student" card sums its last 7, 15 or 30, and charts them)."""
    zone = client_zone()
    since = timezone.now() - timedelta(days=ACTIVE_WINDOW_DAYS)
    since_day = client_today(zone, now=since)  # TimeSpent rows carry the client's days
    recently_active = activity_selectors.active_since(user_ref=OuterRef("pk"), since=since, since_day=since_day)
    students = learners().aggregate(total=Count("id"), active=Count("id", filter=recently_active))
    total_courses, total_enrollments = lms_selectors.course_and_enrollment_totals()
    today = client_today(zone)
    period = DateRange(start=today - timedelta(days=ACTIVE_WINDOW_DAYS - 1), end=today, zone=zone)
    minutes = minutes_by_day(period=period, user_id=None)
    return {
        "total_students": students["total"],
        "total_courses": total_courses,
        "total_enrollments": total_enrollments,
        "active_students": students["active"],
        "recent_activities": list(activity_selectors.recent_activities(limit=RECENT_ACTIVITIES)),
        "daily_time_spend": [
            {"date": day, "time_spent": (Decimal(minutes.get(day, 0)) / 60).quantize(Decimal("0.01"))}
            for day in period.days()
        ],
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


def student_activity_analytics(*, period: DateRange, student_id: int | None = None) -> dict[str, Any]:
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


def attendance_analytics(*, period: DateRange) -> dict[str, Any]:
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


def course_completion_stats(*, course_id: int | None = None) -> dict[str, Any]:
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


def _report_courses(
    enrollments: list[Any],
    per_course_activity: dict[int, tuple[int, datetime]],
    modules: list[Any],
    submodules: list[Any],
) -> list[dict[str, Any]]:
    """Each enrolled course with its modules and submodules, and the student's progress in each."""
    subs_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
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
    modules_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
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


def _weekly_progress(completions: list[Any]) -> list[dict[str, Any]]:
    """Completed contents per course and week (module ``weekno``), courses and weeks in order."""
    courses: dict[int, dict[str, Any]] = {}
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


def _timeline(completions: list[Any], attempts: list[Any], interviews: list[Any]) -> list[dict[str, Any]]:
    """The newest ``REPORT_TIMELINE_ENTRIES`` things the student did: contents completed,
    assessments started or submitted, mock interviews."""
    entries: list[dict[str, Any]] = [
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


# --- progress reset: what it would remove, and the past resets -------------------------------

MAX_ID = 2**31 - 1
# The kinds of rows each part of a reset removes (the keys of ``counts``, always all present).
COURSE_KINDS = ("content_progress", "content_submissions", "activities", "activity_log", "time_tracking")
ASSESSMENT_KINDS = ("assessment_submissions",)
ALWAYS_KEPT = (
    "The account, its login and profile",
    "Course enrollments",
    "Payments",
    "Certificates already issued",
    "Forum posts, comments and likes",
    "Mock interviews",
)
RESET_HISTORY_MAX = 200


@dataclass(frozen=True)
class ResetScope:
    """What a reset covers: course progress (``adaptive``) in ``course_ids`` (None: every
    course) and assessment attempts (``assessments``) of ``assessment_ids`` (None: all)."""

    adaptive: bool
    assessments: bool
    course_ids: list[int] | None
    assessment_ids: list[int] | None
    # Only the course part's activity events and tracked time, completions and scores kept
    # (the drawer action, which has no typed confirmation).
    activity_only: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.adaptive and not self.assessments

    def as_dict(self) -> dict[str, Any]:
        return {
            "adaptive": self.adaptive,
            "assessments": self.assessments,
            "course_ids": self.course_ids,
            "assessment_ids": self.assessment_ids,
            "activity_only": self.activity_only,
        }


def _ids_clean(ids: Sequence[int | str] | None, *, field: str) -> list[int] | None:
    """Distinct, sorted ids (None for none given: all); 400 naming ``field`` on one that is
    not a whole number from 1 to 2**31 - 1 (query strings arrive as text)."""
    if not ids:
        return None
    clean = set()
    for raw in ids:
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = 0
        if not 1 <= value <= MAX_ID or isinstance(raw, bool):
            raise FieldErrors({field: f"Ids are whole numbers from 1 to {MAX_ID}; got {str(raw)[:40]!r}."})
        clean.add(value)
    return sorted(clean)


def reset_scope_clean(
    *,
    adaptive: bool = True,
    assessments: bool = True,
    course_ids: Sequence[int | str] | None = None,
    assessment_ids: Sequence[int | str] | None = None,
    course_field: str = "course_ids",
) -> ResetScope:
    """Up to 2 queries: the scope, with every course and assessment id known here (400 naming
    the unknown ones otherwise). Ids of a part not selected are not checked (nor used)."""
    courses = _ids_clean(course_ids, field=course_field) if adaptive else None
    tests = _ids_clean(assessment_ids, field="assessment_ids") if assessments else None
    if courses:
        missing = sorted(set(courses) - lms_selectors.course_ids_present(course_ids=courses))
        if missing:
            raise FieldErrors({course_field: f"No course with id {', '.join(map(str, missing))}."})
    if tests:
        missing = sorted(set(tests) - assessment_selectors.assessment_ids_present(assessment_ids=tests))
        if missing:
            raise FieldErrors({"assessment_ids": f"No assessment with id {', '.join(map(str, missing))}."})
    return ResetScope(adaptive=adaptive, assessments=assessments, course_ids=courses, assessment_ids=tests)


def _scope_label(scope: ResetScope, titles: dict[int, str]) -> str:
    """The scope in words, for the confirmation dialog and the history."""
    parts = []
    if scope.adaptive and scope.activity_only:
        named = ", ".join(titles.get(i, f"#{i}") for i in scope.course_ids or ())
        parts.append(f"Activity and tracked time in {named or 'every course'}")
    elif scope.adaptive:
        if scope.course_ids is None:
            parts.append("Course progress in every course")
        else:
            named = ", ".join(titles.get(i, f"#{i}") for i in scope.course_ids)
            parts.append(f"Course progress in {named}")
    if scope.assessments:
        which = "every assessment" if scope.assessment_ids is None else f"{len(scope.assessment_ids)} assessment(s)"
        parts.append(f"assessment attempts of {which}")
    label = " and ".join(parts) if parts else "Nothing selected"
    return (label[0].upper() + label[1:])[:500]


def reset_plan(*, student: User, scope: ResetScope) -> dict[str, Any]:
    """Up to 7 queries, whatever the amount of progress: the rows a reset of ``scope`` removes
    now, by kind (every kind of the selected parts, zeros included) and by course, and what it
    keeps. The reset deletes exactly these filters (``services.progress_reset``)."""
    by_kind: dict[str, dict[int | None, int]] = {}
    kept_attempts = 0
    if scope.adaptive:
        if not scope.activity_only:
            by_kind |= lms_selectors.progress_counts_by_course(user_id=student.id, course_ids=scope.course_ids)
        by_kind |= activity_selectors.reset_counts_by_course(user_id=student.id, course_ids=scope.course_ids)
    if scope.assessments:
        removed, kept_attempts = assessment_selectors.reset_submission_counts(
            user_id=student.id, assessment_ids=scope.assessment_ids
        )
        by_kind["assessment_submissions"] = {None: removed} if removed else {}
    counts = {kind: sum(per_course.values()) for kind, per_course in by_kind.items()}
    course_ids = sorted({cid for per_course in by_kind.values() for cid in per_course if cid is not None})
    wanted = set(course_ids) | set(scope.course_ids or ())
    titles = lms_selectors.course_titles(course_ids=wanted) if wanted else {}
    courses = []
    for course_id in course_ids:
        per_kind = {kind: per_course.get(course_id, 0) for kind, per_course in by_kind.items() if kind in COURSE_KINDS}
        courses.append(
            {
                "course_id": course_id,
                "course_title": titles.get(course_id, ""),
                "counts": per_kind,
                "total": sum(per_kind.values()),
            }
        )
    preserved = list(ALWAYS_KEPT)
    if scope.activity_only:
        preserved.insert(2, "Completions, scores and graded attempts")
    if not scope.adaptive:
        preserved.insert(2, "Course progress, scores, activity and time")
    elif scope.course_ids is not None:
        preserved.insert(2, "Progress in other courses, the activity log and time on the platform as a whole")
    if not scope.assessments:
        preserved.insert(2, "Assessment attempts and scores")
    else:
        if scope.assessment_ids is not None:
            preserved.insert(2, "Attempts of other assessments")
        if kept_attempts:
            preserved.append(f"{kept_attempts} assessment attempt(s) with a redeemed scholarship or used referral code")
    return {
        "counts": counts,
        "total": sum(counts.values()),
        "scope": _scope_label(scope, titles),
        "scope_detail": scope.as_dict(),
        "courses": courses,
        "preserved": preserved,
        "student": {"id": student.id, "email": student.email, "name": student.user_name},
        "confirmation_required": student.email,
    }


def reset_history(*, student_id: int) -> dict[str, Any]:
    """2 queries: the student (404 if none) and their resets, newest first (at most 200)."""
    student = student_get(student_id=student_id)
    resets = list(
        ProgressReset.objects.filter(student_id=student.id).order_by("-performed_at", "-id")[:RESET_HISTORY_MAX]
    )
    return {"count": len(resets), "results": resets}


def student_lock(*, student_id: int) -> User:
    """The user, locked until the transaction ends (404 if none): writes about one student
    (a progress reset) queue here instead of racing."""
    user = _not_deleted().select_for_update().filter(id=student_id).first()
    if user is None:
        raise UserNotFound()
    return user
