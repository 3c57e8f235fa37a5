"""Assessment reads. Every list is a bounded number of queries whatever its length.

"The user's" rows are matched by ``actor.local_user_id``: a visiting platform admin has none
here (its public user id may equal some student's id in this schema)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, TypedDict

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.queries import of_user
from core.untrusted_input import BIGINT_MAX, whole_number_from_text
from shared_apps.billing.models import PaymentTransaction, TransactionStatus
from shared_apps.billing.selectors import payment_latest_verified, payment_statuses, payment_verified_keys
from shared_apps.billing.targets import payment_types
from tenant_apps.accounts.actor import Actor
from tenant_apps.assessment.errors import AssessmentNotFound, ResultNotFound
from tenant_apps.assessment.grading import answer_keys, section_tallies
from tenant_apps.assessment.models import Assessment, Question, Section, SectionType, Submission, SubmissionStatus

# Saves arriving this long after the deadline still count (network latency).
DEADLINE_GRACE = timedelta(seconds=30)


def learner_status(
    *, submission_status: str | None, deadline_at: datetime | None, end_time: datetime | None, now: datetime
) -> str:
    """Where the learner stands on an assessment, in the web clients' words (their pages
    branch on it: start, resume, view the result; docs/real-client.md, "Learner status"):
    ``submitted`` once final-submitted; ``in_progress`` while a started attempt has time
    left; ``expired`` when it cannot be answered any more (a started attempt past its time
    limit, graded from what was saved on the next start or final submit; or no attempt and
    the assessment's window closed); else ``not_started``."""
    if submission_status == SubmissionStatus.SUBMITTED:
        return "submitted"
    if submission_status == SubmissionStatus.IN_PROGRESS:
        if deadline_at is None or now <= deadline_at + DEADLINE_GRACE:
            return "in_progress"
        return "expired"
    if end_time is not None and now >= end_time:
        return "expired"
    return "not_started"


def txn_status(statuses: list[str]) -> str | None:
    """The older build's ``txn_status`` from the user's payments for one target, newest
    first: ``paid`` once one is verified, else the latest's ``pending`` (an order not paid
    yet) or ``failed``; None without any."""
    if TransactionStatus.VERIFIED in statuses:
        return "paid"
    if not statuses:
        return None
    return "pending" if statuses[0] == TransactionStatus.CREATED else "failed"


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
    number = whole_number_from_text(ref)
    if number is not None:
        return Q(**{f"{prefix}id": number}) if number <= BIGINT_MAX else Q(**{f"{prefix}id__in": []})
    return Q(**{f"{prefix}slug": ref})


def assessment_get(*, ref: str | int, active_only: bool = False) -> Assessment:
    qs = Assessment.objects.filter(assessment_lookup_filter(ref))
    if active_only:
        qs = qs.filter(is_active=True)
    assessment = qs.first()
    if assessment is None:
        raise AssessmentNotFound()
    return assessment


def _count_of(rows: QuerySet[Any], group: str) -> Coalesce:
    """A correlated ``COUNT(*)`` of ``rows`` per assessment (``group``: the path to it), 0
    when there are none: part of the assessment's own statement."""
    counted = rows.order_by().values(group).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted), 0)


def _question_count() -> Coalesce:
    """The assessment's questions, every section's: part of its own statement."""
    return _count_of(Question.objects.filter(section__assessment=OuterRef("pk")), "section__assessment")


def _sections_of(section_type: str) -> Coalesce:
    return _count_of(Section.objects.filter(assessment=OuterRef("pk"), section_type=section_type), "assessment")


def assessment_admin_rows() -> QuerySet[Assessment]:
    """Assessments with the counts the web clients' admin pages read (``total_questions``,
    ``quiz_sections_count``, ``coding_sections_count``, ``submissions_count`` and, for
    ``pass_rate``, the submitted and the passing attempts) and their bands: 2 statements
    whatever their number."""
    submissions = Submission.objects.filter(assessment=OuterRef("pk"))
    submitted = submissions.filter(status=SubmissionStatus.SUBMITTED)
    return Assessment.objects.annotate(
        total_questions=_question_count(),
        quiz_sections_count=_sections_of(SectionType.MCQ),
        coding_sections_count=_sections_of(SectionType.CODING),
        submissions_count=_count_of(submissions, "assessment"),
        submitted_count=_count_of(submitted, "assessment"),
        # No row passes when the assessment has no pass percentage (NULL compares false).
        passed_count=_count_of(submitted.filter(score__gte=OuterRef("pass_percentage")), "assessment"),
    ).prefetch_related("scholarship_bands")


def assessment_get_admin(*, ref: str | int) -> Assessment:
    """Queries: the assessment with its counts, its bands, its multiple-choice sections, their
    questions (``quiz_sections``: the composer's, in order)."""
    quiz_sections = Prefetch(
        "sections",
        queryset=Section.objects.filter(section_type=SectionType.MCQ)
        .order_by("order", "id")
        .prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("order", "id"))),
        to_attr="quiz_sections",
    )
    assessment = assessment_admin_rows().filter(assessment_lookup_filter(ref)).prefetch_related(quiz_sections).first()
    if assessment is None:
        raise AssessmentNotFound()
    return assessment


def assessment_list_admin() -> QuerySet[Assessment]:
    """Queries: assessments with their counts, their bands."""
    return assessment_admin_rows().order_by("-created_at", "-id")


def assessment_list_active(*, actor: Actor | None) -> QuerySet[Assessment]:
    """One query: active assessments with ``has_attempted`` for this user (None: nobody's,
    the shared part ``active_assessment_rows`` caches)."""
    attempted = Submission.objects.filter(
        of_user(actor.local_user_id if actor is not None else None), assessment=OuterRef("pk")
    )
    return (
        Assessment.objects.filter(is_active=True)
        .annotate(has_attempted=Exists(attempted), **_content_counts())
        .order_by("-created_at", "-id")
    )


def _content_counts() -> dict[str, Any]:
    """``number_of_sections`` and ``number_of_questions`` as correlated counts in the list's own
    query (the newer build's list cards print them; docs/real-client.md, "Taking an assessment")."""
    return {
        "number_of_sections": _count_of(Section.objects.filter(assessment=OuterRef("pk")), "assessment"),
        "number_of_questions": _question_count(),
    }


_ATTEMPTS_SQL = f'SELECT assessment_id, status, deadline_at FROM "{Submission._meta.db_table}" WHERE user_id = %s'  # noqa: S608


def assessment_attempts(*, user_id: int | None) -> dict[int, tuple[str, datetime | None]]:
    """1 statement (none without a user row here): assessment id -> the status and deadline
    of ``user_id``'s submission of it (one per user and assessment), for ``has_attempted``
    and the learner's ``status``; precomposed: the ORM compiled it per request."""
    if user_id is None:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(_ATTEMPTS_SQL, [user_id])
        return {assessment_id: (status, deadline) for assessment_id, status, deadline in cursor.fetchall()}


def assessments_paid_for(*, client_id: int, user_id: int | None) -> set[int]:
    """1 statement in the ledger: the assessments ``user_id`` holds a verified payment for."""
    keys = payment_verified_keys(client_id=client_id, user_id=user_id, payment_type="ASSESSMENT")
    return {int(key) for key in keys if key.isdigit()}


def assessment_detail_get(*, ref: str | int, actor: Actor, client_id: int) -> Assessment:
    """Queries: the assessment with the user's submission status, its sections with
    question counts, its bands; for a paid one, the user's payments in the ledger
    (``has_paid``, ``txn_status``)."""
    submission = Submission.objects.filter(of_user(actor.local_user_id), assessment=OuterRef("pk"))
    assessment = (
        Assessment.objects.filter(assessment_lookup_filter(ref), is_active=True)
        .annotate(
            has_attempted=Exists(submission),
            submission_status=Subquery(submission.values("status")[:1]),
            submission_deadline=Subquery(submission.values("deadline_at")[:1]),
        )
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
    statuses = (
        payment_statuses(
            client_id=client_id, user_id=actor.local_user_id, payment_type="ASSESSMENT", target_key=str(assessment.id)
        )
        if assessment.is_paid
        else []
    )
    assessment.txn_status = txn_status(statuses)
    assessment.has_paid = not assessment.is_paid or assessment.txn_status == "paid"
    assessment.viewer_status = learner_status(
        submission_status=assessment.submission_status,
        deadline_at=assessment.submission_deadline,
        end_time=assessment.end_time,
        now=timezone.now(),
    )
    return assessment


def assessment_sections_with_questions(*, assessment: Assessment) -> list[Section]:
    """Two queries: the sections, then all their questions."""
    return list(
        assessment.sections.order_by("order", "id").prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("order", "id"))
        )
    )


def assessment_question_ids(*, assessment: Assessment) -> dict[str, set[str]]:
    """One query: section id -> its question ids, as text (the answer sheet's keys); sections
    without questions included."""
    ids: dict[str, set[str]] = {}
    for section_id, question_id in assessment.sections.values_list("id", "questions__id"):
        questions = ids.setdefault(str(section_id), set())
        if question_id is not None:
            questions.add(str(question_id))
    return ids


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


# A section (the assessment's "topic") counts among the learner's strong skills from this
# accuracy on, among the weak ones below it (the result report's ``top_skills``/``low_skills``).
STRONG_ACCURACY = Decimal(60)


class TopicStats(TypedDict):
    total: int
    correct: int
    incorrect: int
    accuracy_percent: Decimal
    rating_out_of_5: Decimal


class SkillStats(TopicStats):
    skill: str


def _percent(part: int | Decimal, whole: int | Decimal) -> Decimal:
    return (
        (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if whole
        else Decimal(0)
    )


def answer_key_public(*, assessment: Assessment) -> bool:
    """Whether the right options and the verdicts may be shown: only once nobody can answer any more (the
    window's ``end_time`` has passed and no attempt is still open). Before that, one final
    submit with any answers, by a second account or a friend who has finished, would hand the
    key to everyone still taking it. At most 1 query (none while the window is open)."""
    now = timezone.now()
    if assessment.end_time is None or assessment.end_time > now:
        return False
    still_open = Submission.objects.filter(assessment=assessment, status=SubmissionStatus.IN_PROGRESS).filter(
        Q(deadline_at__isnull=True) | Q(deadline_at__gt=now)
    )
    return not still_open.exists()


def _counts_said_by_the_score(*, sections: list[Section], correct: int, total: int, submission: Submission) -> bool:
    """Whether the number of right answers follows from the stored score alone: every
    auto-graded question carries the same marks and ``correct`` of them make the score, or
    the score is 0 with none right, or full marks with all right. Otherwise (marks differ, or
    the questions changed since the final submit) the count tells which questions were
    right beyond what the score says."""
    obtained, maximum = submission.marks_obtained or Decimal(0), submission.max_marks or Decimal(0)
    if (obtained == 0 and correct == 0) or (obtained == maximum and correct == total):
        return True
    marks = {q.marks for section in sections for q in section.questions.all() if answer_keys(q)}
    return len(marks) == 1 and correct * marks.pop() == obtained


def result_stats(
    *, assessment: Assessment, submission: Submission, sections: list[Section], key_public: bool
) -> dict[str, Any]:
    """1 query (the attempts' standing, one aggregate) over the loaded ``sections`` (with their
    questions): the figures of a submitted attempt that the scholarship report and the result
    page share.

    While the answer key is withheld (``key_public`` false: ``answer_key_public``) the
    figures say nothing the score does not: no per-section tallies (``topic_wise_stats``
    empty, no ``top_skills``/``low_skills``: a section of one question showed that question's
    verdict, and by elimination the key), and the counts of right and wrong answers and the
    accuracy only when the score already says them (``_counts_said_by_the_score``), else
    null. The score, the percentile (scores only), the questions attempted and the times stay."""
    tallies = section_tallies(sections=sections, response_sheet=submission.response_sheet)
    score = submission.score or Decimal(0)
    marks_obtained = submission.marks_obtained or Decimal(0)
    attempts = Submission.objects.filter(assessment=assessment, status="submitted")
    standing = attempts.aggregate(total=Count("id"), at_or_below=Count("id", filter=Q(score__lte=score)))
    total = sum(t["total"] for t in tallies)
    attempted = sum(t["attempted"] for t in tallies)
    correct = sum(t["correct"] for t in tallies)
    topics: dict[str, TopicStats] = {}
    if key_public:
        topics = {
            t["section"].title: {
                "total": t["total"],
                "correct": t["correct"],
                "incorrect": t["incorrect"],
                "accuracy_percent": _percent(t["correct"], t["total"]),
                "rating_out_of_5": (_percent(t["correct"], t["total"]) / 20).quantize(Decimal("0.01")),
            }
            for t in tallies
            if t["total"]
        }
    counts_shown = key_public or _counts_said_by_the_score(
        sections=sections, correct=correct, total=total, submission=submission
    )
    skills: list[SkillStats] = sorted(
        ({"skill": title, **row} for title, row in topics.items()),
        key=lambda row: (-row["accuracy_percent"], row["skill"]),
    )
    taken = None
    if submission.submitted_at is not None:
        taken = Decimal((submission.submitted_at - submission.started_at).total_seconds() / 60).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    return {
        "total_questions": total,
        "attempted_questions": attempted,
        "correct_answers": correct if counts_shown else None,
        "incorrect_answers": attempted - correct if counts_shown else None,
        "score": marks_obtained,
        "maximum_marks": submission.max_marks or Decimal(0),
        "accuracy_percent": _percent(correct, total) if counts_shown else None,
        "percentile": _percent(standing["at_or_below"], standing["total"]),
        "time_taken_minutes": taken,
        "total_time_minutes": assessment.duration_minutes,
        "percentage_time_taken": (
            _percent(taken, assessment.duration_minutes) if taken is not None and assessment.duration_minutes else None
        ),
        "topic_wise_stats": topics,
        "top_skills": [row for row in skills if row["accuracy_percent"] >= STRONG_ACCURACY],
        "low_skills": [row for row in reversed(skills) if row["accuracy_percent"] < STRONG_ACCURACY],
    }


def scholarship_report(*, assessment: Assessment, actor: Actor, client_id: int) -> dict[str, Any]:
    """6 queries: the learner's submitted attempt (404 ``result_not_found`` before the final
    submit), the sections, their questions, the attempts' standing (one aggregate), the
    program's assessment and the payments ledger (``payment_for_program``); a 7th once the
    window has ended (``answer_key_public``: the per-section figures wait for the key).

    The older web build's roadmap page (``GET …/redeem-scholarship/{id}/``, docs/real-client.md
    "Scholarship report"): the score, the scholarship and what the program costs after it,
    and per section (the assessment's topics) the questions answered right and wrong."""
    submission = submission_get(assessment=assessment, actor=actor)
    if submission is None or submission.status != "submitted":
        raise ResultNotFound()
    stats = result_stats(
        assessment=assessment,
        submission=submission,
        sections=assessment_sections_with_questions(assessment=assessment),
        key_public=answer_key_public(assessment=assessment),
    )
    scholarship = submission.offered_scholarship_percentage or Decimal(0)
    program_price = assessment.program_amount
    payable = None
    if program_price is not None:
        payable = (program_price * (100 - scholarship) / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    paid = payment_for_program(
        client_id=client_id, actor=actor, program_id=assessment.program_slug or str(assessment.id)
    )
    return {
        "submission": submission,
        "message": "Scholarship redeemed" if submission.is_redeemed else "Scholarship offered",
        "percentage_scholarship": scholarship,
        "score": submission.marks_obtained or Decimal(0),
        "maximum_marks": submission.max_marks or Decimal(0),
        "total_amount": program_price,
        "payable_amount": payable,
        "assessment_price": assessment.amount,
        "is_paid": paid is not None,
        "txn_status": "PAID" if paid is not None else "VERIFIED",
        "stats": {**stats, "offered_scholarship_percentage": scholarship},
    }


def assessments_with_window_since(*, since: datetime, limit: int) -> QuerySet[Assessment]:
    """1 query: active assessments with a window (either end set) not over before ``since``,
    with the fields a calendar event needs."""
    return (
        Assessment.objects.filter(is_active=True)
        .filter(Q(start_time__isnull=False) | Q(end_time__isnull=False))
        .filter(Q(end_time__gte=since) | Q(end_time__isnull=True, start_time__gte=since))
        .order_by("start_time", "end_time", "id")
        .only("id", "title", "description", "slug", "start_time", "end_time", "updated_at")[:limit]
    )


@dataclass(frozen=True)
class AssessmentStart:
    """What starting (or resuming) answers: the assessment with its sections and questions
    loaded (``assessment_start_get``), and the user's submission."""

    assessment: Assessment
    submission: Submission

    @property
    def sections(self) -> list[Section]:
        return list(self.assessment.sections.all())

    def sections_of(self, section_type: str) -> list[Section]:
        return [section for section in self.sections if section.section_type == section_type]

    @property
    def remaining_minutes(self) -> Decimal | None:
        """Minutes left until the deadline (0 once past or submitted); None when untimed."""
        deadline = self.submission.deadline_at
        if deadline is None:
            return None
        if self.submission.status == SubmissionStatus.SUBMITTED:
            return Decimal(0)
        seconds = max(0, int((deadline - timezone.now()).total_seconds()))
        return (Decimal(seconds) / 60).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def assessment_start_get(*, assessment: Assessment, submission: Submission) -> AssessmentStart:
    """2 queries: the assessment's sections and all their questions, in order, loaded onto it."""
    prefetch_related_objects(
        [assessment],
        Prefetch(
            "sections",
            queryset=Section.objects.order_by("order", "id").prefetch_related(
                Prefetch("questions", queryset=Question.objects.order_by("order", "id"))
            ),
        ),
    )
    return AssessmentStart(assessment=assessment, submission=submission)


@dataclass(frozen=True)
class ScholarshipStatus:
    """The user's submission of an assessment, if any (``ScholarshipStatusOut`` reads it)."""

    submission: Submission | None
    end_time: datetime | None = None

    @property
    def status(self) -> str:
        """The learner's status (``learner_status``)."""
        submission = self.submission
        return learner_status(
            submission_status=submission.status if submission else None,
            deadline_at=submission.deadline_at if submission else None,
            end_time=self.end_time,
            now=timezone.now(),
        )

    @property
    def submitted(self) -> Submission | None:
        """The submission once final-submitted, else None."""
        submission = self.submission
        return submission if submission is not None and submission.status == SubmissionStatus.SUBMITTED else None


def scholarship_status_get(*, assessment: Assessment, actor: Actor) -> ScholarshipStatus:
    """1 query."""
    return ScholarshipStatus(
        submission=submission_get(assessment=assessment, actor=actor), end_time=assessment.end_time
    )


@dataclass(frozen=True)
class PaymentStatus:
    """``program_id`` as asked, and the user's latest verified payment for it, if any."""

    program_id: str
    transaction: PaymentTransaction | None


def payment_status_get(*, client_id: int, actor: Actor, program_id: str) -> PaymentStatus:
    """``payment_for_program`` with the id it was asked for."""
    return PaymentStatus(
        program_id=program_id,
        transaction=payment_for_program(client_id=client_id, actor=actor, program_id=program_id),
    )


# --- an admin's reset of one student's progress (tenant_apps.admin_dashboard) ----------------


def assessment_ids_present(*, assessment_ids: list[int]) -> set[int]:
    """1 query: which of ``assessment_ids`` name an assessment of the current schema."""
    return set(Assessment.objects.filter(id__in=assessment_ids).values_list("id", flat=True))


def _kept_on_reset() -> Q:
    """Attempts a progress reset never removes: a redeemed scholarship (a discount the student
    may have paid a program with) and an attempt whose referral code other students used
    (their redemptions point at it)."""
    return Q(is_redeemed=True) | Q(Exists(Submission.objects.filter(referred_by_id=OuterRef("pk"))))


def reset_submissions(*, user_id: int, assessment_ids: list[int] | None) -> QuerySet[Submission]:
    """The student's attempts a progress reset removes (of ``assessment_ids``, every
    assessment when None), all but ``_kept_on_reset``. Payments are in the billing tables
    and are never touched: a paid assessment stays paid, so the student may start it again."""
    qs = Submission.objects.filter(user_id=user_id)
    if assessment_ids is not None:
        qs = qs.filter(assessment_id__in=assessment_ids)
    return qs.exclude(_kept_on_reset())


def reset_submission_counts(*, user_id: int, assessment_ids: list[int] | None) -> tuple[int, int]:
    """1 query: how many of the student's attempts a reset removes, and how many it keeps."""
    qs = Submission.objects.filter(user_id=user_id)
    if assessment_ids is not None:
        qs = qs.filter(assessment_id__in=assessment_ids)
    kept = _kept_on_reset()
    totals = qs.aggregate(removed=Count("id", filter=~kept), kept=Count("id", filter=kept))
    return totals["removed"], totals["kept"]


# --- a certificate's source (tenant_apps.certificates) -------------------------------------


def submitted_submission_get(*, submission_id: int) -> Submission | None:
    """1 query: a submitted attempt with its assessment and user (None when it is missing or
    not submitted), for the certificate it may earn."""
    return (
        Submission.objects.select_related("assessment", "user")
        .filter(id=submission_id, status=SubmissionStatus.SUBMITTED)
        .first()
    )
