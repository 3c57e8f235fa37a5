"""An explicit null for a field that cannot hold one, in a PATCH, is a 400 naming the field
(the ``attack4`` review).

A PATCH body (``api.schemas.patch_schema``) lets a null through to the model's own
validation, which refuses it for most fields; but Django's ``full_clean`` skips a field that
may be blank when its value is empty, null included, so a null for a text or JSON field that
may be blank and not null reached the database: ``null value in column "difficulty" …
violates not-null constraint``, a 500. The V content editors, the course builder's PATCH
and the library's own PATCH routes all met it (a coding problem's ``difficulty`` or
``test_cases``, a question's ``difficulty``); a question's ``correct_answer`` null was a 500
too (compared with 0 before validation). ``core.updates.fields_apply`` now refuses such a
null before anything changes.
"""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from tenant_apps.lms.models import MCQ, CodingProblem
from tenant_apps.lms.tests.factories import CourseFactory, ModuleFactory, SubModuleFactory

pytestmark = pytest.mark.django_db


def library(client, kind: str, pk: int) -> str:
    return f"/admin-dashboard/api/clients/{client.id}/{kind}/{pk}/"


def builder(client, pk: int) -> str:
    return f"/admin-dashboard/api/clients/{client.id}/contents/{pk}/"


@pytest.mark.parametrize("field", ["difficulty", "test_cases"])
def test_a_null_for_a_coding_problems_blank_field_is_a_400_on_every_route(client_a, as_user, field):
    admin, _ = as_user(client_a, role="admin")
    with schema_context(client_a.schema_name):
        problem = CodingProblem.objects.create(
            title="Double", difficulty="Hard", test_cases=[{"input": "1", "expected_output": "2", "is_sample": True}]
        )
        course = CourseFactory()
        submodule = SubModuleFactory(module=ModuleFactory(course=course))
    content = admin.post(
        f"/admin-dashboard/api/clients/{client_a.id}/courses/{course.id}/submodules/{submodule.id}/contents/",
        {"content_type": "CodingProblem", "content_id": problem.id},
    )
    assert content.status_code == 201, content.raw
    editor = (
        f"/admin-dashboard/api/clients/{client_a.id}/courses/{course.id}/submodules/{submodule.id}"
        f"/contents/{content.json()['id']}/"
    )
    # when
    responses = [
        admin.patch(library(client_a, "coding-problems", problem.id), {field: None}),
        admin.patch(builder(client_a, problem.id), {"type": "coding-problems", field: None}),
        admin.patch(editor, {field: None}),
    ]
    # then
    for response in responses:
        assert response.status_code == 400, response.raw
        assert field in response.json()
    with schema_context(client_a.schema_name):
        problem.refresh_from_db()
        assert (problem.difficulty, len(problem.test_cases)) == ("Hard", 1)


@pytest.mark.parametrize("field", ["difficulty", "correct_answer", "options", "question"])
def test_a_null_for_a_questions_field_is_a_400(client_a, as_user, field):
    admin, _ = as_user(client_a, role="admin")
    with schema_context(client_a.schema_name):
        mcq = MCQ.objects.create(question="2+2?", options=["3", "4"], correct_answer=1, difficulty="Easy")
    # when
    responses = [
        admin.patch(library(client_a, "mcqs", mcq.id), {field: None}),
        admin.patch(builder(client_a, mcq.id), {"type": "mcqs", field: None}),
    ]
    # then
    for response in responses:
        assert response.status_code == 400, response.raw
    with schema_context(client_a.schema_name):
        mcq.refresh_from_db()
        assert (mcq.question, mcq.options, mcq.correct_answer, mcq.difficulty) == ("2+2?", ["3", "4"], 1, "Easy")
