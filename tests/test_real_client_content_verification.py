"""Contract tests for the older build's content verification pages ("AI Judge",
docs/real-client.md, "V's admin area").

Its list reads each content's kind as ``type`` (the column was empty), and its detail page
picks the view by ``type`` and renders ``content_details`` (it said 'Content type "" is not
supported yet' for every content). The contract's ``content_type`` and ``content`` stay.
"""

import pytest
from django_tenants.utils import schema_context

from tenant_apps.lms.tests.factories import course_build

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
