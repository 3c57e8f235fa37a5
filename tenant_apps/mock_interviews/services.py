"""Writes of mock interviews: create, start (questions), submit (AI feedback)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from core.errors import FieldErrors
from tenant_apps.accounts.models import User
from tenant_apps.ai import client as ai
from tenant_apps.mock_interviews.errors import InterviewAlreadySubmitted, InterviewNotStarted
from tenant_apps.mock_interviews.models import InterviewStatus, MockInterview, QuestionSource
from tenant_apps.mock_interviews.question_bank import QUESTIONS_PER_INTERVIEW, bank_questions

MAX_ANSWER_CHARS = 5000

QUESTIONS_PROMPT = (
    "You are an experienced interviewer. Write {count} interview questions for a candidate. "
    'Answer with a JSON object {{"questions": [{{"question": "...", "type": "..."}}]}} where type is one '
    'of "technical", "behavioral", "hr", "system_design". No other text.'
)
FEEDBACK_PROMPT = (
    "You are an experienced interviewer grading a mock interview. Score the whole interview from 0 to "
    "100 and give constructive feedback (strengths, what to improve). Unanswered questions lower the "
    'score. Answer with a JSON object {"score": <number 0-100>, "feedback": "<text>", '
    '"question_feedback": [{"question_id": <id>, "score": <0-100>, "feedback": "<text>"}]}. No other text.'
)
QUESTION_TYPES = {"technical", "behavioral", "hr", "system_design"}


@transaction.atomic
def interview_create(
    *,
    user: User,
    job_role: str,
    experience_level: str,
    interview_type: str,
    subtopic: str = "",
    planned_minutes: int | None = None,
    scheduled_at: datetime | None = None,
) -> MockInterview:
    """A scheduled interview. ``scheduled_at`` is the student's plan, not a gate: it can be
    started before then (docs/mock-interviews.md, "Lifecycle")."""
    return MockInterview.objects.create(
        user=user,
        job_role=job_role.strip(),
        experience_level=experience_level,
        interview_type=interview_type,
        subtopic=subtopic.strip(),
        planned_minutes=planned_minutes,
        scheduled_at=scheduled_at,
    )


def _interview_brief(interview: MockInterview) -> str:
    """The interview as the model is told it (the focus only when the student gave one)."""
    brief = (
        f"Job role: {interview.job_role}\nExperience level: {interview.get_experience_level_display()}\n"
        f"Interview type: {interview.get_interview_type_display()}"
    )
    return brief + (f"\nFocus: {interview.subtopic}" if interview.subtopic else "")


def _validate_questions(data: dict[str, Any]) -> list[dict[str, Any]]:
    items = data["questions"]
    if not isinstance(items, list) or not items:
        raise ValueError("questions must be a non-empty list")
    questions = []
    for index, item in enumerate(items[:QUESTIONS_PER_INTERVIEW], start=1):
        text = item["question"]
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"question {index} has no text")
        kind = item.get("type") if isinstance(item.get("type"), str) else ""
        questions.append({"id": index, "question": text.strip()[:1000], "type": kind if kind in QUESTION_TYPES else ""})
    return questions


def _generate_questions(interview: MockInterview) -> tuple[list[dict[str, Any]], str]:
    if not ai.ai_configured():
        return (
            bank_questions(
                job_role=interview.job_role,
                experience_level=interview.experience_level,
                interview_type=interview.interview_type,
            ),
            QuestionSource.BANK,
        )
    fallback_type = "" if interview.interview_type == "mixed" else interview.interview_type
    questions = ai.chat_json(
        ai.system_user(
            QUESTIONS_PROMPT.format(count=QUESTIONS_PER_INTERVIEW),
            _interview_brief(interview),
        ),
        validate=_validate_questions,
        temperature=0.7,
    )
    for question in questions:
        question["type"] = question["type"] or fallback_type
    return questions, QuestionSource.AI


def interview_start(*, interview: MockInterview) -> MockInterview:
    """Give the interview its questions and mark it in progress.

    Starting again while in progress returns the same questions; a completed interview
    cannot be restarted. The AI call happens outside any transaction (no row lock held
    while waiting); the row is then updated only if it is still scheduled."""
    if interview.status == InterviewStatus.COMPLETED:
        raise InterviewAlreadySubmitted()
    if interview.status == InterviewStatus.IN_PROGRESS:
        return interview
    questions, source = _generate_questions(interview)
    with transaction.atomic():
        locked = MockInterview.objects.select_for_update().get(id=interview.id)
        if locked.status != InterviewStatus.SCHEDULED:  # started meanwhile: keep the first questions
            return locked
        locked.questions = questions
        locked.question_source = source
        locked.status = InterviewStatus.IN_PROGRESS
        locked.started_at = timezone.now()
        locked.save(update_fields=["questions", "question_source", "status", "started_at", "updated_at"])
    return locked


def _validate_feedback(question_ids: set[int]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def validate(data: dict[str, Any]) -> dict[str, Any]:
        score = data["score"]
        if isinstance(score, bool) or not isinstance(score, (int, float)):
            raise ValueError("score must be a number")
        if not 0 <= score <= 100:
            raise ValueError("score must be between 0 and 100")
        feedback = data["feedback"]
        if not isinstance(feedback, str) or not feedback.strip():
            raise ValueError("feedback must be a non-empty string")
        per_question = []
        for item in data.get("question_feedback") or []:
            if isinstance(item, dict) and item.get("question_id") in question_ids:
                item_score = item.get("score")
                per_question.append(
                    {
                        "question_id": item["question_id"],
                        "score": item_score
                        if isinstance(item_score, (int, float)) and not isinstance(item_score, bool)
                        else None,
                        "feedback": str(item.get("feedback") or "")[:2000],
                    }
                )
        return {
            "score": Decimal(str(score)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
            "feedback": feedback.strip(),
            "question_feedback": per_question,
        }

    return validate


def _check_responses(interview: MockInterview, responses: list[dict[str, Any]]) -> list[dict[str, Any]]:
    known = {q["id"] for q in interview.questions}
    seen: set[int] = set()
    cleaned = []
    for item in responses:
        qid = item["question_id"]
        if qid not in known:
            raise FieldErrors({"responses": f"Unknown question_id {qid}."})
        if qid in seen:
            raise FieldErrors({"responses": f"question_id {qid} is answered twice."})
        seen.add(qid)
        cleaned.append({"question_id": qid, "answer": item["answer"], "audio_url": item.get("audio_url") or ""})
    if not any(r["answer"].strip() for r in cleaned):
        raise FieldErrors({"responses": "Answer at least one question."})
    return cleaned


def interview_submit(*, interview: MockInterview, responses: list[dict[str, Any]]) -> MockInterview:
    """Store the answers with the AI's score (0-100) and feedback; only once.

    Feedback needs the AI: without it the call is a 503 and the interview stays in
    progress, so the student can submit again later."""
    if interview.status == InterviewStatus.COMPLETED:
        raise InterviewAlreadySubmitted()
    if interview.status != InterviewStatus.IN_PROGRESS:
        raise InterviewNotStarted()
    cleaned = _check_responses(interview, responses)
    answers = {r["question_id"]: r["answer"] for r in cleaned}
    transcript = "\n\n".join(
        f"Question {q['id']} ({q.get('type') or 'general'}): {q['question']}\n"
        f"Answer: {answers.get(q['id'], '').strip() or '(no answer)'}"
        for q in interview.questions
    )
    result = ai.chat_json(
        ai.system_user(
            FEEDBACK_PROMPT,
            f"{_interview_brief(interview)}\n\n{transcript}",
        ),
        validate=_validate_feedback({q["id"] for q in interview.questions}),
    )
    with transaction.atomic():
        locked = MockInterview.objects.select_for_update().get(id=interview.id)
        if locked.status == InterviewStatus.COMPLETED:  # a parallel submit won
            raise InterviewAlreadySubmitted()
        locked.responses = cleaned
        locked.score = result["score"]
        locked.feedback = result["feedback"]
        locked.question_feedback = result["question_feedback"]
        locked.status = InterviewStatus.COMPLETED
        locked.submitted_at = timezone.now()
        locked.save(
            update_fields=[
                "responses",
                "score",
                "feedback",
                "question_feedback",
                "status",
                "submitted_at",
                "updated_at",
            ]
        )
    return locked
