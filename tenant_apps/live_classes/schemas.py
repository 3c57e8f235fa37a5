"""Request and response schemas of the Live Class API and the attendance part of the
Activity API."""

from __future__ import annotations

import math
from datetime import datetime
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from django.utils import timezone
from ninja import Field, Schema

from api.schemas import InDateTime, JSONDecimal
from tenant_apps.forum.schemas import MemberCardOut
from tenant_apps.live_classes.models import AttendanceActivity, LiveClass

if TYPE_CHECKING:
    from tenant_apps.accounts.models import User
    from tenant_apps.live_classes.selectors import LiveActivityRow, LiveAttendanceRow

StatusName = Literal["scheduled", "live", "completed", "cancelled"]
MAX_MINUTES = 24 * 60


# --- live classes ------------------------------------------------------------------------


class LiveClassFilter(Schema):
    status: StatusName | None = None
    upcoming: bool | None = None


class LiveClassIn(Schema):
    title: str = Field(..., min_length=1, max_length=255)
    description: str = ""
    scheduled_time: InDateTime
    duration_minutes: int = Field(60, ge=1, le=MAX_MINUTES)
    meeting_link: str = Field("", max_length=500)
    instructor_id: int | None = None


class LiveClassUpdateIn(Schema):
    title: str | None = Field(None, min_length=1, max_length=255)
    description: str | None = None
    scheduled_time: InDateTime | None = None
    duration_minutes: int | None = Field(None, ge=1, le=MAX_MINUTES)
    meeting_link: str | None = Field(None, max_length=500)
    status: StatusName | None = None


class LiveClassOut(Schema):
    id: int
    title: str
    description: str
    scheduled_time: datetime
    duration_minutes: int
    meeting_link: str
    status: str
    instructor: MemberCardOut | None


class LiveClassCreatedOut(Schema):
    id: int
    title: str
    scheduled_time: datetime
    meeting_link: str
    status: str


class LiveUpdatedOut(Schema):
    id: int
    title: str
    updated_at: datetime


# --- attendance --------------------------------------------------------------------------


class AttendanceActivityIn(Schema):
    title: str = Field(..., min_length=1, max_length=255)
    description: str = ""
    scheduled_time: InDateTime
    duration_minutes: int = Field(60, ge=1, le=MAX_MINUTES)
    is_active: bool = True
    live_class_id: int | None = None


class AttendanceActivityUpdateIn(Schema):
    title: str | None = Field(None, min_length=1, max_length=255)
    description: str | None = None
    scheduled_time: InDateTime | None = None
    duration_minutes: int | None = Field(None, ge=1, le=MAX_MINUTES)
    is_active: bool | None = None


class AttendanceActivityOut(Schema):
    id: int
    title: str
    description: str
    scheduled_time: datetime
    duration_minutes: int
    is_active: bool
    attendance_count: int


class AttendanceActivityRowOut(AttendanceActivityOut):
    """An activity in the admin list: the contract's fields, then the names the older build's
    attendance table reads (docs/real-client.md, "Attendance (V's admin table)"; it showed an
    empty name, "Invalid Date" twice, "Expired" and 0 attendees). Needs ``created_by``
    selected with the row (``selectors.attendance_activity_list``)."""

    name: str = Field(..., validation_alias="title")
    created_at: datetime
    expires_at: datetime = Field(..., validation_alias="ends_at", description="scheduled_time + duration_minutes")
    is_valid: bool = Field(..., description="Active and not yet past expires_at: students can still mark.")
    created_by_name: str | None
    attendees_count: int = Field(..., validation_alias="attendance_count")

    @staticmethod
    def resolve_is_valid(obj: AttendanceActivity) -> bool:
        return obj.is_active and timezone.now() < obj.ends_at

    @staticmethod
    def resolve_created_by_name(obj: AttendanceActivity) -> str | None:
        return obj.created_by.user_name if obj.created_by_id and obj.created_by else None


class AttendedStudentOut(Schema):
    id: int
    user_name: str
    profile_pic_url: str
    marked_at: datetime


class AttendanceActivityDetailOut(AttendanceActivityOut):
    attended_students: list[AttendedStudentOut]

    @staticmethod
    def resolve_attended_students(obj) -> list[dict]:
        return [
            {
                "id": row.user_id,
                "user_name": row.user.user_name,
                "profile_pic_url": row.user.profile_pic_url,
                "marked_at": row.marked_at,
            }
            for row in obj.attendances.all()
        ]


class LiveAttendanceOut(Schema):
    """The contract's attendance activity, plus what V's attendance page reads: ``name``
    (= ``title``), ``expires_at`` (the end of the marking window: scheduled time + duration),
    ``time_remaining_minutes`` (until then, 0 after) and ``is_valid`` (= ``can_mark_attendance``)."""

    id: int
    title: str
    description: str
    scheduled_time: datetime
    duration_minutes: int
    is_active: bool
    can_mark_attendance: bool
    has_marked_attendance: bool
    name: str = Field(..., validation_alias="title")
    expires_at: datetime = Field(..., validation_alias="window_end")
    time_remaining_minutes: int
    is_valid: bool = Field(..., validation_alias="can_mark_attendance")

    @staticmethod
    def resolve_time_remaining_minutes(activity: LiveAttendanceRow) -> int:
        return max(0, int((activity.window_end - timezone.now()).total_seconds() // 60))


class MarkAttendanceOut(Schema):
    # Read from the ``Attendance`` just recorded.
    id: int
    activity_id: int
    marked_at: datetime
    status: Literal["marked"] = "marked"


# --- the learner's live activities (H's live-sessions page) --------------------------------


def _link_host(link: str) -> str:
    return (urlsplit(link).hostname or "").lower() if link else ""


def _is_zoom(link: str) -> bool:
    host = _link_host(link)
    return host == "zoom.us" or host.endswith(".zoom.us")


def _is_google_meet(link: str) -> bool:
    return _link_host(link) == "meet.google.com"


class MyLiveAttendanceOut(Schema):
    attended: bool
    duration_seconds: int


class LiveActivityOut(LiveClassOut):
    """A live class as H's live-sessions page reads it: the contract's session fields, then
    the client's names (``topic_name``, ``class_datetime``, ``join_link``...), the provider
    flags it filters on (read from the meeting link's host), ``meeting_status``, the caller's
    attendance and the number of people who marked attendance. ``instructor`` is the
    teacher's name, a string, because the page renders it as text (an object would crash
    it); the contract's member card is ``instructor_detail``."""

    instructor: str | None  # type: ignore[assignment]  # the page's string, not the card
    instructor_detail: MemberCardOut | None
    topic_name: str = Field(..., validation_alias="title")
    class_datetime: datetime = Field(..., validation_alias="scheduled_time")
    join_link: str | None
    is_zoom: bool
    zoom_join_url: str | None
    is_google_meet: bool
    meeting_status: Literal["scheduled", "live", "ended", "expired"]
    time_remaining_minutes: int
    my_attendance: MyLiveAttendanceOut | None
    attendance_count: int

    @staticmethod
    def resolve_instructor_detail(obj: LiveClass) -> User | None:
        # not a validation alias: this schema resolves "instructor" itself (the name)
        return obj.instructor

    @staticmethod
    def resolve_join_link(obj: LiveClass) -> str | None:
        return obj.meeting_link or None

    @staticmethod
    def resolve_is_zoom(obj: LiveClass) -> bool:
        return _is_zoom(obj.meeting_link)

    @staticmethod
    def resolve_zoom_join_url(obj: LiveClass) -> str | None:
        return obj.meeting_link if _is_zoom(obj.meeting_link) else None

    @staticmethod
    def resolve_is_google_meet(obj: LiveClass) -> bool:
        return _is_google_meet(obj.meeting_link)

    @staticmethod
    def resolve_time_remaining_minutes(obj: LiveActivityRow) -> int:
        return max(0, math.ceil(obj.starts_in.total_seconds() / 60))

    @staticmethod
    def resolve_my_attendance(obj: LiveActivityRow) -> dict | None:
        if obj.attended is None:  # a visiting platform admin: no attendance of their own here
            return None
        return {"attended": obj.attended, "duration_seconds": obj.duration_minutes * 60 if obj.attended else 0}

    @staticmethod
    def resolve_instructor(obj: LiveClass) -> str | None:
        return obj.instructor.public_name if obj.instructor is not None else None


class LiveWeekDayOut(Schema):
    day: str
    date: str
    state: Literal["none", "attended", "missed", "live", "upcoming"]


class MyLiveStatsOut(Schema):
    sessions_attended: int
    sessions_held: int
    attendance_rate: JSONDecimal
    cohort_avg_rate: JSONDecimal
    live_hours: JSONDecimal
    week: list[LiveWeekDayOut]
