"""The older build's question form (docs/real-client.md, "V's admin area"): its question bank
creates with POST and edits with PATCH, naming the question ``question_text``, the options
``option_a``-``option_d``, the right one ``correct_option`` (a letter; the quiz editor sends
it in lower case) and the level ``difficulty_level``. The library accepts that body beside
the contract's (``question, options, correct_answer`` as an index), stores one form, and
answers both sets of names; a body that is incomplete in both shapes, or says two different
things, is a 400 naming the field."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from tenant_apps.lms.models import MCQ, MCQDifficulty
from tenant_apps.lms.schemas import MCQ_LEVELS, MCQLevel
from tenant_apps.lms.tests.factories import MCQFactory
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db

V_BODY = {
    "question_text": "Which keyword defines a function?",
    "option_a": "func",
    "option_b": "def",
    "option_c": "lambda",
    "option_d": "fn",
    "correct_option": "B",
    "explanation": "def starts a function definition.",
    "difficulty_level": "Medium",
    "topic": "Python",
    "skills": "basics",
}
OPTIONS = ["func", "def", "lambda", "fn"]


def mcqs(client_id: int) -> str:
    return f"/admin-dashboard/api/clients/{client_id}/mcqs/"


def stored(client, pk: int) -> MCQ:
    with schema_context(client.schema_name):
        return MCQ.objects.get(pk=pk)


def test_the_older_builds_body_creates_a_question_read_back_in_both_shapes(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    response = admin.post(mcqs(client_a.id), V_BODY)
    assert response.status_code == 201, response.json()
    body = response.json()
    row = stored(client_a, body["id"])
    assert (row.question, row.options, row.correct_answer) == (V_BODY["question_text"], OPTIONS, 1)
    assert (row.explanation, row.difficulty) == (V_BODY["explanation"], "Medium")
    # the answer carries both sets of names, with their JSON types
    assert body["question"] == body["question_text"] == V_BODY["question_text"]
    assert [body[f"option_{letter}"] for letter in "abcd"] == body["options"] == ["func", "def", "lambda", "fn"]
    assert (body["correct_answer"], body["correct_option"]) == (1, "B")
    assert body["difficulty"] == body["difficulty_level"] == "Medium"
    assert isinstance(body["correct_answer"], int) and isinstance(body["difficulty_level"], str)
    # the bank's list and detail read the level back
    listed = {mcq["id"]: mcq for mcq in admin.get(mcqs(client_a.id)).json()}
    assert listed[body["id"]]["difficulty_level"] == "Medium"
    assert admin.get(f"{mcqs(client_a.id)}{body['id']}/").json()["correct_option"] == "B"


def test_the_contracts_body_still_creates_and_may_carry_a_difficulty(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    plain = admin.post(mcqs(client_a.id), {"question": "2+2?", "options": ["3", "4"], "correct_answer": 1})
    assert plain.status_code == 201, plain.json()
    assert (plain.json()["difficulty"], plain.json()["correct_option"]) == ("", "B")
    levelled = admin.post(
        mcqs(client_a.id), {"question": "3+3?", "options": ["6", "7", "8"], "correct_answer": 0, "difficulty": "Hard"}
    )
    assert levelled.status_code == 201, levelled.json()
    assert stored(client_a, levelled.json()["id"]).difficulty == "Hard"
    assert levelled.json()["option_c"] == "8" and levelled.json()["option_d"] == ""


def test_the_quiz_editors_lower_case_letter_and_two_options(client_a, as_user):
    """The quiz editor sends ``correct_option`` as "a".."d"; a form with only two options
    sends the others empty, which are left out."""
    admin, _ = as_user(client_a, role="admin")
    body = {**V_BODY, "option_c": "", "option_d": "", "correct_option": "a"}
    del body["difficulty_level"]
    response = admin.post(mcqs(client_a.id), body)
    assert response.status_code == 201, response.json()
    row = stored(client_a, response.json()["id"])
    assert (row.options, row.correct_answer, row.difficulty) == (["func", "def"], 0, "")


def test_both_shapes_together_are_fine_when_they_agree(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    body = {**V_BODY, "question": V_BODY["question_text"], "options": OPTIONS, "correct_answer": 1}
    response = admin.post(mcqs(client_a.id), body)
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"question": "Something else"}, "question_text"),
        ({"correct_answer": 3}, "correct_option"),
        ({"options": ["x", "y"]}, "option_a"),
        ({"difficulty": "Easy"}, "difficulty_level"),
    ],
)
def test_shapes_that_disagree_are_a_400_naming_the_field(client_a, as_user, change, field):
    admin, _ = as_user(client_a, role="admin")
    response = admin.post(mcqs(client_a.id), {**V_BODY, **change})
    assert response.status_code == 400
    assert field in response.json() and "Disagrees" in response.json()[field][0]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "question"),
        ({"question_text": "Q?", "option_a": "1", "option_b": "2"}, "correct_answer"),
        ({"question_text": "Q?", "correct_option": "A"}, "options"),
        ({"option_a": "1", "option_b": "2", "correct_option": "A"}, "question"),
        ({**V_BODY, "question_text": "  "}, "question_text"),
        ({**V_BODY, "correct_option": "E"}, "correct_option"),
        ({**V_BODY, "correct_option": ""}, "correct_option"),
        ({**V_BODY, "correct_option": 1}, "correct_option"),
        ({**V_BODY, "option_c": "", "option_d": "", "correct_option": "D"}, "correct_option"),
        ({**V_BODY, "option_b": ""}, "option_b"),
        ({**V_BODY, "option_a": "", "option_b": "", "option_c": "", "option_d": ""}, "option_a"),
        ({**V_BODY, "option_a": 7}, "option_a"),
        ({**V_BODY, "difficulty_level": "Insane"}, "difficulty_level"),
        ({"question": "Q?", "options": ["1", "2"], "correct_answer": 0, "difficulty": "medium"}, "difficulty"),
    ],
)
def test_incomplete_or_invalid_bodies_are_a_400_naming_the_field(client_a, as_user, body, field):
    admin, _ = as_user(client_a, role="admin")
    with schema_context(client_a.schema_name):
        before = MCQ.objects.count()
    response = admin.post(mcqs(client_a.id), body)
    assert response.status_code == 400, response.json()
    assert field in response.json(), response.json()
    with schema_context(client_a.schema_name):
        assert MCQ.objects.count() == before


def test_the_edit_form_patches_and_puts_in_its_own_names(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    with schema_context(client_a.schema_name):
        mcq = MCQFactory(question="2+2?", options=["3", "4"], correct_answer=1, explanation="Sum")
    item = f"{mcqs(client_a.id)}{mcq.id}/"
    # the edit modal sends the whole form back with PATCH
    response = admin.patch(item, {**V_BODY, "correct_option": "C", "difficulty_level": "hard"})
    assert response.status_code == 200, response.json()
    row = stored(client_a, mcq.id)
    assert (row.question, row.options, row.correct_answer, row.difficulty) == (
        V_BODY["question_text"],
        ["func", "def", "lambda", "fn"],
        2,
        "Hard",
    )
    # a PATCH of one client field changes only that
    response = admin.patch(item, {"correct_option": "d"})
    assert response.status_code == 200 and response.json()["correct_option"] == "D"
    response = admin.patch(item, {"difficulty_level": "Easy"})
    assert response.json()["difficulty_level"] == "Easy"
    assert stored(client_a, mcq.id).options == ["func", "def", "lambda", "fn"]
    # options replace the question's as a whole: one option alone is a 400
    response = admin.patch(item, {"option_c": "yield"})
    assert response.status_code == 400 and "option_a" in response.json()
    # a letter beyond the stored options is refused by the library's own check
    admin.patch(item, {"option_a": "x", "option_b": "y", "option_c": "", "option_d": "", "correct_option": "A"})
    response = admin.patch(item, {"correct_option": "C"})
    assert response.status_code == 400 and "correct_answer" in response.json()
    # PUT takes the client's full body as well
    response = admin.put(item, V_BODY)
    assert response.status_code == 200, response.json()
    assert stored(client_a, mcq.id).correct_answer == 1
    # and the contract's PUT still needs a complete body
    assert admin.put(item, {"question": "Only this"}).status_code == 400


def test_the_question_form_is_admin_only_and_per_client(client_a, client_b, as_user):
    with schema_context(client_a.schema_name):
        mcq = MCQFactory()
    student, _ = as_user(client_a, role="student")
    assert student.post(mcqs(client_a.id), V_BODY).status_code == 403
    outsider, _ = as_user(client_b, role="admin")
    assert outsider.post(mcqs(client_a.id), V_BODY).status_code in (401, 403)
    assert outsider.patch(f"{mcqs(client_a.id)}{mcq.id}/", {"correct_option": "A"}).status_code in (401, 403)
    # client B's own path does not reach client A's question
    assert outsider.patch(f"{mcqs(client_b.id)}{mcq.id}/", {"correct_option": "A"}).status_code == 404
    admin, _ = as_user(client_a, role="admin")
    assert admin.patch(f"{mcqs(client_a.id)}999999/", {"correct_option": "A"}).status_code == 404


def test_the_bank_list_costs_the_same_for_more_questions(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    with schema_context(client_a.schema_name):
        MCQFactory(difficulty="Easy")
    admin.get(mcqs(client_a.id))  # the token's first use warms the caller's cache
    with StatementCount() as one:
        assert admin.get(mcqs(client_a.id)).status_code == 200
    with schema_context(client_a.schema_name):
        for _ in range(5):
            MCQFactory(difficulty="Hard")
    with StatementCount() as six:
        rows = admin.get(mcqs(client_a.id)).json()
    assert six.count == one.count
    assert {row["difficulty_level"] for row in rows} == {"Easy", "Hard"}


def test_the_schema_levels_are_the_models():
    assert set(MCQLevel.__args__) == {*MCQDifficulty.values, ""}  # type: ignore[attr-defined]
    assert set(MCQ_LEVELS) == set(MCQDifficulty.values)


def test_the_openapi_document_names_both_shapes(api):
    spec = api.get("/api/openapi.json").json()
    body = spec["components"]["schemas"]["MCQIn"]
    assert {"question", "options", "correct_answer", "difficulty"} <= set(body["properties"])
    client_fields = {"question_text", "option_a", "option_b", "option_c", "option_d", "correct_option"}
    assert client_fields | {"difficulty_level"} <= set(body["properties"])
    assert not client_fields & set(body.get("required", []))
    out = spec["components"]["schemas"]["MCQOut"]["properties"]
    assert out["difficulty_level"]["type"] == out["difficulty"]["type"] == "string"
