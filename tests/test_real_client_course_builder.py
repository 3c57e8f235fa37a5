"""The older build's course builder (docs/real-client.md, "V's admin area").

Its "add new" forms create library items with one call, ``POST …/clients/{id}/contents/``,
the kind named by ``type`` (``mcqs``, ``quizzes``, ``articles``, ``coding-problems``,
``assignments``, ``video-tutorials``) and the fields in the build's own names; its video
editor sends ``PATCH …/contents/{the video's id}/`` the same way. It reads nothing from the
answer but success. Then it puts the chosen item into a submodule with
``POST …/submodules/{id}/contents/`` naming the item as ``<kind>_content``. The bodies below
are the ones its forms build; each is stored in the library's own fields, the contract's
per-kind routes keep working, and a quiz with new questions is saved whole or not at all.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django_tenants.utils import schema_context

from tenant_apps.lms.models import MCQ, Article, Assignment, CodingProblem, Content, Quiz, VideoTutorial
from tenant_apps.lms.tests.factories import (
    ArticleFactory,
    CourseFactory,
    MCQFactory,
    ModuleFactory,
    QuizFactory,
    SubModuleFactory,
)
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db

KINDS = ("mcqs", "quizzes", "articles", "coding-problems", "assignments", "video-tutorials")

# What each form sends (the quiz editor's question: marks as text, a lower-case letter).
QUESTION = {
    "question_text": "Which keyword defines a function?",
    "marks": "2",
    "option_a": "func",
    "option_b": "def",
    "option_c": "lambda",
    "option_d": "fn",
    "correct_option": "b",
    "explanation": "def starts a definition.",
}
ARTICLE = {
    "title": "Lists",
    "content": "<p>A list holds items.</p>",
    "marks": 5,
    "difficultyLevel": "Medium",
    "duration": 10,
}
VIDEO = {"title": "Loops", "marks": 3, "video_url": "https://videos.example.com/loops", "description": "<p>for</p>"}
ASSIGNMENT = {"title": "Essay", "marks": 20, "question": "Why tests?", "difficulty_level": "Medium", "duration": 10}
PROBLEM = {
    "title": "Double it",
    "level": "Medium",
    "topic": "Math",
    "languages": ["Python"],
    "testCases": [{"input": "2", "expected_output": "4"}, {"input": "5", "expected_output": "10"}],
    "problem_statement": "<p>Print twice the number.</p>",
}
BODIES: dict[str, dict[str, Any]] = {
    "video-tutorials": VIDEO,
    "assignments": ASSIGNMENT,
    "quizzes": {"title": "Quiz", "mcqs": [QUESTION]},
    "coding-problems": PROBLEM,
    "mcqs": QUESTION,
}


def contents(client_id: int) -> str:
    return f"/admin-dashboard/api/clients/{client_id}/contents/"


def counts(client) -> dict[str, int]:
    with schema_context(client.schema_name):
        return {model.__name__: model.objects.count() for model in (MCQ, Quiz, Article, VideoTutorial)}


def test_each_form_creates_its_item_in_the_librarys_fields(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")

    article = admin.post(contents(client_a.id), {"type": "articles", **ARTICLE})
    video = admin.post(contents(client_a.id), {"type": "video-tutorials", **VIDEO})
    assignment = admin.post(contents(client_a.id), {"type": "assignments", **ASSIGNMENT})
    problem = admin.post(contents(client_a.id), {"type": "coding-problems", **PROBLEM})
    question = admin.post(contents(client_a.id), {"type": "mcqs", **QUESTION})

    for response in (article, video, assignment, problem, question):
        assert response.status_code == 201, response.json()
    with schema_context(client_a.schema_name):
        stored_article = Article.objects.get(pk=article.json()["id"])
        assert (stored_article.title, stored_article.content, stored_article.reading_time_minutes) == (
            "Lists",
            ARTICLE["content"],
            10,
        )
        stored_video = VideoTutorial.objects.get(pk=video.json()["id"])
        assert (stored_video.title, stored_video.video_url, stored_video.description) == (
            "Loops",
            VIDEO["video_url"],
            "<p>for</p>",
        )
        stored_assignment = Assignment.objects.get(pk=assignment.json()["id"])
        assert (stored_assignment.description, stored_assignment.max_marks) == ("Why tests?", Decimal("20.00"))
        stored_problem = CodingProblem.objects.get(pk=problem.json()["id"])
        assert (stored_problem.description, stored_problem.difficulty) == (PROBLEM["problem_statement"], "Medium")
        assert [(case["input"], case["expected_output"]) for case in stored_problem.test_cases] == [
            ("2", "4"),
            ("5", "10"),
        ]
        stored_mcq = MCQ.objects.get(pk=question.json()["id"])
        assert (stored_mcq.question, stored_mcq.options, stored_mcq.correct_answer) == (
            QUESTION["question_text"],
            ["func", "def", "lambda", "fn"],
            1,
        )
    # the answer is the library's own item (what GET …/articles/{id}/ answers)
    assert (
        article.json()
        == admin.get(f"/admin-dashboard/api/clients/{client_a.id}/articles/{article.json()['id']}/").json()
    )
    assert problem.json()["sample_input"] == "2" and problem.json()["max_marks"] == 100.0
    assert question.json()["correct_option"] == "B" and isinstance(question.json()["correct_answer"], int)


def test_a_quiz_takes_bank_ids_and_new_questions_in_order(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    with schema_context(client_a.schema_name):
        banked = MCQFactory()
    body = {
        "type": "quizzes",
        "title": "Week 1 check",
        "instructions": "Answer all.",
        "durating_in_minutes": 30,  # the form's spelling
        "difficulty_level": "Medium",
        "mcqs": [banked.id, QUESTION, {**QUESTION, "question_text": "Second new?", "correct_option": "d"}],
    }

    response = admin.post(contents(client_a.id), body)

    assert response.status_code == 201, response.json()
    quiz = response.json()
    assert (quiz["title"], quiz["description"], quiz["time_limit_minutes"]) == ("Week 1 check", "Answer all.", 30)
    assert [mcq["id"] for mcq in quiz["mcqs"]][0] == banked.id
    assert [mcq["question_text"] for mcq in quiz["mcqs"]][1:] == [QUESTION["question_text"], "Second new?"]
    assert [mcq["correct_option"] for mcq in quiz["mcqs"]][1:] == ["B", "D"]
    # the form's way (questions saved one by one, then picked by id) works too
    picked = admin.post(contents(client_a.id), {**body, "mcqs": [quiz["mcqs"][2]["id"], banked.id]})
    assert [mcq["id"] for mcq in picked.json()["mcqs"]] == [quiz["mcqs"][2]["id"], banked.id]


def test_a_quiz_with_a_bad_question_or_id_creates_nothing(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    before = counts(client_a)
    three = [QUESTION, {**QUESTION, "question_text": "Two?"}, {**QUESTION, "option_a": "", "option_b": ""}]

    bad_question = admin.post(contents(client_a.id), {"type": "quizzes", "title": "Q", "mcqs": three})
    unknown_id = admin.post(
        contents(client_a.id), {"type": "quizzes", "title": "Q", "mcqs": [QUESTION, QUESTION, 999999]}
    )

    assert bad_question.status_code == 400
    assert "mcqs.2.option_a" in bad_question.json()
    assert unknown_id.status_code == 400 and "999999" in unknown_id.json()["mcq_ids"][0]
    assert counts(client_a) == before  # the two good questions of each went back with the quiz


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"type": "podcasts", "title": "x"}, "type"),
        ({"title": "no kind"}, "type"),
        ({"type": ["articles"], "title": "x"}, "type"),  # not a name: a 400, never a 500
        ({"type": "articles"}, "title"),
        ({"type": "video-tutorials", "title": "x"}, "video_url"),
        ({"type": "articles", "title": "x", "duration": -1}, "duration"),  # named as sent
        ({"type": "articles", "title": "x", "reading_time_minutes": -1}, "reading_time_minutes"),
        ({"type": "coding-problems", "title": "x", "level": "x" * 30}, "level"),
        ({"type": "quizzes", "title": "x", "durating_in_minutes": -1}, "durating_in_minutes"),
        ({"type": "assignments", "title": "x", "marks": -1}, "marks"),
        ({"type": "articles", "title": "x", "duration": 5, "reading_time_minutes": 6}, "duration"),
        ({"type": "mcqs", **QUESTION, "correct_option": "e"}, "correct_option"),
        ({"type": "quizzes", "title": "x", "mcqs": ["one"]}, "mcqs.0"),
        ({"type": "coding-problems", "title": "x", "testCases": "[]"}, "testCases"),
    ],
)
def test_bad_bodies_are_400s_naming_the_field(client_a, as_user, body, field):
    admin, _ = as_user(client_a, role="admin")
    response = admin.post(contents(client_a.id), body)
    assert response.status_code == 400, response.json()
    assert field in response.json(), response.json()


def test_a_body_that_is_not_an_object_is_a_400(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    assert admin.post(contents(client_a.id), ["articles"]).status_code == 400


def test_the_video_editor_patches_the_video_by_its_id(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    video = admin.post(contents(client_a.id), {"type": "video-tutorials", **VIDEO}).json()
    edit = {"title": "Loops, again", "marks": 4, "video_url": "https://videos.example.com/loops2"}

    response = admin.patch(f"{contents(client_a.id)}{video['id']}/", {"type": "video-tutorials", **edit})

    assert response.status_code == 200, response.json()
    assert response.json()["title"] == "Loops, again"
    assert response.json()["description"] == "<p>for</p>"  # not sent: kept
    with schema_context(client_a.schema_name):
        assert VideoTutorial.objects.get(pk=video["id"]).video_url == edit["video_url"]
    # any kind patches the same way; a PATCH checks what it sends
    article = admin.post(contents(client_a.id), {"type": "articles", **ARTICLE}).json()
    patched = admin.patch(f"{contents(client_a.id)}{article['id']}/", {"type": "articles", "duration": 12})
    assert patched.json()["reading_time_minutes"] == 12 and patched.json()["title"] == "Lists"
    assert admin.patch(f"{contents(client_a.id)}{article['id']}/", {"type": "articles", "title": ""}).status_code == 400
    assert admin.patch(f"{contents(client_a.id)}{article['id']}/", {"title": "x"}).status_code == 400


def test_a_quizs_questions_are_replaced_by_a_patch_that_sends_them(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    quiz = admin.post(contents(client_a.id), {"type": "quizzes", "title": "Q", "mcqs": [QUESTION]}).json()
    response = admin.patch(f"{contents(client_a.id)}{quiz['id']}/", {"type": "quizzes", "mcqs": [QUESTION, QUESTION]})
    assert response.status_code == 200, response.json()
    assert len(response.json()["mcqs"]) == 2 and response.json()["title"] == "Q"


def test_builder_writes_are_admin_only_and_per_client(client_a, client_b, as_user):
    with schema_context(client_a.schema_name):
        article = ArticleFactory()
    body = {"type": "articles", **ARTICLE}
    student, _ = as_user(client_a, role="student")
    assert student.post(contents(client_a.id), body).status_code == 403
    assert student.patch(f"{contents(client_a.id)}{article.id}/", body).status_code == 403
    outsider, _ = as_user(client_b, role="admin")
    assert outsider.post(contents(client_a.id), body).status_code in (401, 403)
    assert outsider.patch(f"{contents(client_a.id)}{article.id}/", body).status_code in (401, 403)
    # client B's own path does not reach client A's article, and creates in B only
    assert outsider.patch(f"{contents(client_b.id)}{article.id}/", body).status_code == 404
    assert outsider.post(contents(client_b.id), body).status_code == 201
    with schema_context(client_a.schema_name):
        assert Article.objects.count() == 1
    admin, _ = as_user(client_a, role="admin")
    assert admin.patch(f"{contents(client_a.id)}999999/", body).status_code == 404
    # an id of another kind is not found either
    assert (
        admin.patch(f"{contents(client_a.id)}{article.id}/", {"type": "assignments", "title": "x"}).status_code == 404
    )


def test_the_builder_puts_the_item_into_a_submodule_by_its_kinds_id(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    with schema_context(client_a.schema_name):
        course = CourseFactory()
        submodule = SubModuleFactory(module=ModuleFactory(course=course))
    article = admin.post(contents(client_a.id), {"type": "articles", **ARTICLE}).json()
    path = f"/admin-dashboard/api/clients/{client_a.id}/courses/{course.id}/submodules/{submodule.id}/contents/"
    # what the builder sends once an item is chosen
    body = {
        "title": "Lists",
        "content_type": "Article",
        "order": 1,
        "duration_in_minutes": 10,
        "article_content": article["id"],
    }

    response = admin.post(path, body)

    assert response.status_code == 201, response.json()
    assert (response.json()["content_type"], response.json()["content_id"]) == ("Article", article["id"])
    listed = admin.get(path).json()
    assert [(row["content_type"], row["content_id"], row["title"]) for row in listed] == [
        ("Article", article["id"], "Lists")
    ]
    details = admin.get(f"/admin-dashboard/api/clients/{client_a.id}/courses/{course.id}/view-course-details/").json()
    assert details["modules"][0]["submodules"][0]["article_count"] == 1
    # the kind's field must agree with content_type and content_id
    assert "article_content" in admin.post(path, {**body, "content_type": "Quiz"}).json()
    assert "article_content" in admin.post(path, {**body, "content_id": article["id"] + 1}).json()
    with schema_context(client_a.schema_name):
        assert Content.objects.filter(submodule=submodule).count() == 1
    # the contract's body is unchanged
    contract = admin.post(path, {"content_type": "Article", "content_id": article["id"], "order": 2})
    assert contract.status_code == 400  # one content per item: the same rule for both bodies
    assert "content_id" in contract.json() or "detail" in contract.json()


def test_openapi_documents_every_kind_and_the_item_id_fields(client_a):
    from api.api import api

    schema = api.get_openapi_schema()
    post = schema["paths"]["/admin-dashboard/api/clients/{client_id}/contents/"]["post"]
    body = post["requestBody"]["content"]["application/json"]["schema"]
    members = body["oneOf"]
    defs = body.get("$defs", {})
    tags = set()
    for member in members:
        resolved = defs[member["$ref"].rsplit("/", 1)[-1]] if "$ref" in member else member
        tags.add(resolved["properties"]["type"]["const"])
    assert tags == set(KINDS)
    patch = schema["paths"]["/admin-dashboard/api/clients/{client_id}/contents/{content_id}/"]["patch"]
    assert len(patch["requestBody"]["content"]["application/json"]["schema"]["oneOf"]) == len(KINDS)
    assert 201 in post["responses"] or "201" in post["responses"]
    content_in = schema["components"]["schemas"]["ContentIn"]["properties"]
    assert {"article_content", "video_content", "quiz_content", "assignment_content", "coding_problem_content"} <= set(
        content_in
    )


def test_the_pickers_list_one_library_by_type(client_a, as_user):
    """The builder's "Choose …" dropdowns and the quiz form's question list ask
    ``GET …/contents/?type=<kind>`` and show each row's ``title`` (``question_text``)."""
    admin, _ = as_user(client_a, role="admin")
    article = admin.post(contents(client_a.id), {"type": "articles", **ARTICLE}).json()
    question = admin.post(contents(client_a.id), {"type": "mcqs", **QUESTION}).json()

    articles = admin.get(contents(client_a.id) + "?type=articles")
    questions = admin.get(contents(client_a.id) + "?type=mcqs")

    assert articles.status_code == 200 and questions.status_code == 200
    library = admin.get(f"/admin-dashboard/api/clients/{client_a.id}/articles/{article['id']}/").json()
    # the library's item, and the level the picker's search reads of every row (none kept here)
    assert articles.json() == [{**library, "difficulty_level": ""}]
    for kind in ("video-tutorials", "assignments", "quizzes", "coding-problems", "mcqs"):
        admin.post(contents(client_a.id), {"type": kind, **BODIES[kind]})
        rows = admin.get(contents(client_a.id) + f"?type={kind}").json()
        assert rows and all(isinstance(row["difficulty_level"], str) for row in rows), kind
    assert [(row["id"], row["question_text"]) for row in questions.json()] == [
        (question["id"], QUESTION["question_text"])
    ]
    assert admin.get(contents(client_a.id) + "?type=podcasts").status_code == 400
    # without it, the contract's content rows as before
    assert admin.get(contents(client_a.id)).json() == []


def test_a_picker_costs_the_same_for_more_items(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    with schema_context(client_a.schema_name):
        QuizFactory()
    admin.get(contents(client_a.id) + "?type=quizzes")  # the token's first use warms the caller's cache
    with StatementCount() as one:
        assert admin.get(contents(client_a.id) + "?type=quizzes").status_code == 200
    with schema_context(client_a.schema_name):
        for _ in range(5):
            QuizFactory()
    with StatementCount() as six:
        rows = admin.get(contents(client_a.id) + "?type=quizzes").json()
    assert len(rows) == 6 and all(row["mcqs"] for row in rows)
    assert six.count == one.count
