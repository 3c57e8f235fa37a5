"""Reads for live classes and attendance; every list is a fixed number of queries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, TypedDict

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from tenant_apps.accounts.actor import Actor
from tenant_apps.accounts.models import Role, User
from tenant_apps.live_classes.errors import AttendanceActivityNotFound, LiveClassNotFound
from tenant_apps.live_classes.models import Attendance, AttendanceActivity, LiveClass, LiveClassStatus
from tenant_apps.lms.selectors import SubqueryCount
from tenants.timezone import client_zone, local_day_start


class AttendanceDay(TypedDict):
    activities: int
    attendance: int


class _AttendanceCount(TypedDict):
    attendance_count: int


class _Attended(TypedDict):
    attended: bool | None


class _LiveActivityAnnotations(TypedDict):
    attended: bool | None
    attendance_count: int
    starts_in: timedelta
    meeting_status: str


# An activity as attendance_activity_list annotates it (the API sets 0 on a new one).
# The rows' types exist for the type checker only (WithAnnotations is not subscriptable at run time).
class _AttendanceWindow(TypedDict):
    window_end: datetime
    has_marked_attendance: bool
    can_mark_attendance: bool


if TYPE_CHECKING:
    from django.db.models.expressions import CombinedExpression
    from django_stubs_ext import WithAnnotations

    ActivityWithCount = WithAnnotations[AttendanceActivity, _AttendanceCount]
    LiveActivityRow = WithAnnotations[LiveClass, _LiveActivityAnnotations]
    AttendedClass = WithAnnotations[LiveClass, _Attended]
    LiveAttendanceRow = WithAnnotations[AttendanceActivity, _AttendanceWindow]

OPEN_STATUSES = (LiveClassStatus.SCHEDULED, LiveClassStatus.LIVE)


def _ends_at() -> ExpressionWrapper[CombinedExpression]:
    """``scheduled_time + duration_minutes`` in SQL."""
    return ExpressionWrapper(
        F("scheduled_time") + F("duration_minutes") * Value(timedelta(minutes=1), output_field=DurationField()),
        output_field=DateTimeField(),
    )


# --- live classes ------------------------------------------------------------------------


def live_class_list(*, status: str | None = None, upcoming: bool | None = None) -> QuerySet[LiveClass]:
    """``upcoming=true``: scheduled or live classes that have not ended yet, soonest first.
    ``upcoming=false``: the rest (ended, completed or cancelled), latest first."""
    classes = LiveClass.objects.select_related("instructor")
    if status:
        classes = classes.filter(status=status)
    if upcoming is not None:
        now = timezone.now()
        upcoming_q = Q(status__in=OPEN_STATUSES, window_end__gte=now)
        classes = classes.annotate(window_end=_ends_at())
        if upcoming:
            classes = classes.filter(upcoming_q).order_by("scheduled_time", "id")
        else:
            classes = classes.exclude(upcoming_q).order_by("-scheduled_time", "-id")
    return classes


def live_class_get(*, class_id: int) -> LiveClass:
    live_class = LiveClass.objects.select_related("instructor").filter(id=class_id).first()
    if live_class is None:
        raise LiveClassNotFound()
    return live_class


def instructor_get(*, user_id: int) -> User | None:
    return User.objects.filter(id=user_id, is_active=True).first()


# --- attendance --------------------------------------------------------------------------


def attendance_activity_list() -> QuerySet[ActivityWithCount]:
    """With ``attendance_count`` and the creator joined (the admin table names them)."""
    return AttendanceActivity.objects.select_related("created_by").annotate(attendance_count=Count("attendances"))


def attendance_activity_get(*, activity_id: int) -> AttendanceActivity:
    activity = AttendanceActivity.objects.filter(id=activity_id).first()
    if activity is None:
        raise AttendanceActivityNotFound()
    return activity


def attendance_activity_detail(*, activity_id: int) -> AttendanceActivity:
    """The activity with ``attendance_count`` and its attendances (with users) prefetched."""
    activity = (
        attendance_activity_list()
        .prefetch_related(
            Prefetch("attendances", queryset=Attendance.objects.select_related("user").order_by("marked_at", "id"))
        )
        .filter(id=activity_id)
        .first()
    )
    if activity is None:
        raise AttendanceActivityNotFound()
    return activity


def live_attendance_list(*, actor: Actor, now: datetime | None = None) -> QuerySet[LiveAttendanceRow]:
    """Active activities whose window has not closed yet (open now or later), soonest first.

    ``has_marked_attendance``: the caller has marked it. ``can_mark_attendance``: the window
    ``[scheduled_time, scheduled_time + duration_minutes]`` holds ``now`` and the caller has
    not marked yet (a platform admin, who has no user row here, never can).
    """
    now = now or timezone.now()
    user_id = actor.local_user_id
    activities = (
        AttendanceActivity.objects.annotate(window_end=_ends_at())
        .filter(is_active=True, window_end__gte=now)
        .order_by("scheduled_time", "id")
    )
    if user_id is None:
        return activities.annotate(
            has_marked_attendance=Value(False, output_field=BooleanField()),
            can_mark_attendance=Value(False, output_field=BooleanField()),
        )
    marked = Exists(Attendance.objects.filter(activity=OuterRef("pk"), user_id=user_id))
    return activities.annotate(
        has_marked_attendance=marked,
        can_mark_attendance=ExpressionWrapper(Q(scheduled_time__lte=now) & ~Q(marked), output_field=BooleanField()),
    )


# --- the learner's live activities (H's live-sessions page) --------------------------------


def _attended_by(user_id: int | None) -> Exists | Value:
    """The user marked an attendance activity of the class (NULL when there is no user)."""
    if user_id is None:
        return Value(None, output_field=BooleanField())
    return Exists(Attendance.objects.filter(activity__live_class=OuterRef("pk"), user_id=user_id))


def _attendee_count() -> Coalesce:
    """Distinct people who marked any attendance activity of the class."""
    attendees = (
        Attendance.objects.filter(activity__live_class=OuterRef("pk"))
        .order_by()
        .values("activity__live_class")
        .annotate(total=Count("user", distinct=True))
        .values("total")
    )
    return Coalesce(Subquery(attendees, output_field=IntegerField()), Value(0))


def live_activity_list(*, actor: Actor, now: datetime | None = None) -> QuerySet[LiveActivityRow]:
    """Every class that is not cancelled, soonest first, in one query, as ``with_live_activity``
    annotates it."""
    classes = LiveClass.objects.select_related("instructor").exclude(status=LiveClassStatus.CANCELLED)
    return with_live_activity(classes, actor=actor, now=now).order_by("scheduled_time", "id")


def with_live_activity(
    classes: QuerySet[LiveClass], *, actor: Actor, now: datetime | None = None
) -> QuerySet[LiveActivityRow]:
    """``classes`` (order kept) annotated with what the client's live pages read: ``attended``
    (the caller marked one of its attendance activities; NULL for a caller with no user row
    here), ``attendance_count``, ``starts_in`` and ``meeting_status``: ``ended`` once
    completed, ``live`` while live or inside its window, ``scheduled`` before it, ``expired``
    after a window nobody closed."""
    now = now or timezone.now()
    at_now = Value(now, output_field=DateTimeField())
    if "window_end" not in classes.query.annotations:
        classes = classes.annotate(window_end=_ends_at())
    return classes.annotate(
        attended=_attended_by(actor.local_user_id),
        attendance_count=_attendee_count(),
        starts_in=ExpressionWrapper(F("scheduled_time") - at_now, output_field=DurationField()),
    ).annotate(
        meeting_status=Case(
            When(status=LiveClassStatus.COMPLETED, then=Value("ended")),
            When(Q(status=LiveClassStatus.LIVE) | Q(scheduled_time__lte=now, window_end__gt=now), then=Value("live")),
            When(scheduled_time__gt=now, then=Value("scheduled")),
            default=Value("expired"),
            output_field=CharField(),
        )
    )


class LiveStats(TypedDict):
    sessions_attended: int
    sessions_held: int
    attendance_rate: Decimal
    cohort_avg_rate: Decimal
    live_hours: Decimal
    week: list[dict[str, str]]


def _percent(part: int, whole: int) -> Decimal:
    return (Decimal(100) * part / whole).quantize(Decimal("0.01"), ROUND_HALF_UP) if whole else Decimal(0)


def _day_state(classes: list[AttendedClass], now: datetime) -> str:
    if not classes:
        return "none"
    if any(c.attended for c in classes):
        return "attended"
    if any(c.scheduled_time <= now < c.ends_at or c.status == LiveClassStatus.LIVE for c in classes):
        return "live"
    if any(c.scheduled_time > now for c in classes):
        return "upcoming"
    return "missed"


def my_live_stats(*, actor: Actor, now: datetime | None = None) -> LiveStats:
    """The caller's live-class attendance: three queries whatever the number of classes.

    A class is *held* once it is completed or its window has ended (cancelled ones never are);
    *attended* when the caller marked one of its attendance activities. ``live_hours`` adds the
    attended classes' scheduled lengths. ``cohort_avg_rate`` is the mean rate of the client's
    active students (the platform has no cohorts). ``week``: Monday to Sunday of the client's
    current week (its time zone), one state per day.
    """
    now = now or timezone.now()
    user_id = actor.local_user_id
    held = (
        LiveClass.objects.exclude(status=LiveClassStatus.CANCELLED)
        .annotate(window_end=_ends_at())
        .filter(Q(status=LiveClassStatus.COMPLETED) | Q(window_end__lte=now))
    )
    student_attendances = (
        Attendance.objects.filter(activity__live_class=OuterRef("pk"), user__role=Role.STUDENT, user__is_active=True)
        .order_by()
        .values("activity__live_class")
        .annotate(total=Count("user", distinct=True))
        .values("total")
    )
    totals = held.annotate(
        attended=_attended_by(user_id),
        students_present=Coalesce(Subquery(student_attendances, output_field=IntegerField()), Value(0)),
    ).aggregate(
        held=Count("id"),
        attended_count=Count("id", filter=Q(attended=True)),
        attended_minutes=Coalesce(Sum("duration_minutes", filter=Q(attended=True)), Value(0)),
        present=Coalesce(Sum("students_present"), Value(0)),
    )
    students = User.objects.filter(role=Role.STUDENT, is_active=True).count()

    zone = client_zone()
    local_now = now.astimezone(zone)
    monday = local_now.date() - timedelta(days=local_now.weekday())
    week_start = local_day_start(monday, zone)
    week_end = local_day_start(monday + timedelta(days=7), zone)  # 167 or 169 hours across DST
    week_classes = list(
        LiveClass.objects.exclude(status=LiveClassStatus.CANCELLED)
        .filter(scheduled_time__gte=week_start, scheduled_time__lt=week_end)
        .annotate(attended=_attended_by(user_id))
        .only("id", "scheduled_time", "duration_minutes", "status")
    )
    by_day: dict[date, list[AttendedClass]] = {}
    for live_class in week_classes:
        by_day.setdefault(live_class.scheduled_time.astimezone(zone).date(), []).append(live_class)
    week = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        week.append({"day": day.strftime("%a"), "date": day.isoformat(), "state": _day_state(by_day.get(day, []), now)})

    held_count = totals["held"]
    return {
        "sessions_attended": totals["attended_count"],
        "sessions_held": held_count,
        "attendance_rate": _percent(totals["attended_count"], held_count),
        "cohort_avg_rate": _percent(totals["present"], held_count * students),
        "live_hours": (Decimal(totals["attended_minutes"]) / 60).quantize(Decimal("0.01"), ROUND_HALF_UP),
        "week": week,
    }


def attendance_count_annotations() -> dict[str, SubqueryCount]:
    """Annotations for rows with a ``user_id``: the attendance activities that have started
    (client-wide: they belong to no course) and how many of them the user marked."""
    started = AttendanceActivity.objects.filter(scheduled_time__lte=timezone.now())
    return {
        "attended_activities": SubqueryCount(
            Attendance.objects.filter(user_id=OuterRef("user_id"), activity__in=started).values("id")
        ),
        "total_attendance_activities": SubqueryCount(started.values("id")),
    }


def attendance_by_day(*, start_at: datetime, end_before: datetime, zone: tzinfo = UTC) -> dict[date, AttendanceDay]:
    """1 query: per day of ``scheduled_time`` in ``zone``, the client's (inactive activities included), the
    attendance activities scheduled and the attendance marks made on them."""
    rows = (
        AttendanceActivity.objects.filter(scheduled_time__gte=start_at, scheduled_time__lt=end_before)
        .annotate(day=TruncDate("scheduled_time", tzinfo=zone))
        .order_by()
        .values("day")
        .annotate(activities=Count("id", distinct=True), attendance=Count("attendances"))
    )
    return {row["day"]: {"activities": row["activities"], "attendance": row["attendance"]} for row in rows}


def live_classes_since(*, since: datetime, limit: int) -> QuerySet[LiveClass]:
    """1 query: live classes scheduled from ``since`` on (cancelled ones too), soonest first."""
    return LiveClass.objects.filter(scheduled_time__gte=since).order_by("scheduled_time", "id")[:limit]


def live_class_find(*, class_id: int) -> LiveClass | None:
    """The live class ``class_id`` or None, for callers with their own not-found answer."""
    return LiveClass.objects.filter(id=class_id).first()
