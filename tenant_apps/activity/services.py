"""Writes of activity tracking: activity events, the activity log and time spent."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Sum
from django.utils import timezone

from core.errors import FieldErrors
from tenant_apps.accounts.actor import Actor
from tenant_apps.activity import rollups
from tenant_apps.activity.models import ActivityLog, ActivityType, TimeSpent, UserActivity
from tenant_apps.activity.selectors import reset_rows
from tenant_apps.lms import grading
from tenant_apps.lms.choices import ContentType
from tenant_apps.lms.learner_reads import learner_content_course
from tenant_apps.lms.services import learner_of, progress_complete
from tenants.timezone import client_today

if TYPE_CHECKING:
    from tenant_apps.lms.models import Content, Course

_EVENT = UserActivity._meta.db_table
# The event and its count in the daily rollup, one statement (a data-modifying CTE runs
# whether or not the outer query reads it).
_EVENT_SQL = (
    f"WITH counted AS ({rollups.EVENT_UPSERT}) "
    f'INSERT INTO "{_EVENT}" (user_id, course_id, content_id, activity_type, metadata, created_at) '  # noqa: S608 (our table)
    "VALUES (%(u)s, %(course)s, %(content)s, %(type)s, %(metadata)s, %(at)s) RETURNING id"
)


def _event_insert(
    *, user_id: int, course: Course, content: Content, activity_type: str, metadata: dict[str, Any]
) -> UserActivity:
    """``UserActivity.objects.create`` plus ``rollups.event_add``, in one statement."""
    at = timezone.now()
    prepared = UserActivity._meta.get_field("metadata").get_db_prep_save(metadata, connection)
    with connection.cursor() as cursor:
        cursor.execute(
            _EVENT_SQL,
            {
                "u": user_id,
                "day": rollups.day_of(at),
                "course": course.id,
                "content": content.id,
                "type": activity_type,
                "metadata": prepared,
                "at": at,
            },
        )
        (activity_id,) = cursor.fetchone()
    activity = UserActivity(
        id=activity_id,
        user_id=user_id,
        course=course,
        content=content,
        activity_type=activity_type,
        metadata=metadata,
        created_at=at,
    )
    activity._state.adding, activity._state.db = False, connection.alias
    return activity


@contextmanager
def _learner_write(*, savepoint: bool = True) -> Iterator[None]:
    """The write's transaction (``savepoint``: as ``transaction.atomic``'s, when nested);
    when it is the outermost one, committed without waiting for the WAL flush
    (``settings.LEARNER_WRITES_ASYNC_COMMIT``: ~10 ms of fsync per write on the bench
    machine, for the last fraction of a second of learner writes at risk only if PostgreSQL
    itself crashes)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic(savepoint=savepoint):
        if outermost and settings.LEARNER_WRITES_ASYNC_COMMIT:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


def activity_record(
    *, actor: Actor, course: Course, content: Content, activity_type: str, metadata: dict[str, Any] | None = None
) -> UserActivity:
    """Store a view/start/complete/submit event; ``complete`` also completes the content."""
    learner = learner_of(actor)
    if activity_type not in ActivityType.values:
        raise FieldErrors({"activity_type": f"Choose one of {', '.join(ActivityType.values)}."})
    with _learner_write(savepoint=False):
        activity = _event_insert(
            user_id=learner.id, course=course, content=content, activity_type=activity_type, metadata=metadata or {}
        )
        if activity_type == ActivityType.COMPLETE:
            progress_complete(content=content, learner=learner)
    return activity


# What the contract's activity endpoint records without a submission.
CONTRACT_TYPES = (ActivityType.VIEW, ActivityType.START, ActivityType.COMPLETE)


@dataclass(frozen=True)
class CodeRun:
    """A run of a coding problem's code (sample cases or custom input): nothing is stored."""

    result: dict[str, Any]


@dataclass(frozen=True)
class Recorded:
    """What ``content_activity_create`` stored: an activity event, or a submission and its event.
    ``fields`` are the response's fields (absent ones do not apply to this kind of activity)."""

    fields: dict[str, Any]


def _activity_fields(activity: UserActivity, **extra: Any) -> dict[str, Any]:
    return {"id": activity.id, "activity_type": activity.activity_type, "created_at": activity.created_at, **extra}


def content_activity_create(
    *,
    actor: Actor,
    course: Course,
    content: Content,
    activity_type: str | None,
    metadata: dict[str, Any] | None,
    content_kind: str | None = None,
    sub_type: str | None = None,
    answers: list[dict[str, Any]] | None = None,
    source_code: str | None = None,
    language_id: int | None = None,
    custom_input: str | None = None,
    answer: str | None = None,
) -> CodeRun | Recorded:
    """Activity API 1: without ``content_kind`` the contract's event (``activity_type``
    view/start/complete); with it (the real client's ``?activity_type=<content type>``) a
    submission: completing an article or video, grading a quiz, running or submitting code,
    submitting an assignment. A submission and its ``submit`` event are written in one
    transaction; a coding problem's runs happen before it opens."""
    if content_kind is None:
        if activity_type not in CONTRACT_TYPES:
            raise FieldErrors({"activity_type": f"Choose one of {', '.join(CONTRACT_TYPES)}."})
        activity = activity_record(
            actor=actor, course=course, content=content, activity_type=activity_type, metadata=metadata
        )
        return Recorded(_activity_fields(activity))
    if content_kind != content.content_type:
        raise FieldErrors({"activity_type": f"This content is a {content.content_type}."})
    kind = content.content_type
    if kind in (ContentType.ARTICLE, ContentType.VIDEO_TUTORIAL):
        activity = activity_record(
            actor=actor, course=course, content=content, activity_type=ActivityType.COMPLETE, metadata=metadata
        )
        return Recorded(_activity_fields(activity, is_completed=True))
    if kind == ContentType.CODING_PROBLEM and sub_type in (None, "runCode", "customRunCode"):
        custom = sub_type == "customRunCode" or (sub_type is None and custom_input is not None)
        return CodeRun(
            grading.code_run(
                content=content, source_code=source_code, language_id=language_id, stdin=custom_input, custom=custom
            )
        )
    verdict: grading.CodeVerdict | None = None
    if kind == ContentType.QUIZ and answers is None:
        raise FieldErrors({"userAnswers": "This field is required."})
    if kind == ContentType.CODING_PROBLEM:
        if sub_type != "submitCode":
            raise FieldErrors({"sub_type": "Use runCode, customRunCode or submitCode for a coding problem."})
        verdict = grading.code_evaluate(content=content, actor=actor, source_code=source_code, language_id=language_id)
    with _learner_write():
        if kind == ContentType.QUIZ:
            submission, result = grading.quiz_submit(content=content, actor=actor, answers=answers or [])
        elif verdict is not None:
            submission, result = grading.code_record(content=content, actor=actor, verdict=verdict)
        else:
            submission, result = grading.assignment_submit(content=content, actor=actor, answer=answer)
        activity_record(
            actor=actor,
            course=course,
            content=content,
            activity_type=ActivityType.SUBMIT,
            metadata={"submission_id": submission.id, "status": submission.status},
        )
    return Recorded(
        {
            "id": submission.id,
            "activity_type": kind,
            "sub_type": sub_type or "submitAnswer",
            "created_at": submission.submitted_at,
            "submission_id": submission.id,
            "status": submission.status,
            "score": submission.score,
            "is_completed": result.get("status") == "Accepted" or kind != ContentType.CODING_PROBLEM,
            **{key: value for key, value in result.items() if key not in ("status", "score")},
        }
    )


@transaction.atomic
def activity_log_create(*, actor: Actor, action: str, details: dict[str, Any] | None = None) -> ActivityLog:
    learner = learner_of(actor)
    action = (action or "").strip()
    if not action:
        raise FieldErrors({"action": "This field may not be blank."})
    entry = ActivityLog.objects.create(user=learner, action=action, details=details or {})
    rollups.event_add(user_id=learner.id, at=entry.created_at)
    return entry


SECONDS_PER_DAY = 24 * 60 * 60
_TIME = TimeSpent._meta.db_table
# Track-time on a day that already has the row (every ping after the first of the day), in
# one statement: the credit capped at what is left of the day's 24 hours, added to the row,
# and the total before it (the content's over all days, or the platform's today; the
# statement's subquery does not see its own UPDATE). None comes back when the row is
# missing or nothing is left of the day: ``_time_credit`` then takes the general path.
_CREDIT_SQL = (
    f"WITH left_today AS (SELECT LEAST(%(s)s, GREATEST(0, {SECONDS_PER_DAY} - COALESCE(SUM(seconds), 0))) AS s "  # noqa: S608 (our table)
    f'FROM "{_TIME}" WHERE user_id = %(u)s AND date = %(d)s) '
    f'UPDATE "{_TIME}" AS t SET seconds = t.seconds + left_today.s, minutes = (t.seconds + left_today.s) / 60, '
    "updated_at = %(now)s FROM left_today WHERE left_today.s > 0 AND t.user_id = %(u)s AND t.date = %(d)s AND {row} "
    f'RETURNING left_today.s, (SELECT COALESCE(SUM(seconds), 0) FROM "{_TIME}" WHERE user_id = %(u)s AND {{total}})'
)
_CREDIT_CONTENT_SQL = _CREDIT_SQL.format(row="t.content_id = %(c)s", total="content_id = %(c)s")
_CREDIT_PLATFORM_SQL = _CREDIT_SQL.format(row="t.on_platform", total="date = %(d)s AND on_platform")


# The first ping of a day on a content (or on the platform), in one statement: the new row
# with the credit capped at what is left of the day, and the total before it (as
# ``_CREDIT_SQL``). Nothing comes back when a concurrent first ping inserted the row first
# (either unique constraint: ``ON CONFLICT DO NOTHING``) or the day is full: ``_time_credit``
# then takes the general path. Before, a first ping took six statements and a savepoint.
_FIRST_SQL = (
    f"WITH left_today AS (SELECT LEAST(%(s)s, GREATEST(0, {SECONDS_PER_DAY} - COALESCE(SUM(seconds), 0))) AS s "  # noqa: S608 (our table)
    f'FROM "{_TIME}" WHERE user_id = %(u)s AND date = %(d)s) '
    f'INSERT INTO "{_TIME}" (user_id, content_id, course_id, on_platform, date, seconds, minutes, updated_at) '
    "SELECT %(u)s, %(c)s, %(course)s, %(platform)s, %(d)s, left_today.s, left_today.s / 60, %(now)s "
    "FROM left_today WHERE left_today.s > 0 ON CONFLICT DO NOTHING "
    f'RETURNING seconds, (SELECT COALESCE(SUM(seconds), 0) FROM "{_TIME}" WHERE user_id = %(u)s AND {{total}})'
)
_FIRST_CONTENT_SQL = _FIRST_SQL.format(total="content_id = %(c)s")
_FIRST_PLATFORM_SQL = _FIRST_SQL.format(total="date = %(d)s AND on_platform")


def _time_credit_first(
    *, user_id: int, day: date, seconds: int, content_id: int | None, course_id: int | None
) -> tuple[int, int] | None:
    """(credited, the total before) when this ping made the day's row, else None."""
    sql = _FIRST_CONTENT_SQL if content_id is not None else _FIRST_PLATFORM_SQL
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "s": seconds,
                "u": user_id,
                "d": day,
                "c": content_id,
                "course": course_id,
                "platform": content_id is None,
                "now": timezone.now(),
            },
        )
        row = cursor.fetchone()
    return (row[0], row[1]) if row is not None else None


def _time_credit_existing(*, user_id: int, day: date, seconds: int, content_id: int | None) -> tuple[int, int] | None:
    """(credited, the total before) when the day's row exists and the day has room, else None."""
    sql = _CREDIT_CONTENT_SQL if content_id is not None else _CREDIT_PLATFORM_SQL
    with connection.cursor() as cursor:
        cursor.execute(sql, {"s": seconds, "u": user_id, "d": day, "c": content_id, "now": timezone.now()})
        row = cursor.fetchone()
    return (row[0], row[1]) if row is not None else None


def _time_add(
    *, user_id: int, day: date, seconds: int, content_id: int | None, course_id: int | None
) -> tuple[int, int]:
    """Add up to ``seconds`` to one row of the user's day (a content's, or the platform's
    when ``content_id`` is None); returns (credited seconds, the row's total after: the
    content's over all days, or the platform's today). A day holds at most 24 hours across
    all its rows, so pings cannot inflate the daily leaderboard."""
    with _learner_write(savepoint=False):
        found = _time_credit_existing(user_id=user_id, day=day, seconds=seconds, content_id=content_id)
        if found is None:
            found = _time_credit_first(
                user_id=user_id, day=day, seconds=seconds, content_id=content_id, course_id=course_id
            )
        if found is not None:
            credited, before = found
            rollups.time_refresh(user_id=user_id, day=day)
            return credited, before + credited
        credited = _time_credit(user_id=user_id, day=day, seconds=seconds, content_id=content_id, course_id=course_id)
        totals = TimeSpent.objects.filter(user_id=user_id)
        if content_id is not None:
            total = totals.filter(content_id=content_id).aggregate(total=Sum("seconds"))["total"] or 0
        else:
            total = totals.filter(date=day, on_platform=True).values_list("seconds", flat=True).first() or 0
        return credited, total


def _time_credit(*, user_id: int, day: date, seconds: int, content_id: int | None, course_id: int | None) -> int:
    """Add up to ``seconds`` to one row of the user's day (a content's, or the platform's when
    ``content_id`` is None) and return how many were credited: a day holds at most 24 hours
    across all its rows, so pings cannot inflate the daily leaderboard."""
    tracked = TimeSpent.objects.filter(user_id=user_id, date=day).aggregate(total=Sum("seconds"))["total"] or 0
    seconds = max(0, min(seconds, SECONDS_PER_DAY - tracked))
    if not seconds:
        return 0
    rows = TimeSpent.objects.filter(user_id=user_id, date=day)
    rows = rows.filter(content_id=content_id) if content_id is not None else rows.filter(on_platform=True)
    added = {"seconds": F("seconds") + seconds, "minutes": (F("seconds") + seconds) / 60, "updated_at": timezone.now()}
    with transaction.atomic():
        if rows.update(**added):
            rollups.time_refresh(user_id=user_id, day=day)
            return seconds
        try:
            with transaction.atomic():
                TimeSpent.objects.create(
                    user_id=user_id,
                    content_id=content_id,
                    course_id=course_id,
                    on_platform=content_id is None,
                    date=day,
                    seconds=seconds,
                    minutes=seconds // 60,
                )
        except IntegrityError:  # a concurrent first track of the day
            rows.update(**added)
        rollups.time_refresh(user_id=user_id, day=day)
    return seconds


def time_track(*, actor: Actor, content_id: int, minutes: int, day: date | None = None) -> dict[str, Any]:
    """Add ``minutes`` to the user's time on a content today (the client's day); returns the
    content's total.

    Time counts only on a course the user may learn in (enrolled, or staff), and a day holds
    at most 24 hours (``session_time`` says how many minutes were credited).
    """
    uid = learner_of(actor).id
    course_id = learner_content_course(actor=actor, content_id=content_id)
    if course_id is None:
        raise FieldErrors({"content_id": "No content with this id."})
    day = day or client_today()
    credited, total = _time_add(user_id=uid, day=day, seconds=minutes * 60, content_id=content_id, course_id=course_id)
    return _time_out(total=total, credited=credited)


def platform_time_track(*, actor: Actor, seconds: int, day: date | None = None) -> dict[str, Any]:
    """The web client's heartbeat: ``seconds`` on the platform as a whole today (the server's
    clock on the client's time zone; the browser's own date is not trusted). Returns today's
    platform time."""
    uid = learner_of(actor).id
    day = day or client_today()
    credited, today = _time_add(user_id=uid, day=day, seconds=seconds, content_id=None, course_id=None)
    return _time_out(total=today, credited=credited)


def _time_out(*, total: int, credited: int) -> dict[str, Any]:
    """Minutes as the contract counts them, seconds beside them."""
    return {
        "total_time_spent": total // 60,
        "session_time": credited // 60,
        "total_time_spent_seconds": total,
        "credited_seconds": credited,
    }


def progress_reset(*, user_id: int, course_ids: list[int] | None) -> dict[str, int]:
    """Delete the learner's activity rows of a progress reset (``selectors.reset_rows``) and
    rebuild their daily rollup from what is left (which bumps the tracked-time cache, so the
    daily leaderboard and the dashboards stop counting it); returns how many rows of each kind
    went. The caller holds the transaction."""
    removed: dict[str, int] = {}
    for kind, qs in reset_rows(user_id=user_id, course_ids=course_ids).items():
        removed[kind] = 0 if qs.query.is_empty() else qs.delete()[1].get(qs.model._meta.label, 0)
    rollups.rollups_rebuild(user_ids=[user_id])
    return removed
