"""Writes of activity tracking: activity events, the activity log and time spent."""

from __future__ import annotations

from collections.abc import Callable, Iterator
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
from tenant_apps.lms.services import COMPLETED_SQL, Rider, learner_of, progress_complete
from tenants.timezone import client_today

if TYPE_CHECKING:
    from tenant_apps.lms.models import Content, Course, Submission

_EVENT = UserActivity._meta.db_table
# An event row's columns, in the order both event statements (``_event_sql``, a graded
# attempt's ``_SUBMIT_EVENT_CTES``) give their values.
_EVENT_INSERT = f'INSERT INTO "{_EVENT}" (user_id, course_id, content_id, activity_type, metadata, created_at) '  # noqa: S608 (our table)
# The set-up of a learner write that commits without waiting for the WAL flush
# (``_async_commit``): a CTE the statement reads (``sync``), so ``set_config(..., true)``
# applies to that statement's own transaction and ends with it.
_SYNC_CTE = "sync AS (SELECT set_config('synchronous_commit', 'off', true) AS off)"


def _event_sql(*, only_if: str | None, sync: bool) -> str:
    """The event and its count in the daily rollup, one statement (a data-modifying CTE runs
    whether or not the outer query reads it). ``only_if``: a query; the event is written only
    when it has a row (else nothing, and no row comes back)."""
    ctes, source = [], []
    if only_if is not None:
        ctes.append(f"cond AS ({only_if})")
        source.append("cond")
    if sync:
        ctes.append(_SYNC_CTE)
        source.append("sync")
    ctes.append(f"counted AS ({rollups.event_upsert(', '.join(source))})")
    return (
        f"WITH {', '.join(ctes)} "
        + _EVENT_INSERT
        + "SELECT %(u)s, %(course)s, %(content)s, %(type)s, %(metadata)s, %(at)s "
        + (f"FROM {', '.join(source)} " if source else "")
        + "RETURNING id"
    )


# (only_if, sync) -> statement: an event; a repeated completion (the learner's progress row of
# the content already completed, ``lms.services.COMPLETED_SQL``: nothing else to change).
_EVENT_SQL = {
    (only_if, sync): _event_sql(only_if=only_if, sync=sync)
    for only_if in (None, COMPLETED_SQL)
    for sync in (False, True)
}


def _async_commit() -> bool:
    """Whether a learner write's statement commits on its own without waiting for the WAL
    flush: outside any transaction, with ``settings.LEARNER_WRITES_ASYNC_COMMIT``."""
    return settings.LEARNER_WRITES_ASYNC_COMMIT and not connection.in_atomic_block


def _event_insert(
    *,
    user_id: int,
    course: Course,
    content: Content,
    activity_type: str,
    metadata: dict[str, Any],
    only_if: str | None = None,
) -> UserActivity | None:
    """``UserActivity.objects.create`` plus ``rollups.event_add``, in one statement (None:
    ``only_if`` found no row, nothing was written). Outside a transaction the statement is
    its own, committed without the flush wait (``_async_commit``)."""
    at = timezone.now()
    prepared = UserActivity._meta.get_field("metadata").get_db_prep_save(metadata, connection)
    with connection.cursor() as cursor:
        cursor.execute(
            _EVENT_SQL[only_if, _async_commit()],
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
        row = cursor.fetchone()
    if row is None:
        return None
    activity = UserActivity(
        id=row[0],
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
    (``settings.LEARNER_WRITES_ASYNC_COMMIT``: ~3-10 ms of fsync per write on the bench
    machine, for the last fraction of a second of learner events and track-time at risk
    only if PostgreSQL itself crashes). Graded submissions never use it."""
    outermost = not connection.in_atomic_block
    with transaction.atomic(savepoint=savepoint):
        if outermost and settings.LEARNER_WRITES_ASYNC_COMMIT:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


def activity_record(
    *, actor: Actor, course: Course, content: Content, activity_type: str, metadata: dict[str, Any] | None = None
) -> UserActivity:
    """Store a view/start/complete/submit event; ``complete`` also completes the content.

    One statement, no transaction of its own, unless this completes the content for the
    first time: an event (view, start), or a completion of a content already completed
    (every later visit), is a single statement (the event and its rollup count; the
    completed row checked in it). A first completion is its own transaction (the event,
    the progress upsert, the completion's events and certificate check)."""
    learner = learner_of(actor)
    if activity_type not in ActivityType.values:
        raise FieldErrors({"activity_type": f"Choose one of {', '.join(ActivityType.values)}."})
    completes = activity_type == ActivityType.COMPLETE
    activity = _event_insert(
        user_id=learner.id,
        course=course,
        content=content,
        activity_type=activity_type,
        metadata=metadata or {},
        only_if=COMPLETED_SQL if completes else None,
    )
    if activity is not None:
        return activity
    with _learner_write(savepoint=False):
        activity = _event_insert(
            user_id=learner.id, course=course, content=content, activity_type=activity_type, metadata=metadata or {}
        )
        assert activity is not None  # unconditional
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

    def submitted(submission: Submission) -> None:
        activity_record(
            actor=actor,
            course=course,
            content=content,
            activity_type=ActivityType.SUBMIT,
            metadata={"submission_id": submission.id, "status": submission.status},
        )

    # A graded attempt commits durably (never ``_learner_write``'s flush skip): the learner
    # has seen its grade.
    if kind == ContentType.QUIZ:
        submission, result = grading.quiz_submit(
            content=content, actor=actor, answers=answers or [], rider=_submit_event(actor, course, content, submitted)
        )
    else:
        with transaction.atomic():
            if verdict is not None:
                submission, result = grading.code_record(content=content, actor=actor, verdict=verdict)
            else:
                submission, result = grading.assignment_submit(content=content, actor=actor, answer=answer)
            submitted(submission)
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


# A graded attempt's ``submit`` event and its rollup count, as CTEs riding in the attempt's
# statement (``lms.services.Rider``): the metadata as ``submitted`` in ``content_activity_create``
# writes it (jsonb keeps no key order).
_SUBMIT_EVENT_CTES = (
    f"counted AS ({rollups.event_upsert('submitted')}), "
    f"event AS ({_EVENT_INSERT}"
    f"SELECT %(u)s, %(course)s, %(content)s, '{ActivityType.SUBMIT.value}', "
    "jsonb_build_object('submission_id', submitted.id, 'status', submitted.status), %(at)s FROM submitted)"
)


def _submit_event(actor: Actor, course: Course, content: Content, then: Callable[[Submission], object]) -> Rider:
    """The ``submit`` event of a graded attempt, riding in it (``then``: when it cannot)."""
    at = timezone.now()
    uid = learner_of(actor).id
    params = {"u": uid, "day": rollups.day_of(at), "course": course.id, "content": content.id, "at": at}
    return Rider(ctes=_SUBMIT_EVENT_CTES, params=params, then=then)


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
# the day's rollup moved by the same seconds and by the row's change of whole minutes, and the
# total before it (the content's over all days, or the platform's today; the statement's
# subquery does not see its own UPDATE). No row comes back when the row is missing or nothing
# is left of the day: ``_time_add`` then takes the general path.
_LEFT_TODAY = (
    f"left_today AS (SELECT LEAST(%(s)s, GREATEST(0, {SECONDS_PER_DAY} - COALESCE(SUM(seconds), 0))) AS s "  # noqa: S608 (our table)
    f'FROM "{_TIME}" WHERE user_id = %(u)s AND date = %(d)s)'
)
_CREDIT_CTE = (
    f'credited AS (UPDATE "{_TIME}" AS t SET seconds = t.seconds + left_today.s, '  # noqa: S608 (our table)
    "minutes = (t.seconds + left_today.s) / 60, updated_at = %(now)s FROM left_today "
    "WHERE left_today.s > 0 AND t.user_id = %(u)s AND t.date = %(d)s AND {row} "
    "RETURNING left_today.s AS seconds, t.minutes - (t.seconds - left_today.s) / 60 AS minutes)"
)
# The first ping of a day on a content (or on the platform): the new row with the credit
# capped at what is left of the day, its rollup, and the total before it (as above). No row
# comes back when a concurrent first ping inserted the row first (either unique constraint:
# ``ON CONFLICT DO NOTHING``) or the day is full: ``_time_add`` then takes the general path.
_FIRST_CTE = (
    f'credited AS (INSERT INTO "{_TIME}" (user_id, content_id, course_id, on_platform, date, seconds, minutes, '  # noqa: S608 (our table)
    "updated_at) SELECT %(u)s, %(c)s, %(course)s, %(platform)s, %(d)s, left_today.s, left_today.s / 60, %(now)s "
    "FROM left_today WHERE left_today.s > 0 ON CONFLICT DO NOTHING RETURNING seconds, minutes)"
)


def _credit_sql(*, first: bool, content: bool, sync: bool) -> str:
    """One of the track-time statements above: a ping's credit, its rollup and the total
    before it, in one statement (``sync``: committing without the flush wait)."""
    change = _FIRST_CTE if first else _CREDIT_CTE.format(row="t.content_id = %(c)s" if content else "t.on_platform")
    total = "content_id = %(c)s" if content else "date = %(d)s AND on_platform"
    ctes = [_LEFT_TODAY, change, f"counted AS ({rollups.time_upsert('credited')})"] + ([_SYNC_CTE] if sync else [])
    return (
        f"WITH {', '.join(ctes)} "
        f'SELECT credited.seconds, (SELECT COALESCE(SUM(seconds), 0) FROM "{_TIME}" WHERE user_id = %(u)s AND {total}) '  # noqa: S608
        + ("FROM credited, sync" if sync else "FROM credited")
    )


_CREDIT_SQL = {
    (first, content, sync): _credit_sql(first=first, content=content, sync=sync)
    for first in (False, True)
    for content in (False, True)
    for sync in (False, True)
}


def _time_credit_fast(
    *, first: bool, user_id: int, day: date, seconds: int, content_id: int | None, course_id: int | None
) -> tuple[int, int] | None:
    """(credited, the total before) when the day's row exists and the day has room (``first``:
    when this ping made the day's row), else None (nothing written)."""
    with connection.cursor() as cursor:
        cursor.execute(
            _CREDIT_SQL[first, content_id is not None, _async_commit()],
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


def _time_add(
    *, user_id: int, day: date, seconds: int, content_id: int | None, course_id: int | None
) -> tuple[int, int]:
    """Add up to ``seconds`` to one row of the user's day (a content's, or the platform's
    when ``content_id`` is None); returns (credited seconds, the row's total after: the
    content's over all days, or the platform's today). A day holds at most 24 hours across
    all its rows, so pings cannot inflate the daily leaderboard."""
    for first in (False, True):  # each one statement, no transaction of its own
        found = _time_credit_fast(
            first=first, user_id=user_id, day=day, seconds=seconds, content_id=content_id, course_id=course_id
        )
        if found is not None:
            credited, before = found
            rollups.time_changed()
            return credited, before + credited
    with _learner_write(savepoint=False):
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
