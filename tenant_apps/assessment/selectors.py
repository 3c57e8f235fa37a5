"""Assessment reads. Every list is a bounded number of queries whatever its length.

"The user's" rows are matched by ``actor.local_user_id``: a visiting platform admin has none
here (its public user id may equal some student's id in this schema)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from core.queries import of_user
from shared_apps.billing.models import PaymentTransaction
from shared_apps.billing.selectors import payment_is_verified, payment_latest_verified
from shared_apps.billing.targets import payment_types
from tenant_apps.accounts.actor import Actor
from tenant_apps.assessment.errors import AssessmentNotFound
from tenant_apps.assessment.models import Assessment, Question, Section, Submission


class _QuestionCount(TypedDict):
    question_count: int


# A section as section_list annotates it (and services.section_create sets it on a new one).
# The rows' types exist for the type checker only (WithAnnotations is not subscriptable at run time).
if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    SectionWithCount = WithAnnotations[Section, _QuestionCount]


def assessment_lookup_filter(ref: str | int, prefix: str = "") -> Q:
    """A path's ``{assessment_id}``: all digits is the id, anything else the slug."""
    ref = str(ref).strip()
    if ref.isdigit():
        return Q(**{f"{prefix}id": int(ref)}) if int(ref) < 2**63 else Q(**{f"{prefix}id__in": []})
    return Q(**{f"{prefix}slug": ref})


def assessment_get(*, ref: str | int, active_only: bool = False) -> Assessment:
    qs = Assessment.objects.filter(assessment_lookup_filter(ref))
    if active_only:
        qs = qs.filter(is_active=True)
    assessment = qs.first()
    if assessment is None:
        raise AssessmentNotFound()
    return assessment


def assessment_get_admin(*, ref: str | int) -> Assessment:
    assessment = Assessment.objects.filter(assessment_lookup_filter(ref)).prefetch_related("scholarship_bands").first()
    if assessment is None:
        raise AssessmentNotFound()
    return assessment


def assessment_list_admin() -> QuerySet[Assessment]:
    """Queries: assessments, their bands."""
    return Assessment.objects.prefetch_related("scholarship_bands").order_by("-created_at", "-id")


def assessment_list_active(*, actor: Actor) -> QuerySet[Assessment]:
    """One query: active assessments with ``has_attempted`` for this user."""
    attempted = Submission.objects.filter(of_user(actor.local_user_id), assessment=OuterRef("pk"))
    return (
        Assessment.objects.filter(is_active=True)
        .annotate(has_attempted=Exists(attempted))
        .order_by("-created_at", "-id")
    )


def assessment_detail_get(*, ref: str | int, actor: Actor, client_id: int) -> Assessment:
    """Queries: the assessment with the user's submission status, its sections with
    question counts, its bands; for a paid one, the user's payment in the ledger."""
    submission = Submission.objects.filter(of_user(actor.local_user_id), assessment=OuterRef("pk"))
    assessment = (
        Assessment.objects.filter(assessment_lookup_filter(ref), is_active=True)
        .annotate(has_attempted=Exists(submission), submission_status=Subquery(submission.values("status")[:1]))
        .prefetch_related(
            Prefetch(
                "sections", queryset=Section.objects.annotate(question_count=Count("questions")).order_by("order", "id")
            ),
            "scholarship_bands",
        )
        .first()
    )
    if assessment is None:
        raise AssessmentNotFound()
    assessment.has_paid = not assessment.is_paid or payment_is_verified(
        client_id=client_id, user_id=actor.local_user_id, payment_type="ASSESSMENT", target_key=str(assessment.id)
    )
    return assessment


def assessment_sections_with_questions(*, assessment: Assessment) -> list[Section]:
    """Two queries: the sections, then all their questions."""
    return list(
        assessment.sections.order_by("order", "id").prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("order", "id"))
        )
    )


def section_list(*, assessment: Assessment) -> QuerySet[SectionWithCount]:
    return assessment.sections.annotate(question_count=Count("questions")).order_by("order", "id")


def section_get(*, assessment: Assessment, section_id: int) -> SectionWithCount:
    section = section_list(assessment=assessment).filter(id=section_id).first()
    if section is None:
        raise AssessmentNotFound()
    return section


def question_list(*, section: Section) -> QuerySet[Question]:
    return section.questions.order_by("order", "id")


def question_get(*, assessment: Assessment, question_id: int) -> Question:
    question = Question.objects.select_related("section").filter(id=question_id, section__assessment=assessment).first()
    if question is None:
        raise AssessmentNotFound()
    return question


def submission_get(*, assessment: Assessment, actor: Actor) -> Submission | None:
    return Submission.objects.filter(of_user(actor.local_user_id), assessment=assessment).first()


def submission_list_attempted(*, actor: Actor) -> QuerySet[Submission]:
    """One query: the user's submissions joined with their assessments."""
    return (
        Submission.objects.filter(of_user(actor.local_user_id))
        .select_related("assessment")
        .order_by("-created_at", "-id")
    )


def submission_list_of_user(*, user_id: int) -> QuerySet[Submission]:
    """One query: one user's attempts (newest first) with their assessments, for the admin
    student report."""
    return Submission.objects.filter(user_id=user_id).select_related("assessment").order_by("-created_at", "-id")


def submission_list_admin(*, assessment_ref: str | None = None, status: str | None = None) -> QuerySet[Submission]:
    """One query: submissions joined with user and assessment, optionally filtered."""
    qs = Submission.objects.select_related("assessment", "user").order_by("-created_at", "-id")
    if assessment_ref:
        qs = qs.filter(assessment_lookup_filter(assessment_ref, prefix="assessment__"))
    if status:
        qs = qs.filter(status=status)
    return qs


def payment_for_program(*, client_id: int, actor: Actor, program_id: str) -> PaymentTransaction | None:
    """The user's latest verified payment for ``program_id``: a program slug (or another
    payment type's target), or an assessment's id or slug."""
    targets = [(payment_type, program_id) for payment_type in payment_types() if payment_type != "ASSESSMENT"]
    assessment = Assessment.objects.filter(assessment_lookup_filter(program_id)).only("id").first()
    if assessment is not None:
        targets.append(("ASSESSMENT", str(assessment.id)))
    return payment_latest_verified(client_id=client_id, user_id=actor.local_user_id, targets=targets)
