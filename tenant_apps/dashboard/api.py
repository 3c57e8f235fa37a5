"""Student APIs 1-9 (contract "APIs (Student APIs)"): the learner's dashboard and
leaderboards (API 14, certificates, is served by ``tenant_apps.certificates``). Mounted
at ``/api/``; every path runs in the client's schema.

A platform admin visiting a client has no learner rows there: the personal endpoints
answer empty lists / zeros for them.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.http import HttpResponse
from ninja import Query, Router

from api.auth import AuthedRequest
from api.pagination import paginate
from api.renderer import json_bytes_response, json_response
from core.errors import FieldErrors
from tenant_apps.dashboard import selectors
from tenant_apps.dashboard.periods import date_range, month_parse
from tenant_apps.dashboard.schemas import (
    ContinueLearningOut,
    DailyLeaderOut,
    DailyTimeOut,
    EnrolledCourseOut,
    HeatmapByDayOut,
    HeatmapOut,
    HoursGraphOut,
    MonthlyStreakOut,
    OverallLeaderOut,
    RecommendedCourseOut,
)
from tenant_apps.lms import learner_reads
from tenants.middleware import wants_ai_linc_shapes
from tenants.timezone import client_zone

router = Router(tags=["student dashboard"])

STUDENT = "clients/{client_id}/student/"
HEATMAP_DEFAULT_DAYS = 365
DAILY_TIME_DEFAULT_DAYS = 7
# The older web build asks the hours graph for ``?range=last-N-days`` (7, 15, 30, ...).
LAST_DAYS_PATTERN = r"^last-[0-9]{1,3}-days$"
MAX_GRAPH_DAYS = 366
Limit = Query(10, ge=1, le=100)
# H's dashboard leaderboard asks the whole board (``limit=10000``) to find the caller's own rank
# when the caller is not in the top rows; with a cap of 100 that was a 400 and no "your rank".
WholeBoardLimit = Query(10, ge=1, le=10_000)


@router.get(STUDENT + "enrolled-courses/", response=list[EnrolledCourseOut])
def list_enrolled_courses(request: AuthedRequest, client_id: int, response: HttpResponse):
    rows = learner_reads.enrolled_courses(actor=request.auth)  # the lms's cached course shapes
    return json_response(paginate(request, response, rows), response)


@router.get(STUDENT + "continue-learning-courses/", response=list[ContinueLearningOut])
def list_continue_learning_courses(request: AuthedRequest, client_id: int, response: HttpResponse):
    return paginate(request, response, selectors.continue_learning_list(actor=request.auth))


@router.get(STUDENT + "recommended-courses/", response=list[RecommendedCourseOut])
def list_recommended_courses(request: AuthedRequest, client_id: int, limit: int = Limit):
    return selectors.recommended_course_list(actor=request.auth, limit=limit)


@router.get(STUDENT + "user-activity-heatmap/", response=HeatmapOut | HeatmapByDayOut)
def get_user_activity_heatmap(
    request: AuthedRequest, client_id: int, start_date: date | None = None, end_date: date | None = None
):
    """The contract's array of days; for a client on the ``ai_linc`` response profile, an
    object keyed by day with events by content type (docs/real-client.md). Up to 731 days of
    plain numbers the selectors build in the schema's shape: rendered as they are, not
    validated day by day (the tests check the answer against the schema)."""
    period = date_range(start=start_date, end=end_date, default_days=HEATMAP_DEFAULT_DAYS, zone=client_zone(request))
    if wants_ai_linc_shapes(request):
        return json_response({"heatmap_data": selectors.activity_heatmap_by_type(actor=request.auth, period=period)})
    return json_response({"heatmap_data": selectors.activity_heatmap(actor=request.auth, period=period)})


@router.get(STUDENT + "user-daily-time-spent/", response=DailyTimeOut)
def get_user_daily_time_spent(
    request: AuthedRequest, client_id: int, start_date: date | None = None, end_date: date | None = None
):
    period = date_range(start=start_date, end=end_date, default_days=DAILY_TIME_DEFAULT_DAYS, zone=client_zone(request))
    return selectors.daily_time_spent(actor=request.auth, period=period)


@router.get(STUDENT + "hours-spent-graph/", response=HoursGraphOut)
def get_hours_spent_graph(
    request: AuthedRequest,
    client_id: int,
    period: Literal["week", "month", "year"] = "week",
    range: str = Query(  # noqa: A002 (the older web build's parameter)
        "last-7-days",
        pattern=LAST_DAYS_PATTERN,
        description="`last-N-days` (N 1-366): the span of `date_range`/`hours_spent` (the older web build).",
    ),
):
    last_days = int(range.split("-")[1])
    if not 1 <= last_days <= MAX_GRAPH_DAYS:
        raise FieldErrors({"range": f"Use last-N-days with N from 1 to {MAX_GRAPH_DAYS}."})
    return selectors.hours_spent_graph(actor=request.auth, period=period, last_days=last_days)


@router.get(STUDENT + "daily-progress-leaderboard/", response=list[DailyLeaderOut])
def get_daily_progress_leaderboard(
    request: AuthedRequest, client_id: int, day: date | None = Query(None, alias="date"), limit: int = Limit
):
    """``date`` defaults to the client's today; the day runs between its local midnights."""
    board = selectors.daily_board(day=day, zone=client_zone(request))
    return json_bytes_response(board.head(limit, request.auth))


@router.get(STUDENT + "monthly-streak/", response=MonthlyStreakOut)
def get_monthly_streak(request: AuthedRequest, client_id: int, month: str | None = None):
    return selectors.monthly_streak(actor=request.auth, month=month_parse(month, client_zone(request)))


@router.get("clients/{client_id}/overall-leaderboard/", response=list[OverallLeaderOut])
def get_overall_leaderboard(request: AuthedRequest, client_id: int, limit: int = WholeBoardLimit):
    """Ranked once per progress/enrollment/authoring version and shared; e-mails per viewer."""
    return json_bytes_response(selectors.overall_board().head(limit, request.auth))
