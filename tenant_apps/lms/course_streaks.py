"""A learner's active days on each course, for the course cards' "Day Streak" and week row
(docs/real-client.md, "Course cards").

The days are the activity app's (events on the course and time tracked on its contents), a
feature above the learning core: it registers the expression that reads them here
(``ActivityConfig.ready()``), as assessment registers its payment types with billing, and
the same days as raw SQL rows for every course at once (``active_days_rows_sql``: the
cached card lists fold them into the caller's one standing statement). Until then (or
without the activity app) a course has no active days. The streak rule is the
monthly streak's: consecutive active days ending today, or ending yesterday while today has
none yet; days are the client's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta, tzinfo
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.db.models import DateField, Expression, OuterRef, Value

# (user id, a reference to the course, the client's zone) -> an expression of the user's
# active days on that course (a date array, in any order, possibly with repeats).
ActiveDaysExpression = Callable[[int, OuterRef, tzinfo], Expression]

_expression: ActiveDaysExpression | None = None
# SQL of rows (course id, day): the user's active days on every course, with the parameters
# ``u`` (the user id) and ``z`` (the client's zone name); a pair at most once.
_rows_sql: str | None = None

# The week row of the web client's card: this many days, ending today.
WEEK_DAYS = 7


def active_days_register(expression: ActiveDaysExpression, rows_sql: str) -> None:
    global _expression, _rows_sql
    _expression, _rows_sql = expression, rows_sql


def active_days_rows_sql() -> str | None:
    """The registered SQL of (course id, day) rows (parameters ``u``, ``z``), or None."""
    return _rows_sql


def active_days(*, user_id: int | None, course_ref: OuterRef, zone: tzinfo) -> Any:
    """The annotation of a course row (``course_ref``) with the user's active days there."""
    if _expression is None or user_id is None:
        return Value([], output_field=ArrayField(DateField()))
    return _expression(user_id, course_ref, zone)


def run_ending(active: set[date], end: date) -> int:
    """Consecutive active days ending at ``end``, or the day before when ``end`` has none
    (the day is not over)."""
    cursor = end if end in active else end - timedelta(days=1)
    run = 0
    while cursor in active:
        run += 1
        cursor -= timedelta(days=1)
    return run


def card_streak(days: Iterable[date] | None, today: date) -> dict[str, Any]:
    """The card's ``streak_count`` and ``streak`` (the last ``WEEK_DAYS`` days, oldest first,
    ``YYYY-MM-DD`` -> active) from a course's active days."""
    active = set(days or ())
    week = [today - timedelta(days=back) for back in range(WEEK_DAYS - 1, -1, -1)]
    return {
        "streak_count": run_ending(active, today),
        "streak": {day.isoformat(): day in active for day in week},
    }


def card_badges(*, completed_modules: int, certified: bool) -> int:
    """One badge per module the learner finished, and one for the course's certificate."""
    return completed_modules + (1 if certified else 0)
