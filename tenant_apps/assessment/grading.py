"""How an answer is compared with a question's key: one place for the scoring of a final
submit (``services.score_compute``) and the result report (``selectors.scholarship_report``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

if TYPE_CHECKING:
    from tenant_apps.assessment.models import Question, Section


def normalize(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("code", value.get("answer", ""))
    if isinstance(value, list):
        value = value[0] if len(value) == 1 else ""
    return " ".join(str(value if value is not None else "").split()).casefold()


def answer_keys(question: Question) -> set[str]:
    keys = [question.correct_answer, *question.accepted_answers]
    return {normalize(key) for key in keys if str(key).strip()}


def _answered(value: Any) -> bool:
    return normalize(value) != ""


class SectionTally(TypedDict):
    section: Section
    total: int
    attempted: int
    correct: int
    incorrect: int


def section_tallies(*, sections: list[Section], response_sheet: dict[str, Any]) -> list[SectionTally]:
    """Per section, its auto-graded questions (those with an answer key, as in the score),
    how many were answered, and how many of those right and wrong."""
    tallies: list[SectionTally] = []
    for section in sections:
        answers = response_sheet.get(str(section.id))
        answers = answers if isinstance(answers, dict) else {}
        tally: SectionTally = {"section": section, "total": 0, "attempted": 0, "correct": 0, "incorrect": 0}
        for question in section.questions.all():
            keys = answer_keys(question)
            if not keys:
                continue
            tally["total"] += 1
            given = answers.get(str(question.id))
            if given is None or not _answered(given):
                continue
            tally["attempted"] += 1
            if normalize(given) in keys:
                tally["correct"] += 1
            else:
                tally["incorrect"] += 1
        tallies.append(tally)
    return tallies
