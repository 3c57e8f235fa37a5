"""Attacks on the web client's "new interview" body (``mock_interviews/client_shape.py``),
from the ``attack4`` review.

The client's ``difficulty`` is checked against the contract's ``experience_level`` when both
are sent, by looking the level up in a dict: a level that is a list or an object (unhashable)
raised ``TypeError`` inside the schema's validator, a 500. Every such body must be a 400
naming the field, and store nothing.
"""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from tenant_apps.mock_interviews.models import MockInterview

pytestmark = pytest.mark.django_db


def base(client) -> str:
    return f"/mock-interview/api/clients/{client.id}/mock-interviews/"


@pytest.mark.parametrize("level", [["junior"], {"level": "junior"}, [], {}])
def test_a_level_that_is_not_text_beside_a_difficulty_is_a_400(client_a, as_user, level):
    student, _ = as_user(client_a)
    # when
    response = student.post(base(client_a), {"topic": "Python", "difficulty": "Easy", "experience_level": level})
    # then
    assert response.status_code == 400, response.raw
    assert "experience_level" in response.json()
    with schema_context(client_a.schema_name):
        assert not MockInterview.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"topic": ["Python"], "difficulty": "Easy"},
        {"topic": "Python", "difficulty": ["Easy"]},
        {"topic": "Python", "difficulty": "Easy", "subtopic": ["x"]},
        {"topic": "Python", "difficulty": "Easy", "job_role": ["Python"]},
        {"topic": "Python", "difficulty": "Easy", "interview_type": ["technical"]},
        {"topic": "Python", "difficulty": "Easy", "duration_minutes": [7]},
        {"topic": "Python", "difficulty": "Easy", "scheduled_date_time": ["2030-01-01T00:00:00Z"]},
        {"topic": "Python", "difficulty": "Easy", "scheduled_date_time": "+999999-01-01T00:00:00"},
        {"topic": "x" * 5000, "difficulty": "Easy"},
    ],
)
def test_other_wrong_types_in_the_client_shape_are_400s(client_a, as_user, body):
    student, _ = as_user(client_a)
    # when
    response = student.post(base(client_a), body)
    # then
    assert response.status_code == 400, response.raw
    with schema_context(client_a.schema_name):
        assert not MockInterview.objects.exists()
