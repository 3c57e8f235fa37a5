"""The older build's assessment composer (docs/real-client.md, "V's admin area").

Creating (POST) and editing (PATCH) an assessment, it sends the contract-like fields plus one
``quiz_section {title, description, order}`` and its questions: written in the form
(``mcqs``, in the question bank's names: ``question_text``, ``option_a``…, ``correct_option``
"A".."D", ``difficulty_level``, ``topic``, ``skills``) or picked from the bank by id
(``mcq_ids``). The questions land in the assessment's multiple-choice section (made on first
use), in the same transaction; the edit page sends ``mcqs: []`` when nothing new was
written, which leaves the section's questions alone. The contract's body is unchanged.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from tenant_apps.assessment.models import Assessment, Question, Section, SectionType
from tenant_apps.lms.tests.factories import MCQFactory

pytestmark = pytest.mark.django_db


def question(text: str, letter: str = "A") -> dict:
    """One question as the composer's form sends it."""
    return {
        "question_text": text,
        "option_a": f"{text} one",
        "option_b": f"{text} two",
        "option_c": f"{text} three",
        "option_d": f"{text} four",
        "correct_option": letter,
        "explanation": "Because.",
        "difficulty_level": "Medium",
        "topic": "Aptitude",
        "skills": "reasoning",
    }


def v_body(**extra) -> dict:
    return {
        "title": "Aptitude Check",
        "instructions": "Answer every question.",
        "description": "A short check.",
        "duration_minutes": 45,
        "is_paid": False,
        "price": None,
        "is_active": True,
        "quiz_section": {"title": "Aptitude", "description": "Pick one option.", "order": 1},
        **extra,
    }


def assessments(client_id: int) -> str:
    return f"/admin-dashboard/api/clients/{client_id}/assessments/"


def questions_of(client, assessment_id: int) -> list[tuple[str, list[str], str, Decimal]]:
    with schema_context(client.schema_name):
        rows = Question.objects.filter(section__assessment_id=assessment_id).order_by("order", "id")
        return [(row.text, row.options, row.correct_answer, row.marks) for row in rows]


def test_written_questions_make_the_quiz_section_on_create(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")

    response = admin.post(assessments(client_a.id), v_body(mcqs=[question("Q1", "B"), question("Q2", "D")]))

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["title"], body["duration_minutes"], body["is_active"]) == ("Aptitude Check", 45, True)
    with schema_context(client_a.schema_name):
        section = Section.objects.get(assessment_id=body["id"])
        assert (section.title, section.section_type, section.instructions, section.order) == (
            "Aptitude",
            SectionType.MCQ,
            "Pick one option.",
            1,
        )
    assert questions_of(client_a, body["id"]) == [
        ("Q1", ["Q1 one", "Q1 two", "Q1 three", "Q1 four"], "Q1 two", Decimal("1.00")),
        ("Q2", ["Q2 one", "Q2 two", "Q2 three", "Q2 four"], "Q2 four", Decimal("1.00")),
    ]
    # the admin's section list counts them
    sections = admin.get(f"{assessments(client_a.id)}{body['id']}/sections/").json()
    assert [(row["title"], row["question_count"]) for row in sections] == [("Aptitude", 2)]


def test_bank_questions_are_copied_in_by_id(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    with schema_context(client_a.schema_name):
        first = MCQFactory(question="Bank one?", options=["x", "y", "z"], correct_answer=2)
        second = MCQFactory(question="Bank two?", options=["p", "q"], correct_answer=0)

    response = admin.post(assessments(client_a.id), v_body(mcq_ids=[second.id, first.id]))

    assert response.status_code == 201, response.json()
    assert questions_of(client_a, response.json()["id"]) == [
        ("Bank two?", ["p", "q"], "p", Decimal("1.00")),
        ("Bank one?", ["x", "y", "z"], "z", Decimal("1.00")),
    ]


def test_the_edit_page_renames_the_section_and_adds_new_questions(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    created = admin.post(assessments(client_a.id), v_body(mcqs=[question("Q1")])).json()
    path = f"{assessments(client_a.id)}{created['id']}/"

    # the edit page sends the section and an empty mcqs when nothing new was written
    kept = admin.patch(path, v_body(title="Renamed", quiz_section={"title": "Logic", "order": 1}, mcqs=[]))
    added = admin.patch(path, {"mcqs": [question("Q2", "C")]})

    assert kept.status_code == 200 and added.status_code == 200, (kept.json(), added.json())
    assert kept.json()["title"] == "Renamed"
    with schema_context(client_a.schema_name):
        section = Section.objects.get(assessment_id=created["id"])
        assert (section.title, section.instructions) == ("Logic", "Pick one option.")  # no description sent: kept
    assert [(text, answer) for text, _, answer, _ in questions_of(client_a, created["id"])] == [
        ("Q1", "Q1 one"),
        ("Q2", "Q2 three"),
    ]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"mcqs": [question("Q1"), question("Q2"), {**question("Q3"), "option_b": ""}]}, "mcqs.2.option_b"),
        ({"mcqs": [question("Q1"), {**question("Q2"), "correct_option": "E"}]}, "mcqs.1.correct_option"),
        ({"mcqs": [question("Q1"), {**question("Q2"), "option_b": "Q2 one"}]}, "mcqs.1.options"),
        ({"mcqs": [question("Q1")], "mcq_ids": [999999]}, "mcq_ids"),
        ({"quiz_section": {"title": ""}}, "quiz_section.title"),
    ],
)
def test_a_bad_question_creates_nothing(client_a, as_user, extra, field):
    admin, _ = as_user(client_a, role="admin")

    response = admin.post(assessments(client_a.id), v_body(**extra))

    assert response.status_code == 400, response.json()
    assert field in response.json(), response.json()
    with schema_context(client_a.schema_name):
        assert (Assessment.objects.count(), Section.objects.count(), Question.objects.count()) == (0, 0, 0)


def test_a_bad_question_on_edit_changes_nothing(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    created = admin.post(assessments(client_a.id), v_body(mcqs=[question("Q1")])).json()

    response = admin.patch(
        f"{assessments(client_a.id)}{created['id']}/",
        {"title": "Changed", "mcqs": [question("Q2"), {**question("Q3"), "option_a": ""}]},
    )

    assert response.status_code == 400 and "mcqs.1.option_a" in response.json()
    with schema_context(client_a.schema_name):
        assert Assessment.objects.get(pk=created["id"]).title == "Aptitude Check"
    assert [text for text, *_ in questions_of(client_a, created["id"])] == ["Q1"]


def test_the_contracts_body_makes_no_section(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    response = admin.post(assessments(client_a.id), {"title": "Contract only", "duration_minutes": 30})
    assert response.status_code == 201, response.json()
    with schema_context(client_a.schema_name):
        assert not Section.objects.filter(assessment_id=response.json()["id"]).exists()
    # and the contract's section/question routes still fill it
    base = f"{assessments(client_a.id)}{response.json()['id']}"
    section = admin.post(f"{base}/sections/", {"title": "MCQ", "section_type": "mcq"}).json()
    made = admin.post(
        f"{base}/sections/{section['id']}/questions/", {"text": "1+1?", "options": ["1", "2"], "correct_answer": "2"}
    )
    assert made.status_code == 201, made.json()
    # a later composer edit adds to that multiple-choice section
    admin.patch(f"{base}/", {"mcqs": [question("Q9")]})
    with schema_context(client_a.schema_name):
        assert Section.objects.filter(assessment_id=response.json()["id"]).count() == 1
    assert [text for text, *_ in questions_of(client_a, response.json()["id"])] == ["1+1?", "Q9"]


def test_composing_is_admin_only_and_per_client(client_a, client_b, as_user):
    body = v_body(mcqs=[question("Q1")])
    student, _ = as_user(client_a, role="student")
    assert student.post(assessments(client_a.id), body).status_code == 403
    outsider, _ = as_user(client_b, role="admin")
    assert outsider.post(assessments(client_a.id), body).status_code in (401, 403)
    with schema_context(client_a.schema_name):
        banked = MCQFactory()
    # client A's bank ids mean nothing in client B
    refused = outsider.post(assessments(client_b.id), v_body(mcq_ids=[banked.id]))
    assert refused.status_code == 400 and "mcq_ids" in refused.json()
    with schema_context(client_a.schema_name):
        assert Question.objects.count() == 0
