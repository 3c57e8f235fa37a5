"""Contract test for the older build's assignment card (``/learn/course/{id}/{submodule}``,
an assignment): it prints the task from ``details.question`` and a difficulty chip from
``details.difficulty_level``, and showed "Question" over an empty box on the demo assignment
(re-walk of 1 Dec 2026, session 21; docs/real-client.md, "Content detail"). The details keep
``description`` and ``instructions`` (H reads those) and add the two names beside them.
"""

import pytest
from django_tenants.utils import schema_context

from tenant_apps.lms.models import ContentType, Enrollment
from tenant_apps.lms.tests.factories import content_add, course_build
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db


def _assignment(client, student, **fields):
    with schema_context(client.schema_name):
        course = course_build(content_types=())
        submodule = course.modules.get().submodules.get()
        content = content_add(submodule, ContentType.ASSIGNMENT, **fields)
        Enrollment.objects.create(course=course, user=student)
    return f"/lms/clients/{client.id}/courses/{course.id}/content/{content.id}/"


@pytest.mark.parametrize(
    ("description", "instructions", "question"),
    [
        ("Tell us what to build.", "Write a paragraph.", "Tell us what to build.\n\nWrite a paragraph."),
        ("Only a description.", "", "Only a description."),
        ("", "Only instructions.", "Only instructions."),
        ("", "", ""),
    ],
)
def test_the_card_reads_the_task_as_one_question(client_a, as_user, description, instructions, question):
    # given
    api, student = as_user(client_a)
    path = _assignment(client_a, student, title="Goals", description=description, instructions=instructions)
    # when
    response = api.get(path)
    # then
    assert response.status_code == 200
    details = response.json()["details"]
    assert details["question"] == question
    assert (details["description"], details["instructions"]) == (description, instructions)  # H's names stay
    assert details["difficulty_level"] == ""  # the platform's assignments have no difficulty
    assert response.json()["content"]["description"] == description  # the contract's item unchanged


def test_the_added_names_cost_no_query(client_a, as_user):
    # given an assignment and an article side by side in one course
    api, student = as_user(client_a)
    with schema_context(client_a.schema_name):
        course = course_build(content_types=(ContentType.ARTICLE, ContentType.ASSIGNMENT))
        Enrollment.objects.create(course=course, user=student)
        by_type = {c.content_type: c.id for c in course.modules.get().submodules.get().contents.all()}
    base = f"/lms/clients/{client_a.id}/courses/{course.id}/content/"
    for content_id in by_type.values():  # warm the caches (client, course) on both paths
        api.get(base + f"{content_id}/")
    # when
    with StatementCount() as article:
        api.get(base + f"{by_type[ContentType.ARTICLE]}/")
    with StatementCount() as assignment:
        body = api.get(base + f"{by_type[ContentType.ASSIGNMENT]}/").json()
    # then the two names come from the item already loaded: no statement more than an article's
    assert "question" in body["details"]
    assert assignment.count == article.count


def test_another_clients_token_is_refused(client_a, client_b, as_user):
    _, student = as_user(client_a)
    path = _assignment(client_a, student, description="Task.")
    intruder, _ = as_user(client_b)
    assert intruder.get(path).status_code == 401
