"""Contract tests for two views of the older build's content verification page ("AI Judge",
``/admin/verify-content/{id}``; docs/real-client.md, "V's admin area"), walked in session 21:

- the quiz view printed "Duration undefined minutes" and an empty instructions box: it reads
  ``content_details.durating_in_minutes`` [sic], ``instructions`` and ``difficulty_level``;
- the assignment view showed "Question" over nothing: it reads ``question`` and
  ``difficulty_level``.

The library items keep their contract names (``time_limit_minutes``, ``description``,
``instructions``) and add V's beside them, from the row already loaded.
"""

import pytest
from django_tenants.utils import schema_context

from tenant_apps.lms.models import ContentType
from tenant_apps.lms.tests.factories import content_add, course_build
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db


def detail(client, content) -> str:
    return f"/admin-dashboard/api/clients/{client.id}/contents/{content.id}/"


@pytest.fixture
def submodule(client_a):
    with schema_context(client_a.schema_name):
        return course_build(content_types=()).modules.get().submodules.get()


def test_the_quiz_view_reads_its_duration_instructions_and_level(client_a, as_user, submodule):
    # given
    with schema_context(client_a.schema_name):
        quiz = content_add(
            submodule, ContentType.QUIZ, title="Basics", description="Answer all.", time_limit_minutes=15
        )
    admin, _ = as_user(client_a, role="admin")
    # when
    body = admin.get(detail(client_a, quiz)).json()
    # then
    shown = body["content_details"]
    assert shown["durating_in_minutes"] == shown["time_limit_minutes"] == 15
    assert shown["instructions"] == shown["description"] == "Answer all."
    assert shown["difficulty_level"] == ""  # quizzes keep no difficulty
    assert body["content"] == shown


@pytest.mark.parametrize(
    ("description", "instructions", "question"),
    [
        ("What do you want to build?", "One paragraph.", "What do you want to build?\n\nOne paragraph."),
        ("", "One paragraph.", "One paragraph."),
        ("", "", ""),
    ],
)
def test_the_assignment_view_reads_one_question(client_a, as_user, submodule, description, instructions, question):
    with schema_context(client_a.schema_name):
        assignment = content_add(
            submodule, ContentType.ASSIGNMENT, title="Goals", description=description, instructions=instructions
        )
    admin, _ = as_user(client_a, role="admin")
    shown = admin.get(detail(client_a, assignment)).json()["content_details"]
    assert shown["question"] == question
    assert (shown["description"], shown["instructions"]) == (description, instructions)
    assert shown["difficulty_level"] == ""


def test_the_added_names_cost_no_query(client_a, as_user, submodule):
    # given a quiz with two questions, an assignment and an article
    with schema_context(client_a.schema_name):
        quiz = content_add(submodule, ContentType.QUIZ, order=1)
        assignment = content_add(submodule, ContentType.ASSIGNMENT, order=2)
        article = content_add(submodule, ContentType.ARTICLE, order=3)
    admin, _ = as_user(client_a, role="admin")
    for content in (quiz, assignment, article):
        admin.get(detail(client_a, content))  # warm the caches
    # when
    with StatementCount() as for_article:
        admin.get(detail(client_a, article))
    with StatementCount() as for_assignment:
        admin.get(detail(client_a, assignment))
    # then an assignment costs what an article costs
    assert for_assignment.count == for_article.count


def test_students_and_other_clients_are_refused(client_a, client_b, as_user, submodule):
    with schema_context(client_a.schema_name):
        quiz = content_add(submodule, ContentType.QUIZ)
    student, _ = as_user(client_a, role="student")
    outsider, _ = as_user(client_b, role="admin")
    assert student.get(detail(client_a, quiz)).status_code == 403
    assert outsider.get(detail(client_a, quiz)).status_code in (401, 403)
