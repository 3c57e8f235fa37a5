"""Attacks on the older build's course builder (``POST``/``PATCH …/contents/``, a body whose
``type`` picks the kind) and its assessment composer (``quiz_section``, ``mcqs``,
``mcq_ids`` beside the assessment's fields), from the ``attack3`` review.

Each body is one a client admin could send by hand: every one must be a clear 400 (never a
500) and store nothing; other clients' ids name no row here.
"""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from tenant_apps.assessment.models import Question
from tenant_apps.lms.models import MCQ, Article, Quiz
from tenant_apps.lms.tests.factories import MCQFactory

pytestmark = pytest.mark.django_db


def contents(client_id: int) -> str:
    return f"/admin-dashboard/api/clients/{client_id}/contents/"


def assessments(client_id: int) -> str:
    return f"/admin-dashboard/api/clients/{client_id}/assessments/"


QUESTION = {"question_text": "2+2?", "option_a": "3", "option_b": "4", "correct_option": "b"}


@pytest.mark.parametrize("tag", [[], ["articles"], {}, {"type": "articles"}, ["mcqs", "quizzes"]])
def test_a_type_that_is_not_text_is_a_400_on_create_and_on_edit(client_a, as_user, tag):
    # given: ``type`` was looked up in a dict as sent, so an unhashable one was a 500
    admin, _ = as_user(client_a, role="admin")
    with schema_context(client_a.schema_name):
        article = Article.objects.create(title="Kept", content="c")
    # when
    created = admin.post(contents(client_a.id), {"type": tag, "title": "t", "content": "c"})
    edited = admin.patch(f"{contents(client_a.id)}{article.id}/", {"type": tag, "title": "changed"})
    # then
    for response in (created, edited):
        assert response.status_code == 400, response.content
        assert "type" in response.json()
    with schema_context(client_a.schema_name):
        assert list(Article.objects.values_list("title", flat=True)) == ["Kept"]


def test_another_clients_question_ids_name_no_question_here(client_a, client_b, as_user):
    # given: a question that exists only in client B
    with schema_context(client_b.schema_name):
        theirs = MCQFactory(question="B's secret?")
    admin, _ = as_user(client_a, role="admin")
    # when: A's admin puts B's id into a quiz and into an assessment
    quiz = admin.post(contents(client_a.id), {"type": "quizzes", "title": "Q", "mcqs": [theirs.id]})
    exam = admin.post(assessments(client_a.id), {"title": "Exam", "mcq_ids": [theirs.id]})
    # then
    assert quiz.status_code == 400 and "mcq_ids" in quiz.json(), quiz.content
    assert exam.status_code == 400 and "mcq_ids" in exam.json(), exam.content
    with schema_context(client_a.schema_name):
        assert not Quiz.objects.exists() and not MCQ.objects.exists()
        assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("marks", "message"),
    [
        ("1e999999999", "digits"),  # was a 500: the exponent overflowed the quantize to cents
        ("1e20", "digits"),
        (0, "greater than 0"),  # was stored as 1 mark (0 is falsy)
        ("0.001", "decimal places"),  # was stored as 0.00 marks (rounded after the check)
        (-1, "greater than 0"),
    ],
)
def test_a_composed_questions_marks_are_checked_as_the_question_routes_check_them(client_a, as_user, marks, message):
    admin, _ = as_user(client_a, role="admin")
    # when
    response = admin.post(assessments(client_a.id), {"title": "Exam", "mcqs": [{**QUESTION, "marks": marks}]})
    # then
    assert response.status_code == 400, response.content
    body = response.json()
    assert "mcqs.0.marks" in body and message in " ".join(body["mcqs.0.marks"]), body
    with schema_context(client_a.schema_name):
        assert not Question.objects.exists()


def test_a_composed_questions_marks_are_kept(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    response = admin.post(
        assessments(client_a.id),
        {"title": "Exam", "mcqs": [{**QUESTION, "marks": "2.5"}, {**QUESTION, "question_text": "3+3?"}]},
    )
    assert response.status_code == 201, response.content
    with schema_context(client_a.schema_name):
        assert [str(m) for m in Question.objects.order_by("order").values_list("marks", flat=True)] == ["2.50", "1.00"]


def test_a_bad_new_question_in_a_quiz_is_named_by_its_place(client_a, as_user):
    # given: a quiz whose new question has marks that are no number (``mcqs`` holds ids or
    # questions: pydantic named the union's branches, ``mcqs.0.function-wrap[…].marks``)
    admin, _ = as_user(client_a, role="admin")
    # when
    response = admin.post(
        contents(client_a.id), {"type": "quizzes", "title": "Q", "mcqs": [{**QUESTION, "marks": "NaN"}]}
    )
    # then
    assert response.status_code == 400, response.content
    fields = set(response.json()) - {"detail", "code"}
    assert "mcqs.0.marks" in fields and all("[" not in field and ".int" not in field for field in fields), fields
