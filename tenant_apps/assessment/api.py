"""Assessment API 1-9 (students) and Admin Dashboard 26-27 plus assessment authoring.

Every ``{assessment_id}`` accepts the id or the slug.
"""

from typing import TypeVar

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError
from pydantic import ValidationError as PydanticValidationError

from api.auth import AuthedRequest, admin_auth
from api.pagination import paginate
from api.renderer import json_response
from api.schemas import ErrorOut, sent_fields
from core.untrusted_input import json_loads_checked
from core.updates import given
from tenant_apps.assessment import readiness, results, selectors, services, student_reads
from tenant_apps.assessment.schemas import (
    ActiveAssessmentOut,
    AssessmentDetailOut,
    AssessmentIn,
    AssessmentListOut,
    AssessmentOut,
    AssessmentReadinessOut,
    AssessmentResultOut,
    AssessmentUpdateIn,
    AttemptedAssessmentOut,
    FinalSubmitIn,
    FinalSubmitOut,
    PaymentStatusOut,
    QuestionAdminOut,
    QuestionIn,
    QuestionUpdateIn,
    RedeemIn,
    RedeemOut,
    SaveSubmissionIn,
    SaveSubmissionOut,
    ScholarshipBandOut,
    ScholarshipBandsIn,
    ScholarshipReportOut,
    ScholarshipStatusOut,
    SectionIn,
    SectionOut,
    SectionUpdateIn,
    StartOut,
    SubmissionAdminOut,
    SubmissionFilter,
)

router = Router(tags=["assessment"])
admin_router = Router(tags=["assessment-admin"], auth=admin_auth)


# --- students (/assessment/api/) ---------------------------------------------------------


@router.get("client/{client_id}/active-assessments/", response=list[ActiveAssessmentOut])
def list_active_assessments(request: AuthedRequest, client_id: int, response: HttpResponse):
    # The list is cached per client and ``assessment.list`` version, ``has_attempted`` per caller.
    return json_response(
        paginate(request, response, student_reads.active_assessment_rows(actor=request.auth, client_id=client_id)),
        response,
    )


@router.get("client/{client_id}/assessment-details/{assessment_id}/", response=AssessmentDetailOut)
def get_assessment_details(request: AuthedRequest, client_id: int, assessment_id: str):
    return selectors.assessment_detail_get(ref=assessment_id, actor=request.auth, client_id=client_id)


@router.get(
    "client/{client_id}/start-assessment/{assessment_id}/",
    response={200: StartOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def start_assessment(request: AuthedRequest, client_id: int, assessment_id: str):
    """Creates the user's submission, or resumes it (answers saved so far included).
    Questions come without answers. A paid assessment needs a verified payment (403
    ``payment_required`` otherwise)."""
    assessment = selectors.assessment_get(ref=assessment_id, active_only=True)
    submission = services.submission_start(client_id=client_id, assessment=assessment, actor=request.auth)
    return selectors.assessment_start_get(assessment=assessment, submission=submission)


@router.api_operation(
    ["POST", "PUT"],
    "client/{client_id}/assessment-submission/{assessment_id}/",
    response={200: SaveSubmissionOut, 400: ErrorOut, 404: ErrorOut},
)
def save_assessment_submission(request: AuthedRequest, client_id: int, assessment_id: str, payload: SaveSubmissionIn):
    """Autosave: merges the answers into the saved sheet (idempotent). 400 before start
    (``not_started``), after final submit (``already_submitted``) or after the time limit
    (``time_up``)."""
    assessment = selectors.assessment_get(ref=assessment_id, active_only=True)
    submission = services.submission_save(
        assessment=assessment, actor=request.auth, response_sheet=payload.response_sheet
    )
    return submission


S = TypeVar("S", bound=Schema)


def _optional_body(request: HttpRequest, schema: type[S]) -> S | None:
    """An optional JSON body: Ninja refuses an empty body for a declared one. Anything
    but a non-empty JSON body counts as none."""
    if "json" not in (request.content_type or "") or not request.body.strip():
        return None
    data = json_loads_checked(request.body)  # the API parser's checks (NUL, depth, ...)
    try:
        return schema.model_validate(data)
    except PydanticValidationError as exc:
        raise ValidationError([dict(error) for error in exc.errors()]) from exc


@router.api_operation(
    ["POST", "PUT"],
    "client/{client_id}/assessment-submission/{assessment_id}/final/",
    response={200: FinalSubmitOut, 400: ErrorOut, 404: ErrorOut},
    openapi_extra={
        "requestBody": {
            "required": False,
            "content": {"application/json": {"schema": FinalSubmitIn.model_json_schema()}},
        }
    },
)
def final_submit_assessment(request: AuthedRequest, client_id: int, assessment_id: str):
    """Scores on the server, sets the scholarship from the assessment's bands and freezes
    the submission; a second final submit is a 400 (``already_submitted``). The body is
    optional: a ``response_sheet`` sent here is merged first (if time is left)."""
    payload = _optional_body(request, FinalSubmitIn)
    assessment = selectors.assessment_get(ref=assessment_id)
    return services.submission_final_submit(
        assessment=assessment, actor=request.auth, response_sheet=payload.response_sheet if payload else None
    )


@router.post(
    "client/{client_id}/redeem-scholarship/{assessment_id}/", response={200: RedeemOut, 400: ErrorOut, 404: ErrorOut}
)
def redeem_scholarship(request: AuthedRequest, client_id: int, assessment_id: str, payload: RedeemIn):
    """Redeems the offered scholarship once and returns the student's referral code. An
    optional ``referral_code`` must be another student's code (400 on ``referral_code``
    otherwise)."""
    assessment = selectors.assessment_get(ref=assessment_id)
    submission = services.scholarship_redeem(
        assessment=assessment, actor=request.auth, referral_code=payload.referral_code
    )
    return submission


@router.get(
    "client/{client_id}/redeem-scholarship/{assessment_id}/", response={200: ScholarshipReportOut, 404: ErrorOut}
)
def get_scholarship_report(request: AuthedRequest, client_id: int, assessment_id: str):
    """The learner's result and scholarship for the assessment, as the older web build's
    roadmap page reads it (docs/real-client.md, "Scholarship report"); 404 before the final
    submit. Redeeming stays the POST."""
    assessment = selectors.assessment_get(ref=assessment_id)
    return selectors.scholarship_report(assessment=assessment, actor=request.auth, client_id=client_id)


@router.get(
    "client/{client_id}/assessment-readiness/{assessment_id}/",
    response={200: AssessmentReadinessOut, 404: ErrorOut},
)
def get_assessment_readiness(request: AuthedRequest, client_id: int, assessment_id: str):
    """The learner's readiness before an attempt, from their graded practice in their courses
    and their other assessments (docs/real-client.md, "Assessment readiness"). Active
    assessments only."""
    assessment = selectors.assessment_get(ref=assessment_id, active_only=True)
    return readiness.assessment_readiness(assessment=assessment, actor=request.auth)


class ResultQuery(Schema):
    attempt: int | None = Field(None, ge=1, description="An attempt id from `attempts`; the latest when omitted.")


@router.get(
    "client/{client_id}/assessment-result/{assessment_id}/",
    response={200: AssessmentResultOut, 400: ErrorOut, 404: ErrorOut},
)
def get_assessment_result(request: AuthedRequest, client_id: int, assessment_id: str, query: Query[ResultQuery]):
    """The learner's own submitted attempt: score, per-section figures, each question with
    their answer and the right one, time taken, and the proctoring counts their browser
    reported (docs/real-client.md, "Assessment result page"). 404 ``result_not_found``
    before the final submit."""
    assessment = selectors.assessment_get(ref=assessment_id)
    return results.assessment_result(assessment=assessment, actor=request.auth, attempt_id=query.attempt)


@router.get("client/{client_id}/scholarship-assessment-status/{assessment_id}/", response=ScholarshipStatusOut)
def get_scholarship_status(request: AuthedRequest, client_id: int, assessment_id: str):
    assessment = selectors.assessment_get(ref=assessment_id)
    return selectors.scholarship_status_get(assessment=assessment, actor=request.auth)


@router.get("client/{client_id}/payment-status/{program_id}/", response=PaymentStatusOut)
def get_payment_status(request: AuthedRequest, client_id: int, program_id: str):
    """Whether the user has a verified payment for ``program_id``: a program's slug, or an
    assessment's id or slug (the ledger in the public schema is the source)."""
    return selectors.payment_status_get(client_id=client_id, actor=request.auth, program_id=program_id)


@router.get("client/{client_id}/attempted-assessments/", response=list[AttemptedAssessmentOut])
def list_attempted_assessments(request: AuthedRequest, client_id: int, response: HttpResponse):
    return paginate(request, response, selectors.submission_list_attempted(actor=request.auth))


# --- admins (/admin-dashboard/api/) ------------------------------------------------------


@admin_router.get("clients/{client_id}/assessments/", response=list[AssessmentListOut])
def list_assessments(request: HttpRequest, client_id: int, response: HttpResponse):
    return paginate(request, response, selectors.assessment_list_admin())


@admin_router.post("clients/{client_id}/assessments/", response={201: AssessmentOut})
def create_assessment(request: HttpRequest, client_id: int, payload: AssessmentIn):
    """Creates an assessment; ``slug`` comes from the title when omitted (unique per
    client). ``scholarship_bands`` optionally sets the score bands."""
    assessment = services.assessment_create(data=payload.dict())
    return Status(201, selectors.assessment_get_admin(ref=assessment.id))


@admin_router.get("clients/{client_id}/assessments/{assessment_id}/", response=AssessmentOut)
def get_assessment(request: HttpRequest, client_id: int, assessment_id: str):
    return selectors.assessment_get_admin(ref=assessment_id)


@admin_router.api_operation(
    ["PUT", "PATCH"], "clients/{client_id}/assessments/{assessment_id}/", response=AssessmentOut
)
def update_assessment(request: HttpRequest, client_id: int, assessment_id: str, payload: AssessmentUpdateIn):
    """Partial update: only the fields sent change; ``scholarship_bands`` replaces all bands."""
    assessment = selectors.assessment_get(ref=assessment_id)
    services.assessment_update(assessment=assessment, data=sent_fields(payload))
    return selectors.assessment_get_admin(ref=assessment.id)


@admin_router.delete("clients/{client_id}/assessments/{assessment_id}/", response={204: None})
def delete_assessment(request: HttpRequest, client_id: int, assessment_id: str):
    services.assessment_delete(assessment=selectors.assessment_get(ref=assessment_id))
    return Status(204, None)


@admin_router.get(
    "clients/{client_id}/assessments/{assessment_id}/scholarship-bands/", response=list[ScholarshipBandOut]
)
def list_scholarship_bands(request: HttpRequest, client_id: int, assessment_id: str):
    return selectors.assessment_get(ref=assessment_id).scholarship_bands.all()


@admin_router.put(
    "clients/{client_id}/assessments/{assessment_id}/scholarship-bands/", response=list[ScholarshipBandOut]
)
def set_scholarship_bands(request: HttpRequest, client_id: int, assessment_id: str, payload: ScholarshipBandsIn):
    """Replaces the bands: scoring at least ``min_score_percentage`` offers
    ``scholarship_percentage``; the highest band reached wins."""
    assessment = selectors.assessment_get(ref=assessment_id)
    bands = [band.dict() for band in payload.scholarship_bands]
    return services.scholarship_bands_set(assessment=assessment, bands=bands)


@admin_router.get("clients/{client_id}/assessments/{assessment_id}/sections/", response=list[SectionOut])
def list_sections(request: HttpRequest, client_id: int, assessment_id: str):
    return selectors.section_list(assessment=selectors.assessment_get(ref=assessment_id))


@admin_router.post("clients/{client_id}/assessments/{assessment_id}/sections/", response={201: SectionOut})
def create_section(request: HttpRequest, client_id: int, assessment_id: str, payload: SectionIn):
    """``section_type``: ``mcq``, ``text`` (free text) or ``coding``."""
    assessment = selectors.assessment_get(ref=assessment_id)
    return Status(201, services.section_create(assessment=assessment, data=payload.dict()))


@admin_router.get("clients/{client_id}/assessments/{assessment_id}/sections/{section_id}/", response=SectionOut)
def get_section(request: HttpRequest, client_id: int, assessment_id: str, section_id: int):
    return selectors.section_get(assessment=selectors.assessment_get(ref=assessment_id), section_id=section_id)


@admin_router.api_operation(
    ["PUT", "PATCH"], "clients/{client_id}/assessments/{assessment_id}/sections/{section_id}/", response=SectionOut
)
def update_section(request: HttpRequest, client_id: int, assessment_id: str, section_id: int, payload: SectionUpdateIn):
    section = selectors.section_get(assessment=selectors.assessment_get(ref=assessment_id), section_id=section_id)
    return services.section_update(section=section, data=sent_fields(payload))


@admin_router.delete("clients/{client_id}/assessments/{assessment_id}/sections/{section_id}/", response={204: None})
def delete_section(request: HttpRequest, client_id: int, assessment_id: str, section_id: int):
    section = selectors.section_get(assessment=selectors.assessment_get(ref=assessment_id), section_id=section_id)
    services.section_delete(section=section)
    return Status(204, None)


@admin_router.get(
    "clients/{client_id}/assessments/{assessment_id}/sections/{section_id}/questions/",
    response=list[QuestionAdminOut],
)
def list_questions(request: HttpRequest, client_id: int, assessment_id: str, section_id: int):
    section = selectors.section_get(assessment=selectors.assessment_get(ref=assessment_id), section_id=section_id)
    return selectors.question_list(section=section)


@admin_router.post(
    "clients/{client_id}/assessments/{assessment_id}/sections/{section_id}/questions/",
    response={201: QuestionAdminOut},
)
def create_question(request: HttpRequest, client_id: int, assessment_id: str, section_id: int, payload: QuestionIn):
    """MCQ: ``options`` (2+) and ``correct_answer`` (one of them). Text/coding: no options;
    ``correct_answer``/``accepted_answers`` are matched case- and space-insensitively, and
    a question without them is not auto-graded."""
    section = selectors.section_get(assessment=selectors.assessment_get(ref=assessment_id), section_id=section_id)
    return Status(201, services.question_create(section=section, data=payload.dict()))


@admin_router.get("clients/{client_id}/assessments/{assessment_id}/questions/{question_id}/", response=QuestionAdminOut)
def get_question(request: HttpRequest, client_id: int, assessment_id: str, question_id: int):
    return selectors.question_get(assessment=selectors.assessment_get(ref=assessment_id), question_id=question_id)


@admin_router.api_operation(
    ["PUT", "PATCH"],
    "clients/{client_id}/assessments/{assessment_id}/questions/{question_id}/",
    response=QuestionAdminOut,
)
def update_question(
    request: HttpRequest, client_id: int, assessment_id: str, question_id: int, payload: QuestionUpdateIn
):
    question = selectors.question_get(assessment=selectors.assessment_get(ref=assessment_id), question_id=question_id)
    return services.question_update(question=question, data=given(**sent_fields(payload)))


@admin_router.delete("clients/{client_id}/assessments/{assessment_id}/questions/{question_id}/", response={204: None})
def delete_question(request: HttpRequest, client_id: int, assessment_id: str, question_id: int):
    question = selectors.question_get(assessment=selectors.assessment_get(ref=assessment_id), question_id=question_id)
    services.question_delete(question=question)
    return Status(204, None)


@admin_router.get("clients/{client_id}/assessment-submissions/", response=list[SubmissionAdminOut])
def list_assessment_submissions(
    request: HttpRequest, client_id: int, response: HttpResponse, filters: Query[SubmissionFilter]
):
    """Filters: ``assessment_id`` (id or slug), ``status`` (``in_progress``/``submitted``)."""
    qs = selectors.submission_list_admin(
        assessment_ref=filters.assessment_id, status=filters.status.value if filters.status else None
    )
    return paginate(request, response, qs)
