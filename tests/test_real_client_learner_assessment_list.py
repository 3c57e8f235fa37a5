"""Contract tests for the learners' assessment list (`active-assessments/`), walked 1 Dec 2026
(session 20) on both builds (docs/real-client.md, "Taking an assessment"):

- the newer build's cards print "<number_of_questions> Questions" and, when present, the number
  of sections: both demo cards showed "Questions" with no number, while the detail page of the
  same assessment said 5;
- the older build's cards read ``is_active``: without it each card said "Inactive" and its
  start button was disabled ("Currently Unavailable").

The list is cached per client (``assessment.list``); the counts are part of it, so a section
or question written by an admin shows on the next read.
"""

import pytest
from django_tenants.utils import schema_context

from tenant_apps.assessment.tests.factories import AssessmentFactory, SectionFactory, assessment_full
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db


def is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def list_path(client) -> str:
    return f"/assessment/api/client/{client.id}/active-assessments/"


def row_of(api, client, slug: str) -> dict:
    response = api.get(list_path(client))
    assert response.status_code == 200
    return next(row for row in response.json() if row["slug"] == slug)


@pytest.fixture
def exam(client_a):
    with schema_context(client_a.schema_name):
        # 3 sections: 3 multiple-choice, 2 written and 1 coding question
        return assessment_full(title="Exam", slug="exam")


def test_each_row_counts_its_questions_and_sections_as_the_detail_page_does(client_a, as_user, exam):
    api, _ = as_user(client_a)
    with schema_context(client_a.schema_name):
        AssessmentFactory(slug="empty")
    row = row_of(api, client_a, "exam")
    assert is_int(row["number_of_questions"]) and is_int(row["number_of_sections"])
    assert (row["number_of_questions"], row["number_of_sections"]) == (6, 3)
    detail = api.get(f"/assessment/api/client/{client_a.id}/assessment-details/exam/").json()
    assert (detail["number_of_questions"], detail["number_of_sections"]) == (6, 3)
    empty = row_of(api, client_a, "empty")
    assert (empty["number_of_questions"], empty["number_of_sections"]) == (0, 0)


def test_an_admins_section_and_question_writes_show_on_the_next_read(client_a, as_user, exam):
    api, _ = as_user(client_a)
    admin, _ = as_user(client_a, role="admin")
    assert row_of(api, client_a, "exam")["number_of_questions"] == 6  # cached now
    admin_base = f"/admin-dashboard/api/clients/{client_a.id}/assessments/exam"
    created = admin.post(f"{admin_base}/sections/", {"title": "Extra", "section_type": "text", "order": 5})
    assert created.status_code == 201, created.json()
    section_id = created.json()["id"]
    assert row_of(api, client_a, "exam")["number_of_sections"] == 4
    question = admin.post(f"{admin_base}/sections/{section_id}/questions/", {"text": "Why?", "correct_answer": "x"})
    assert question.status_code == 201, question.json()
    assert row_of(api, client_a, "exam")["number_of_questions"] == 7
    assert admin.delete(f"{admin_base}/questions/{exam['mcqs'][0].id}/").status_code == 204
    assert row_of(api, client_a, "exam")["number_of_questions"] == 6
    assert admin.delete(f"{admin_base}/sections/{exam['sections']['coding'].id}/").status_code == 204
    row = row_of(api, client_a, "exam")
    assert (row["number_of_questions"], row["number_of_sections"]) == (5, 3)


def test_counts_are_per_client(client_a, client_b, as_user, exam):
    """Two clients with an assessment of the same slug: each list counts its own."""
    with schema_context(client_b.schema_name):
        other = AssessmentFactory(slug="exam")
        SectionFactory(assessment=other)
    api_a, _ = as_user(client_a)
    api_b, _ = as_user(client_b)
    assert (
        row_of(api_b, client_b, "exam")["number_of_sections"],
        row_of(api_b, client_b, "exam")["number_of_questions"],
    ) == (1, 0)
    assert row_of(api_a, client_a, "exam")["number_of_sections"] == 3
    assert api_b.get(list_path(client_a)).status_code in (401, 403)


@pytest.mark.parametrize("size", [1, 6])
def test_the_counts_cost_the_list_no_statement(size, client_a, as_user):
    api, _ = as_user(client_a)
    with schema_context(client_a.schema_name):
        for n in range(size):
            assessment_full(slug=f"exam-{n}")
    api.get(list_path(client_a))  # fills the client's cached list
    with StatementCount(1 + 1):  # auth, the caller's attempted assessments
        rows = api.get(list_path(client_a)).json()
    assert len(rows) == size and all(row["number_of_questions"] == 6 for row in rows)


def test_each_row_says_it_is_active_and_an_inactive_one_is_not_listed(client_a, as_user, exam):
    api, _ = as_user(client_a)
    with schema_context(client_a.schema_name):
        AssessmentFactory(slug="retired", is_active=False)
    rows = api.get(list_path(client_a)).json()
    assert [row["slug"] for row in rows] == ["exam"]
    assert rows[0]["is_active"] is True
    # deactivating it takes it off the next read (the cached list follows the write)
    with schema_context(client_a.schema_name):
        exam["assessment"].is_active = False
        exam["assessment"].save()
    assert api.get(list_path(client_a)).json() == []
