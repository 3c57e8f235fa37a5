"""Assessment writes: authoring, and a submission's life (start, autosave, final submit,
scholarship redemption). Submission writes lock the row, so concurrent calls serialize."""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, cast

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import slugify

from core.errors import FieldErrors, full_clean
from core.updates import fields_apply
from shared_apps.billing.selectors import payment_is_verified
from tenant_apps.accounts.actor import Actor
from tenant_apps.accounts.models import User
from tenant_apps.assessment.client_sheet import client_sheet_to_contract, contract_sheet_check, is_client_sheet
from tenant_apps.assessment.errors import (
    AlreadyRedeemed,
    AlreadySubmitted,
    Closed,
    InvalidReferralCode,
    NotOpen,
    NotStarted,
    NotSubmitted,
    PaymentRequired,
    ScholarshipUnavailable,
    TimeUp,
)
from tenant_apps.assessment.grading import answer_keys as _answer_keys
from tenant_apps.assessment.grading import normalize as _normalize
from tenant_apps.assessment.models import (
    Assessment,
    Question,
    ScholarshipBand,
    Section,
    SectionType,
    Submission,
    SubmissionStatus,
)
from tenant_apps.assessment.selectors import (
    DEADLINE_GRACE,
    assessment_question_ids,
    assessment_sections_with_questions,
    reset_submissions,
)
from tenant_apps.certificates.triggers import certificate_queue_for_submission
from tenant_apps.lms.models import MCQ
from tenant_apps.webhooks import services as webhooks
from tenant_apps.webhooks.models import EventType

if TYPE_CHECKING:
    from tenant_apps.assessment.selectors import SectionWithCount

CENT = Decimal("0.01")
HUNDRED = Decimal("100")
MAX_RESPONSE_SHEET_BYTES = 512 * 1024
REFERRAL_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
REFERRAL_LENGTH = 8
# Dotted paths to ``check(code: str) -> bool`` for referral-program codes of other apps
# (Student APIs 15-16); a code any of them accepts is valid for redemption.
EXTERNAL_REFERRAL_CHECKS: list[str] = ["tenant_apps.engagement.services.referral_code_redeem"]

ASSESSMENT_FIELDS = (
    "title",
    "description",
    "instructions",
    "slug",
    "is_active",
    "is_paid",
    "amount",
    "duration_minutes",
    "program_slug",
    "program_amount",
    "certificate_available",
    "pass_percentage",
    "start_time",
    "end_time",
)


# --- authoring ---------------------------------------------------------------------------


def _cents(value: Any) -> Any:
    """Decimals are stored and returned with 2 places."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP) if value is not None else None


def _quantize_fields(obj: object, fields: Iterable[str]) -> None:
    for field in fields:
        setattr(obj, field, _cents(getattr(obj, field)))


def _other_assessments(exclude_id: int | None) -> QuerySet[Assessment]:
    """Every assessment but ``exclude_id`` (the one being updated; None when creating)."""
    return Assessment.objects.all() if exclude_id is None else Assessment.objects.exclude(id=exclude_id)


def _slug_unique(base: str, *, exclude_id: int | None = None) -> str:
    base = slugify(base)[:100] or "assessment"
    if base.isdigit():
        base = f"assessment-{base}"
    taken = set(_other_assessments(exclude_id).filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _slug_check(slug: str, *, exclude_id: int | None = None) -> str:
    slug = slug.strip().lower()
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,119}", slug) or slug.isdigit():
        raise FieldErrors({"slug": "Use lowercase letters, digits, hyphens or underscores, not only digits."})
    if _other_assessments(exclude_id).filter(slug=slug).exists():
        raise FieldErrors({"slug": "An assessment with this slug already exists."})
    return slug


def _price_check(assessment: Assessment) -> None:
    if assessment.is_paid and (assessment.amount is None or assessment.amount <= 0):
        raise FieldErrors({"amount": "A paid assessment needs an amount greater than 0."})
    if bool(assessment.program_slug) != (assessment.program_amount is not None):
        raise FieldErrors({"program_amount": "Set program_slug and program_amount together."})
    if assessment.certificate_available and assessment.pass_percentage is None:
        raise FieldErrors({"pass_percentage": "An assessment that grants a certificate needs a pass percentage."})
    if assessment.start_time and assessment.end_time and assessment.end_time <= assessment.start_time:
        raise FieldErrors({"end_time": "The window must end after it starts."})


def _assessment_save(
    assessment: Assessment, *, update_fields: list[str] | None = None, bands: list[dict[str, Any]] | None
) -> None:
    """Validate and save (all fields, or only ``update_fields`` when given: none saves
    nothing); a slug taken concurrently is the same 400 as one taken before. ``bands``,
    when given, replaces every scholarship band."""
    _quantize_fields(assessment, ["amount", "program_amount", "pass_percentage"])
    _price_check(assessment)
    full_clean(assessment)
    if update_fields is None or update_fields:
        try:
            with transaction.atomic():
                assessment.save(update_fields=[*update_fields, "updated_at"] if update_fields else None)
        except IntegrityError as exc:
            raise FieldErrors({"slug": "An assessment with this slug already exists."}) from exc
    if bands is not None:
        scholarship_bands_set(assessment=assessment, bands=bands)


@transaction.atomic
def assessment_create(*, data: dict[str, Any]) -> Assessment:
    bands = data.pop("scholarship_bands", None)
    composer = _composer_parts(data)
    fields = {key: value for key, value in data.items() if key in ASSESSMENT_FIELDS}
    slug = fields.pop("slug", None)
    assessment = Assessment(**fields)
    assessment.slug = _slug_check(slug) if slug else _slug_unique(assessment.title)
    with _price_named(data):
        _assessment_save(assessment, bands=bands)
    composer_questions_add(assessment=assessment, **composer)
    return assessment


def _composer_parts(data: dict[str, Any]) -> dict[str, Any]:
    """The older build's composer fields, taken out of ``data``."""
    return {name: data.pop(name, None) for name in ("quiz_section", "mcqs", "mcq_ids")}


@contextmanager
def _price_named(data: dict[str, Any]) -> Iterator[None]:
    """A fault of ``amount`` named ``price`` when the body gave the price under that name (the
    schema already moved it onto ``amount``), so the client is told about its own field."""
    try:
        yield
    except FieldErrors as exc:
        if data.get("price") is None or "amount" not in exc.errors:
            raise
        raise FieldErrors({"price" if name == "amount" else name: msgs for name, msgs in exc.errors.items()}) from None


@transaction.atomic
def composer_questions_add(
    *,
    assessment: Assessment,
    quiz_section: dict[str, Any] | None = None,
    mcqs: list[dict[str, Any]] | None = None,
    mcq_ids: list[int] | None = None,
) -> None:
    """The older build's composer (docs/real-client.md, "V's admin area"): ``quiz_section``
    sets the assessment's first multiple-choice section (made when it has none), and its
    questions get ``mcq_ids``' bank questions (copied) then ``mcqs``' new ones (contract
    question bodies), after those it has. Nothing sent, nothing done."""
    if quiz_section is None and not mcqs and not mcq_ids:
        return
    # Two saves at once (a double click on "Save") each found no section and each made one:
    # the assessment's row is locked first, so the second finds the first's section (and
    # numbers its questions after the first's).
    list(Assessment.objects.select_for_update().filter(pk=assessment.pk).values_list("pk", flat=True))
    section = assessment.sections.filter(section_type=SectionType.MCQ).order_by("order", "id").first()
    if section is None:
        section = Section(assessment=assessment, section_type=SectionType.MCQ, title="Quiz Section", order=1)
    if quiz_section is not None:
        section.title = quiz_section["title"]
        section.order = quiz_section.get("order", section.order)
        if quiz_section.get("description") is not None:
            section.instructions = quiz_section["description"]
    full_clean(section, exclude=["assessment"])
    section.save()
    bank = {mcq.id: mcq for mcq in MCQ.objects.filter(id__in=mcq_ids or [])}
    unknown = [str(pk) for pk in mcq_ids or [] if pk not in bank]
    if unknown:
        raise FieldErrors({"mcq_ids": f"Unknown id(s): {', '.join(unknown)}."})
    present = list(section.questions.values_list("order", "text", "options", "correct_answer"))
    order = max((row[0] for row in present), default=0)
    # A question the section already holds is not added again: saving the same edit twice (a
    # retry, a double click, a bank question picked again) leaves one copy.
    seen = {_question_key(text, options, answer) for _, text, options, answer in present}
    sources = [("mcq_ids", n, _bank_question(bank[pk])) for n, pk in enumerate(mcq_ids or [])]
    sources += [("mcqs", n, question) for n, question in enumerate(mcqs or [])]
    for field, n, question in sources:
        options = [str(option) for option in question["options"]]
        index = question["correct_answer"]
        row = Question(
            section=section,
            text=question["question"],
            options=options,
            correct_answer=options[index] if 0 <= index < len(options) else "",
            marks=Decimal("1.00") if question.get("marks") is None else question["marks"],
            order=order + 1,
        )
        try:
            _question_check(section=section, question=row)
        except FieldErrors as exc:
            raise FieldErrors({f"{field}.{n}.{name}": msgs for name, msgs in exc.errors.items()}) from None
        key = _question_key(row.text, row.options, row.correct_answer)
        if key in seen:
            continue
        seen.add(key)
        order += 1
        row.save()


def _question_key(text: str, options: list[Any], answer: str) -> tuple[str, tuple[str, ...], str]:
    """What makes two multiple-choice questions the same one."""
    return text.strip(), tuple(str(option).strip() for option in options), answer.strip()


def _bank_question(mcq: MCQ) -> dict[str, Any]:
    return {"question": mcq.question, "options": mcq.options, "correct_answer": mcq.correct_answer}


@transaction.atomic
def assessment_update(*, assessment: Assessment, data: dict[str, Any]) -> Assessment:
    """Partial update: only the fields given change. ``scholarship_bands``, when given,
    replaces every band."""
    bands = data.pop("scholarship_bands", None)
    composer = _composer_parts(data)
    changes = {key: value for key, value in data.items() if key in ASSESSMENT_FIELDS}
    if "slug" in changes:
        changes["slug"] = _slug_check(changes["slug"] or "", exclude_id=assessment.id)
    changed = fields_apply(assessment, changes, null_as_blank=("title", "description", "instructions", "program_slug"))
    with _price_named(data):
        _assessment_save(assessment, update_fields=changed, bands=bands)
    composer_questions_add(assessment=assessment, **composer)
    return assessment


@transaction.atomic
def assessment_delete(*, assessment: Assessment) -> None:
    assessment.delete()


@transaction.atomic
def scholarship_bands_set(*, assessment: Assessment, bands: list[dict[str, Any]]) -> list[ScholarshipBand]:
    """Replace the assessment's bands. Thresholds are unique; a higher threshold may not
    offer a smaller scholarship."""
    rows = sorted(
        (
            ScholarshipBand(
                assessment=assessment,
                min_score_percentage=_cents(band["min_score_percentage"]),
                scholarship_percentage=_cents(band["scholarship_percentage"]),
            )
            for band in bands
        ),
        key=lambda band: band.min_score_percentage,
    )
    thresholds = [band.min_score_percentage for band in rows]
    if len(set(thresholds)) != len(thresholds):
        raise FieldErrors({"scholarship_bands": "Each min_score_percentage may appear only once."})
    for lower, higher in zip(rows, rows[1:], strict=False):
        if higher.scholarship_percentage < lower.scholarship_percentage:
            raise FieldErrors({"scholarship_bands": "A higher score may not offer a smaller scholarship."})
    for band in rows:
        full_clean(band, exclude=["assessment"])
    ScholarshipBand.objects.filter(assessment=assessment).delete()
    created = ScholarshipBand.objects.bulk_create(rows)
    if hasattr(assessment, "_prefetched_objects_cache"):
        assessment._prefetched_objects_cache.pop("scholarship_bands", None)
    return created


@transaction.atomic
def section_create(*, assessment: Assessment, data: dict[str, Any]) -> SectionWithCount:
    section = Section(assessment=assessment, **data)
    full_clean(section, exclude=["assessment"])
    section.save()
    created = cast("SectionWithCount", section)  # a new section has no questions: its count is set here
    created.question_count = 0
    return created


@transaction.atomic
def section_update(*, section: Section, data: dict[str, Any]) -> Section:
    if "section_type" in data and data["section_type"] != section.section_type and section.questions.exists():
        raise FieldErrors({"section_type": "Remove the section's questions before changing its type."})
    fields_apply(section, data, null_as_blank=("title", "instructions"))
    full_clean(section, exclude=["assessment"])
    section.save(update_fields=[*data.keys(), "updated_at"])
    return section


@transaction.atomic
def section_delete(*, section: Section) -> None:
    section.delete()


def _question_check(*, section: Section, question: Question) -> None:
    question.options = [str(option).strip() for option in (question.options or [])]
    question.accepted_answers = [str(answer).strip() for answer in (question.accepted_answers or [])]
    question.correct_answer = (question.correct_answer or "").strip()
    if section.section_type == SectionType.MCQ:
        if len(question.options) < 2 or any(not option for option in question.options):
            raise FieldErrors({"options": "A multiple-choice question needs at least 2 non-empty options."})
        if len(set(question.options)) != len(question.options):
            raise FieldErrors({"options": "Options must be distinct."})
        if question.correct_answer not in question.options:
            raise FieldErrors({"correct_answer": "Must be one of the options."})
    elif question.options:
        raise FieldErrors({"options": "Only multiple-choice questions have options."})
    if question.marks is None or Decimal(question.marks) <= 0:
        raise FieldErrors({"marks": "Must be greater than 0."})
    question.marks = _cents(question.marks)
    full_clean(question, exclude=["section"])


@transaction.atomic
def question_create(*, section: Section, data: dict[str, Any]) -> Question:
    question = Question(section=section, **data)
    _question_check(section=section, question=question)
    question.save()
    return question


@transaction.atomic
def question_update(*, question: Question, data: dict[str, Any]) -> Question:
    fields_apply(question, data)
    _question_check(section=question.section, question=question)
    question.save()
    return question


@transaction.atomic
def question_delete(*, question: Question) -> None:
    question.delete()


# --- taking an assessment ----------------------------------------------------------------


def _taker(actor: Actor) -> User:
    """The caller's row here; a platform admin's row is in public and holds no submission."""
    return actor.require_local(action="take a client's assessment")


def submission_start(*, client_id: int, assessment: Assessment, actor: Actor) -> Submission:
    """Create the user's submission, or return the existing one (resume). Resuming after
    the time limit submits the answers saved in time."""
    user = _taker(actor)
    existing = Submission.objects.filter(assessment=assessment, user_id=user.id).first()
    if existing is not None:
        if existing.status == SubmissionStatus.IN_PROGRESS and not _time_left(existing):
            # Time ran out while the student was away: submit what was saved in time.
            try:
                return submission_final_submit(assessment=assessment, actor=actor)
            except AlreadySubmitted:
                existing.refresh_from_db()
        return existing
    _window_check(assessment)
    if assessment.is_paid and not payment_is_verified(
        client_id=client_id, user_id=user.id, payment_type="ASSESSMENT", target_key=str(assessment.id)
    ):
        raise PaymentRequired()
    now = timezone.now()
    deadline = now + timedelta(minutes=assessment.duration_minutes) if assessment.duration_minutes else None
    try:
        with transaction.atomic():
            return Submission.objects.create(
                assessment=assessment, user_id=user.id, started_at=now, deadline_at=deadline, response_sheet={}
            )
    except IntegrityError:
        # A concurrent start of the same user won the race; resume theirs.
        return Submission.objects.get(assessment=assessment, user_id=user.id)


def _window_check(assessment: Assessment) -> None:
    """A new attempt starts only inside the assessment's window (a started one resumes)."""
    now = timezone.now()
    if assessment.start_time and now < assessment.start_time:
        raise NotOpen()
    if assessment.end_time and now >= assessment.end_time:
        raise Closed()


def _locked_submission(*, assessment: Assessment, user: User) -> Submission:
    submission = Submission.objects.select_for_update().filter(assessment=assessment, user_id=user.id).first()
    if submission is None:
        raise NotStarted()
    return submission


def _time_left(submission: Submission) -> bool:
    return submission.deadline_at is None or timezone.now() <= submission.deadline_at + DEADLINE_GRACE


def response_sheet_merge(current: dict[str, Any], incoming: dict[str, Any]) -> dict[str, Any]:
    """Merge per section: answers given replace earlier answers to the same question,
    others stay. Saving the same sheet twice gives the same result (idempotent)."""
    merged = {key: (dict(value) if isinstance(value, dict) else value) for key, value in (current or {}).items()}
    for key, value in incoming.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key].update(value)
        else:
            merged[key] = value
    return merged


def _merged_within_limit(current: dict[str, Any], sent: dict[str, Any]) -> dict[str, Any]:
    """The saved sheet with ``sent`` merged in, refused (400) when the result is over the
    limit: autosave and final submit alike (the final submit could grow it unchecked)."""
    merged = response_sheet_merge(current, sent)
    if len(json.dumps(merged)) > MAX_RESPONSE_SHEET_BYTES:
        raise FieldErrors({"response_sheet": "The response sheet is too large."})
    return merged


def _sheet_check(sheet: Any) -> dict[str, Any]:
    if not isinstance(sheet, dict):
        raise FieldErrors({"response_sheet": "Must be an object keyed by section id."})
    for key, value in sheet.items():
        if key != "metadata" and not isinstance(value, dict):
            raise FieldErrors({"response_sheet": f"Section {key!r} must map question ids to answers."})
    if len(json.dumps(sheet)) > MAX_RESPONSE_SHEET_BYTES:
        raise FieldErrors({"response_sheet": "The response sheet is too large."})
    return sheet


def _sheet_in(sheet: Any, *, assessment: Assessment, sections: list[Section] | None = None) -> dict[str, Any]:
    """A sent sheet in the contract's form: the web clients' form (``client_sheet``) is
    translated first, against the assessment's sections (loaded here unless given); the
    contract's form must name only the assessment's sections and their questions (one
    query for their ids when the sections are not loaded)."""
    if is_client_sheet(sheet):
        if sections is None:
            sections = assessment_sections_with_questions(assessment=assessment)
        return _sheet_check(client_sheet_to_contract(sheet, sections=sections))
    checked = _sheet_check(sheet)
    if any(key != "metadata" for key in checked):
        if sections is not None:
            question_ids = {str(s.id): {str(q.id) for q in s.questions.all()} for s in sections}
        else:
            question_ids = assessment_question_ids(assessment=assessment)
        contract_sheet_check(checked, question_ids=question_ids)
    return checked


@transaction.atomic
def submission_save(*, assessment: Assessment, actor: Actor, response_sheet: dict[str, Any]) -> Submission:
    """Merge the sent answers (the contract's sheet or the web clients', see ``_sheet_in``)."""
    user = _taker(actor)
    sheet = _sheet_in(response_sheet, assessment=assessment)
    submission = _locked_submission(assessment=assessment, user=user)
    if submission.status == SubmissionStatus.SUBMITTED:
        raise AlreadySubmitted()
    if not _time_left(submission):
        raise TimeUp()
    merged = _merged_within_limit(submission.response_sheet, sheet)
    if merged != submission.response_sheet:
        submission.response_sheet = merged
        submission.save(update_fields=["response_sheet", "updated_at"])
    return submission


def score_compute(*, sections: list[Section], response_sheet: dict[str, Any]) -> tuple[Decimal, Decimal, Decimal]:
    """(marks obtained, maximum marks, percentage). Questions without an answer key are
    not auto-graded and do not count towards the maximum."""
    obtained = Decimal("0")
    maximum = Decimal("0")
    for section in sections:
        answers = response_sheet.get(str(section.id))
        answers = answers if isinstance(answers, dict) else {}
        for question in section.questions.all():
            keys = _answer_keys(question)
            if not keys:
                continue
            maximum += question.marks
            if str(question.id) in answers and _normalize(answers[str(question.id)]) in keys:
                obtained += question.marks
    percentage = (obtained * HUNDRED / maximum).quantize(CENT, rounding=ROUND_HALF_UP) if maximum else Decimal("0.00")
    return obtained, maximum, percentage


def scholarship_for_score(*, bands: Iterable[ScholarshipBand], score: Decimal) -> Decimal:
    """The scholarship of the highest band the score reaches (0 when none)."""
    reached = [band for band in bands if score >= band.min_score_percentage]
    if not reached:
        return Decimal("0.00")
    return max(reached, key=lambda band: band.min_score_percentage).scholarship_percentage


@transaction.atomic
def submission_final_submit(
    *, assessment: Assessment, actor: Actor, response_sheet: dict[str, Any] | None = None
) -> Submission:
    """Score on the server, pick the scholarship band, freeze. Under the row lock, a
    second (or concurrent) final submit finds it submitted and is refused.

    A sheet sent with the final submit is merged first if time is left; after the time
    limit the answers saved in time are scored."""
    user = _taker(actor)
    submission = _locked_submission(assessment=assessment, user=user)
    if submission.status == SubmissionStatus.SUBMITTED:
        raise AlreadySubmitted()
    sections = assessment_sections_with_questions(assessment=assessment)
    if response_sheet and _time_left(submission):
        sent = _sheet_in(response_sheet, assessment=assessment, sections=sections)
        submission.response_sheet = _merged_within_limit(submission.response_sheet, sent)
    obtained, maximum, percentage = score_compute(sections=sections, response_sheet=submission.response_sheet)
    submission.marks_obtained = obtained
    submission.max_marks = maximum
    submission.score = percentage
    submission.offered_scholarship_percentage = scholarship_for_score(
        bands=assessment.scholarship_bands.all(), score=percentage
    )
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at = timezone.now()
    submission.save(
        update_fields=[
            "response_sheet",
            "marks_obtained",
            "max_marks",
            "score",
            "offered_scholarship_percentage",
            "status",
            "submitted_at",
            "updated_at",
        ]
    )
    webhooks.emit(
        EventType.ASSESSMENT_SUBMITTED,
        {
            "submission_id": submission.id,
            "assessment_id": assessment.id,
            "assessment_slug": assessment.slug,
            "user_id": user.id,
            "marks_obtained": obtained,
            "max_marks": maximum,
            "score_percentage": percentage,
            "offered_scholarship_percentage": submission.offered_scholarship_percentage,
            "submitted_at": submission.submitted_at,
        },
    )
    if assessment.certificate_available:
        certificate_queue_for_submission(submission_id=submission.id)
    return submission


def _referral_code_new() -> str:
    return "".join(secrets.choice(REFERRAL_ALPHABET) for _ in range(REFERRAL_LENGTH))


def _external_referral_code_valid(code: str) -> bool:
    return any(import_string(path)(code) for path in EXTERNAL_REFERRAL_CHECKS)


@transaction.atomic
def scholarship_redeem(*, assessment: Assessment, actor: Actor, referral_code: str | None = None) -> Submission:
    """Redeem the offered scholarship once; gives the student a referral code to share.

    ``referral_code`` (optional) is another student's code at this client, or a code of
    the referral program; an unknown or own code is a 400 on ``referral_code``."""
    user = _taker(actor)
    submission = Submission.objects.select_for_update().filter(assessment=assessment, user_id=user.id).first()
    if submission is None or submission.status != SubmissionStatus.SUBMITTED:
        raise NotSubmitted()
    if submission.is_redeemed:
        raise AlreadyRedeemed()
    if not submission.offered_scholarship_percentage:
        raise ScholarshipUnavailable()
    code = (referral_code or "").strip().upper()
    referrer = None
    if code:
        referrer = Submission.objects.filter(referral_code=code).first()
        if referrer is not None and referrer.user_id == user.id:
            raise InvalidReferralCode({"referral_code": "You cannot use your own referral code."})
        if referrer is None and not _external_referral_code_valid((referral_code or "").strip()):
            raise InvalidReferralCode({"referral_code": "Unknown referral code."})
    submission.is_redeemed = True
    submission.redeemed_at = timezone.now()
    submission.referred_by = referrer
    submission.referral_code_used = code[:40]
    for _ in range(10):
        submission.referral_code = _referral_code_new()
        try:
            with transaction.atomic():
                submission.save(
                    update_fields=[
                        "is_redeemed",
                        "redeemed_at",
                        "referred_by",
                        "referral_code_used",
                        "referral_code",
                        "updated_at",
                    ]
                )
            break
        except IntegrityError:
            continue
    else:  # pragma: no cover - 32**8 codes; ten collisions in a row do not happen
        raise FieldErrors({"referral_code": "Could not allocate a referral code; try again."})
    return submission


def progress_reset(*, user_id: int, assessment_ids: list[int] | None) -> int:
    """Delete the student's attempts of a progress reset (``selectors.reset_submissions``:
    never a redeemed scholarship, never a payment); returns how many went. The student may
    then start those assessments again. The caller holds the transaction."""
    qs = reset_submissions(user_id=user_id, assessment_ids=assessment_ids)
    return qs.delete()[1].get(qs.model._meta.label, 0)
