"""Reads of the activity tables for other apps (the dashboards): activity events
(``UserActivity``, ``ActivityLog``), tracked minutes (``TimeSpent``) and their daily rollup
(``DailyActivity``). Each is one query."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import (
    CharField,
    Count,
    DateField,
    Exists,
    F,
    Func,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate

from tenant_apps.activity.models import ActivityLog, DailyActivity, TimeSpent, UserActivity

# The user fields the admin dashboard's recent-activity rows read.
RECENT_ACTIVITY_FIELDS = (
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


def active_since(*, user_ref: OuterRef, since: datetime, since_day: date | None = None) -> Q:
    """A user (``user_ref``) with an activity event or tracked minutes since ``since``;
    ``since_day`` is the client's day of ``since`` (TimeSpent rows carry the client's days)."""
    return (
        Q(Exists(UserActivity.objects.filter(user_id=user_ref, created_at__gte=since)))
        | Q(Exists(ActivityLog.objects.filter(user_id=user_ref, created_at__gte=since)))
        | Q(Exists(TimeSpent.objects.filter(user_id=user_ref, date__gte=since_day or since.date(), minutes__gt=0)))
    )


def recent_activities(*, limit: int) -> QuerySet[UserActivity]:
    """The newest activity events of users not deleted, with user, course and content joined."""
    return (
        UserActivity.objects.select_related("user", "course", "content")
        .exclude(user__deleted_at__isnull=False)
        .only(*RECENT_ACTIVITY_FIELDS)
        .order_by("-created_at", "-id")[:limit]
    )


def activity_counts_by_day(
    *, start_at: datetime, end_before: datetime, user_id: int | None = None, zone: tzinfo = UTC
) -> dict[date, int]:
    """1 query (UNION ALL of the two event tables, grouped by the day in ``zone``: the client's)."""

    def per_day(model: type[UserActivity] | type[ActivityLog]) -> QuerySet[Any]:
        rows = model._default_manager.filter(created_at__gte=start_at, created_at__lt=end_before)
        if user_id is not None:
            rows = rows.filter(user_id=user_id)
        return (
            rows.annotate(day=TruncDate("created_at", tzinfo=zone))
            .order_by()
            .values("day")
            .annotate(events=Count("id"))
            .values_list("day", "events")
        )

    counts: dict[date, int] = defaultdict(int)
    for day, events in per_day(UserActivity).union(per_day(ActivityLog), all=True):
        counts[day] += events
    return counts


def minutes_by_day(*, first_day: date, last_day: date, user_id: int | None) -> dict[date, int]:
    """1 query: tracked minutes per day (all users when ``user_id`` is None). ``TimeSpent.date``
    is already the client's day the time was tracked on."""
    rows = TimeSpent.objects.filter(date__gte=first_day, date__lte=last_day)
    if user_id is not None:
        rows = rows.filter(user_id=user_id)
    return dict(rows.order_by().values("date").annotate(total=Sum("minutes")).values_list("date", "total"))


def minutes_per_user(*, day: date) -> dict[int, int]:
    """1 query (the ``date`` index): minutes tracked on the client's ``day``, per user who
    tracked any."""
    rows = (
        TimeSpent.objects.filter(date=day)
        .order_by()
        .values("user_id")
        .annotate(total=Sum("minutes"))
        .filter(total__gt=0)
        .values_list("user_id", "total")
    )
    return dict(rows)


def course_activity_of_user(*, user_id: int) -> dict[int, tuple[int, datetime]]:
    """1 query: per course, the user's activity events there and the latest one's time."""
    rows = (
        UserActivity.objects.filter(user_id=user_id, course_id__isnull=False)
        .order_by()
        .values("course_id")
        .annotate(events=Count("id"), last=Max("created_at"))
        .values_list("course_id", "events", "last")
    )
    return {course_id: (events, last) for course_id, events, last in rows}


# The kind an activity event of no content (a log entry, or an event whose content is gone) counts under.
OTHER_EVENTS = "Other"


def events_by_kind(*, user_id: int) -> dict[str, int]:
    """1 query (UNION ALL of the two event tables): the user's activity events by the type of
    the content they were on (``Article``, ``Quiz``…), events on no content as ``Other``.
    Kinds without events are left out."""
    typed = (
        UserActivity.objects.filter(user_id=user_id)
        .annotate(kind=Coalesce(F("content__content_type"), Value(OTHER_EVENTS), output_field=CharField()))
        .order_by()
        .values("kind")
        .annotate(events=Count("id"))
        .values_list("kind", "events")
    )
    logged = (
        ActivityLog.objects.filter(user_id=user_id)
        .annotate(kind=Value(OTHER_EVENTS, output_field=CharField()))
        .order_by()
        .values("kind")
        .annotate(events=Count("id"))
        .values_list("kind", "events")
    )
    counts: dict[str, int] = defaultdict(int)
    for kind, events in typed.union(logged, all=True):
        if events:  # a constant kind is no GROUP BY key: no log entry is still one row, of 0
            counts[kind] += events
    return dict(counts)


def seconds_tracked(*, user_id: int) -> int:
    """1 query: every second of time tracked for the user (content and platform time)."""
    total: int = TimeSpent.objects.filter(user_id=user_id).aggregate(total=Coalesce(Sum("seconds"), 0))["total"]
    return total


# --- the per-user-per-day rollup (DailyActivity): one indexed range read ----------------------


# The dashboards' most frequent statement (heatmap, daily time, hours graph), written once:
# the ORM compiled the same filter and ``values_list`` again on every request (~0.5 ms of a
# ~3 ms read). Reads the unique (user, day) index.
_DAILY_ROLLUP_SQL = (
    f'SELECT "day", "events", "minutes" FROM "{DailyActivity._meta.db_table}" '
    'WHERE "user_id" = %s AND "day" >= %s AND "day" <= %s ORDER BY "day"'
)


def daily_rollup(*, user_id: int, first_day: date, last_day: date) -> list[tuple[date, int, int]]:
    """1 query: (day, events, minutes) of the user's days in the range that have any."""
    with connection.cursor() as cursor:
        cursor.execute(_DAILY_ROLLUP_SQL, [user_id, first_day, last_day])
        return [(day, events, minutes) for day, events, minutes in cursor.fetchall()]


def active_days_of(*, user_id: int) -> list[date]:
    """1 query: the user's active days (an activity event, or tracked minutes), ascending."""
    return list(
        DailyActivity.objects.filter(Q(events__gt=0) | Q(minutes__gt=0), user_id=user_id)
        .order_by("day")
        .values_list("day", flat=True)
    )


# --- the student dashboard's activity reads (tenant_apps.dashboard shapes them) -----------------


def course_touches(*, user_id: int, course_ref: OuterRef) -> list[Subquery]:
    """Subqueries on a course (``course_ref``): the time of the user's latest activity event
    there and of the latest change of the time tracked there (the dashboard's "last accessed")."""
    last_event = UserActivity.objects.filter(user_id=user_id, course_id=course_ref).order_by("-created_at")
    last_tracked = TimeSpent.objects.filter(user_id=user_id, course_id=course_ref).order_by("-updated_at")
    return [Subquery(last_event.values("created_at")[:1]), Subquery(last_tracked.values("updated_at")[:1])]


def course_active_days(user_id: int, course_ref: OuterRef, zone: tzinfo) -> Func:
    """The user's active days on a course (``course_ref``) as one date array, for the course
    cards' streak (lms's ``course_streaks``, which this app registers it with): days (in
    ``zone``, the client's) with an activity event on the course, then days with minutes
    tracked on its contents. Two correlated subqueries on the user's rows of that course,
    in the row's own query; a day may appear in both."""
    events = (
        UserActivity.objects.filter(user_id=user_id, course_id=course_ref)
        .annotate(day=TruncDate("created_at", tzinfo=zone))
        .order_by()
        .values("day")
        .distinct()
    )
    tracked = (
        TimeSpent.objects.filter(user_id=user_id, course_id=course_ref, minutes__gt=0)
        .order_by()
        .values("date")
        .distinct()
    )
    return Func(
        ArraySubquery(events), ArraySubquery(tracked), function="array_cat", output_field=ArrayField(DateField())
    )


# ``course_active_days`` for every course of a user at once, as rows (course id, day) of raw
# SQL with the parameters ``u`` (the user) and ``z`` (the client's zone name): lms folds it
# into the learner's standing statement, so the course cards' streaks cost no statement of
# their own (``lms.learner_reads``). A (course, day) pair comes once.
COURSE_ACTIVE_DAYS_SQL = (
    f'SELECT course_id, (created_at AT TIME ZONE %(z)s)::date FROM "{UserActivity._meta.db_table}" '  # noqa: S608 (our tables)
    "WHERE user_id = %(u)s AND course_id IS NOT NULL "
    f'UNION SELECT course_id, date FROM "{TimeSpent._meta.db_table}" '
    "WHERE user_id = %(u)s AND course_id IS NOT NULL AND minutes > 0"
)


def events_by_day_and_kind(
    *, user_id: int, start_at: datetime, end_before: datetime, zone: tzinfo
) -> list[tuple[date, str | None, int]]:
    """1 query (UNION ALL of the two event tables): the user's activity events per day (in
    ``zone``, the client's) and type of the content they were on: ``None`` for an event on no
    content, ``""`` for log entries."""

    def per_day(rows: QuerySet[Any], kind: Any) -> QuerySet[Any]:
        counted: QuerySet[Any] = (
            rows.filter(user_id=user_id, created_at__gte=start_at, created_at__lt=end_before)
            .annotate(day=TruncDate("created_at", tzinfo=zone), kind=kind)
            .order_by()
            .values("day", "kind")
            .annotate(events=Count("id"))
            .values_list("day", "kind", "events")
        )
        return counted

    typed = per_day(UserActivity.objects.all(), F("content__content_type"))
    untyped = per_day(ActivityLog.objects.all(), Value("", output_field=CharField()))
    return list(typed.union(untyped, all=True))


def active_days_by_user(
    *, users: QuerySet[Any], end_before: datetime, last_day: date, zone: tzinfo
) -> dict[int, set[date]]:
    """1 query (UNION of the two event tables and tracked minutes): each of ``users``' (a
    query of ids) active days (in ``zone``, the client's) before ``end_before`` (tracked
    minutes: up to ``last_day``). Users with none are left out."""

    def days_of(model: type[UserActivity] | type[ActivityLog]) -> QuerySet[Any]:
        return (
            model._default_manager.filter(user__in=users, created_at__lt=end_before)
            .annotate(day=TruncDate("created_at", tzinfo=zone))
            .order_by()
            .values_list("user_id", "day")
        )

    tracked = (
        TimeSpent.objects.filter(user__in=users, minutes__gt=0, date__lte=last_day)
        .order_by()
        .values_list("user_id", "date")
    )
    by_user: dict[int, set[date]] = defaultdict(set)
    for user_id, day in days_of(UserActivity).union(days_of(ActivityLog), tracked):
        by_user[user_id].add(day)
    return by_user


# --- an admin's reset of one learner's progress (tenant_apps.admin_dashboard) ----------------


def reset_rows(*, user_id: int, course_ids: list[int] | None) -> dict[str, QuerySet[Any]]:
    """The learner's activity rows a progress reset removes, by kind: events (``activities``),
    the activity log (``activity_log``) and tracked time (``time_tracking``, one row per
    content or platform and day). With ``course_ids``, only what is tied to those courses:
    the log and the time on the platform as a whole belong to no course and stay."""
    if course_ids is None:
        return {
            "activities": UserActivity.objects.filter(user_id=user_id),
            "activity_log": ActivityLog.objects.filter(user_id=user_id),
            "time_tracking": TimeSpent.objects.filter(user_id=user_id),
        }
    return {
        "activities": UserActivity.objects.filter(user_id=user_id, course_id__in=course_ids),
        "activity_log": ActivityLog.objects.none(),
        "time_tracking": TimeSpent.objects.filter(user_id=user_id, course_id__in=course_ids),
    }


def reset_counts_by_course(*, user_id: int, course_ids: list[int] | None) -> dict[str, dict[int | None, int]]:
    """At most 3 queries: how many of each kind of ``reset_rows`` each course holds (None:
    rows of no course)."""
    counts: dict[str, dict[int | None, int]] = {}
    for kind, qs in reset_rows(user_id=user_id, course_ids=course_ids).items():
        if qs.query.is_empty():
            counts[kind] = {}
        elif qs.model is ActivityLog:
            total = qs.count()
            counts[kind] = {None: total} if total else {}
        else:
            counts[kind] = dict(qs.order_by().values_list("course_id").annotate(n=Count("id")))
    return counts
