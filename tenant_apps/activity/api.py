"""Activity API 1-3 (contract), and the submissions the real client sends through API 1.

``POST .../courses/{course_id}/content/{content_id}/`` takes either the contract body
(``activity_type`` view/start/complete, ``metadata``) or, with ``?activity_type=<content
type>&sub_type=...``, a submission: ``{}`` completes an article or video, ``userAnswers``
grades a quiz, ``source_code`` runs or submits a coding problem, ``answer`` submits an
assignment. ``content_id`` is a Content id.
"""

from ninja import Query, Router, Status

from api.auth import AuthedRequest
from core.errors import FieldErrors
from tenant_apps.activity import services
from tenant_apps.activity.schemas import (
    ActivityIn,
    ActivityLogIn,
    ActivityLogOut,
    ActivityOut,
    ActivityQuery,
    CodeRunOut,
    TrackTimeIn,
    TrackTimeOut,
)
from tenant_apps.lms import learner_reads

router = Router(tags=["activity"])


@router.post(
    "clients/{client_id}/courses/{course_id}/content/{content_id}/",
    response={200: CodeRunOut, 201: ActivityOut},
    exclude_unset=True,
)
def create_user_activity(
    request: AuthedRequest,
    client_id: int,
    course_id: int,
    content_id: int,
    payload: ActivityIn,
    query: Query[ActivityQuery],
):
    course, content = learner_reads.learner_content(actor=request.auth, course_id=course_id, content_id=content_id)
    outcome = services.content_activity_create(
        actor=request.auth,
        course=course,
        content=content,
        activity_type=payload.activity_type,
        metadata=payload.metadata,
        content_kind=query.activity_type,
        sub_type=query.sub_type,
        answers=[answer.model_dump() for answer in payload.userAnswers] if payload.userAnswers is not None else None,
        source_code=payload.source_code,
        language_id=payload.language_id,
        custom_input=payload.custom_input,
        answer=payload.answer,
    )
    if isinstance(outcome, services.CodeRun):
        return Status(200, outcome.result)
    return Status(201, outcome.fields)


@router.post("clients/{client_id}/activity-log/", response={201: ActivityLogOut})
def create_activity_log(request: AuthedRequest, client_id: int, payload: ActivityLogIn):
    return Status(201, services.activity_log_create(actor=request.auth, action=payload.action, details=payload.details))


@router.post("clients/{client_id}/track-time/", response=TrackTimeOut)
def track_time(request: AuthedRequest, client_id: int, payload: TrackTimeIn):
    if payload.time_spent_seconds is not None:
        return services.platform_time_track(actor=request.auth, seconds=payload.time_spent_seconds)
    if payload.content_id is None or payload.time_spent_minutes is None:
        missing = {"content_id": payload.content_id, "time_spent_minutes": payload.time_spent_minutes}
        raise FieldErrors({field: "This field is required." for field, value in missing.items() if value is None})
    return services.time_track(actor=request.auth, content_id=payload.content_id, minutes=payload.time_spent_minutes)
