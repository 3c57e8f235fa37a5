"""Request and response schemas of the Live Class API and the attendance part of the
Activity API."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from api.schemas import InDateTime
from tenant_apps.forum.schemas import MemberCardOut

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
    id: int
    title: str
    description: str
    scheduled_time: datetime
    duration_minutes: int
    is_active: bool
    can_mark_attendance: bool
    has_marked_attendance: bool


class MarkAttendanceOut(Schema):
    id: int
    activity_id: int
    marked_at: datetime
    status: Literal["marked"] = "marked"
