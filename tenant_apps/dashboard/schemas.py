"""Response schemas of the student dashboard (Student APIs 1-9, 14).

Percentages and hours are JSON numbers rounded to 2 places, as every decimal of the API
(``api.schemas.JSONDecimal``). Resolvers read only annotated or loaded values.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Literal

from ninja import Field, Schema

from api.schemas import JSONDecimal
from tenant_apps.accounts.models import User
from tenant_apps.lms.schemas import CourseCardHeadOut, CourseHeadOut, LeaderPersonOut, UserBriefOut

if TYPE_CHECKING:
    from tenant_apps.dashboard.selectors import DailyLeader
    from tenant_apps.lms.selectors import LeaderboardRow


class EnrolledCourseOut(CourseCardHeadOut):
    completion_percentage: float
    enrolled_at: datetime
    total_contents: int
    completed_contents: int


class NextContentOut(Schema):
    id: int
    title: str


class ContinueLearningOut(CourseCardHeadOut):
    last_accessed_at: datetime
    next_content: NextContentOut


class RecommendedCourseOut(CourseHeadOut):
    reason: str


class HeatmapDayOut(Schema):
    date: date
    count: int
    level: int


class HeatmapOut(Schema):
    heatmap_data: list[HeatmapDayOut]


class HeatmapTypesOut(Schema):
    """One day of the web client's heatmap: events by content type, and all of them."""

    Quiz: int  # noqa: N815 (the web client's keys)
    Article: int  # noqa: N815
    Assignment: int  # noqa: N815
    CodingProblem: int  # noqa: N815
    DevCodingProblem: int  # noqa: N815
    VideoTutorial: int  # noqa: N815
    total: int


class HeatmapByDayOut(Schema):
    """Response profile ``ai_linc``: the heatmap as an object keyed ``YYYY-MM-DD``."""

    heatmap_data: dict[str, HeatmapTypesOut]


class DayMinutesOut(Schema):
    date: date
    minutes: int


class DailyTimeOut(Schema):
    daily_time: list[DayMinutesOut]
    total_minutes: int
    timespent: int = Field(..., description="Minutes of the range's last day (today by default); the older web build.")
    units: Literal["minutes"] = Field(..., description="The unit of `timespent`.")


class HoursBucketOut(Schema):
    period: str
    hours: JSONDecimal


class HoursGraphOut(Schema):
    data: list[HoursBucketOut]
    date_range: list[date] = Field(
        ..., description="The last `range` days (default 7), oldest first; the older web build."
    )
    hours_spent: list[JSONDecimal] = Field(..., description="Hours tracked on each day of `date_range`.")
    units: Literal["hours"] = Field(..., description="The unit of `hours_spent`.")


class _LeaderRowOut(LeaderPersonOut):
    """A leaderboard row: the ranked User itself is the ``user`` (and the flat fields)."""

    user: UserBriefOut

    @staticmethod
    def resolve_user(row: User) -> User:
        return row


class TimeProgressOut(Schema):
    hours: int
    minutes: int


class DailyLeaderOut(_LeaderRowOut):
    """``score`` = 10 points per content completed that day + 1 per minute tracked that day."""

    score: int
    rank: int
    completed_contents: int = Field(..., description="Contents completed that day.", validation_alias="completed_today")
    minutes: int = Field(..., description="Minutes tracked that day.", validation_alias="minutes_today")
    progress: TimeProgressOut = Field(..., description="The minutes tracked that day as hours and minutes.")
    seconds: int = Field(..., description="The time tracked that day in seconds.")

    @staticmethod
    def resolve_progress(row: DailyLeader) -> dict[str, int]:
        hours, minutes = divmod(row.minutes_today, 60)
        return {"hours": hours, "minutes": minutes}

    @staticmethod
    def resolve_seconds(row: DailyLeader) -> int:
        return row.minutes_today * 60


class OverallLeaderOut(_LeaderRowOut):
    """``score`` = ``marks`` (best scores summed over the user's courses) + 10 points per
    completed content; ``total_score`` (the contract's integer) is ``score`` rounded."""

    total_score: int
    rank: int
    marks: JSONDecimal
    score: JSONDecimal
    completed_contents: int
    course_name: str = Field(
        description="The title of the course the learner enrolled in last (the board spans all their courses)."
    )

    @staticmethod
    def resolve_total_score(row: LeaderboardRow) -> int:
        return int(Decimal(row.score).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


class MonthlyStreakOut(Schema):
    """The contract's numbers, plus the month as both web clients draw it: ``year``, ``month``
    and ``streak`` (every day of the month, ``YYYY-MM-DD`` → active), which their streak
    calendars read (docs/real-client.md, "Monthly streak")."""

    current_streak: int
    longest_streak: int
    monthly_days: list[int]
    year: int
    month: int = Field(description="1-12")
    streak: dict[str, bool] = Field(description="Every day of the month (YYYY-MM-DD) → whether it was active.")
