"""Student APIs 1-9 and 14 (contract "APIs (Student APIs)"): the learner's dashboard,
leaderboards and certificates. Mounted at ``/api/``; every path runs in the client's schema.

A platform admin visiting a client has no learner rows there: the personal endpoints
answer empty lists / zeros for them.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from ninja import Query, Router

from api.auth import AuthedRequest
from api.pagination import paginate
from core.errors import NotFound
from tenant_apps.dashboard import selectors, services
from tenant_apps.dashboard.periods import date_range, month_parse, utc_today
from tenant_apps.dashboard.schemas import (
    CertificateDetailOut,
    CertificateOut,
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
from tenants.middleware import wants_ai_linc_shapes
from tenants.schema import current_tenant

router = Router(tags=["student dashboard"])

STUDENT = "clients/{client_id}/student/"
HEATMAP_DEFAULT_DAYS = 365
DAILY_TIME_DEFAULT_DAYS = 7
Limit = Query(10, ge=1, le=100)


@router.get(STUDENT + "enrolled-courses/", response=list[EnrolledCourseOut])
def list_enrolled_courses(request: AuthedRequest, client_id: int, response: HttpResponse):
    return paginate(request, response, selectors.enrolled_course_list(actor=request.auth))


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
    object keyed by day with events by content type (docs/real-client.md)."""
    period = date_range(start=start_date, end=end_date, default_days=HEATMAP_DEFAULT_DAYS)
    if wants_ai_linc_shapes(request):
        days = selectors.activity_heatmap_by_type(actor=request.auth, period=period)
        return HeatmapByDayOut.model_validate({"heatmap_data": days})
    return HeatmapOut.model_validate({"heatmap_data": selectors.activity_heatmap(actor=request.auth, period=period)})


@router.get(STUDENT + "user-daily-time-spent/", response=DailyTimeOut)
def get_user_daily_time_spent(
    request: AuthedRequest, client_id: int, start_date: date | None = None, end_date: date | None = None
):
    period = date_range(start=start_date, end=end_date, default_days=DAILY_TIME_DEFAULT_DAYS)
    return selectors.daily_time_spent(actor=request.auth, period=period)


@router.get(STUDENT + "hours-spent-graph/", response=HoursGraphOut)
def get_hours_spent_graph(request: AuthedRequest, client_id: int, period: Literal["week", "month", "year"] = "week"):
    return {"data": selectors.hours_spent_graph(actor=request.auth, period=period)}


@router.get(STUDENT + "daily-progress-leaderboard/", response=list[DailyLeaderOut])
def get_daily_progress_leaderboard(
    request: HttpRequest, client_id: int, day: date | None = Query(None, alias="date"), limit: int = Limit
):
    return selectors.daily_progress_leaderboard(day=day or utc_today(), limit=limit)


@router.get(STUDENT + "monthly-streak/", response=MonthlyStreakOut)
def get_monthly_streak(request: AuthedRequest, client_id: int, month: str | None = None):
    return selectors.monthly_streak(actor=request.auth, month=month_parse(month))


@router.get("clients/{client_id}/overall-leaderboard/", response=list[OverallLeaderOut])
def get_overall_leaderboard(request: HttpRequest, client_id: int, limit: int = Limit):
    return selectors.overall_leaderboard(limit=limit)


@router.get("clients/{client_id}/user-available-certificates/", response=list[CertificateOut])
def list_user_available_certificates(request: AuthedRequest, client_id: int):
    """Issues the certificates of newly completed courses first, then lists them all."""
    services.certificates_issue_due(actor=request.auth)
    return selectors.certificate_list(actor=request.auth)


@router.get(
    "clients/{client_id}/certificates/{certificate_id}/",
    auth=None,
    response=CertificateDetailOut,
    openapi_extra={"description": "An HTML certificate page; JSON when the request accepts application/json."},
)
def get_certificate(request: HttpRequest, client_id: int, certificate_id: int, code: str):
    """Public and shareable: the secret ``code`` of the certificate URL is the key (404
    for a wrong one)."""
    certificate = selectors.certificate_get_by_code(certificate_id=certificate_id, code=code)
    if certificate is None:
        raise NotFound()
    detail = {
        "id": certificate.id,
        "course_id": certificate.course_id,
        "course_title": certificate.course_title,
        "user_name": certificate.user_name,
        "client_name": current_tenant().name,
        "issued_at": certificate.issued_at,
    }
    if "application/json" in request.headers.get("Accept", ""):
        return detail
    return HttpResponse(render_to_string("dashboard/certificate.html", detail), content_type="text/html; charset=utf-8")
