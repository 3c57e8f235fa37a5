"""Grading on the server: quizzes, coding problems (through the sandbox) and assignments.

Every graded attempt is a ``Submission``; running sample tests (``runCode``) and a custom
input (``customRunCode``) are not graded and store nothing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from core.errors import FieldErrors
from tenant_apps.accounts.actor import Actor
from tenant_apps.audit import services as audit
from tenant_apps.audit.models import AuditAction
from tenant_apps.lms import sandbox
from tenant_apps.lms.cache import progress_changed
from tenant_apps.lms.errors import ContentNotFound, NotFoundSubmission
from tenant_apps.lms.models import (
    MCQ,
    Assignment,
    CodingProblem,
    Content,
    ContentProgress,
    ContentType,
    Quiz,
    Submission,
    SubmissionStatus,
)
from tenant_apps.lms.selectors import assignment_submission_get
from tenant_apps.lms.services import Rider, learner_of, submission_record

OPTION_LETTERS = "ABCDEF"
MAX_TEST_CASES = 30
MAX_SOURCE_CHARS = 64_000
# A submission's whole run stays well inside the web worker's timeout (60 s by default):
# cases left when the budget is spent are not run and count as failed.
SUBMISSION_BUDGET_SECONDS = 25.0
SKIPPED = "Skipped (time budget spent)"
TWO_PLACES = Decimal("0.01")


def _expect(content: Content, content_type: str) -> None:
    if content.content_type != content_type:
        raise FieldErrors({"activity_type": f"This content is a {content.content_type}, not a {content_type}."})


# A content's item is set whenever its content_type names it (a check constraint holds
# that); these read it after ``_expect``, typed, and 404 if a row ever broke the rule.
def _quiz(content: Content) -> Quiz:
    if content.quiz is None:
        raise ContentNotFound()
    return content.quiz


def _coding_problem(content: Content) -> CodingProblem:
    if content.coding_problem is None:
        raise ContentNotFound()
    return content.coding_problem


def _assignment(content: Content) -> Assignment:
    if content.assignment is None:
        raise ContentNotFound()
    return content.assignment


def _status_for(obtained: Decimal, maximum: Decimal) -> str:
    if maximum and obtained >= maximum:
        return SubmissionStatus.ACCEPTED
    if obtained > 0:
        return SubmissionStatus.PARTIAL
    return SubmissionStatus.WRONG_ANSWER


# --- quizzes -----------------------------------------------------------------------------


def quiz_submit(
    *, content: Content, actor: Actor, answers: list[dict[str, Any]], rider: Rider | None = None
) -> tuple[Submission, dict]:
    """Grade ``[{"questionId", "questionIndex", "selectedOption": "A".."D"}]``: one mark a
    question (``rider``: see ``services.submission_record``)."""
    _expect(content, ContentType.QUIZ)
    learner = learner_of(actor)
    questions = [link.mcq for link in _quiz(content).quiz_mcqs.all()]
    attempt = quiz_attempt(questions=questions, answers=answers)
    submission = submission_record(content=content, learner=learner, completes=True, rider=rider, **attempt)
    return submission, attempt["result"]


def quiz_attempt(*, questions: list[MCQ], answers: list[dict[str, Any]]) -> dict[str, Any]:
    """One graded attempt at ``questions`` (in the quiz's order) as ``submission_record``
    stores it: ``payload``, ``result`` (per question, in that order), ``score``,
    ``max_score``, ``status``; no query (the demo's attempt is graded the same way). A 400
    names the answer that is not a question of the quiz or not one of its letters."""
    if not questions:
        raise FieldErrors({"userAnswers": "This quiz has no questions yet."})
    by_id = {mcq.id: mcq for mcq in questions}
    chosen: dict[int, int] = {}
    for position, answer in enumerate(answers):
        field = f"userAnswers.{position}"
        question_id, index = answer.get("questionId"), answer.get("questionIndex")
        if question_id is not None:
            mcq = by_id.get(question_id)
        else:
            mcq = questions[index] if isinstance(index, int) and 0 <= index < len(questions) else None
        if mcq is None:
            raise FieldErrors({f"{field}.questionId": "Not a question of this quiz."})
        letter = str(answer.get("selectedOption") or "").strip().upper()
        if len(letter) != 1 or letter not in OPTION_LETTERS[: len(mcq.options)]:
            raise FieldErrors(
                {f"{field}.selectedOption": f"Choose one of {', '.join(OPTION_LETTERS[: len(mcq.options)])}."}
            )
        chosen[mcq.id] = OPTION_LETTERS.index(letter)
    graded = []
    for mcq in questions:
        selected = chosen.get(mcq.id)
        graded.append(
            {
                "question_id": mcq.id,
                "selected_option": OPTION_LETTERS[selected] if selected is not None else None,
                "correct_option": OPTION_LETTERS[mcq.correct_answer],
                "is_correct": selected == mcq.correct_answer,
                "explanation": mcq.explanation,
            }
        )
    # The web client's results view: each question with its text and lettered options
    # beside the grading (docs/real-client.md, "Quiz submission").
    reviewed = [
        {
            "question_id": mcq.id,
            "question_text": mcq.question,
            "options": dict(zip(OPTION_LETTERS, mcq.options, strict=False)),
            **{key: value for key, value in row.items() if key != "question_id"},
        }
        for mcq, row in zip(questions, graded, strict=True)
    ]
    obtained = Decimal(sum(1 for row in graded if row["is_correct"])).quantize(TWO_PLACES)
    maximum = Decimal(len(questions)).quantize(TWO_PLACES)
    result = {"answers": graded, "questions": reviewed, "obtained_marks": obtained, "maximum_marks": maximum}
    return {
        "payload": {"userAnswers": answers},
        "result": _jsonable(result),
        "score": obtained,
        "max_score": maximum,
        "status": _status_for(obtained, maximum),
    }


# --- coding problems ---------------------------------------------------------------------


def _cases(content: Content) -> list[dict[str, Any]]:
    return cases_read(_coding_problem(content).test_cases)


def cases_read(stored: Any) -> list[dict[str, Any]]:
    """A problem's stored ``test_cases`` as ``{input, expected_output, is_sample}`` (either
    spelling of a stored case); no query."""
    cases = []
    for case in stored or []:
        if not isinstance(case, dict):
            continue
        cases.append(
            {
                "input": str(case.get("input", case.get("stdin", "")) or ""),
                "expected_output": str(case.get("expected_output", case.get("output", "")) or ""),
                "is_sample": bool(case.get("is_sample", case.get("sample", False))),
            }
        )
    return cases[:MAX_TEST_CASES]


def sample_cases(content: Content) -> list[dict[str, Any]]:
    """The cases a student sees: those marked ``is_sample``, else the first one."""
    return samples_of(_cases(content))


def samples_of(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Of ``cases_read``'s cases, those marked ``is_sample``, else the first one."""
    samples = [case for case in cases if case["is_sample"]]
    return samples or cases[:1]


def _check_source(source_code: str | None, language_id: int | None) -> tuple[str, int]:
    """The source and language, both present and within limits (else a 400 naming them)."""
    errors = {}
    if not source_code or not source_code.strip():
        errors["source_code"] = "This field is required."
    elif len(source_code) > MAX_SOURCE_CHARS:
        errors["source_code"] = f"At most {MAX_SOURCE_CHARS} characters."
    if language_id is None:
        errors["language_id"] = "This field is required."
    if errors or not source_code or language_id is None:
        raise FieldErrors(errors)
    return source_code, language_id


def _run_case(content: Content, *, source_code: str, language_id: int, stdin: str, expected: str | None) -> dict:
    problem = _coding_problem(content)
    run = sandbox.code_run(
        source_code=source_code,
        language_id=language_id,
        stdin=stdin,
        time_limit=float(problem.time_limit_seconds),
        memory_limit_mb=problem.memory_limit_mb,
    )
    status = run.status
    if run.ok and expected is not None and not sandbox.outputs_match(run.stdout, expected):
        status = sandbox.WRONG_ANSWER[1]
    return {
        "input": stdin,
        "expected_output": expected,
        "actual_output": run.stdout,
        "status": status,
        "stderr": run.stderr,
        "time": str(run.time) if run.time is not None else None,
        "memory": run.memory,
    }


def _failed(results: list[dict]) -> list[dict]:
    return [row for row in results if row["status"] != sandbox.ACCEPTED[1]]


def code_run(
    *, content: Content, source_code: str | None, language_id: int | None, stdin: str | None, custom: bool
) -> dict:
    """``runCode``: the sample cases; ``customRunCode``: the student's own input. Not graded."""
    _expect(content, ContentType.CODING_PROBLEM)
    code, language = _check_source(source_code, language_id)
    if custom:
        runs = [(stdin or "", None)]
    else:
        runs = [(case["input"], case["expected_output"]) for case in sample_cases(content)]
    results = [
        _run_case(content, source_code=code, language_id=language, stdin=case_in, expected=expected)
        for case_in, expected in runs
    ]
    failed = _failed(results)
    return {
        "status": failed[0]["status"] if failed else sandbox.ACCEPTED[1],
        "results": results,
        "total_test_cases": len(results),
        "passed": len(results) - len(failed),
        "failed": len(failed),
    }


@dataclass(frozen=True)
class CodeVerdict:
    """A coding submission's runs, graded: what ``code_record`` stores."""

    source_code: str | None
    language_id: int | None
    result: dict[str, Any]
    score: Decimal
    max_marks: Decimal
    status: str
    accepted: bool


def code_evaluate(*, content: Content, actor: Actor, source_code: str | None, language_id: int | None) -> CodeVerdict:
    """``submitCode``'s runs: every test case; "Accepted" only when all pass. Score is the share
    of passed cases times the problem's ``max_marks``; hidden cases don't reveal their data.
    Writes nothing (the runs take seconds: no transaction should wait for them)."""
    _expect(content, ContentType.CODING_PROBLEM)
    code, language = _check_source(source_code, language_id)
    learner_of(actor)
    cases = _cases(content)
    if not cases:
        raise FieldErrors({"source_code": "This problem has no test cases yet."})
    results = []
    started = time.monotonic()
    for case in cases:
        if time.monotonic() - started > SUBMISSION_BUDGET_SECONDS:
            row = {"input": case["input"], "expected_output": case["expected_output"], "actual_output": None}
            row.update(status=SKIPPED, stderr="", time=None, memory=None)
        else:
            row = _run_case(
                content,
                source_code=code,
                language_id=language,
                stdin=case["input"],
                expected=case["expected_output"],
            )
        if not case["is_sample"]:
            row.update(input=None, expected_output=None, actual_output=None)
        results.append(row)
    failed = _failed(results)
    passed = len(results) - len(failed)
    max_marks = _coding_problem(content).max_marks
    score = (max_marks * passed / len(results)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    status = failed[0]["status"] if failed else SubmissionStatus.ACCEPTED
    result = {
        "status": status,
        "total_test_cases": len(results),
        "passed": passed,
        "failed": len(failed),
        "results": results,
        "score": score,
        "maximum_marks": max_marks,
    }
    return CodeVerdict(
        source_code=source_code,
        language_id=language_id,
        result=result,
        score=score,
        max_marks=max_marks,
        status=status,
        accepted=not failed,
    )


def code_record(*, content: Content, actor: Actor, verdict: CodeVerdict) -> tuple[Submission, dict]:
    """Store an evaluated coding submission (see ``code_evaluate``)."""
    submission = submission_record(
        content=content,
        learner=learner_of(actor),
        payload={"source_code": verdict.source_code, "language_id": verdict.language_id},
        result=_jsonable(verdict.result),
        score=verdict.score,
        max_score=verdict.max_marks,
        status=verdict.status,
        completes=verdict.accepted,
    )
    return submission, verdict.result


# --- assignments -------------------------------------------------------------------------


def assignment_submit(*, content: Content, actor: Actor, answer: str | None) -> tuple[Submission, dict]:
    """An answer for a person to grade: stored as "Submitted" with score 0; completes the step."""
    _expect(content, ContentType.ASSIGNMENT)
    learner = learner_of(actor)
    if not answer or not str(answer).strip():
        raise FieldErrors({"answer": "This field is required."})
    assignment = _assignment(content)
    submission = submission_record(
        content=content,
        learner=learner,
        payload={"answer": str(answer)},
        result={},
        score=Decimal("0.00"),
        max_score=assignment.max_marks,
        status=SubmissionStatus.SUBMITTED,
        completes=True,
    )
    return submission, {"status": submission.status, "score": submission.score, "maximum_marks": assignment.max_marks}


@transaction.atomic
def assignment_grade(*, submission_id: int, score: Decimal, feedback: str, grader: Actor) -> Submission:
    """Grade an assignment submission (or re-grade it); the learner's best score for that
    content is recomputed from all their graded attempts, so a lowered grade lowers it too."""
    submission = (
        Submission.objects.select_for_update().filter(id=submission_id, content_type=ContentType.ASSIGNMENT).first()
    )
    if submission is None:
        raise NotFoundSubmission()
    if score < 0 or score > submission.max_score:
        raise FieldErrors({"score": f"Must be between 0 and {submission.max_score}."})
    before = {"score": submission.score, "status": submission.status}
    submission.score = score
    submission.status = SubmissionStatus.GRADED
    submission.result = {
        **submission.result,
        "feedback": feedback.strip(),
        "graded_by": grader.local_user_id,
        "graded_at": timezone.now().isoformat(),
    }
    submission.save(update_fields=["score", "status", "result"])
    audit.record(
        action=AuditAction.GRADE_CHANGED,
        actor=grader,
        target_type="submission",
        target_id=submission.id,
        data={
            "student_id": submission.user_id,
            "content_id": submission.content_id,
            "from": before,
            "to": {"score": score, "status": submission.status},
            "max_score": submission.max_score,
        },
    )
    best = Submission.objects.filter(user_id=submission.user_id, content_id=submission.content_id).aggregate(
        best=models.Max("score")
    )["best"]
    ContentProgress.objects.filter(user_id=submission.user_id, content_id=submission.content_id).update(
        best_score=best or Decimal("0.00"), updated_at=timezone.now()
    )
    progress_changed()  # a QuerySet.update sends no signal
    return assignment_submission_get(submission_id=submission.id)


def _jsonable(value: Any) -> Any:
    """The result as stored JSON: decimals (already at 2 places) as numbers, as the API answers them."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value
