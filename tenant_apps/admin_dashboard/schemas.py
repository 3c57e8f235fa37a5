"""Request and response schemas of the admin dashboard (Admin Dashboard API 33-38).

Percentages are numbers with 2 decimals, as elsewhere in the API.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

from ninja import Schema

from tenant_apps.lms.schemas import LearnerRefOut, UserBriefOut
from tenant_apps.lms.selectors import percentage

if TYPE_CHECKING:
    from tenant_apps.accounts.models import User
    from tenant_apps.dashboard.selectors import StreakHolder
    from tenant_apps.lms.models import Enrollment

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


class StudentListOut(LearnerRefOut):
    """The contract's row plus the names H's manage-students table reads (``name``,
    ``first_name``, ``last_name``, ``username``; it showed "N/A" without them), ``user_id``,
    ``date_joined``, ``last_login`` and ``enrollment_count``: columns of the same row."""

    profile_pic_url: str
    role: str
    enrolled_courses_count: int
    is_active: bool
    user_id: int
    name: str
    first_name: str
    last_name: str
    username: str
    date_joined: datetime
    last_login: datetime | None
    enrollment_count: int

    @staticmethod
    def resolve_user_id(obj: User) -> int:
        return obj.id

    @staticmethod
    def resolve_name(obj: User) -> str:
        return obj.user_name

    @staticmethod
    def resolve_username(obj: User) -> str:
        return obj.user_name

    @staticmethod
    def resolve_enrollment_count(obj: User) -> int:
        return obj.enrolled_courses_count  # type: ignore[attr-defined]  # the list's annotation


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


class StudentOut(LearnerRefOut):
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


class CourseCompletionStudentOut(Schema):
    """Response profile ``ai_linc``: one student's progress in one course, as the web
    client's manage-students page reads course-completion stats (rows over the
    enrollments ``selectors.course_completion_rows`` loads)."""

    student_id: int
    name: str
    email: str
    course_id: int
    course_title: str
    completed_contents: int
    total_contents: int
    completion_percentage: float
    attended_activities: int
    total_attendance_activities: int
    attendance_percentage: float

    @staticmethod
    def resolve_student_id(row: Enrollment) -> int:
        return row.user_id

    @staticmethod
    def resolve_name(row: Enrollment) -> str:
        return row.user.user_name

    @staticmethod
    def resolve_email(row: Enrollment) -> str:
        return row.user.email

    @staticmethod
    def resolve_course_title(row: Enrollment) -> str:
        return row.course.title

    @staticmethod
    def resolve_completion_percentage(row: Enrollment) -> float:
        return percentage(row.completed_contents, row.total_contents)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_attendance_percentage(row: Enrollment) -> float:
        return percentage(row.attended_activities, row.total_attendance_activities)  # type: ignore[attr-defined]


class CourseCompletionStatsOut(Schema):
    total_courses: int
    completed_courses: int
    in_progress_courses: int
    completion_rate: float
    course_breakdown: list[CourseCompletionRowOut]


class StreakHolderOut(Schema):
    """Response profile ``ai_linc``: a student as the web clients' "streak holders" read them
    from ``student-activity-analytics/`` (students too): name, picture, present streak and
    active days. Nothing else about other students: no e-mail, time, marks or courses."""

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
