"""Reads of the student dashboard (Student APIs 1-9, 14). Each selector costs a fixed
number of queries, whatever the number of courses, days or users (see the budget tests).

Definitions (documented in docs/dashboards.md):

- an *activity event* is a ``UserActivity`` (view/start/complete/submit) or an
  ``ActivityLog`` row; it belongs to the client's calendar day of its ``created_at`` (the
  client's time zone, ``tenants.timezone``; docs/timezones.md);
- an *active day* has at least one activity event or a ``TimeSpent`` row with minutes;
- a *learner* is an active user with the ``student`` role.
"""

from __future__ import annotations

import functools
import math
from calendar import monthrange
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, TypedDict, cast
from zoneinfo import ZoneInfo

from django.db.models import OuterRef, QuerySet

from tenant_apps.accounts.actor import Actor
from tenant_apps.accounts.models import Role, User
from tenant_apps.activity import selectors as activity_selectors
from tenant_apps.activity.rollups import TIME
from tenant_apps.dashboard.periods import DateRange, day_start
from tenant_apps.dashboard.schemas import DailyLeaderOut, OverallLeaderOut
from tenant_apps.lms import leaderboards
from tenant_apps.lms import selectors as lms_selectors
from tenant_apps.lms.cache import PROGRESS, SOCIAL
from tenant_apps.lms.course_streaks import run_ending
from tenant_apps.lms.selectors import LEADER_USER_FIELDS, POINTS_PER_COMPLETED_CONTENT
from tenants.timezone import client_today, client_zone

HEATMAP_LEVELS = 4
# The whole overall board (the endpoint's largest ``limit``): ranked once, sliced per request.
MAX_BOARD = 10_000


# Read by the daily leaderboard's schema (the selector's query set is typed as plain users:
# the type plugin reads SubquerySum's minutes as a Decimal where the query asks for an integer).
class _DailyLeaderValues(TypedDict):
    completed_today: int
    minutes_today: int
    score: int
    rank: int


# The rows' types exist for the type checker only (WithAnnotations is not subscriptable at run time).
if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from tenant_apps.lms.models import Course
    from tenant_apps.lms.selectors import LeaderboardRow, RecommendedCourse

    DailyLeader = WithAnnotations[User, _DailyLeaderValues]


def learners() -> QuerySet[User]:
    return User.objects.filter(role=Role.STUDENT, is_active=True)


# --- 2. continue learning ------------------------------------------------------------------


def continue_learning_list(*, actor: Actor) -> QuerySet[Course] | list[Course]:
    """1 query: enrolled active courses the user has touched and not finished, most recently
    accessed first (lms's ``continue_learning_rows``). ``last_accessed_at`` is the latest of
    the user's progress updates on the course's contents, activity events on the course and
    time tracked on it (the activity app's ``course_touches``); ``next_content`` is the first
    content, in learning order, the user has not completed. None for a caller with no user row here."""
    uid = actor.local_user_id
    if uid is None:
        return []
    return lms_selectors.continue_learning_rows(
        user_id=uid, touched_at=activity_selectors.course_touches(user_id=uid, course_ref=OuterRef("pk"))
    )


# --- 3. recommended ------------------------------------------------------------------------


def recommended_course_list(*, actor: Actor, limit: int) -> list[RecommendedCourse]:
    """1 query: active courses the user is not enrolled in, each with a ``reason``.

    Ranking and reason, first match wins:
    1. a course sharing an instructor with one of the user's courses:
       "Same instructor as <that course>" (the lowest-id such course);
    2. a course taken by peers (other users enrolled in one of the user's courses):
       "Popular with <n> learner(s) who share(s) a course with you";
    3. a course with enrollments: "Popular: <n> learner(s) enrolled";
    4. otherwise "New course".
    Within a group: more peers, then more enrollments, then the newest course first.
    """
    rows = lms_selectors.recommended_course_rows(user_id=actor.local_user_id, limit=limit)
    for course in rows:
        course.reason = _recommendation_reason(course)
    return rows


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _recommendation_reason(course: RecommendedCourse) -> str:
    if course.same_instructor_as:
        return f"Same instructor as {course.same_instructor_as}"
    if course.peer_count:
        verb = "shares" if course.peer_count == 1 else "share"
        return f"Popular with {_plural(course.peer_count, 'learner')} who {verb} a course with you"
    if course.enrolled_total:
        return f"Popular: {_plural(course.enrolled_total, 'learner')} enrolled"
    return "New course"


# --- 4, 5, 6. heatmap and time -------------------------------------------------------------


def activity_counts_by_day(*, period: DateRange, user_id: int | None = None) -> dict[date, int]:
    """1 query: activity events per day of ``period``, in its zone (the activity app's selector)."""
    return activity_selectors.activity_counts_by_day(
        start_at=period.start_at, end_before=period.end_before, user_id=user_id, zone=period.zone
    )


def heatmap_level(count: int, busiest: int) -> int:
    """0 for no events; otherwise 1-4 by the share of the busiest day in the range:
    ``ceil(4 * count / busiest)`` (so the busiest day is 4 and any activity at least 1)."""
    if count <= 0 or busiest <= 0:
        return 0
    return min(HEATMAP_LEVELS, math.ceil(HEATMAP_LEVELS * count / busiest))


def activity_heatmap(*, actor: Actor, period: DateRange) -> list[dict[str, Any]]:
    """1 query (the daily rollup): every day of the range with its event count and level.
    Days are ISO strings already (what the renderer would make of them), so rendering up to
    731 days calls back into Python for none of them."""
    uid = actor.local_user_id
    rows = daily_rollup(user_id=uid, period=period) if uid is not None else []
    counts = {day.isoformat(): events for day, events, _ in rows if events}
    busiest = max(counts.values(), default=0)
    levels = {day: heatmap_level(count, busiest) for day, count in counts.items()}
    return [
        {"date": day, "count": counts.get(day, 0), "level": levels.get(day, 0)}
        for day in iso_days(period.start, period.end)
    ]


@functools.lru_cache(maxsize=64)
def iso_days(first: date, last: date) -> tuple[str, ...]:
    """Every day from ``first`` to ``last`` as ``YYYY-MM-DD`` (the same few ranges are asked
    all day long: the default ones end today)."""
    return tuple((first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1))


def daily_rollup(*, user_id: int, period: DateRange) -> list[tuple[date, int, int]]:
    """1 query: (day, events, minutes) of the user's days in ``period`` (the activity app's
    rollup, kept in the client's days by the writes)."""
    return activity_selectors.daily_rollup(user_id=user_id, first_day=period.start, last_day=period.end)


def user_minutes_by_day(*, period: DateRange, user_id: int) -> dict[date, int]:
    """1 query: the user's tracked minutes per day of ``period`` (from the daily rollup)."""
    return {day: minutes for day, _, minutes in daily_rollup(user_id=user_id, period=period) if minutes}


# The per-type keys the AI-Linc web client reads for a heatmap day (DevCodingProblem: a kind
# of problem the platform does not have, always 0).
HEATMAP_TYPES = ("Quiz", "Article", "Assignment", "CodingProblem", "DevCodingProblem", "VideoTutorial")


def activity_heatmap_by_type(*, actor: Actor, period: DateRange) -> dict[str, dict[str, int]]:
    """1 query: every day of the range, ``YYYY-MM-DD`` -> events by content type and ``total``
    (log entries count in ``total`` only), the web client's heatmap (response profile ``ai_linc``)."""
    uid = actor.local_user_id
    days: dict[str, dict[str, int]] = {
        day.isoformat(): {**dict.fromkeys(HEATMAP_TYPES, 0), "total": 0} for day in period.days()
    }
    if uid is None:
        return days

    rows = activity_selectors.events_by_day_and_kind(
        user_id=uid, start_at=period.start_at, end_before=period.end_before, zone=period.zone
    )
    for day, kind, events in rows:
        counts = days.get(day.isoformat())
        if counts is None:
            continue
        if kind in counts and kind != "total":
            counts[kind] += events
        counts["total"] += events
    return days


def minutes_by_day(*, period: DateRange, user_id: int | None) -> dict[date, int]:
    """1 query: tracked minutes per day of ``period`` (all users when ``user_id`` is None);
    ``TimeSpent.date`` is already the client's day the time was tracked on."""
    return activity_selectors.minutes_by_day(first_day=period.start, last_day=period.end, user_id=user_id)


def daily_time_spent(*, actor: Actor, period: DateRange) -> dict[str, Any]:
    """1 query: minutes per day of the range (0 for days without tracking) and the total.
    ``timespent`` (with ``units``) is the range's last day, today by default: the older web
    build's daily-goal bar reads it (docs/real-client.md, "Daily time and hours graph")."""
    uid = actor.local_user_id
    minutes = user_minutes_by_day(period=period, user_id=uid) if uid is not None else {}
    daily = [{"date": day, "minutes": minutes.get(day, 0)} for day in period.days()]
    return {
        "daily_time": daily,
        "total_minutes": sum(row["minutes"] for row in daily),
        "timespent": minutes.get(period.end, 0),
        "units": "minutes",
    }


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def hours_spent_graph(*, actor: Actor, period: str, last_days: int) -> dict[str, Any]:
    """1 query. ``data`` (the contract's) by ``period``: ``week``: the last 7 days, ``month``:
    the last 30 days, one bucket per day labelled ``YYYY-MM-DD``; ``year``: the last 12
    calendar months (this one included), one bucket per month labelled ``YYYY-MM``. Oldest
    bucket first; days and months are the client's. Beside it, the older web build's series
    over the last ``last_days`` days: ``date_range`` (the days) and ``hours_spent`` (hours
    each), ``units`` ``hours``."""
    zone = client_zone()
    today = client_today(zone)
    if period == "year":
        first_month = _add_months(today.replace(day=1), -11)
        span = DateRange(first_month, today, zone)
    else:
        span = DateRange(today - timedelta(days=(7 if period == "week" else 30) - 1), today, zone)
    series = DateRange(today - timedelta(days=last_days - 1), today, zone)
    uid = actor.local_user_id
    both = DateRange(min(span.start, series.start), today, zone)
    minutes = user_minutes_by_day(period=both, user_id=uid) if uid is not None else {}
    graph = {
        "date_range": list(series.days()),
        "hours_spent": [_hours(minutes.get(day, 0)) for day in series.days()],
        "units": "hours",
    }
    if period != "year":
        buckets = [{"period": day.isoformat(), "hours": _hours(minutes.get(day, 0))} for day in span.days()]
        return {"data": buckets, **graph}
    per_month: dict[str, int] = defaultdict(int)
    for day, total in minutes.items():
        if day >= span.start:
            per_month[day.strftime("%Y-%m")] += total
    months = [_add_months(span.start, n).strftime("%Y-%m") for n in range(12)]
    return {"data": [{"period": month, "hours": _hours(per_month.get(month, 0))} for month in months], **graph}


def _add_months(first_day: date, months: int) -> date:
    index = first_day.year * 12 + first_day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


# --- 7, 9. leaderboards ----------------------------------------------------------------------


def daily_progress_leaderboard(*, day: date | None, limit: int, zone: ZoneInfo | None = None) -> list[DailyLeader]:
    """4 queries: learners ranked (ties share a rank) by their score of the day (the client's
    today unless given): 10 points per content completed between that day's local midnights
    + 1 point per minute tracked that day. Learners who scored nothing are left out.

    The day's completions and minutes are two indexed ``GROUP BY`` reads, the ranking is
    done here over ids, and only the shown rows become users: one statement with a correlated
    count and sum per learner (four of them, as the score repeated both) cost ~4 ms of SQL,
    and building every scorer's row several more of Python, on the bench data."""
    zone = zone or client_zone()
    day = day or client_today(zone)
    start, end = day_start(day, zone), day_start(day + timedelta(days=1), zone)
    completed = lms_selectors.completions_per_user(start_at=start, end_before=end)
    minutes = activity_selectors.minutes_per_user(day=day)
    eligible = learners().filter(id__in=set(completed) | set(minutes)).values_list("id", flat=True)
    ranks = {
        uid: (rank, score)
        for rank, score, uid in lms_selectors.competition_ranks(
            (completed.get(uid, 0) * POINTS_PER_COMPLETED_CONTENT + minutes.get(uid, 0), uid) for uid in eligible
        )[:limit]
    }
    users = cast("dict[int, DailyLeader]", User.objects.only(*LEADER_USER_FIELDS).in_bulk(list(ranks)))
    rows = []
    for uid, (rank, score) in ranks.items():
        user = users[uid]
        user.completed_today = completed.get(uid, 0)
        user.minutes_today = minutes.get(uid, 0)
        user.score, user.rank = score, rank
        rows.append(user)
    return rows


def daily_board(*, day: date | None, zone: ZoneInfo) -> leaderboards.RenderedBoard:
    """The whole daily leaderboard in ``DailyLeaderOut``'s shape, ranked and rendered once per
    day, zone and version of what it reads (tracked time ``activity.time``, completions
    ``lms.progress``, names and roles ``lms.social``), for every process
    (``leaderboards.board_cached``); e-mails per viewer (``RenderedBoard.json``)."""
    day = day or client_today(zone)

    def build() -> leaderboards.RenderedBoard:
        rows = daily_progress_leaderboard(day=day, limit=MAX_BOARD, zone=zone)
        return leaderboards.board_rendered(leaderboards.rendered(DailyLeaderOut, rows))

    board: leaderboards.RenderedBoard = leaderboards.board_cached(
        ("daily-board", day, zone.key), build, (TIME, PROGRESS, SOCIAL)
    )
    return board


def overall_leaderboard(*, limit: int) -> list[LeaderboardRow]:
    """2 queries: enrolled learners ranked (``RANK()``) by their score over all the courses
    they are enrolled in: the course leaderboards' score summed (marks + points per completed
    content, see ``tenant_apps.lms.selectors.leaderboard_rank``). The scores are one
    ``GROUP BY`` over the progress rows on contents of the learner's courses."""
    return lms_selectors.overall_ranking(learners=learners())[:limit]


def overall_board() -> leaderboards.RenderedBoard:
    """The whole overall leaderboard in ``OverallLeaderOut``'s shape, ranked and rendered once
    per progress, enrollment and authoring version for every process (``lms.leaderboards``);
    e-mails per viewer (``RenderedBoard.json``)."""

    def build() -> leaderboards.RenderedBoard:
        rows = leaderboards.rendered(OverallLeaderOut, overall_leaderboard(limit=MAX_BOARD))
        return leaderboards.board_rendered(rows)

    board: leaderboards.RenderedBoard = leaderboards.board_cached("overall-board", build)
    return board


# --- 8. streak -------------------------------------------------------------------------------


def monthly_streak(*, actor: Actor, month: date) -> dict[str, Any]:
    """1 query (the daily rollup's active days). ``current_streak``: consecutive active days ending today, or ending
    yesterday when today has no activity yet; ``longest_streak``: the longest run of
    consecutive active days ever; ``monthly_days``: the day numbers of ``month`` that
    were active. Days are the client's."""
    uid = actor.local_user_id
    zone = client_zone()
    days = activity_selectors.active_days_of(user_id=uid) if uid is not None else []
    longest = run = 0
    previous: date | None = None
    for day in days:
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    active = set(days)
    today = client_today(zone)
    cursor = today if today in active else today - timedelta(days=1)
    current = 0
    while cursor in active:
        current += 1
        cursor -= timedelta(days=1)
    monthly = [day.day for day in days if (day.year, day.month) == (month.year, month.month)]
    in_month = set(monthly)
    calendar = {
        date(month.year, month.month, n).isoformat(): n in in_month
        for n in range(1, monthrange(month.year, month.month)[1] + 1)
    }
    return {
        "current_streak": current,
        "longest_streak": longest,
        "monthly_days": monthly,
        "year": month.year,
        "month": month.month,
        "streak": calendar,
    }


class StreakHolder(TypedDict):
    user: User
    present_streak: int
    active_days: int


# Consecutive active days ending at a day, or the day before when it has none (the day is
# not over): the rule of ``monthly_streak``'s current streak, shared with the course cards.
_run_ending = run_ending


class UserStreak(TypedDict):
    current_streak: int
    last_active_day: date | None


def user_streak(*, user_id: int, zone: ZoneInfo) -> UserStreak:
    """1 query: the user's current streak (the rule of ``monthly_streak``) and last active day,
    on the client's calendar (the admin student report)."""
    days = activity_selectors.active_days_of(user_id=user_id)
    return {
        "current_streak": _run_ending(set(days), client_today(zone)),
        "last_active_day": days[-1] if days else None,
    }


def streak_holders(*, period: DateRange, student_id: int | None = None) -> list[StreakHolder]:
    """2 queries: every active student's active days (the client's) up to ``period.end`` (the three
    sources of ``active_days``), then those students. Per student, ``present_streak``: the
    run of active days ending at ``period.end`` (or the day before), which may begin before
    the period; ``active_days``: active days inside the period. Longest streak first, then
    most active days, then user id; students with neither are left out. The web client's
    "streak holders" (response profile ``ai_linc``)."""
    students = learners() if student_id is None else learners().filter(id=student_id)
    by_user = activity_selectors.active_days_by_user(
        users=students.values("id"), end_before=period.end_before, last_day=period.end, zone=period.zone
    )
    counts = {
        user_id: (_run_ending(days, period.end), sum(1 for day in days if day >= period.start))
        for user_id, days in by_user.items()
    }
    counts = {user_id: pair for user_id, pair in counts.items() if pair != (0, 0)}
    users = User.objects.filter(id__in=list(counts)).only("id", "email", "first_name", "last_name", "profile_pic_url")
    holders: list[StreakHolder] = [
        {"user": user, "present_streak": counts[user.id][0], "active_days": counts[user.id][1]} for user in users
    ]
    holders.sort(key=lambda row: (-row["present_streak"], -row["active_days"], row["user"].id))
    return holders
