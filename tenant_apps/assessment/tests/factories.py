from decimal import Decimal

import factory

from tenant_apps.assessment.models import Assessment, Question, ScholarshipBand, Section, SectionType
from tests.factories import ModelFactory


class AssessmentFactory(ModelFactory[Assessment]):
    class Meta:
        model = Assessment

    title = factory.Sequence(lambda n: f"Assessment {n}")
    slug = factory.Sequence(lambda n: f"assessment-{n}")
    description = "A test assessment."
    is_active = True
    is_paid = False
    amount = Decimal("0.00")


class SectionFactory(ModelFactory[Section]):
    class Meta:
        model = Section

    assessment = factory.SubFactory(AssessmentFactory)
    title = factory.Sequence(lambda n: f"Section {n}")
    section_type = SectionType.MCQ


class QuestionFactory(ModelFactory[Question]):
    class Meta:
        model = Question

    section = factory.SubFactory(SectionFactory)
    text = factory.Sequence(lambda n: f"Question {n}?")
    options = factory.LazyAttribute(lambda q: ["A", "B", "C", "D"] if q.section.section_type == SectionType.MCQ else [])
    correct_answer = factory.LazyAttribute(lambda q: "B" if q.section.section_type == SectionType.MCQ else "answer")
    marks = Decimal("1.00")


def assessment_full(*, bands=((50, 10), (80, 25), (95, 50)), **fields) -> dict:
    """An assessment with an MCQ section (3 questions, B is right), a text section (1
    question, answer "paris") and a coding section (1 question, answer "print(42)"),
    all worth 1 mark except the coding question (2 marks): 6 marks in all."""
    assessment = AssessmentFactory(**fields)
    mcq = SectionFactory(assessment=assessment, section_type=SectionType.MCQ, order=0)
    text = SectionFactory(assessment=assessment, section_type=SectionType.TEXT, order=1)
    coding = SectionFactory(assessment=assessment, section_type=SectionType.CODING, order=2)
    mcqs = [QuestionFactory(section=mcq, order=i) for i in range(3)]
    capital = QuestionFactory(section=text, correct_answer="Paris", accepted_answers=["paris, france"])
    code = QuestionFactory(section=coding, correct_answer="print(42)", marks=Decimal("2.00"), language="python")
    ungraded = QuestionFactory(section=text, correct_answer="", text="Tell us about yourself.")
    for low, pct in bands:
        ScholarshipBand.objects.create(
            assessment=assessment, min_score_percentage=Decimal(low), scholarship_percentage=Decimal(pct)
        )
    return {
        "assessment": assessment,
        "sections": {"mcq": mcq, "text": text, "coding": coding},
        "mcqs": mcqs,
        "capital": capital,
        "code": code,
        "ungraded": ungraded,
    }


def sheet(full: dict, *, mcq_right: int = 3, capital: str = "Paris", code: str = "print(42)") -> dict:
    """A response sheet with ``mcq_right`` correct MCQ answers and the given free answers."""
    s = full["sections"]
    mcq = {str(q.id): ("B" if i < mcq_right else "A") for i, q in enumerate(full["mcqs"])}
    return {
        str(s["mcq"].id): mcq,
        str(s["text"].id): {str(full["capital"].id): capital, str(full["ungraded"].id): "I like tests."},
        str(s["coding"].id): {str(full["code"].id): {"code": code, "language": "python"}},
        "metadata": {"client": "test"},
    }
