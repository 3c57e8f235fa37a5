"""Response schemas of the student dashboard (Student APIs 1-9, 14).

Percentages and hours are JSON numbers rounded to 2 places, as every decimal of the API
(``api.schemas.JSONDecimal``). Resolvers read only annotated or loaded values.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from ninja import Schema

from api.schemas import JSONDecimal
from tenant_apps.accounts.models import User
from tenant_apps.lms.models import Enrollment
from tenant_apps.lms.schemas import UserBriefOut
from tenant_apps.lms.selectors import percentage

if TYPE_CHECKING:
    from tenant_apps.dashboard.selectors import EnrollmentWithProgress, OverallLeader


class EnrolledCourseOut(Schema):
    id: int
    title: str
    description: str
    completion_percentage: float
    enrolled_at: datetime
    total_contents: int
    completed_contents: int

    @staticmethod
    def resolve_id(row: Enrollment) -> int:
        return row.course_id

    @staticmethod
    def resolve_title(row: Enrollment) -> str:
        return row.course.title

    @staticmethod
    def resolve_description(row: Enrollment) -> str:
        return row.course.description

    @staticmethod
    def resolve_completion_percentage(row: EnrollmentWithProgress) -> float:
        return percentage(row.completed_contents, row.total_contents)


class NextContentOut(Schema):
    id: int
    title: str


class ContinueLearningOut(Schema):
    id: int
    title: str
    last_accessed_at: datetime
    next_content: NextContentOut


class RecommendedCourseOut(Schema):
    id: int
    title: str
    description: str
    reason: str


class HeatmapDayOut(Schema):
    date: date
    count: int
    level: int


class HeatmapOut(Schema):
    heatmap_data: list[HeatmapDayOut]


class DayMinutesOut(Schema):
    date: date
    minutes: int


class DailyTimeOut(Schema):
    daily_time: list[DayMinutesOut]
    total_minutes: int


class HoursBucketOut(Schema):
    period: str
    hours: JSONDecimal


class HoursGraphOut(Schema):
    data: list[HoursBucketOut]


class _LeaderRowOut(Schema):
    """A leaderboard row: the ranked User itself is the ``user``."""

    user: UserBriefOut

    @staticmethod
    def resolve_user(row: User) -> User:
        return row


class DailyLeaderOut(_LeaderRowOut):
    score: int
    rank: int


class OverallLeaderOut(_LeaderRowOut):
    total_score: int
    rank: int

    @staticmethod
    def resolve_total_score(row: OverallLeader) -> int:
        return int(Decimal(row.total).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


class MonthlyStreakOut(Schema):
    current_streak: int
    longest_streak: int
    monthly_days: list[int]


class CertificateOut(Schema):
    id: int
    course_id: int | None
    course_title: str
    certificate_url: str
    issued_at: datetime


class CertificateDetailOut(Schema):
    id: int
    course_id: int | None
    course_title: str
    user_name: str
    client_name: str
    issued_at: datetime
