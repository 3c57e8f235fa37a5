"""Activity API 1-3 (contract), and the submissions the real client sends through API 1.

``POST .../courses/{course_id}/content/{content_id}/`` takes either the contract body
(``activity_type`` view/start/complete, ``metadata``) or, with ``?activity_type=<content
type>&sub_type=...``, a submission: ``{}`` completes an article or video, ``userAnswers``
grades a quiz, ``source_code`` runs or submits a coding problem, ``answer`` submits an
assignment. ``content_id`` is a Content id.
"""

from ninja import Query, Router, Schema, Status

from api.auth import AuthedRequest
from core.errors import FieldErrors
from tenant_apps.activity import services
from tenant_apps.activity.models import ActivityType, UserActivity
from tenant_apps.activity.schemas import (
    ActivityIn,
    ActivityLogIn,
    ActivityLogOut,
    ActivityOut,
    CodeRunOut,
    SubType,
    TrackTimeIn,
    TrackTimeOut,
)
from tenant_apps.lms import grading, selectors
from tenant_apps.lms.models import ContentType
from tenant_apps.lms.schemas import ContentTypeName

router = Router(tags=["activity"])

CONTRACT_TYPES = (ActivityType.VIEW, ActivityType.START, ActivityType.COMPLETE)


class ActivityQuery(Schema):
    activity_type: ContentTypeName | None = None
    sub_type: SubType | None = None


def _activity_out(activity: UserActivity, **extra) -> dict:
    return {"id": activity.id, "activity_type": activity.activity_type, "created_at": activity.created_at, **extra}


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
    actor = request.auth
    course = selectors.course_get_for_learner(course_id=course_id, actor=actor)
    content = selectors.content_get_in_course(course=course, content_id=content_id)
    if query.activity_type is None:
        if payload.activity_type not in CONTRACT_TYPES:
            raise FieldErrors({"activity_type": f"Choose one of {', '.join(CONTRACT_TYPES)}."})
        activity = services.activity_record(
            actor=actor, course=course, content=content, activity_type=payload.activity_type, metadata=payload.metadata
        )
        return Status(201, _activity_out(activity))
    if query.activity_type != content.content_type:
        raise FieldErrors({"activity_type": f"This content is a {content.content_type}."})
    if content.content_type in (ContentType.ARTICLE, ContentType.VIDEO_TUTORIAL):
        activity = services.activity_record(
            actor=actor, course=course, content=content, activity_type=ActivityType.COMPLETE, metadata=payload.metadata
        )
        return Status(201, _activity_out(activity, is_completed=True))
    if content.content_type == ContentType.CODING_PROBLEM and query.sub_type in (None, "runCode", "customRunCode"):
        result = grading.code_run(
            content=content,
            source_code=payload.source_code,
            language_id=payload.language_id,
            stdin=payload.custom_input,
            custom=query.sub_type == "customRunCode" or (query.sub_type is None and payload.custom_input is not None),
        )
        return Status(200, result)
    if content.content_type == ContentType.QUIZ:
        if payload.userAnswers is None:
            raise FieldErrors({"userAnswers": "This field is required."})
        submission, result = grading.quiz_submit(
            content=content, actor=actor, answers=[answer.dict() for answer in payload.userAnswers]
        )
    elif content.content_type == ContentType.CODING_PROBLEM:
        if query.sub_type != "submitCode":
            raise FieldErrors({"sub_type": "Use runCode, customRunCode or submitCode for a coding problem."})
        submission, result = grading.code_submit(
            content=content, actor=actor, source_code=payload.source_code, language_id=payload.language_id
        )
    else:
        submission, result = grading.assignment_submit(content=content, actor=actor, answer=payload.answer)
    services.activity_record(
        actor=actor,
        course=course,
        content=content,
        activity_type=ActivityType.SUBMIT,
        metadata={"submission_id": submission.id, "status": submission.status},
    )
    return Status(
        201,
        {
            "id": submission.id,
            "activity_type": content.content_type,
            "sub_type": query.sub_type or "submitAnswer",
            "created_at": submission.submitted_at,
            "submission_id": submission.id,
            "status": submission.status,
            "score": submission.score,
            "is_completed": result.get("status") == "Accepted" or content.content_type != ContentType.CODING_PROBLEM,
            **{key: value for key, value in result.items() if key not in ("status", "score")},
        },
    )


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
