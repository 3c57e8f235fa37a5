"""Reads for live classes and attendance; every list is a fixed number of queries."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TypedDict

from django.db.models import (
    BooleanField,
    Count,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.utils import timezone

from tenant_apps.accounts.actor import Actor
from tenant_apps.accounts.models import User
from tenant_apps.live_classes.errors import AttendanceActivityNotFound, LiveClassNotFound
from tenant_apps.live_classes.models import Attendance, AttendanceActivity, LiveClass, LiveClassStatus


class _AttendanceCount(TypedDict):
    attendance_count: int


# An activity as attendance_activity_list annotates it (the API sets 0 on a new one).
# The rows' types exist for the type checker only (WithAnnotations is not subscriptable at run time).
if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    ActivityWithCount = WithAnnotations[AttendanceActivity, _AttendanceCount]

OPEN_STATUSES = (LiveClassStatus.SCHEDULED, LiveClassStatus.LIVE)


def _ends_at() -> ExpressionWrapper:
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
    return AttendanceActivity.objects.annotate(attendance_count=Count("attendances"))


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


def live_attendance_list(*, actor: Actor, now: datetime | None = None) -> QuerySet[AttendanceActivity]:
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
