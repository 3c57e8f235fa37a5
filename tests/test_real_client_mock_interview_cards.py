"""Contract tests for the client's interview lists (H's ``/mock-interview/previous`` and
``/mock-interview/scheduled``): ``GET …/mock-interviews/?status=`` (docs/real-client.md,
"Mock interview cards").

Found on the re-walk of 1 Dec 2026: the "previous" page asks for ``status=completed`` and
listed a scheduled interview (the filter was ignored), and its card printed "undefined mins"
and "Invalid Date" with no title: it reads ``title``, ``topic``, ``subtopic``, ``difficulty``,
``duration_minutes``, ``scheduled_date_time``, ``score``. The contract's fields stay.

Since the web client's create body is taken too (tests/test_real_client_mock_interview_create.py),
an interview keeps a planned time and length: the scheduled card prints those (it printed
"null mins" before), and ``difficulty`` answers in the client's words (Easy, Medium, Hard).
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_tenants.utils import schema_context

from tenant_apps.mock_interviews.tests.factories import MockInterviewFactory
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db


def base(client) -> str:
    return f"/mock-interview/api/clients/{client.id}/mock-interviews/"


@pytest.fixture
def interviews(client_a, as_user):
    api, user = as_user(client_a)
    now = timezone.now()
    with schema_context(client_a.schema_name):
        done = MockInterviewFactory(
            user=user,
            job_role="Python Developer",
            experience_level="mid",
            interview_type="behavioral",
            status="completed",
            started_at=now - timedelta(minutes=12, seconds=30),
            submitted_at=now,
            score=Decimal("72.50"),
            feedback="Clear answers.",
        )
        waiting = MockInterviewFactory(
            user=user,
            job_role="Data Analyst",
            status="scheduled",
            subtopic="Window functions",
            planned_minutes=15,
            scheduled_at=(now + timedelta(days=2)).replace(microsecond=0),
        )
        going = MockInterviewFactory(user=user, status="in_progress", started_at=now)
    return api, done, waiting, going


def test_status_keeps_one_state(client_a, interviews):
    api, done, waiting, going = interviews
    assert [row["id"] for row in api.get(base(client_a) + "?status=completed").json()] == [done.id]
    assert [row["id"] for row in api.get(base(client_a) + "?status=scheduled").json()] == [waiting.id]
    assert [row["id"] for row in api.get(base(client_a) + "?status=in_progress").json()] == [going.id]
    assert {row["id"] for row in api.get(base(client_a)).json()} == {done.id, waiting.id, going.id}


def test_an_unknown_status_is_a_400_naming_it(client_a, interviews):
    api = interviews[0]
    response = api.get(base(client_a) + "?status=finished")
    assert response.status_code == 400 and "status" in response.json()


def test_a_completed_card_has_its_title_level_minutes_date_and_score(client_a, interviews):
    api, done, _, _ = interviews
    [row] = api.get(base(client_a) + "?status=completed").json()
    assert row["title"] == "Python Developer - Behavioral Interview"
    assert row["topic"] == row["job_role"] == "Python Developer"
    assert row["subtopic"] == "Behavioral" and row["interview_type"] == "behavioral"
    assert row["difficulty"] == "Medium" and row["experience_level"] == "mid"
    assert row["duration_minutes"] == row["minutes_taken"] == 13  # no plan: 12 min 30 s taken, rounded up
    assert isinstance(row["scheduled_date_time"], str) and row["scheduled_date_time"] == row["created_at"]
    assert row["scheduled_at"] is None
    assert row["score"] == 72.5 and isinstance(row["score"], float)
    assert row["feedback"] == "Clear answers." and row["status"] == "completed"


def test_a_scheduled_card_has_its_planned_minutes_time_and_focus(client_a, interviews):
    api, _, waiting, _ = interviews
    [row] = api.get(base(client_a) + "?status=scheduled").json()
    assert row["title"] == "Data Analyst - Technical Interview" and row["difficulty"] == "Easy"
    assert row["duration_minutes"] == 15 and isinstance(row["duration_minutes"], int)
    assert row["minutes_taken"] is None and row["score"] is None and row["feedback"] == ""
    assert row["subtopic"] == "Window functions" and row["interview_type"] == "technical"
    assert row["scheduled_date_time"] == row["scheduled_at"] != row["created_at"]
    assert parse_datetime(row["scheduled_date_time"]) == waiting.scheduled_at


def test_a_card_without_a_plan_has_the_default_length_until_taken(client_a, as_user):
    """A row created before every interview had a planned length (planned_minutes null):
    the default length until submitted (what H's take page counts down from; null printed
    "null mins" and ended the interview at once), then the minutes it took."""
    api, user = as_user(client_a)
    now = timezone.now()
    with schema_context(client_a.schema_name):
        MockInterviewFactory(user=user, status="scheduled")
        MockInterviewFactory(user=user, status="completed", started_at=now - timedelta(minutes=12), submitted_at=now)
    [row] = api.get(base(client_a) + "?status=scheduled").json()
    assert row["duration_minutes"] == 7 and row["subtopic"] == "Technical"
    assert row["scheduled_date_time"] == row["created_at"]
    [done] = api.get(base(client_a) + "?status=completed").json()
    assert (done["duration_minutes"], done["minutes_taken"]) == (12, 12)


def test_planned_minutes_stay_on_the_card_once_submitted(client_a, as_user):
    api, user = as_user(client_a)
    now = timezone.now()
    with schema_context(client_a.schema_name):
        MockInterviewFactory(
            user=user, status="completed", planned_minutes=10, started_at=now - timedelta(minutes=7), submitted_at=now
        )
    [row] = api.get(base(client_a) + "?status=completed").json()
    assert row["duration_minutes"] == 10 and row["minutes_taken"] == 7


@pytest.mark.parametrize(
    "level,difficulty",
    [("entry", "Easy"), ("junior", "Easy"), ("mid", "Medium"), ("senior", "Hard"), ("lead", "Hard")],
)
def test_every_level_answers_the_clients_difficulty(client_a, as_user, level, difficulty):
    api, _ = as_user(client_a)
    body = api.post(base(client_a), {"job_role": "QA Engineer", "experience_level": level, "interview_type": "hr"})
    assert body.status_code == 201 and body.json()["difficulty"] == difficulty


def test_the_create_answer_has_the_same_card(client_a, as_user):
    api, _ = as_user(client_a)
    body = api.post(
        base(client_a), {"job_role": "QA Engineer", "experience_level": "senior", "interview_type": "hr"}
    ).json()
    assert body["title"] == "QA Engineer - HR Interview" and body["difficulty"] == "Hard"
    assert body["topic"] == "QA Engineer" and body["subtopic"] == "HR" and body["duration_minutes"] == 7
    assert body["scheduled_date_time"] == body["created_at"] and body["scheduled_at"] is None


def test_lists_stay_private_and_per_client(client_a, client_b, as_user, interviews):
    _, done, _, _ = interviews
    other, _ = as_user(client_a)
    assert other.get(base(client_a) + "?status=completed").json() == []
    assert other.get(f"{base(client_a)}{done.id}/").status_code == 404
    outsider, _ = as_user(client_b)
    assert outsider.get(base(client_a)).status_code in (401, 403)


@pytest.mark.parametrize("status,minutes", [("completed", 5), ("scheduled", 20)])
@pytest.mark.parametrize("count", [1, 20])
def test_the_filtered_list_is_one_query(client_a, as_user, count, status, minutes):
    api, user = as_user(client_a)
    now = timezone.now()
    with schema_context(client_a.schema_name):
        MockInterviewFactory.create_batch(
            count, user=user, status="completed", started_at=now - timedelta(minutes=5), submitted_at=now
        )
        MockInterviewFactory.create_batch(
            count, user=user, status="scheduled", planned_minutes=20, scheduled_at=now + timedelta(hours=3)
        )
    with StatementCount(3):  # client lookup, user+session, the interviews (SET search_path not counted)
        response = api.get(base(client_a) + f"?status={status}")
    assert len(response.json()) == count
    assert all(row["duration_minutes"] == minutes for row in response.json())
