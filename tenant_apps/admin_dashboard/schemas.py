"""Request and response schemas of the admin dashboard (Admin Dashboard API 33-38).

Percentages are numbers with 2 decimals, as elsewhere in the API.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Schema

from tenant_apps.lms.schemas import UserBriefOut

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


class StudentsPaginationOut(Schema):
    current_page: int
    total_pages: int
    total_students: int
    limit: int
    has_next: bool
    has_previous: bool


class StudentPageOut(Schema):
    """Response profile ``ai_linc``: one page of students in the web client's envelope."""

    students: list[StudentListOut]
    pagination: StudentsPaginationOut


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
