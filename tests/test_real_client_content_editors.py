"""The older build's content editors (docs/real-client.md, "V's admin area").

Its course builder opens an editor on a content of a submodule. The editor loads
``GET …/courses/{c}/submodules/{s}/contents/{id}/`` and reads the item from ``details`` (or
the top level): an article's ``title, marks, content``; an assignment's ``title, marks,
description, due_date``; a coding problem's ``title, marks, problem_statement, test_cases``
(each ``input, expected_output, is_hidden``); a quiz's ``title, marks, questions`` (each
``id, question, options, correct_answer`` as the right option's text, ``explanation``). The
video editor reads the video's id as ``video_content`` and patches the video by it
(``PATCH …/contents/{video id}/``). The others save with ``PATCH`` on the content's own path,
the item's fields in the editor's names and no ``type``: the item the content shows takes
them, together with the contract's content fields, in one transaction.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from django_tenants.utils import schema_context

from tenant_apps.lms.models import MCQ, Article, Assignment, CodingProblem, Content, Quiz, VideoTutorial
from tenant_apps.lms.tests.factories import CourseFactory, ModuleFactory, SubModuleFactory
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db

ITEM_ID_FIELDS = ("video_content", "article_content", "quiz_content", "assignment_content", "coding_problem_content")
CONTRACT_FIELDS = {"id", "content_type", "content_id", "title", "order", "is_verified", "verified_at"}

# The "add new" forms' bodies (what made the items the editors then open).
NEW: dict[str, dict[str, Any]] = {
    "Article": {"type": "articles", "title": "Lists", "content": "<p>A list.</p>", "marks": 5, "duration": 10},
    "VideoTutorial": {
        "type": "video-tutorials",
        "title": "Loops",
        "marks": 3,
        "video_url": "https://videos.example.com/loops",
        "description": "<p>for and while</p>",
    },
    "Assignment": {"type": "assignments", "title": "Essay", "marks": 20, "question": "Why tests?"},
    "CodingProblem": {
        "type": "coding-problems",
        "title": "Double it",
        "level": "Easy",
        "testCases": [{"input": "2", "expected_output": "4"}, {"input": "5", "expected_output": "10"}],
        "problem_statement": "<p>Print twice the number.</p>",
    },
    "Quiz": {
        "type": "quizzes",
        "title": "Check",
        "mcqs": [
            {
                "question_text": "Which keyword defines a function?",
                "option_a": "func",
                "option_b": "def",
                "option_c": "lambda",
                "correct_option": "b",
                "explanation": "def starts one.",
            },
            {"question_text": "2 + 2?", "option_a": "3", "option_b": "4", "correct_option": "b"},
        ],
    },
}
KIND_FIELD = {
    "Article": "article_content",
    "VideoTutorial": "video_content",
    "Assignment": "assignment_content",
    "CodingProblem": "coding_problem_content",
    "Quiz": "quiz_content",
}


class Course:
    """A course with one submodule holding one content of each kind, made the builder's way."""

    def __init__(self, client, admin) -> None:
        self.client, self.admin = client, admin
        with schema_context(client.schema_name):
            course = CourseFactory()
            self.course_id = course.id
            self.submodule_id = SubModuleFactory(module=ModuleFactory(course=course)).id
        self.items: dict[str, int] = {}
        self.contents: dict[str, int] = {}
        for order, (kind, body) in enumerate(NEW.items(), 1):
            item = admin.post(f"/admin-dashboard/api/clients/{client.id}/contents/", body)
            assert item.status_code == 201, item.json()
            self.items[kind] = item.json()["id"]
            attach = {"title": body["title"], "content_type": kind, "order": order, KIND_FIELD[kind]: item.json()["id"]}
            content = admin.post(self.path(), attach)
            assert content.status_code == 201, content.json()
            self.contents[kind] = content.json()["id"]

    def path(self, kind: str | None = None, *, client_id: int | None = None) -> str:
        base = (
            f"/admin-dashboard/api/clients/{client_id or self.client.id}/courses/{self.course_id}"
            f"/submodules/{self.submodule_id}/contents/"
        )
        return base if kind is None else f"{base}{self.contents[kind]}/"

    def load(self, kind: str) -> dict[str, Any]:
        response = self.admin.get(self.path(kind))
        assert response.status_code == 200, response.json()
        return response.json()

    def save(self, kind: str, body: dict[str, Any]):
        return self.admin.patch(self.path(kind), body)


@pytest.fixture
def built(client_a, as_user) -> Course:
    admin, _ = as_user(client_a, role="admin")
    return Course(client_a, admin)


def stored(client, model, pk):
    with schema_context(client.schema_name):
        return model.objects.get(pk=pk)


def test_each_editor_loads_what_it_reads(built):
    for kind in NEW:
        loaded = built.load(kind)
        assert CONTRACT_FIELDS <= loaded.keys()
        assert (loaded["content_type"], loaded["content_id"]) == (kind, built.items[kind])
        # the item's id under its kind's name, null under the others
        assert {field: loaded[field] for field in ITEM_ID_FIELDS} == {
            field: (built.items[kind] if field == KIND_FIELD[kind] else None) for field in ITEM_ID_FIELDS
        }
        assert loaded["details"]["title"] == NEW[kind]["title"]
        assert isinstance(loaded["marks"], int | float) and isinstance(loaded["details"]["marks"], int | float)

    article = built.load("Article")["details"]
    assert (article["content"], article["marks"]) == ("<p>A list.</p>", 5)  # stored since "Article and video marks"
    video = built.load("VideoTutorial")["details"]
    assert (video["video_url"], video["description"]) == (NEW["VideoTutorial"]["video_url"], "<p>for and while</p>")
    assignment = built.load("Assignment")
    assert (assignment["marks"], assignment["details"]["description"], assignment["details"]["due_date"]) == (
        20,
        "Why tests?",
        None,
    )
    problem = built.load("CodingProblem")["details"]
    assert problem["problem_statement"] == "<p>Print twice the number.</p>" and problem["marks"] == 100
    assert problem["test_cases"] == [
        {"input": "2", "expected_output": "4", "is_hidden": True},
        {"input": "5", "expected_output": "10", "is_hidden": True},
    ]
    quiz = built.load("Quiz")
    assert quiz["marks"] == 2
    first, second = quiz["details"]["questions"]
    assert (first["question"], first["options"], first["correct_answer"], first["explanation"]) == (
        "Which keyword defines a function?",
        ["func", "def", "lambda"],
        "def",  # the right option's text: the editor's radio compares texts
        "def starts one.",
    )
    assert isinstance(first["id"], int) and second["correct_answer"] == "4"


def test_the_article_editor_saves_and_loads_back(built):
    loaded = built.load("Article")["details"]

    response = built.save("Article", {"title": "Lists, revised", "content": "<p>Lists hold items.</p>", "marks": 5})

    assert response.status_code == 200, response.json()
    article = stored(built.client, Article, built.items["Article"])
    assert (article.title, article.content, article.reading_time_minutes) == (
        "Lists, revised",
        "<p>Lists hold items.</p>",
        loaded["reading_time_minutes"],  # not sent: kept
    )
    again = built.load("Article")
    assert again["title"] == "Lists, revised"  # the content shows its item's title
    assert again["details"]["content"] == "<p>Lists hold items.</p>"
    assert response.json() == again  # the answer is what the editor loads


def test_the_assignment_editor_saves_marks_and_a_due_date(built):
    body = {"title": "Essay 2", "marks": 50, "description": "Why do tests fail?", "due_date": "2030-01-31T17:00"}

    response = built.save("Assignment", body)

    assert response.status_code == 200, response.json()
    assignment = stored(built.client, Assignment, built.items["Assignment"])
    assert (assignment.title, assignment.description, assignment.max_marks) == (
        "Essay 2",
        "Why do tests fail?",
        Decimal("50.00"),
    )
    assert assignment.due_date == datetime(2030, 1, 31, 17, 0, tzinfo=UTC)  # the input's local time read as UTC
    details = built.load("Assignment")["details"]
    # what a datetime-local input shows, and sends back unchanged
    assert (details["due_date"], details["marks"], details["max_marks"]) == ("2030-01-31T17:00", 50, 50)
    assert built.save("Assignment", {**body, "due_date": details["due_date"]}).status_code == 200
    # the editor leaves the date out when it is cleared: the date stays
    assert built.save("Assignment", {"title": "Essay 2", "marks": 50, "description": "x"}).status_code == 200
    assert stored(built.client, Assignment, built.items["Assignment"]).due_date is not None


def test_the_coding_problem_editor_saves_its_cases_the_editors_way(built):
    loaded = built.load("CodingProblem")["details"]
    cases = loaded["test_cases"]
    cases[0]["is_hidden"] = False  # shown to learners now
    cases.append({"input": "0", "expected_output": "0", "is_hidden": True})

    response = built.save(
        "CodingProblem",
        {"title": "Double", "marks": 10, "problem_statement": "<p>Twice n.</p>", "test_cases": cases},
    )

    assert response.status_code == 200, response.json()
    problem = stored(built.client, CodingProblem, built.items["CodingProblem"])
    assert (problem.title, problem.description, problem.max_marks) == ("Double", "<p>Twice n.</p>", Decimal("10.00"))
    assert [(case["input"], case["is_sample"]) for case in problem.test_cases] == [
        ("2", True),
        ("5", False),
        ("0", False),
    ]
    assert all("is_hidden" not in case for case in problem.test_cases)
    again = built.load("CodingProblem")
    assert again["details"]["test_cases"] == cases and again["marks"] == 10
    # the contract's sample flag still reads as before
    library = built.admin.get(f"/admin-dashboard/api/clients/{built.client.id}/coding-problems/{problem.id}/").json()
    assert [case["is_sample"] for case in library["test_cases"]] == [True, False, False]


def test_the_quiz_editor_changes_keeps_drops_and_adds_questions(built):
    loaded = built.load("Quiz")["details"]
    first, second = loaded["questions"]
    first = {**first, "question": "Which keyword starts a function?", "correct_answer": "lambda"}
    new = {"question": "Which is a list?", "options": ["[]", "", "{}", ""], "correct_answer": "[]", "explanation": ""}
    with schema_context(built.client.schema_name):
        questions_before = MCQ.objects.count()

    response = built.save("Quiz", {"title": "Check 2", "marks": 2, "questions": [new, first]})

    assert response.status_code == 200, response.json()
    quiz = stored(built.client, Quiz, built.items["Quiz"])
    with schema_context(built.client.schema_name):
        links = list(quiz.quiz_mcqs.select_related("mcq"))
        assert MCQ.objects.count() == questions_before + 1  # the dropped one stays in the bank
        assert MCQ.objects.filter(pk=second["id"]).exists()
    assert quiz.title == "Check 2"
    assert [link.mcq_id for link in links][1] == first["id"]  # changed in place, in the order sent
    added, changed = (link.mcq for link in links)
    assert (added.question, added.options, added.correct_answer) == ("Which is a list?", ["[]", "{}"], 0)
    assert (changed.question, changed.options, changed.correct_answer) == (
        "Which keyword starts a function?",
        ["func", "def", "lambda"],
        2,
    )
    again = built.load("Quiz")
    assert [q["question"] for q in again["details"]["questions"]] == ["Which is a list?", first["question"]]
    assert [q["correct_answer"] for q in again["details"]["questions"]] == ["[]", "lambda"]
    assert again["marks"] == 2 and again["title"] == "Check 2"
    # saving what was loaded changes nothing
    assert built.save("Quiz", {"title": "Check 2", "marks": 2, "questions": again["details"]["questions"]}).json() == (
        again
    )


def test_the_video_editor_finds_the_video_by_video_content(built):
    loaded = built.load("VideoTutorial")
    edit = {"title": "Loops, again", "marks": 3, "video_url": "https://videos.example.com/loops2"}

    response = built.admin.patch(
        f"/admin-dashboard/api/clients/{built.client.id}/contents/{loaded['video_content']}/",
        {"type": "video-tutorials", **edit},
    )

    assert response.status_code == 200, response.json()
    again = built.load("VideoTutorial")
    assert (again["title"], again["details"]["video_url"], again["details"]["description"]) == (
        "Loops, again",
        edit["video_url"],
        "<p>for and while</p>",
    )
    # the content's own path takes the same fields too
    assert built.save("VideoTutorial", {"title": "Loops 3", "marks": 3}).json()["details"]["title"] == "Loops 3"


@pytest.mark.parametrize(
    ("kind", "body", "field"),
    [
        ("Article", {"title": ""}, "title"),
        ("Article", {"title": "x", "video_url": "https://v.example.com"}, "video_url"),  # another kind's field
        ("Article", {"duration": -1}, "duration"),  # V's name, moved onto ours: named as sent
        ("Assignment", {"marks": -1}, "marks"),
        ("Assignment", {"due_date": "soon"}, "due_date"),
        ("CodingProblem", {"level": "x" * 30}, "level"),
        (
            "CodingProblem",
            {"test_cases": [{"input": "1", "expected_output": "1", "is_hidden": "yes"}]},
            "test_cases.0.is_hidden",
        ),
        (
            "Quiz",
            {"questions": [{"question": "Q?", "options": ["a", "b"], "correct_answer": "c"}]},
            "questions.0.correct_answer",
        ),
        (
            "Quiz",
            {"questions": [{"question": "Q?", "options": ["a", ""], "correct_answer": "a"}]},
            "questions.0.options",
        ),
        ("Quiz", {"questions": ["Q?"]}, "questions.0"),
        ("Quiz", {"type": "articles", "title": "x"}, "type"),
        ("Article", {"order": -1}, "order"),
        ("Article", {"content_type": "Podcast"}, "content_type"),
        # odd JSON types are 400s too, never 500s
        ("Article", {"content_type": ["Article"]}, "content_type"),
        ("Article", {"title": 5, "content": {"html": "x"}}, "content"),
        ("Assignment", {"due_date": []}, "due_date"),
        ("CodingProblem", {"test_cases": [1]}, "test_cases.0"),
        (
            "Quiz",
            {"questions": [{"question": "Q?", "options": ["a", "b"], "correct_answer": ["a"]}]},
            "questions.0.correct_answer",
        ),
        (
            "Quiz",
            {"questions": [{"id": "one", "question": "Q?", "options": ["a", "b"], "correct_answer": "a"}]},
            "questions.0.id",
        ),
        ("Quiz", {"questions": {"0": "Q?"}}, "questions"),
    ],
)
def test_bad_editor_bodies_are_400s_naming_the_field_as_sent(built, kind, body, field):
    response = built.save(kind, body)
    assert response.status_code == 400, response.json()
    assert field in response.json(), response.json()


def test_a_bad_save_writes_nothing(built):
    with schema_context(built.client.schema_name):
        before = (MCQ.objects.count(), list(Quiz.objects.values_list("title", flat=True)))
    loaded = built.load("Quiz")
    first, second = loaded["details"]["questions"]
    with schema_context(built.client.schema_name):
        other_quiz_question = MCQ.objects.create(question="Elsewhere?", options=["a", "b"], correct_answer=0).id
    new = {"question": "New?", "options": ["a", "b"], "correct_answer": "a"}
    kept = [new, {**first, "question": "Changed?"}]
    body = {"title": "Renamed", "order": 9, "questions": kept}

    # a question of another quiz (found only while saving, after the new one was made)
    response = built.save("Quiz", {**body, "questions": [*kept, {**second, "id": other_quiz_question}]})
    # a bad second question
    bad_option = built.save("Quiz", {**body, "questions": [new, {**second, "correct_answer": "five"}]})

    assert response.status_code == 400 and "questions.2.id" in response.json(), response.json()
    assert bad_option.status_code == 400 and "questions.1.correct_answer" in bad_option.json()
    assert built.load("Quiz") == loaded  # title, order and questions as they were
    with schema_context(built.client.schema_name):
        assert (MCQ.objects.count() - 1, list(Quiz.objects.values_list("title", flat=True))) == before


def test_the_contracts_body_still_moves_and_orders_contents(built):
    with schema_context(built.client.schema_name):
        spare = Article.objects.create(title="Spare", content="<p>spare</p>").id

    ordered = built.save("Article", {"order": 7})
    moved = built.save("Article", {"content_type": "Article", "content_id": spare, "content": "<p>now here</p>"})

    assert ordered.status_code == 200 and ordered.json()["order"] == 7
    assert moved.status_code == 200, moved.json()
    assert (moved.json()["content_id"], moved.json()["article_content"]) == (spare, spare)
    # the item fields went to the item the content shows after the move
    assert stored(built.client, Article, spare).content == "<p>now here</p>"
    assert stored(built.client, Article, built.items["Article"]).content == "<p>A list.</p>"
    assert built.admin.put(built.path("Article"), {"order": 2}).json()["order"] == 2
    # moving to another kind reads the body as that kind's
    with schema_context(built.client.schema_name):
        video = VideoTutorial.objects.create(title="V", video_url="https://v.example.com/a").id
    to_video = built.save("Article", {"content_type": "VideoTutorial", "content_id": video, "description": "<p>d</p>"})
    assert to_video.status_code == 200, to_video.json()
    assert to_video.json()["video_content"] == video and to_video.json()["article_content"] is None
    assert stored(built.client, VideoTutorial, video).description == "<p>d</p>"


def test_missing_contents_are_404s(built):
    missing = built.path() + "999999/"
    assert built.admin.get(missing).status_code == 404
    assert built.admin.patch(missing, {"title": "x"}).status_code == 404
    # a content is found only under its own course and submodule
    other = built.path("Article").replace(f"/submodules/{built.submodule_id}/", "/submodules/999999/")
    assert built.admin.get(other).status_code == 404
    assert built.admin.patch(other, {"title": "x"}).status_code == 404


def test_editors_are_admin_only_and_per_client(built, client_b, as_user, platform_admin):
    student, _ = as_user(built.client, role="student")
    assert student.get(built.path("Article")).status_code == 403
    assert student.patch(built.path("Article"), {"title": "x"}).status_code == 403
    outsider, _ = as_user(client_b, role="admin")
    assert outsider.get(built.path("Article")).status_code in (401, 403)
    assert outsider.patch(built.path("Article"), {"title": "x"}).status_code in (401, 403)
    # client B's own path does not reach client A's content
    theirs = built.path("Article", client_id=client_b.id)
    assert outsider.get(theirs).status_code == 404
    assert outsider.patch(theirs, {"title": "x"}).status_code == 404
    assert stored(built.client, Article, built.items["Article"]).title == "Lists"
    # the platform admin visiting the client (V's admin area) edits
    root, _ = platform_admin
    assert root.patch(built.path("Article"), {"title": "By root", "content": "<p>r</p>", "marks": 1}).status_code == 200
    assert built.load("Article")["details"]["title"] == "By root"


def test_loading_an_editor_costs_the_same_for_more_questions(built):
    quiz = built.load("Quiz")
    with StatementCount() as two:
        built.load("Quiz")
    many = [*quiz["details"]["questions"]]
    many += [{"question": f"Q{n}?", "options": ["a", "b"], "correct_answer": "b"} for n in range(6)]
    assert built.save("Quiz", {"questions": many}).status_code == 200
    with StatementCount() as eight:
        assert len(built.load("Quiz")["details"]["questions"]) == 8
    assert eight.count == two.count
    with StatementCount() as article:
        built.load("Article")
    assert article.count == two.count - 1  # the quiz's questions are one more query, however many


def test_openapi_documents_the_editors_body_and_answer(client_a):
    from api.api import api

    schema = api.get_openapi_schema()
    path = schema["paths"][
        "/admin-dashboard/api/clients/{client_id}/courses/{course_id}/submodules/{submodule_id}/contents/{pk}/"
    ]
    body = path["patch"]["requestBody"]["content"]["application/json"]["schema"]
    defs = body.get("$defs", {})
    members = [defs[m["$ref"].rsplit("/", 1)[-1]] if "$ref" in m else m for m in body["oneOf"]]
    assert len(members) == 5
    for member in members:
        assert {"content_type", "content_id", "order", "title", "marks"} <= set(member["properties"])
    assert any("questions" in member["properties"] for member in members)
    answer = path["get"]["responses"][200]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    properties = schema["components"]["schemas"][answer]["properties"]
    assert {*CONTRACT_FIELDS, *ITEM_ID_FIELDS, "marks", "details"} <= set(properties)


def test_content_rows_keep_their_item_title_after_an_edit(built):
    built.save("Quiz", {"title": "Renamed quiz"})
    with schema_context(built.client.schema_name):
        assert Content.objects.get(pk=built.contents["Quiz"]).title == "Renamed quiz"
    listed = built.admin.get(built.path()).json()
    assert [row["title"] for row in listed if row["content_type"] == "Quiz"] == ["Renamed quiz"]


def test_the_newer_builds_content_body_is_read_too(built):
    """The newer build's content PATCH (``{title, content_type, <kind>_content, order,
    duration_in_minutes, marks}``): the kind's id field is ``content_id``, the title the item's."""
    with schema_context(built.client.schema_name):
        spare = Article.objects.create(title="Spare", content="<p>spare</p>").id
    body = {
        "title": "Spare, renamed",
        "content_type": "Article",
        "article_content": spare,
        "video_content": None,
        "order": 4,
        "duration_in_minutes": 10,
        "marks": 5,
    }

    response = built.save("Article", body)

    assert response.status_code == 200, response.json()
    assert (response.json()["content_id"], response.json()["order"], response.json()["title"]) == (
        spare,
        4,
        "Spare, renamed",
    )
    assert stored(built.client, Article, spare).title == "Spare, renamed"
    assert "article_content" in built.save("Article", {**body, "content_type": "Quiz"}).json()
