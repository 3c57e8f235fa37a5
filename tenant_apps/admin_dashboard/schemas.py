"""Request and response schemas of the admin dashboard (Admin Dashboard API 33-38).

Percentages are numbers with 2 decimals, as elsewhere in the API.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

from ninja import Schema

from tenant_apps.lms.schemas import UserBriefOut

if TYPE_CHECKING:
    from tenant_apps.dashboard.selectors import StreakHolder

RoleName = Literal["student", "instructor", "admin"]


class AdminRefOut(Schema):
    id: int
    title: str


class RecentActivityOut(Schema):
    id: int
    activity_type: str
    created_at: datetime
    user: UserBriefOut
    course: AdminRefOut | None
    content: AdminRefOut | None


class CoreDashboardOut(Schema):
    total_students: int
    total_courses: int
    total_enrollments: int
    active_students: int
    recent_activities: list[RecentActivityOut]


class StudentListOut(Schema):
    id: int
    user_name: str
    email: str
    profile_pic_url: str
    role: str
    enrolled_courses_count: int
    is_active: bool


class StudentOut(Schema):
    id: int
    user_name: str
    email: str
    role: str
    is_active: bool


class StudentUpdateIn(Schema):
    role: RoleName | None = None
    is_active: bool | None = None


class DailyActivityOut(Schema):
    date: date
    activities: int
    time_spent_minutes: int
    contents_completed: int


class StudentActivityAnalyticsOut(Schema):
    total_activities: int
    total_time_spent: int
    completion_rate: float
    start_date: date
    end_date: date
    daily_breakdown: list[DailyActivityOut]


class DailyAttendanceOut(Schema):
    date: date
    activities: int
    attendance: int
    attendance_rate: float


class AttendanceAnalyticsOut(Schema):
    total_activities: int
    total_attendance: int
    attendance_rate: float
    active_students: int
    start_date: date
    end_date: date
    daily_breakdown: list[DailyAttendanceOut]


class CourseCompletionRowOut(Schema):
    course_id: int
    title: str
    is_active: bool
    total_contents: int
    enrolled_students: int
    completed_students: int
    in_progress_students: int
    not_started_students: int
    completion_rate: float


class CourseCompletionStatsOut(Schema):
    total_courses: int
    completed_courses: int
    in_progress_courses: int
    completion_rate: float
    course_breakdown: list[CourseCompletionRowOut]


class StreakHolderOut(Schema):
    """A student as H's learner dashboard ("streak holders") reads them from
    ``student-activity-analytics/``: name, picture, present streak and active days. Nothing
    else about other students (no e-mail, no time or marks)."""

    user_id: int
    studentName: str  # noqa: N815 (the web client's names, here and below)
    Present_streak: int  # noqa: N815
    Active_days: int  # noqa: N815
    profile_pic_url: str

    @staticmethod
    def resolve_user_id(row: StreakHolder) -> int:
        return row["user"].id

    @staticmethod
    def resolve_studentName(row: StreakHolder) -> str:  # noqa: N802
        return row["user"].user_name

    @staticmethod
    def resolve_Present_streak(row: StreakHolder) -> int:  # noqa: N802
        return row["present_streak"]

    @staticmethod
    def resolve_Active_days(row: StreakHolder) -> int:  # noqa: N802
        return row["active_days"]

    @staticmethod
    def resolve_profile_pic_url(row: StreakHolder) -> str:
        return row["user"].profile_pic_url
