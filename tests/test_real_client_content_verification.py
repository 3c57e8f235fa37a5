"""Contract tests for the older build's content verification pages ("AI Judge",
docs/real-client.md, "V's admin area").

Its list reads each content's kind as ``type`` (the column was empty), and its detail page
picks the view by ``type`` and renders ``content_details`` (it said 'Content type "" is not
supported yet' for every content). The contract's ``content_type`` and ``content`` stay.
"""

import pytest
from django_tenants.utils import schema_context

from tenant_apps.lms.tests.factories import CodingProblemFactory, course_build
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db

TYPES = ("Article", "VideoTutorial", "Quiz", "Assignment", "CodingProblem")


@pytest.fixture
def contents(client_a):
    with schema_context(client_a.schema_name):
        course = course_build(content_types=TYPES)
        return list(course.modules.get().submodules.get().contents.order_by("order", "id"))


def base(client_id: int) -> str:
    return f"/admin-dashboard/api/clients/{client_id}/contents/"


def test_the_content_list_names_each_kind_as_type(client_a, as_user, contents):
    admin, _ = as_user(client_a, role="admin")
    rows = admin.get(base(client_a.id) + "?limit=100").json()
    mine = {row["id"]: row for row in rows if row["id"] in {content.id for content in contents}}
    assert sorted(row["type"] for row in mine.values()) == sorted(TYPES)
    assert all(row["type"] == row["content_type"] for row in mine.values())


def test_the_content_detail_carries_type_and_content_details_for_every_kind(client_a, as_user, contents):
    admin, _ = as_user(client_a, role="admin")
    for content in contents:
        body = admin.get(f"{base(client_a.id)}{content.id}/").json()
        assert body["type"] == body["content_type"] == content.content_type
        assert isinstance(body["content_details"], dict)
        assert body["content_details"] == body["content"]  # the same item under both names
        assert body["content_details"]["title"]
        if content.content_type == "CodingProblem":  # the page colours the problem by it (it crashed without)
            details = body["content_details"]
            assert isinstance(details["difficulty_level"], str) and details["difficulty_level"] == details["difficulty"]


def test_content_verification_is_staff_only_and_per_client(client_a, client_b, as_user, contents):
    path = f"{base(client_a.id)}{contents[0].id}/"
    student, _ = as_user(client_a, role="student")
    assert student.get(path).status_code == 403
    outsider, _ = as_user(client_b, role="admin")
    assert outsider.get(path).status_code in (401, 403)
    admin, _ = as_user(client_a, role="admin")
    assert admin.get(f"{base(client_a.id)}999999/").status_code == 404


def test_mcqs_carry_the_older_builds_names_beside_the_contracts(client_a, as_user, contents):
    """V's MCQ bank filters on ``question_text`` (it white-screened without it) and shows
    ``option_a``-``option_d`` and ``correct_option``; the verification page's quiz view and the
    assessment composer read the same names."""
    admin, _ = as_user(client_a, role="admin")
    rows = admin.get(f"/admin-dashboard/api/clients/{client_a.id}/mcqs/").json()
    quiz = next(content for content in contents if content.content_type == "Quiz")
    in_quiz = admin.get(f"{base(client_a.id)}{quiz.id}/").json()["content_details"]["mcqs"]
    assert rows and in_quiz
    letters = "ABCD"
    for mcq in rows + in_quiz:
        assert mcq["question_text"] == mcq["question"]
        for n, letter in enumerate(letters):
            expected = mcq["options"][n] if n < len(mcq["options"]) else ""
            assert mcq[f"option_{letter.lower()}"] == expected
        assert mcq["correct_option"] == letters[mcq["correct_answer"]]
        assert mcq["difficulty_level"] == mcq["difficulty"]  # the question's level, empty when not set


def _coding_details(admin, client, content_id: int) -> dict:
    response = admin.get(f"{base(client.id)}{content_id}/")
    assert response.status_code == 200, response.json()
    return response.json()["content_details"]


def test_the_coding_view_gets_statement_sample_and_template_from_the_problem(client_a, as_user, contents):
    """The AI Judge coding view renders ``problem_statement``, ``sample_input``,
    ``sample_output`` (as HTML) and loads the editor from ``template_code`` (an object keyed
    by language, matched loosely against "python"): all were empty before."""
    admin, _ = as_user(client_a, role="admin")
    coding = next(content for content in contents if content.content_type == "CodingProblem")
    with schema_context(client_a.schema_name):
        problem = coding.coding_problem
        problem.description = "<p>Read n, print 2n.</p>"
        problem.starter_code = "def solve(n):\n    pass\n"
        problem.test_cases = [
            {"input": "21\n", "expected_output": "42\n", "is_sample": False},  # hidden: never the sample
            {"input": "2\n", "expected_output": "4\n", "is_sample": True},
            {"input": "3\n", "expected_output": "6\n", "is_sample": True},
        ]
        problem.save()
    details = _coding_details(admin, client_a, coding.id)
    assert details["problem_statement"] == details["description"] == "<p>Read n, print 2n.</p>"
    assert (details["sample_input"], details["sample_output"]) == ("2\n", "4\n")
    assert details["template_code"] == {"python3": problem.starter_code, "python": problem.starter_code}
    assert all(isinstance(code, str) for code in details["template_code"].values())
    assert len(details["test_cases"]) == 3  # an admin still sees every case
    # the library's own detail answers the same names
    library = admin.get(f"/admin-dashboard/api/clients/{client_a.id}/coding-problems/{problem.id}/").json()
    assert {key: library[key] for key in ("problem_statement", "sample_input", "sample_output", "template_code")} == {
        key: details[key] for key in ("problem_statement", "sample_input", "sample_output", "template_code")
    }


def test_without_marked_samples_or_starter_code(client_a, as_user, contents):
    admin, _ = as_user(client_a, role="admin")
    coding = next(content for content in contents if content.content_type == "CodingProblem")
    with schema_context(client_a.schema_name):
        problem = coding.coding_problem
        problem.starter_code = ""
        problem.test_cases = [{"stdin": "5\n", "output": "10\n"}, {"input": "1\n", "expected_output": "2\n"}]
        problem.save()
    details = _coding_details(admin, client_a, coding.id)
    assert (details["sample_input"], details["sample_output"]) == ("5\n", "10\n")  # the first case, either spelling
    assert details["template_code"] == {}
    with schema_context(client_a.schema_name):
        problem.test_cases = []
        problem.save()
    details = _coding_details(admin, client_a, coding.id)
    assert (details["sample_input"], details["sample_output"]) == ("", "")


def test_the_coding_fields_cost_no_query(client_a, as_user, contents):
    """The detail of a coding problem costs what an article's does; the coding problem
    library costs the same for 1 and 6 problems."""
    admin, _ = as_user(client_a, role="admin")
    article = next(content for content in contents if content.content_type == "Article")
    coding = next(content for content in contents if content.content_type == "CodingProblem")
    admin.get(f"{base(client_a.id)}{article.id}/")  # warms the caller's cache
    with StatementCount() as article_cost:
        admin.get(f"{base(client_a.id)}{article.id}/")
    with StatementCount() as coding_cost:
        assert _coding_details(admin, client_a, coding.id)["sample_input"]
    assert coding_cost.count == article_cost.count
    library = f"/admin-dashboard/api/clients/{client_a.id}/coding-problems/"
    with StatementCount() as one:
        admin.get(library)
    with schema_context(client_a.schema_name):
        for _ in range(5):
            CodingProblemFactory()
    with StatementCount() as six:
        rows = admin.get(library).json()
    assert six.count == one.count
    assert len(rows) == 6 and all(row["sample_input"] == "2\n" for row in rows)
