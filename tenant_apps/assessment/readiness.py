"""A learner's readiness for an assessment, before the attempt (H's instructions page,
``GET …/assessment-readiness/{slug}/``; the formula is in docs/real-client.md, "Assessment
readiness").

Assessments are not linked to courses here, so the evidence is all the learner's graded
practice: the quizzes, assignments and coding problems of the courses they are enrolled in
(their best score on each), and their submitted attempts of the client's other assessments.
Nothing is estimated without evidence: no graded practice means ``available: false`` and a
reason."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypedDict

from core.queries import of_user
from tenant_apps.accounts.actor import Actor
from tenant_apps.assessment.models import Assessment, Submission, SubmissionStatus
from tenant_apps.lms.selectors import course_practice

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
# The predicted band is the practice accuracy +/- this many points: BAND_MIN at full
# confidence, BAND_MIN + BAND_SPREAD at none.
BAND_MIN = Decimal(5)
BAND_SPREAD = Decimal(15)


class Skill(TypedDict):
    name: str
    proficiency: Decimal
    attempts: int


def _pct(part: Decimal | int, whole: Decimal | int) -> Decimal:
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(CENT, rounding=ROUND_HALF_UP) if whole else Decimal(0)


def band(accuracy: Decimal, confidence: Decimal) -> str:
    """``"55-75%"``: accuracy +/- a margin that narrows as confidence grows, within 0-100."""
    margin = BAND_MIN + BAND_SPREAD * (HUNDRED - confidence) / HUNDRED
    low = max(Decimal(0), accuracy - margin).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    high = min(HUNDRED, accuracy + margin).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{low}-{high}%"


def _unavailable(reason: str) -> dict[str, Any]:
    return {
        "available": False,
        "overall_band": None,
        "practice_accuracy": None,
        "topic_coverage": None,
        "confidence": None,
        "softest_topic": None,
        "skills": [],
        "reason": reason,
    }


def assessment_readiness(*, assessment: Assessment, actor: Actor) -> dict[str, Any]:
    """3 queries after the assessment (``course_practice``'s 2, the other assessments'
    attempts). A visiting platform admin has no practice here: unavailable."""
    user_id = actor.local_user_id
    if user_id is None:
        return _unavailable("No learning record at this client.")
    courses = course_practice(user_id=user_id)
    others: list[tuple[str, Decimal, Decimal]] = [
        (title, obtained or Decimal(0), maximum or Decimal(0))
        for title, obtained, maximum in Submission.objects.filter(
            of_user(user_id), status=SubmissionStatus.SUBMITTED, max_marks__gt=0
        )
        .exclude(assessment=assessment)
        .values_list("assessment__title", "marks_obtained", "max_marks")
        .order_by("assessment_id")
    ]
    skills: list[Skill] = [
        {"name": row["title"], "proficiency": _pct(row["best"], row["maximum"]), "attempts": row["attempts"]}
        for row in courses
        if row["practised"]
    ]
    skills += [
        {"name": title, "proficiency": _pct(obtained, maximum), "attempts": 1} for title, obtained, maximum in others
    ]
    if not skills:
        if not courses:
            return _unavailable("No course enrolments or assessment results yet to estimate from.")
        return _unavailable("No graded practice yet: complete a quiz or coding problem in your courses.")
    best = sum((row["best"] for row in courses), Decimal(0)) + sum((o for _, o, _ in others), Decimal(0))
    maximum = sum((row["maximum"] for row in courses), Decimal(0)) + sum((m for _, _, m in others), Decimal(0))
    accuracy = _pct(best, maximum)
    coverage = _pct(sum(row["completed"] for row in courses), sum(row["contents"] for row in courses))
    graded = sum(row["graded"] for row in courses)
    confidence = _pct(sum(row["practised"] for row in courses) + len(others), graded + len(others))
    skills.sort(key=lambda s: (-s["proficiency"], s["name"]))
    softest = skills[-1]
    return {
        "available": True,
        "overall_band": band(accuracy, confidence),
        "practice_accuracy": accuracy,
        "topic_coverage": coverage,
        "confidence": confidence,
        "softest_topic": {"name": softest["name"], "accuracy": softest["proficiency"]} if len(skills) > 1 else None,
        "skills": skills,
        "reason": None,
    }
