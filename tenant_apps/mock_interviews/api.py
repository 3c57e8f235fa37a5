"""Mock Interview API 1-4: a student's own interviews, AI questions and AI feedback."""

from django.http import HttpResponse
from ninja import Query, Router, Status

from api.auth import AuthedRequest
from api.pagination import paginate
from api.schemas import ErrorOut
from tenant_apps.accounts.models import User
from tenant_apps.ai import client as ai
from tenant_apps.ai.services import ai_throttle
from tenant_apps.mock_interviews import selectors, services
from tenant_apps.mock_interviews.models import InterviewStatus
from tenant_apps.mock_interviews.schemas import (
    MockInterviewDetailOut,
    MockInterviewFilter,
    MockInterviewIn,
    MockInterviewOut,
    MockInterviewStartOut,
    MockInterviewSubmitIn,
    MockInterviewSubmitOut,
)

router = Router(tags=["mock-interviews"])

BASE = "clients/{client_id}/mock-interviews/"


def _candidate(request: AuthedRequest) -> User:
    """A user of this client; a platform admin has no user row here to own an interview."""
    return request.auth.require_local(action="take mock interviews")


@router.get(BASE, response=list[MockInterviewOut])
def list_mock_interviews(
    request: AuthedRequest, client_id: int, response: HttpResponse, filters: Query[MockInterviewFilter]
):
    interviews = selectors.interview_list(user=_candidate(request), status=filters.status)
    return paginate(request, response, interviews)


@router.post(BASE, response={201: MockInterviewOut})
def create_mock_interview(request: AuthedRequest, client_id: int, payload: MockInterviewIn):
    interview = services.interview_create(user=_candidate(request), **payload.create_fields())
    return Status(201, interview)


@router.get(BASE + "{interview_id}/", response=MockInterviewDetailOut)
def get_mock_interview(request: AuthedRequest, client_id: int, interview_id: int):
    return selectors.interview_get_for_user(interview_id=interview_id, user=_candidate(request))


@router.post(BASE + "{interview_id}/start/", response=MockInterviewStartOut)
def start_mock_interview(request: AuthedRequest, client_id: int, interview_id: int):
    interview = selectors.interview_get_for_user(interview_id=interview_id, user=_candidate(request))
    if ai.ai_configured() and interview.status == InterviewStatus.SCHEDULED:
        ai_throttle(request.auth.throttle_key)
    return services.interview_start(interview=interview)


@router.post(BASE + "{interview_id}/submit/", response={200: MockInterviewSubmitOut, 503: ErrorOut})
def submit_mock_interview(request: AuthedRequest, client_id: int, interview_id: int, payload: MockInterviewSubmitIn):
    interview = selectors.interview_get_for_user(interview_id=interview_id, user=_candidate(request))
    if interview.status == InterviewStatus.IN_PROGRESS:
        ai_throttle(request.auth.throttle_key)
    return services.interview_submit(interview=interview, responses=[item.dict() for item in payload.responses])
