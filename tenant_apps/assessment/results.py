"""The learner's own result of an assessment, as H's result page reads it
(``GET …/assessment-result/{slug}/``, docs/real-client.md "Assessment result page").

Everything comes from rows we store: the submitted attempt (answers, marks, times), the
assessment's sections and questions (the answer key), and what the learner's browser reported
about proctoring in the sheet's ``metadata`` at the final submit. There is no result before
the final submit; the right options (``correct_option``) and the per-question verdicts
(``is_correct``, ``awarded_marks``, ``all_test_cases_passed``, ``full_marks``) are shown only
once nobody can answer any more (``answer_key_public``); the learner's own answers and score
always."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, prefetch_related_objects

from core.queries import of_user
from tenant_apps.accounts.actor import Actor
from tenant_apps.assessment.client_sheet import letter_of
from tenant_apps.assessment.errors import ResultNotFound
from tenant_apps.assessment.grading import answer_keys, normalize
from tenant_apps.assessment.models import Assessment, Question, Section, SectionType, Submission, SubmissionStatus
from tenant_apps.assessment.selectors import answer_key_public, result_stats

# The reason H's take page gives when it submits because the tab-switch limit was reached.
TAB_SWITCH_LIMIT = "tab_switch_limit"
# At most this many of the browser's eye-movement events are answered back (the page lists them).
MAX_EVENTS = 100


def _options(question: Question) -> dict[str, str]:
    return {letter_of(i): str(text) for i, text in enumerate(question.options[:20])}


def _letter(question: Question, text: Any) -> str | None:
    try:
        return letter_of(question.options.index(text))
    except (ValueError, IndexError):
        return None


def _marks(question: Question, graded: bool, correct: bool) -> Decimal | None:
    """Marks awarded: the question's marks when right, 0 when wrong, None when not auto-graded."""
    if not graded:
        return None
    return question.marks if correct else Decimal(0)


def _verdict(question: Question, given: Any) -> tuple[bool, bool]:
    """(auto-graded, right): the same comparison as the score (``grading``)."""
    keys = answer_keys(question)
    if not keys:
        return False, False
    return True, given is not None and normalize(given) != "" and normalize(given) in keys


def _quiz_row(section: Section, question: Question, given: Any) -> dict[str, Any]:
    graded, correct = _verdict(question, given)
    if isinstance(given, list):
        selected: str | list[str] | None = [x for x in (_letter(question, t) for t in given) if x] or None
    else:
        selected = _letter(question, given) if given not in (None, "") else None
    return {
        "question_id": question.id,
        "section_id": section.id,
        "question_text": question.text,
        "options": _options(question),
        "correct_option": _letter(question, question.correct_answer),
        "question_style": "single",
        "selected_answer": selected,
        "is_correct": correct,
        "explanation": None,
        "awarded_marks": _marks(question, graded, correct),
        "max_marks": question.marks,
        "feedback": None,
        "topic": section.title,
    }


def _coding_row(section: Section, question: Question, given: Any) -> dict[str, Any]:
    graded, correct = _verdict(question, given)
    code = given.get("code") if isinstance(given, dict) else given
    passed = given.get("tc_passed") if isinstance(given, dict) else None
    total = given.get("total_tc") if isinstance(given, dict) else None
    return {
        "problem_id": question.id,
        "section_id": section.id,
        "title": question.text.strip().splitlines()[0][:200] if question.text.strip() else f"Problem {question.id}",
        "problem_statement": question.text,
        "submitted_code": code if isinstance(code, str) and code else None,
        "language": question.language,
        "total_test_cases": total if isinstance(total, int) and total >= 0 else 0,
        "passed_test_cases": passed if isinstance(passed, int) and passed >= 0 else 0,
        "all_test_cases_passed": correct,
        "is_correct": correct,
        "awarded_marks": _marks(question, graded, correct),
        "max_marks": question.marks,
        "feedback": None,
    }


def _subjective_row(section: Section, question: Question, given: Any) -> dict[str, Any]:
    graded, correct = _verdict(question, given)
    text = given.get("answer") if isinstance(given, dict) else given
    answer = text if isinstance(text, str) else None
    return {
        "question_id": question.id,
        "section_id": section.id,
        "section_title": section.title,
        "question_text": question.text,
        "question_type": "text",
        "answer_mode": "text",
        "max_marks": question.marks,
        "answer": answer,
        "your_answer": answer,
        "is_correct": correct,
        "awarded_marks": _marks(question, graded, correct),
        "full_marks": correct,
        "feedback": None,
    }


ROW_OF_TYPE = {SectionType.MCQ: _quiz_row, SectionType.CODING: _coding_row, SectionType.TEXT: _subjective_row}
LIST_OF_TYPE = {
    SectionType.MCQ: "quiz_responses",
    SectionType.CODING: "coding_problem_responses",
    SectionType.TEXT: "subjective_responses",
}


def user_responses(*, sections: list[Section], response_sheet: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Every question of every section, in order, with the learner's answer and the key."""
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in LIST_OF_TYPE.values()}
    for section in sections:
        answers = response_sheet.get(str(section.id))
        answers = answers if isinstance(answers, dict) else {}
        row = ROW_OF_TYPE.get(section.section_type)  # type: ignore[call-overload]
        if row is None:
            continue
        for question in section.questions.all():
            out[LIST_OF_TYPE[section.section_type]].append(row(section, question, answers.get(str(question.id))))  # type: ignore[index]
    return out


def _count(value: Any) -> int:
    """A count the browser reported: a list's length or a non-negative integer, else 0."""
    if isinstance(value, list):
        return len(value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return min(value, 1_000_000)
    return 0


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def proctoring_findings(metadata: Any) -> dict[str, Any] | None:
    """What H's take page reported at the final submit (``metadata.transcript.metadata``):
    counts of tab switches, fullscreen exits, face and eye-movement events. None when the
    attempt holds no such report (another client, the contract's sheet, or a submit after
    the time limit, whose sheet is not merged). Reported by the browser, not observed here."""
    report = _dict(_dict(_dict(metadata).get("transcript")).get("metadata"))
    proctoring = report.get("proctoring")
    if not isinstance(proctoring, dict):
        return None
    events: list[dict[str, Any]] = []
    for event in proctoring.get("eye_movement_violations") or []:
        if isinstance(event, dict) and isinstance(event.get("timestamp"), str) and len(events) < MAX_EVENTS:
            seconds = event.get("duration_seconds")
            events.append(
                {
                    "timestamp": event["timestamp"][:40],
                    "duration_seconds": seconds
                    if isinstance(seconds, (int, float)) and not isinstance(seconds, bool)
                    else None,
                }
            )
    faces = proctoring.get("face_violations")
    return {
        "tab_switches_count": _count(proctoring.get("tab_switches")),
        "fullscreen_exits_count": _count(proctoring.get("fullscreen_exits")),
        "face_violations_count": _count(faces),
        "face_validation_failures_count": _count(report.get("face_validation_failures")),
        "multiple_face_detections_count": _count(report.get("multiple_face_detections")),
        "eye_movement_count": _count(proctoring.get("eye_movement_count")) or len(events),
        "eye_movement_violations": events,
        "total_violation_count": _count(proctoring.get("total_violation_count")),
        "violation_threshold_reached": proctoring.get("violation_threshold_reached") is True,
    }


def _auto_submit(metadata: Any) -> tuple[str | None, dict[str, Any] | None, str | None]:
    """(reason, its details, a sentence) for an attempt the take page submitted by itself."""
    meta = _dict(metadata)
    reason = meta.get("auto_submitted_reason")
    reason = reason[:64] if isinstance(reason, str) and reason.strip() else None
    details = meta.get("auto_submitted_meta") if isinstance(meta.get("auto_submitted_meta"), dict) else None
    message = None
    if reason == TAB_SWITCH_LIMIT:
        message = "This assessment was submitted automatically: the tab-switch limit was reached."
    elif reason is not None:
        message = f"This assessment was submitted automatically ({reason})."
    return reason, details, message


# What a result row says about the answer key: the right letter, and the verdicts. A verdict
# per question is the key by elimination: an account answering every question "A" learns
# which questions are A, a second one "B"…, three throwaway accounts for a whole MCQ key; a
# written or coding question's verdict tells whether a guessed answer is the key.
KEY_FIELDS = ("correct_option", "is_correct", "awarded_marks", "all_test_cases_passed", "full_marks")


def _withhold_key(responses: dict[str, list[dict[str, Any]]]) -> None:
    """Null every field of ``KEY_FIELDS`` the rows carry (``answer_key_public`` is false). The
    score stays (the learner's result); ``stats`` withholds what adds the verdicts up beyond
    it (``selectors.result_stats``)."""
    for rows in responses.values():
        for row in rows:
            for name in KEY_FIELDS:
                if name in row:
                    row[name] = None


def assessment_result(*, assessment: Assessment, actor: Actor, attempt_id: int | None = None) -> dict[str, Any]:
    """4 queries after the assessment: the learner's submitted attempt with its user, the
    sections, their questions, the attempts' standing (a 5th once the window has ended:
    ``answer_key_public``). 404 ``result_not_found`` when the
    learner has no submitted attempt (or ``attempt_id`` is not theirs)."""
    submission = (
        Submission.objects.filter(
            of_user(actor.local_user_id), assessment=assessment, status=SubmissionStatus.SUBMITTED
        )
        .select_related("user")
        .first()
    )
    if submission is None or (attempt_id is not None and attempt_id != submission.id):
        raise ResultNotFound()
    prefetch_related_objects(
        [assessment],
        Prefetch(
            "sections",
            queryset=Section.objects.order_by("order", "id").prefetch_related(
                Prefetch("questions", queryset=Question.objects.order_by("order", "id"))
            ),
        ),
    )
    sections = list(assessment.sections.all())
    responses = user_responses(sections=sections, response_sheet=submission.response_sheet or {})
    key_public = answer_key_public(assessment=assessment)
    if not key_public:
        _withhold_key(responses)
    stats = result_stats(assessment=assessment, submission=submission, sections=sections, key_public=key_public)
    metadata = submission.response_sheet.get("metadata") if isinstance(submission.response_sheet, dict) else None
    reason, details, message = _auto_submit(metadata)
    return {
        "assessment": assessment,
        "sections": sections,
        "submission": submission,
        "user": submission.user,
        "stats": stats,
        "user_responses": responses,
        "proctoring": proctoring_findings(metadata),
        "auto_submitted_reason": reason,
        "auto_submitted_meta": details,
        "auto_submit_message": message,
    }
