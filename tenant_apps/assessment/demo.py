"""Demo assessments for `make run`: a free one and a paid scholarship test (idempotent)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from tenant_apps.assessment.models import Assessment, Question, ScholarshipBand, Section, SectionType

FREE = {
    "slug": "python-basics",
    "title": "Python Basics Check",
    "description": "A short free quiz on Python fundamentals.",
    "is_paid": False,
    "amount": Decimal("0.00"),
    "duration_minutes": None,
}
PAID = {
    "slug": "fullstack-scholarship-test",
    "title": "Full-Stack Scholarship Test",
    "description": "Score well to earn a scholarship on the Full-Stack program.",
    "is_paid": True,
    "amount": Decimal("99.00"),
    "duration_minutes": 30,
    "program_slug": "fullstack-program",
    "program_amount": Decimal("49999.00"),
}
MCQS = [
    ("What does len([1, 2, 3]) return?", ["2", "3", "4", "An error"], "3"),
    ("Which keyword defines a function in Python?", ["func", "def", "lambda", "fn"], "def"),
    ("Which HTTP method is idempotent?", ["POST", "PUT", "PATCH", "CONNECT"], "PUT"),
]
TEXT = [("What is the capital of India?", "New Delhi", ["Delhi"])]
CODING = [("Write one Python line that prints 42.", "print(42)", ["print(6 * 7)"])]
BANDS = [(Decimal("50"), Decimal("10")), (Decimal("75"), Decimal("25")), (Decimal("90"), Decimal("50"))]


@transaction.atomic
def _ensure(spec: dict) -> Assessment:
    assessment, created = Assessment.objects.get_or_create(slug=spec["slug"], defaults=spec)
    if not created:
        return assessment
    mcq = Section.objects.create(assessment=assessment, title="Aptitude", section_type=SectionType.MCQ, order=0)
    for i, (text, options, answer) in enumerate(MCQS):
        Question.objects.create(section=mcq, text=text, options=options, correct_answer=answer, order=i)
    text_section = Section.objects.create(
        assessment=assessment, title="Short answer", section_type=SectionType.TEXT, order=1
    )
    for i, (text, answer, accepted) in enumerate(TEXT):
        Question.objects.create(
            section=text_section, text=text, correct_answer=answer, accepted_answers=accepted, order=i
        )
    coding = Section.objects.create(assessment=assessment, title="Coding", section_type=SectionType.CODING, order=2)
    for i, (text, answer, accepted) in enumerate(CODING):
        Question.objects.create(
            section=coding,
            text=text,
            correct_answer=answer,
            accepted_answers=accepted,
            marks=Decimal("2.00"),
            language="python",
            order=i,
        )
    for low, pct in BANDS:
        ScholarshipBand.objects.create(assessment=assessment, min_score_percentage=low, scholarship_percentage=pct)
    return assessment


def build_demo_assessments(client, users_by_email: dict) -> None:
    """Runs in the demo client's schema (seed_demo enters it)."""
    _ensure(FREE)
    _ensure(PAID)
