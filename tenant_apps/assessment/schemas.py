import re
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, Literal, Self, TypeVar

from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import (
    AliasPath,
    BeforeValidator,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

from api.schemas import InDateTime, JSONDecimal, LetteredOptions
from core.errors import FieldErrors
from shared_apps.billing.services import SUPPORTED_CURRENCIES
from tenant_apps.accounts.models import User
from tenant_apps.assessment.client_sheet import contract_sheet_to_client
from tenant_apps.assessment.models import Assessment, Question, Section, SectionType, Submission, SubmissionStatus
from tenant_apps.assessment.selectors import AssessmentStart, PaymentStatus, ScholarshipStatus
from tenant_apps.lms.client_builder import BuilderMCQIn, question_check

QuestionT = TypeVar("QuestionT", bound=Schema)
# A section's questions (prefetched by ``selectors.assessment_start_get`` or
# ``assessment_get_admin``) under whatever name a section schema gives them: the field reads
# ``section.questions`` (Ninja lists a related manager).
SectionQuestions = Annotated[list[QuestionT], Field(validation_alias="questions")]


def learner_instructions(assessment: Assessment, sections: Any) -> str:
    """The instructions the learners' pages show: the assessment's own (the composer's
    ``instructions``), else its sections' in order (an assessment authored through the
    contract has none of its own)."""
    if assessment.instructions:
        return assessment.instructions
    return "\n\n".join(section.instructions for section in sections if section.instructions)


# --- admin authoring ---------------------------------------------------------------------


class ScholarshipBandIn(Schema):
    min_score_percentage: Decimal = Field(..., ge=0, le=100, max_digits=5, decimal_places=2)
    scholarship_percentage: Decimal = Field(..., ge=0, le=100, max_digits=5, decimal_places=2)


class ScholarshipBandOut(Schema):
    min_score_percentage: JSONDecimal
    scholarship_percentage: JSONDecimal


class ScholarshipBandsIn(Schema):
    scholarship_bands: list[ScholarshipBandIn] = Field(..., max_length=50)


class ComposerSectionIn(Schema):
    """The older build's one quiz section (docs/real-client.md, "V's admin area"): the
    assessment's multiple-choice section, made on first use."""

    title: str = Field(..., min_length=1, max_length=255)
    description: str | None = Field(None, description="The section's `instructions`.")
    order: int = Field(1, ge=0)
    number_of_questions: int | None = Field(None, description="Accepted and not stored: the section counts its own.")


class ComposerMCQIn(BuilderMCQIn):
    """A question the composer writes: the question bank's shapes, and its ``marks`` (stored
    on the assessment's question, so checked as the question routes check them)."""

    marks: Decimal | None = Field(
        None, gt=0, max_digits=6, decimal_places=2, description="The question's marks; 1 when omitted."
    )


class ComposerFields(Schema):
    """The older build's assessment composer, beside the contract's fields: ``quiz_section``
    and its questions, as new questions (``mcqs``, in the question bank's shapes) and as
    question-bank ids (``mcq_ids``, copied in). The questions sent are added to the quiz
    section (created when the assessment has none) in the same transaction."""

    quiz_section: ComposerSectionIn | None = None
    mcqs: list[ComposerMCQIn] | None = Field(
        None, max_length=200, description="New multiple-choice questions, added to the quiz section."
    )
    mcq_ids: list[int] | None = Field(
        None, max_length=200, description="Question-bank ids: their questions are copied into the quiz section."
    )
    price: Decimal | None = Field(
        None,
        ge=0,
        max_digits=10,
        decimal_places=2,
        description="The web clients' name for `amount` (a number or a numeric string); null: no price (0). "
        "Sent with `amount`, the two must agree.",
    )
    currency: str | None = Field(
        None,
        description=f"The price's ISO 4217 code. Payments charge {', '.join(SUPPORTED_CURRENCIES)} only, "
        "so that is the one accepted (case-insensitive); any other code is a 400.",
    )

    @field_validator("currency", mode="after")
    @classmethod
    def _currency(cls, value: str | None) -> str | None:
        """A price is charged as it is stored: a code payments cannot charge is refused,
        never stored beside a price they would charge in another currency."""
        if value is None:
            return None
        code = value.strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise FieldErrors({"currency": "Use a three-letter ISO 4217 code, e.g. INR."})
        if code not in SUPPORTED_CURRENCIES:
            raise FieldErrors(
                {"currency": f"Unsupported currency: payments charge {', '.join(SUPPORTED_CURRENCIES)} only."}
            )
        return code

    @model_validator(mode="after")
    def _price_is_amount(self) -> Self:
        """``price`` (the web clients') becomes ``amount`` (the contract's), which both
        subclasses declare; a body with both must give one value."""
        if "price" in self.model_fields_set:
            price = self.price if self.price is not None else Decimal("0")
            if "amount" in self.model_fields_set and getattr(self, "amount", None) != price:
                raise FieldErrors({"price": "Disagrees with `amount`: send one of the two."})
            setattr(self, "amount", price)  # noqa: B010 (declared by the subclasses)
        return self

    @model_validator(mode="before")
    @classmethod
    def _questions(cls, data: Any) -> Any:
        body = data._obj if isinstance(data, DjangoGetter) else data
        questions = body.get("mcqs") if isinstance(body, dict) else None
        if isinstance(questions, list):
            for n, question in enumerate(questions):
                if isinstance(question, dict):  # the bank's rules, the question's index named
                    question_check(question, prefix=f"mcqs.{n}.")
        return data


class AssessmentIn(ComposerFields):
    title: str = Field(..., min_length=1, max_length=255)
    description: str = ""
    instructions: str = Field("", max_length=20000, description="What learners read before starting.")
    slug: str | None = Field(None, max_length=120, description="Optional; derived from the title when omitted.")
    is_active: bool = True
    is_paid: bool = False
    amount: Decimal = Field(Decimal("0.00"), ge=0, max_digits=10, decimal_places=2, description="Rupees.")
    duration_minutes: int | None = Field(None, ge=1, le=24 * 60, description="Time limit; none when omitted.")
    program_slug: str = Field("", max_length=120, description="The program a redeemed scholarship discounts.")
    program_amount: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    scholarship_bands: list[ScholarshipBandIn] | None = Field(None, max_length=50)
    certificate_available: bool = Field(False, description="Passing it earns a certificate.")
    pass_percentage: Decimal | None = Field(
        None, ge=0, le=100, max_digits=5, decimal_places=2, description="The score (percent) that passes."
    )
    start_time: InDateTime | None = Field(None, description="Opens at (UTC); open from creation when omitted.")
    end_time: InDateTime | None = Field(None, description="Closes at (UTC); never closes when omitted.")


class AssessmentUpdateIn(ComposerFields):
    """Every field optional: only the fields sent change (the older build's questions are
    added, never replace the section's)."""

    title: str | None = Field(None, min_length=1, max_length=255)
    description: str | None = None
    instructions: str | None = Field(None, max_length=20000, description="Null clears them.")
    slug: str | None = Field(None, max_length=120)
    is_active: bool | None = None
    is_paid: bool | None = None
    amount: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    duration_minutes: int | None = Field(None, ge=1, le=24 * 60)
    program_slug: str | None = Field(None, max_length=120)
    program_amount: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    scholarship_bands: list[ScholarshipBandIn] | None = Field(None, max_length=50)
    certificate_available: bool | None = None
    pass_percentage: Decimal | None = Field(None, ge=0, le=100, max_digits=5, decimal_places=2)
    start_time: InDateTime | None = None
    end_time: InDateTime | None = None


# The currency every price here is in: payments charge it (shared_apps.billing).
PRICE_CURRENCY = SUPPORTED_CURRENCIES[0]


class AssessmentCourseOut(Schema):
    """A course an assessment is attached to (H's admin cards read ``courses[{id, title}]``)."""

    id: int
    title: str


class AssessmentBaseOut(Schema):
    """An assessment as the admins' list and authoring answers give it: the contract's fields
    and, beside them, the web clients' names (docs/real-client.md, "V's admin area"). The two
    counts are annotations of ``selectors.assessment_admin_rows`` (no query per row)."""

    id: int
    title: str
    description: str
    instructions: str
    slug: str
    is_active: bool
    is_paid: bool
    amount: JSONDecimal
    duration_minutes: int | None
    program_slug: str
    program_amount: JSONDecimal | None
    scholarship_bands: list[ScholarshipBandOut]
    certificate_available: bool
    pass_percentage: JSONDecimal | None
    start_time: datetime | None
    end_time: datetime | None
    created_at: datetime
    updated_at: datetime
    price: JSONDecimal = Field(..., validation_alias="amount", description="= `amount` (the web clients' name).")
    currency: str = Field(PRICE_CURRENCY, description="The price's currency (the one payments charge).")
    total_questions: int = Field(..., description="Questions in all sections.")
    quiz_sections_count: int = Field(..., description="Multiple-choice sections.")
    coding_sections_count: int = Field(..., description="Coding sections.")
    submissions_count: int = Field(
        ..., description="Attempts at it, started or submitted (the rows of the admins' submissions list)."
    )
    pass_rate: JSONDecimal | None = Field(
        ...,
        description="Of the submitted attempts, the percentage scoring at least `pass_percentage` (2 places); "
        "null without a pass percentage or before any submitted attempt.",
    )
    courses: list[AssessmentCourseOut] = Field(
        default_factory=list, description="Always empty: an assessment belongs to no course here."
    )

    @staticmethod
    def resolve_pass_rate(assessment: Assessment) -> Decimal | None:
        submitted: int = assessment.submitted_count  # type: ignore[attr-defined]
        if assessment.pass_percentage is None or not submitted:
            return None
        passed: int = assessment.passed_count  # type: ignore[attr-defined]
        return (Decimal(passed) * 100 / submitted).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class ComposerMcqOut(LetteredOptions):
    """A multiple-choice question as the composer writes it (the question bank's names, for
    the edit page) beside the contract's ``text``/``options``/``correct_answer``."""

    id: int
    question_text: str = Field(..., validation_alias="text")
    option_a: str
    option_b: str
    option_c: str
    option_d: str
    correct_option: str | None = Field(..., description="The right option's letter; null without an answer key.")
    text: str
    options: list[str]
    correct_answer: str
    marks: JSONDecimal
    order: int

    @staticmethod
    def resolve_correct_option(question: Question) -> str | None:
        options = [str(option) for option in question.options]
        if question.correct_answer not in options:
            return None
        return chr(ord("A") + options.index(question.correct_answer))


class ComposerQuizSectionOut(Schema):
    """A multiple-choice section with its questions (the composer writes to the first)."""

    id: int
    title: str
    description: str = Field(..., validation_alias="instructions")
    order: int
    number_of_questions: int
    mcqs: SectionQuestions[ComposerMcqOut]

    @staticmethod
    def resolve_number_of_questions(section: Section) -> int:
        return len(section.questions.all())


class AssessmentOut(AssessmentBaseOut):
    """One assessment (create, detail, update): the list's fields plus its multiple-choice
    sections with their questions, loaded by ``selectors.assessment_get_admin``."""

    quiz_sections: list[ComposerQuizSectionOut] = Field(
        ..., description="The multiple-choice sections in order, each with its questions."
    )


class SectionIn(Schema):
    title: str = Field(..., min_length=1, max_length=255)
    section_type: SectionType
    instructions: str = ""
    order: int = Field(0, ge=0)


class SectionUpdateIn(Schema):
    title: str | None = Field(None, min_length=1, max_length=255)
    section_type: SectionType | None = None
    instructions: str | None = None
    order: int | None = Field(None, ge=0)


class SectionOut(Schema):
    id: int
    assessment_id: int
    title: str
    section_type: str
    instructions: str
    order: int
    question_count: int = 0


class QuestionIn(Schema):
    text: str = Field(..., min_length=1)
    options: list[str] = Field(default_factory=list, max_length=20, description="MCQ only: the choices.")
    correct_answer: str = Field("", description="MCQ: the correct option's text. Text/coding: the expected answer.")
    accepted_answers: list[str] = Field(default_factory=list, max_length=50, description="Other accepted answers.")
    marks: Decimal = Field(Decimal("1.00"), gt=0, max_digits=6, decimal_places=2)
    order: int = Field(0, ge=0)
    starter_code: str = ""
    language: str = Field("", max_length=40)


class QuestionUpdateIn(Schema):
    text: str | None = Field(None, min_length=1)
    options: list[str] | None = Field(None, max_length=20)
    correct_answer: str | None = None
    accepted_answers: list[str] | None = Field(None, max_length=50)
    marks: Decimal | None = Field(None, gt=0, max_digits=6, decimal_places=2)
    order: int | None = Field(None, ge=0)
    starter_code: str | None = None
    language: str | None = Field(None, max_length=40)


class QuestionAdminOut(Schema):
    id: int
    section_id: int
    text: str
    options: list[str]
    correct_answer: str
    accepted_answers: list[str]
    marks: JSONDecimal
    order: int
    starter_code: str
    language: str


class AssessmentUserOut(Schema):
    id: int
    email: str
    first_name: str
    last_name: str
    user_name: str


class AssessmentBriefOut(Schema):
    id: int
    title: str
    slug: str


class SubmitterOut(Schema):
    name: str
    email: str


class SubmitterProfileOut(Schema):
    user: SubmitterOut
    phone_number: str


class SubmissionAdminOut(Schema):
    id: int
    user: AssessmentUserOut
    assessment: AssessmentBriefOut
    score: JSONDecimal | None
    marks_obtained: JSONDecimal | None
    max_marks: JSONDecimal | None
    status: str
    started_at: datetime
    submitted_at: datetime | None
    offered_scholarship_percentage: JSONDecimal | None
    is_redeemed: bool
    # The older build's results table reads the learner there (docs/real-client.md, "V's admin
    # area"; its name, e-mail and phone columns said N/A): the same user, no query more.
    userprofile: SubmitterProfileOut = Field(..., description="The learner: `user.{name, email}`, `phone_number`.")

    @staticmethod
    def resolve_userprofile(submission: Submission) -> dict[str, Any]:
        user = submission.user
        return {"user": {"name": user.user_name, "email": user.email}, "phone_number": user.phone}


class SubmissionFilter(Schema):
    assessment_id: str | None = Field(None, description="The assessment's id or slug.")
    status: SubmissionStatus | None = None


# --- students ----------------------------------------------------------------------------

# The time limit as the learners' pages get it: an integer (the contract's type), 0 for an
# untimed assessment, never null (H printed "nullm"; docs/real-client.md, "Untimed assessments").
LimitMinutes = Annotated[
    int,
    BeforeValidator(lambda value: value or 0),
    Field(description="The time limit in minutes; 0 when the assessment is untimed."),
]


class AssessmentListOut(AssessmentBaseOut):
    """An assessment in the admins' list: its cards print `` `${duration_minutes}m` `` as the
    learners' do (H's admin list showed "nullm" for an untimed one; docs/real-client.md,
    "Untimed assessments"), so the list answers 0 there and says which it is in
    ``has_time_limit``. The authoring answers (create, detail, update) keep ``null``: the edit
    forms load them back into their 1-1440 input."""

    duration_minutes: LimitMinutes
    has_time_limit: bool

    @staticmethod
    def resolve_has_time_limit(assessment: Assessment) -> bool:
        return assessment.duration_minutes is not None


# The learner's status on an assessment (``selectors.learner_status``): what the web clients'
# pages branch on (docs/real-client.md, "Learner status").
LearnerStatus = Literal["not_started", "in_progress", "submitted", "expired"]
LEARNER_STATUS_DOC = (
    "The caller's standing: `not_started`, `in_progress` (an attempt with time left), `submitted`, or `expired` "
    "(an attempt past its time limit, graded on the next start, or no attempt and the window closed)."
)


class LearnerAssessmentOut(Schema):
    """The web clients' fields of an assessment on the learners' list and detail, beside the
    contract's (docs/real-client.md, "Learner status"): the price under their name, the
    window, and the take policy as the start answer states it (no proctoring, every device,
    no tab-switch limit, results shown at once, graded automatically, one attempt)."""

    price: JSONDecimal = Field(..., validation_alias="amount", description="= `amount` (the web clients' name).")
    currency: str = Field(PRICE_CURRENCY, description="The price's currency (the one payments charge).")
    requires_purchase: bool = Field(..., description="Paid: starting it needs a verified payment (= `is_paid`).")
    created_at: datetime
    start_time: datetime | None = Field(..., description="Opens at; null: open.")
    end_time: datetime | None = Field(..., description="Closes at (a new attempt cannot start after); null: never.")
    proctoring_enabled: bool = Field(False, description="No proctoring here.")
    allow_desktop: bool = True
    allow_mobile: bool = True
    allow_tablet: bool = True
    tab_switch_limit_enabled: bool = False
    tab_switch_limit_count: int | None = None
    show_result: bool = Field(True, description="The result page answers as soon as an attempt is submitted.")
    evaluation_mode: Literal["auto"] = Field("auto", description="Graded on submit.")
    review_status: Literal["not_required"] = "not_required"
    can_reattempt: bool = Field(False, description="One attempt per learner; no retakes here.")

    @staticmethod
    def resolve_requires_purchase(assessment: Assessment) -> bool:
        return assessment.is_paid


class ActiveAssessmentOut(LearnerAssessmentOut):
    id: int
    title: str
    description: str
    slug: str
    is_paid: bool
    amount: JSONDecimal
    duration_minutes: LimitMinutes
    has_time_limit: bool
    has_attempted: bool
    # Per caller: ``student_reads.active_assessment_rows`` overlays them on the cached rows.
    is_attempted: bool = Field(False, description="= `has_attempted` (the newer build's name).")
    status: LearnerStatus = Field("not_started", description=LEARNER_STATUS_DOC)
    purchased: bool = Field(False, description="The caller holds a verified payment for it.")
    # The newer build's list cards print both (docs/real-client.md, "Taking an assessment").
    number_of_questions: int = Field(..., description="Questions in all sections.")
    number_of_sections: int
    # The older build's cards say "Inactive" and disable their start button without it.
    is_active: bool = Field(..., description="Always true here: the list holds the active assessments only.")

    @staticmethod
    def resolve_has_time_limit(assessment: Assessment) -> bool:
        return assessment.duration_minutes is not None


class SectionSummaryOut(Schema):
    id: int
    title: str
    section_type: str
    instructions: str
    order: int
    question_count: int


class AssessmentDetailOut(LearnerAssessmentOut):
    id: int
    title: str
    description: str
    instructions: str = Field(..., description="The assessment's instructions, else its sections', in order.")
    slug: str
    is_paid: bool
    amount: JSONDecimal
    is_active: bool
    duration_minutes: LimitMinutes
    has_time_limit: bool
    program_slug: str
    has_attempted: bool
    submission_status: str | None
    has_paid: bool = Field(..., description="True when free, or when the user's payment is verified.")
    scholarship_bands: list[ScholarshipBandOut]
    sections: list[SectionSummaryOut]
    # The web clients' detail page (docs/real-client.md, "Taking an assessment").
    number_of_questions: int = Field(..., description="Questions in all sections.")
    number_of_sections: int
    # What their pages branch on (docs/real-client.md, "Learner status").
    status: LearnerStatus = Field(..., validation_alias="viewer_status", description=LEARNER_STATUS_DOC)
    is_attempted: bool = Field(..., validation_alias="has_attempted", description="= `has_attempted`.")
    purchased: bool = Field(..., description="Paid, and the caller holds a verified payment for it.")
    txn_status: Literal["paid", "pending", "failed"] | None = Field(
        ...,
        description="A paid assessment's payment by the caller: `paid` (verified), else the latest order's "
        "`pending` or `failed`; null when free or never ordered.",
    )

    @staticmethod
    def resolve_purchased(assessment: Assessment) -> bool:
        return assessment.is_paid and assessment.has_paid

    @staticmethod
    def resolve_number_of_questions(assessment: Assessment) -> int:
        return sum(section.question_count for section in assessment.sections.all())  # type: ignore[attr-defined]

    @staticmethod
    def resolve_instructions(assessment: Assessment) -> str:
        return learner_instructions(assessment, assessment.sections.all())

    @staticmethod
    def resolve_number_of_sections(assessment: Assessment) -> int:
        return len(assessment.sections.all())

    @staticmethod
    def resolve_has_time_limit(assessment: Assessment) -> bool:
        return assessment.duration_minutes is not None


class QuestionOut(Schema):
    """A question as the student sees it: no answers."""

    id: int
    text: str
    options: list[str]
    marks: JSONDecimal
    order: int
    starter_code: str
    language: str


class SectionWithQuestionsOut(Schema):
    id: int
    title: str
    section_type: str
    instructions: str
    order: int
    questions: SectionQuestions[QuestionOut]


# An assessment with its sections loaded by ``selectors.assessment_start_get``.
class StartAssessmentOut(Schema):
    id: int
    title: str
    slug: str
    duration_minutes: LimitMinutes
    has_time_limit: bool
    sections: list[SectionWithQuestionsOut]

    @staticmethod
    def resolve_sections(assessment: Assessment) -> list[Section]:
        return list(assessment.sections.all())

    @staticmethod
    def resolve_has_time_limit(assessment: Assessment) -> bool:
        return assessment.duration_minutes is not None


class SubmissionStateOut(Schema):
    id: int
    status: str
    started_at: datetime
    deadline_at: datetime | None = Field(..., description="When the time limit ends; null when untimed.")
    submitted_at: datetime | None
    response_sheet: dict[str, Any] = Field(..., description="The answers saved so far (to resume).")


# --- the web clients' attempt (docs/real-client.md, "Taking an assessment") ---------------


class TakeMcqOut(LetteredOptions):
    """An MCQ as the web clients show it: the first four options as ``option_a``..``option_d``
    (answered by letter); ``options`` has them all."""

    id: int
    question_text: str = Field(..., validation_alias="text")
    option_a: str
    option_b: str
    option_c: str
    option_d: str
    options: list[str]
    question_style: Literal["single"] = Field("single", description="One correct option per question.")
    marks: JSONDecimal


class TakeCodingProblemOut(Schema):
    id: int
    title: str
    problem_statement: str = Field(..., validation_alias="text")
    template_code: dict[str, str] = Field(..., description="The starter code keyed by its language.")
    language: str
    test_cases: list[dict[str, Any]] = Field(default_factory=list, description="None are shown to students.")
    marks: JSONDecimal

    @staticmethod
    def resolve_title(question: Question) -> str:
        return question.text.strip().splitlines()[0][:120] if question.text.strip() else "Coding Problem"

    @staticmethod
    def resolve_template_code(question: Question) -> dict[str, str]:
        return {question.language or "python": question.starter_code} if question.starter_code else {}


class TakeSubjectiveQuestionOut(Schema):
    id: int
    question_text: str = Field(..., validation_alias="text")
    max_marks: JSONDecimal = Field(..., validation_alias="marks")
    question_type: Literal["text"] = "text"
    answer_mode: Literal["text"] = "text"


class TakeClientSectionOut(Schema):
    id: int
    title: str
    description: str = Field(..., validation_alias="instructions")
    order: int


class TakeQuizSectionOut(TakeClientSectionOut):
    mcqs: SectionQuestions[TakeMcqOut]


class TakeCodingProblemSectionOut(TakeClientSectionOut):
    coding_problems: SectionQuestions[TakeCodingProblemOut]


class TakeSubjectiveQuestionSectionOut(TakeClientSectionOut):
    subjective_questions: SectionQuestions[TakeSubjectiveQuestionOut]


class TakeClientResponseSheetOut(Schema):
    """The saved answers in the form the web clients send them (letters for MCQs)."""

    quizSectionId: list[dict[str, dict[str, Any]]]  # noqa: N815 - the clients' key
    codingProblemSectionId: list[dict[str, dict[str, Any]]]  # noqa: N815
    subjectiveQuestionSectionId: list[dict[str, dict[str, Any]]]  # noqa: N815


class StartOut(Schema):
    """The contract's ``{assessment, submission}`` plus, beside them, the flat attempt the
    web clients read (same data; no field of one shape conflicts with the other)."""

    # Read from a ``selectors.AssessmentStart``.
    assessment: StartAssessmentOut
    submission: SubmissionStateOut
    id: int = Field(..., description="The assessment's id.")
    title: str
    slug: str
    description: str
    instructions: str = Field(..., description="The assessment's instructions, else its sections', in order.")
    duration_minutes: LimitMinutes
    has_time_limit: bool
    remaining_time: JSONDecimal | None = Field(
        ..., description="Minutes left (2 places, rounded down); 0 once submitted; null when untimed."
    )
    status: str = Field(..., description="The submission's status.")
    responseSheet: TakeClientResponseSheetOut  # noqa: N815 - the clients' key
    quizSection: list[TakeQuizSectionOut]  # noqa: N815
    codingProblemSection: list[TakeCodingProblemSectionOut]  # noqa: N815
    subjectiveQuestionSection: list[TakeSubjectiveQuestionSectionOut]  # noqa: N815
    proctoring_enabled: bool = Field(False, description="No proctoring here.")
    allow_desktop: bool = True
    allow_mobile: bool = True
    allow_tablet: bool = True
    allow_movement: bool = Field(True, description="Sections may be taken in any order.")
    tab_switch_limit_enabled: bool = False
    tab_switch_limit_count: int | None = None

    @staticmethod
    def resolve_id(start: AssessmentStart) -> int:
        return start.assessment.id

    @staticmethod
    def resolve_title(start: AssessmentStart) -> str:
        return start.assessment.title

    @staticmethod
    def resolve_slug(start: AssessmentStart) -> str:
        return start.assessment.slug

    @staticmethod
    def resolve_description(start: AssessmentStart) -> str:
        return start.assessment.description

    @staticmethod
    def resolve_instructions(start: AssessmentStart) -> str:
        return learner_instructions(start.assessment, start.sections)

    @staticmethod
    def resolve_duration_minutes(start: AssessmentStart) -> int | None:
        return start.assessment.duration_minutes

    @staticmethod
    def resolve_has_time_limit(start: AssessmentStart) -> bool:
        return start.assessment.duration_minutes is not None

    @staticmethod
    def resolve_remaining_time(start: AssessmentStart) -> Decimal | None:
        return start.remaining_minutes

    @staticmethod
    def resolve_status(start: AssessmentStart) -> str:
        return start.submission.status

    @staticmethod
    def resolve_responseSheet(start: AssessmentStart) -> dict[str, list[dict[str, Any]]]:  # noqa: N802
        return contract_sheet_to_client(start.submission.response_sheet, sections=start.sections)

    @staticmethod
    def resolve_quizSection(start: AssessmentStart) -> list[Section]:  # noqa: N802
        return start.sections_of(SectionType.MCQ)

    @staticmethod
    def resolve_codingProblemSection(start: AssessmentStart) -> list[Section]:  # noqa: N802
        return start.sections_of(SectionType.CODING)

    @staticmethod
    def resolve_subjectiveQuestionSection(start: AssessmentStart) -> list[Section]:  # noqa: N802
        return start.sections_of(SectionType.TEXT)


class SaveSubmissionIn(Schema):
    response_sheet: dict[str, Any] = Field(
        ..., description='{"<section_id>": {"<question_id>": "answer"}, "metadata": {}}; merged into the saved sheet.'
    )


class SaveSubmissionOut(Schema):
    # Read from the saved ``Submission``.
    response_sheet: dict[str, Any]
    status: str
    deadline_at: datetime | None
    saved_at: datetime = Field(..., validation_alias="updated_at")


class FinalSubmitIn(Schema):
    response_sheet: dict[str, Any] | None = Field(None, description="Optional last answers, merged before scoring.")


class FinalSubmitOut(Schema):
    id: int
    score: JSONDecimal = Field(..., description="Percentage of the auto-graded marks obtained (0-100).")
    marks_obtained: JSONDecimal
    max_marks: JSONDecimal
    offered_scholarship_percentage: JSONDecimal
    status: str
    submitted_at: datetime


class RedeemIn(Schema):
    referral_code: str | None = Field(None, max_length=40)


class RedeemOut(Schema):
    # Read from the redeemed ``Submission``.
    scholarship_percentage: JSONDecimal = Field(..., validation_alias="offered_scholarship_percentage")
    referral_code: str = Field(..., description="The student's own code, to share.")
    message: str

    @staticmethod
    def resolve_message(submission: Submission) -> str:
        return "Scholarship redeemed successfully"


class ScholarshipStatusOut(Schema):
    # Read from a ``selectors.ScholarshipStatus``: the scores once final-submitted.
    has_submitted: bool
    score: JSONDecimal | None
    offered_scholarship_percentage: JSONDecimal | None
    is_redeemed: bool
    referral_code: str | None
    # The older build's assessment banner and job invitation read it (docs/real-client.md, "Learner status").
    status: LearnerStatus = Field(..., description=LEARNER_STATUS_DOC)

    @staticmethod
    def resolve_has_submitted(status: ScholarshipStatus) -> bool:
        return status.submitted is not None

    @staticmethod
    def resolve_score(status: ScholarshipStatus) -> Decimal | None:
        return status.submitted.score if status.submitted else None

    @staticmethod
    def resolve_offered_scholarship_percentage(status: ScholarshipStatus) -> Decimal | None:
        return status.submitted.offered_scholarship_percentage if status.submitted else None

    @staticmethod
    def resolve_is_redeemed(status: ScholarshipStatus) -> bool:
        return bool(status.submission and status.submission.is_redeemed)

    @staticmethod
    def resolve_referral_code(status: ScholarshipStatus) -> str | None:
        return status.submission.referral_code if status.submission else None


class PaymentStatusOut(Schema):
    # Read from a ``selectors.PaymentStatus``.
    program_id: str
    is_paid: bool
    transaction_id: str | None
    paid_at: datetime | None
    payment_type: str | None

    @staticmethod
    def resolve_is_paid(status: PaymentStatus) -> bool:
        return status.transaction is not None

    @staticmethod
    def resolve_transaction_id(status: PaymentStatus) -> str | None:
        return str(status.transaction.transaction_id) if status.transaction else None

    @staticmethod
    def resolve_paid_at(status: PaymentStatus) -> datetime | None:
        return status.transaction.verified_at if status.transaction else None

    @staticmethod
    def resolve_payment_type(status: PaymentStatus) -> str | None:
        return status.transaction.payment_type if status.transaction else None


class AttemptedAssessmentOut(Schema):
    id: int
    assessment: AssessmentBriefOut
    score: JSONDecimal | None
    offered_scholarship_percentage: JSONDecimal | None
    is_redeemed: bool
    status: str
    started_at: datetime
    submitted_at: datetime | None


class TopicStatsOut(Schema):
    total: int
    correct: int
    incorrect: int
    accuracy_percent: JSONDecimal
    rating_out_of_5: JSONDecimal


class SkillStatOut(TopicStatsOut):
    skill: str = Field(..., description="A section of the assessment.")


# While the answer key is withheld the figures say nothing the score does not
# (``selectors.result_stats``): these are null and the per-section ones empty.
WITHHELD_COUNT = (
    "Null while the answer key is withheld, unless the score already says it "
    "(every question worth the same, or a score of 0 or full marks)."
)
WITHHELD_SECTIONS = "Empty while the answer key is withheld (a section's tally is its questions' verdicts)."


class ScholarshipStatsOut(Schema):
    total_questions: int = Field(..., description="Auto-graded questions (those with an answer key).")
    attempted_questions: int
    correct_answers: int | None = Field(..., description=WITHHELD_COUNT)
    incorrect_answers: int | None = Field(..., description=WITHHELD_COUNT)
    score: JSONDecimal = Field(..., description="Marks obtained.")
    maximum_marks: JSONDecimal
    accuracy_percent: JSONDecimal | None = Field(
        ..., description="Correct answers / auto-graded questions x 100. " + WITHHELD_COUNT
    )
    percentile: JSONDecimal = Field(..., description="Submitted attempts scoring at or below this one x 100 / all.")
    offered_scholarship_percentage: JSONDecimal
    time_taken_minutes: JSONDecimal | None
    total_time_minutes: int | None = Field(..., description="The assessment's time limit, if any.")
    percentage_time_taken: JSONDecimal | None
    topic_wise_stats: dict[str, TopicStatsOut] = Field(..., description="Per section title. " + WITHHELD_SECTIONS)
    top_skills: list[SkillStatOut] = Field(
        ..., description="Sections answered at least 60 % right, best first. " + WITHHELD_SECTIONS
    )
    low_skills: list[SkillStatOut] = Field(
        ..., description="Sections answered less than 60 % right, worst first. " + WITHHELD_SECTIONS
    )


class ScholarshipReportOut(Schema):
    """The learner's result and scholarship for one assessment (``GET …/redeem-scholarship/{id}/``)."""

    message: str
    percentage_scholarship: JSONDecimal
    score: JSONDecimal = Field(..., description="Marks obtained.")
    maximum_marks: JSONDecimal
    total_amount: JSONDecimal | None = Field(..., description="The program's price (`program_amount`), if set.")
    payable_amount: JSONDecimal | None = Field(..., description="The program's price after the scholarship.")
    assessment_price: JSONDecimal
    is_paid: bool = Field(..., description="A verified payment for the program (or the assessment) exists.")
    txn_status: Literal["VERIFIED", "PAID"]
    is_redeemed: bool
    referral_code: str | None
    stats: ScholarshipStatsOut

    @staticmethod
    def resolve_is_redeemed(report: dict) -> bool:
        return report["submission"].is_redeemed

    @staticmethod
    def resolve_referral_code(report: dict) -> str | None:
        return report["submission"].referral_code


# --- the learner's result page (H's /assessments/result/{slug}; docs/real-client.md) ------------


class ResultSectionOut(Schema):
    id: int
    title: str
    section_type: str
    instructions: str
    order: int
    question_count: int

    @staticmethod
    def resolve_question_count(section: Section) -> int:
        return len(section.questions.all())


class ResultAssessmentDetailOut(Schema):
    """The assessment as H's detail page reads it, beside the result (built from the rows the
    result loads; no query of its own)."""

    id: int
    title: str
    description: str
    slug: str
    instructions: str = Field(..., description="The assessment's instructions, else its sections', in order.")
    duration_minutes: LimitMinutes
    has_time_limit: bool
    is_paid: bool
    price: JSONDecimal = Field(..., description="= amount.")
    amount: JSONDecimal
    currency: str = PRICE_CURRENCY
    requires_purchase: bool
    purchased: bool = Field(True, description="The learner took it, so they held access.")
    is_active: bool
    number_of_questions: int
    number_of_sections: int
    created_at: datetime
    is_attempted: bool = True
    has_attempted: bool = True
    start_time: datetime | None
    end_time: datetime | None
    status: str = "submitted"
    proctoring_enabled: bool = Field(False, description="No proctoring is enforced here.")
    allow_desktop: bool = True
    allow_mobile: bool = True
    allow_tablet: bool = True
    allow_movement: bool = True
    show_result: bool = Field(True, description="No setting hides results here: shown after the final submit.")
    evaluation_mode: Literal["auto"] = "auto"
    review_status: Literal["not_required"] = "not_required"
    tab_switch_limit_enabled: bool = False
    tab_switch_limit_count: int | None = None
    can_reattempt: bool = Field(False, description="One attempt per learner.")
    certificate_available: bool
    pass_band_lower_min_percent: JSONDecimal | None = Field(..., description="The pass percentage, if set.")
    pass_band_upper_min_percent: JSONDecimal | None = Field(None, description="No upper band here.")
    certificate_course_name: str | None = None
    course_title: str | None = None
    sections: list[ResultSectionOut]

    @staticmethod
    def resolve_instructions(assessment: Assessment) -> str:
        return learner_instructions(assessment, assessment.sections.all())

    @staticmethod
    def resolve_has_time_limit(assessment: Assessment) -> bool:
        return assessment.duration_minutes is not None

    @staticmethod
    def resolve_price(assessment: Assessment) -> Decimal:
        return assessment.amount

    @staticmethod
    def resolve_requires_purchase(assessment: Assessment) -> bool:
        return bool(assessment.is_paid and assessment.amount > 0)

    @staticmethod
    def resolve_number_of_questions(assessment: Assessment) -> int:
        return sum(len(s.questions.all()) for s in assessment.sections.all())

    @staticmethod
    def resolve_number_of_sections(assessment: Assessment) -> int:
        return len(assessment.sections.all())

    @staticmethod
    def resolve_pass_band_lower_min_percent(assessment: Assessment) -> Decimal | None:
        return assessment.pass_percentage


class ResultUserOut(Schema):
    first_name: str
    last_name: str
    name: str
    email: str
    phone: str
    user_name: str

    @staticmethod
    def resolve_name(user: User) -> str:
        return user.user_name


class ResultAttemptOut(Schema):
    id: int
    attempt_number: int = 1
    started_at: datetime
    submitted_at: datetime | None
    score: JSONDecimal | None = Field(..., description="Marks obtained.")
    status: str
    review_status: str = "not_required"

    @staticmethod
    def resolve_score(submission: Submission) -> Decimal | None:
        return submission.marks_obtained


def _no_default(schema: dict[str, Any]) -> None:
    """An optional field that is absent rather than null: no ``default: null`` in OpenAPI."""
    schema.pop("default", None)


class ResultStatsOut(Schema):
    total_questions: int = Field(..., description="Auto-graded questions (those with an answer key).")
    attempted_questions: int
    correct_answers: int | None = Field(..., description=WITHHELD_COUNT)
    incorrect_answers: int | None = Field(..., description=WITHHELD_COUNT)
    score: JSONDecimal = Field(..., description="Marks obtained.")
    maximum_marks: JSONDecimal
    accuracy_percent: JSONDecimal | None = Field(..., description=WITHHELD_COUNT)
    percentile: JSONDecimal
    time_taken_minutes: JSONDecimal | None
    has_time_limit: bool
    total_time_minutes: int | SkipJsonSchema[None] = Field(
        None,
        description="The time limit. Absent (not 0, not null) when untimed: there is no limit to compare with.",
        json_schema_extra=_no_default,
    )
    percentage_time_taken: JSONDecimal | None = Field(..., description="Null when untimed.")
    topic_wise_stats: dict[str, TopicStatsOut] = Field(..., description="Per section title. " + WITHHELD_SECTIONS)
    top_skills: list[SkillStatOut] = Field(..., description=WITHHELD_SECTIONS)
    low_skills: list[SkillStatOut] = Field(..., description=WITHHELD_SECTIONS)

    @staticmethod
    def resolve_has_time_limit(stats: dict) -> bool:
        return stats["total_time_minutes"] is not None

    # No return annotation: pydantic would publish it as the serialised schema.
    @model_serializer(mode="wrap")
    def _no_limit_when_untimed(self, handler: SerializerFunctionWrapHandler):
        """Leave ``total_time_minutes`` out when untimed. H's stats bar calls any time
        "Exceeded" when ``time_taken_minutes > total_time_minutes``, which holds for 0 and for
        null (JavaScript compares null as 0) but not for an absent field (docs/real-client.md,
        "Untimed assessments")."""
        data = handler(self)
        if data.get("total_time_minutes") is None:
            data.pop("total_time_minutes", None)
        return data


class EyeMovementEventOut(Schema):
    timestamp: str
    duration_seconds: float | None


class ResultProctoringOut(Schema):
    """Counts the learner's browser reported at the final submit (not observed by the server)."""

    tab_switches_count: int
    fullscreen_exits_count: int
    face_violations_count: int
    face_validation_failures_count: int
    multiple_face_detections_count: int
    eye_movement_count: int
    eye_movement_violations: list[EyeMovementEventOut]
    total_violation_count: int
    violation_threshold_reached: bool


VERDICT_TAIL = "null until nobody can answer any more (the window has ended), like `correct_option`."
VERDICT = "The verdict on the learner's answer; " + VERDICT_TAIL


class ResultQuizResponseOut(Schema):
    question_id: int
    section_id: int
    question_text: str
    options: dict[str, str] = Field(..., description="Option texts by letter.")
    correct_option: str | None = Field(
        ..., description="The right option's letter; null until nobody can answer any more (the window has ended)."
    )
    question_style: Literal["single"]
    selected_answer: str | list[str] | None = Field(..., description="The learner's letter(s); null unanswered.")
    is_correct: bool | None = Field(..., description=VERDICT)
    explanation: str | None
    awarded_marks: JSONDecimal | None = Field(
        ..., description="Null when the question has no answer key; also " + VERDICT_TAIL
    )
    max_marks: JSONDecimal
    feedback: str | None
    topic: str = Field(..., description="The section's title.")


class ResultCodingResponseOut(Schema):
    problem_id: int
    section_id: int
    title: str
    problem_statement: str
    submitted_code: str | None
    language: str
    total_test_cases: int = Field(..., description="As the learner's client reported at submit; 0 when none.")
    passed_test_cases: int
    all_test_cases_passed: bool | None = Field(
        ..., description="The server's verdict (the answer key); " + VERDICT_TAIL
    )
    is_correct: bool | None = Field(..., description=VERDICT)
    awarded_marks: JSONDecimal | None = Field(..., description="Null when not auto-graded; also " + VERDICT_TAIL)
    max_marks: JSONDecimal
    feedback: str | None


class ResultSubjectiveResponseOut(Schema):
    question_id: int
    section_id: int
    section_title: str
    question_text: str
    question_type: str
    answer_mode: str
    max_marks: JSONDecimal
    answer: str | None
    your_answer: str | None
    is_correct: bool | None = Field(..., description=VERDICT)
    awarded_marks: JSONDecimal | None = Field(..., description="Null when not auto-graded; also " + VERDICT_TAIL)
    full_marks: bool | None = Field(..., description=VERDICT)
    feedback: str | None


class ResultResponsesOut(Schema):
    quiz_responses: list[ResultQuizResponseOut]
    coding_problem_responses: list[ResultCodingResponseOut]
    subjective_responses: list[ResultSubjectiveResponseOut]


class AssessmentResultOut(Schema):
    """The learner's own submitted attempt (``results.assessment_result``)."""

    message: str = "Assessment result"
    status: str = Field(
        ..., description="The attempt's status (`submitted`).", validation_alias=AliasPath("submission", "status")
    )
    score: JSONDecimal = Field(..., description="Marks obtained.", validation_alias=AliasPath("stats", "score"))
    percentage: JSONDecimal = Field(..., description="Marks obtained / maximum marks x 100.")
    assessment_id: str = Field(..., description="The assessment's id, as a string (H's type).")
    assessment_name: str = Field(validation_alias=AliasPath("assessment", "title"))
    maximum_marks: JSONDecimal = Field(validation_alias=AliasPath("stats", "maximum_marks"))
    assessment_details: ResultAssessmentDetailOut = Field(validation_alias="assessment")
    student_name: str = Field(validation_alias=AliasPath("user", "user_name"))
    student_email: str = Field(validation_alias=AliasPath("user", "email"))
    student_phone: str = Field(validation_alias=AliasPath("user", "phone"))
    full_name: str = Field(validation_alias=AliasPath("user", "user_name"))
    user_name: str = Field(validation_alias=AliasPath("user", "user_name"))
    email: str = Field(validation_alias=AliasPath("user", "email"))
    phone: str = Field(validation_alias=AliasPath("user", "phone"))
    user: ResultUserOut
    show_result: bool = True
    review_status: str = "not_required"
    attempts: list[ResultAttemptOut]
    current_attempt_id: int = Field(validation_alias=AliasPath("submission", "id"))
    started_at: datetime = Field(validation_alias=AliasPath("submission", "started_at"))
    submitted_at: datetime | None = Field(validation_alias=AliasPath("submission", "submitted_at"))
    auto_submitted_reason: str | None
    auto_submitted_meta: dict[str, Any] | None
    auto_submit_message: str | None
    stats: ResultStatsOut
    proctoring: ResultProctoringOut | None = Field(..., description="Null when the browser reported none.")
    user_responses: ResultResponsesOut

    @staticmethod
    def resolve_percentage(result: dict) -> Decimal:
        return result["submission"].score or Decimal(0)

    @staticmethod
    def resolve_assessment_id(result: dict) -> str:
        return str(result["assessment"].id)

    @staticmethod
    def resolve_attempts(result: dict) -> list[Submission]:
        return [result["submission"]]


# --- readiness before an attempt (H's instructions page; docs/real-client.md) -------------------


class ReadinessSkillOut(Schema):
    name: str = Field(..., description="A course the learner practised in, or another assessment they took.")
    proficiency: JSONDecimal = Field(..., description="Best scores / maximum scores x 100 there.")
    attempts: int


class SoftestTopicOut(Schema):
    name: str
    accuracy: JSONDecimal


class AssessmentReadinessOut(Schema):
    """``readiness.assessment_readiness``: null figures and a ``reason`` when unavailable."""

    available: bool
    overall_band: str | None = Field(..., description="The predicted score range, e.g. `55-75%`.")
    practice_accuracy: JSONDecimal | None
    topic_coverage: JSONDecimal | None = Field(..., description="Contents completed in the enrolled courses, %.")
    confidence: JSONDecimal | None = Field(..., description="Graded items practised / graded items available, %.")
    softest_topic: SoftestTopicOut | None
    skills: list[ReadinessSkillOut]
    reason: str | None
