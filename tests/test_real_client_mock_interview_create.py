"""Contract tests for creating a mock interview from the web client's forms (docs/mock-interviews.md,
"Both request shapes"; docs/real-client.md, "Mock interview cards").

H's quick-start form sends a topic picked from a list (or typed), the same text as the
subtopic, Easy/Medium/Hard, a planned length in minutes and 09:00 of the browser's today as
``scheduled_date_time``; its schedule form sends a typed topic and subtopic, the difficulty
and a future ``scheduled_date_time``, and no length. The contract's create needs
``job_role, experience_level, interview_type`` and refused both with a 400. Now either body
creates; the planned time and length are stored and shown on the scheduled card; an
interview planned for later can still be started now. (The focus reaching the model:
tenant_apps/mock_interviews/tests/test_api.py, beside the AI fake.)
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_tenants.utils import schema_context

from tenant_apps.mock_interviews.models import MockInterview

pytestmark = pytest.mark.django_db

CONTRACT = {"job_role": "Backend Developer", "experience_level": "junior", "interview_type": "technical"}


def base(client) -> str:
    return f"/mock-interview/api/clients/{client.id}/mock-interviews/"


def iso(moment: datetime) -> str:
    """As the browser's ``toISOString()`` writes it."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def quick_start_body(**changes) -> dict:
    nine = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    return {
        "topic": "Python",
        "subtopic": "Python",
        "difficulty": "Medium",
        "scheduled_date_time": iso(nine),
        "duration_minutes": 10,
        **changes,
    }


def schedule_body(**changes) -> dict:
    later = (timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    return {"topic": "React", "subtopic": "Hooks", "difficulty": "Hard", "scheduled_date_time": iso(later), **changes}


def stored(client) -> list[MockInterview]:
    with schema_context(client.schema_name):
        return list(MockInterview.objects.order_by("id"))


def test_the_quick_start_form_creates_an_interview(client_a, as_user):
    # given
    api, user = as_user(client_a)
    body = quick_start_body()

    # when
    response = api.post(base(client_a), body)

    # then
    assert response.status_code == 201, response.json()
    created = response.json()
    assert (created["job_role"], created["topic"]) == ("Python", "Python")
    assert (created["experience_level"], created["difficulty"]) == ("mid", "Medium")
    assert created["interview_type"] == "technical" and created["subtopic"] == "Python"
    assert created["duration_minutes"] == 10 and created["status"] == "scheduled"
    assert parse_datetime(created["scheduled_date_time"]) == parse_datetime(body["scheduled_date_time"])
    [row] = stored(client_a)
    assert row.user_id == user.id and row.planned_minutes == 10 and row.subtopic == "Python"
    assert row.scheduled_at == parse_datetime(body["scheduled_date_time"])


def test_the_schedule_form_creates_a_scheduled_card_with_minutes_and_date(client_a, as_user):
    # given: the schedule form sends no length
    api, _ = as_user(client_a)
    body = schedule_body()

    # when
    created = api.post(base(client_a), body)
    [card] = api.get(base(client_a) + "?status=scheduled").json()

    # then: the client's documented default length, and the planned time as the card's date
    assert created.status_code == 201, created.json()
    assert card["id"] == created.json()["id"]
    assert card["duration_minutes"] == 7 and isinstance(card["duration_minutes"], int)
    assert parse_datetime(card["scheduled_date_time"]) == parse_datetime(body["scheduled_date_time"])
    assert card["scheduled_date_time"] == card["scheduled_at"] != card["created_at"]
    assert card["title"] == "React - Technical Interview" and card["subtopic"] == "Hooks"
    assert card["difficulty"] == "Hard" and card["experience_level"] == "senior"


@pytest.mark.parametrize(
    "topic,subtopic,interview_type",
    [
        ("Behavioral Questions", "Behavioral Questions", "behavioral"),
        ("Leadership & Management", "Leadership & Management", "behavioral"),
        ("System Design", "System Design", "system_design"),
        ("Python", "HR", "hr"),
        ("Career talk", "mixed", "mixed"),
        ("SQL", "Window functions", "technical"),
        ("Data Structures & Algorithms", "", "technical"),
    ],
)
def test_a_topic_or_subtopic_naming_a_type_gives_the_type(client_a, as_user, topic, subtopic, interview_type):
    api, _ = as_user(client_a)
    response = api.post(base(client_a), quick_start_body(topic=topic, subtopic=subtopic))
    assert response.status_code == 201, response.json()
    assert response.json()["interview_type"] == interview_type


@pytest.mark.parametrize("difficulty,level", [("Easy", "junior"), ("medium", "mid"), (" HARD ", "senior")])
def test_each_difficulty_creates_at_its_level(client_a, as_user, difficulty, level):
    api, _ = as_user(client_a)
    response = api.post(base(client_a), quick_start_body(difficulty=difficulty))
    assert response.status_code == 201 and response.json()["experience_level"] == level


def test_the_contracts_body_works_unchanged(client_a, as_user):
    api, _ = as_user(client_a)
    created = api.post(base(client_a), CONTRACT)
    assert created.status_code == 201
    body = created.json()
    assert {key: body[key] for key in CONTRACT} == CONTRACT
    # no length planned: the default length, as for the web client's body (H's scheduled card
    # printed "null mins", and its take page counted down from null: 0 seconds)
    assert body["duration_minutes"] == 7 and body["scheduled_at"] is None
    assert body["scheduled_date_time"] == body["created_at"] and body["subtopic"] == "Technical"
    [row] = stored(client_a)
    assert row.planned_minutes == 7 and row.scheduled_at is None and row.subtopic == ""


def test_the_contracts_body_may_plan_a_time_and_length(client_a, as_user):
    api, _ = as_user(client_a)
    when = (timezone.now() + timedelta(hours=5)).replace(microsecond=0)
    body = api.post(
        base(client_a), {**CONTRACT, "duration_minutes": 30, "scheduled_at": when.isoformat(), "subtopic": "Caching"}
    ).json()
    assert body["duration_minutes"] == 30 and parse_datetime(body["scheduled_at"]) == when
    assert body["subtopic"] == "Caching" and body["interview_type"] == "technical"


def test_null_optional_fields_plan_no_time_and_the_default_length(client_a, as_user):
    api, _ = as_user(client_a)
    body = {**CONTRACT, "subtopic": None, "duration_minutes": None, "scheduled_at": None}
    created = api.post(base(client_a), body)
    assert created.status_code == 201, created.json()
    assert created.json()["duration_minutes"] == 7 and created.json()["subtopic"] == "Technical"
    assert created.json()["scheduled_at"] is None


def test_a_time_without_a_zone_is_utc(client_a, as_user):
    api, _ = as_user(client_a)
    when = (timezone.now() + timedelta(days=1)).astimezone(UTC).replace(microsecond=0, tzinfo=None)
    body = api.post(base(client_a), schedule_body(scheduled_date_time=when.isoformat())).json()
    assert parse_datetime(body["scheduled_at"]) == when.replace(tzinfo=UTC)


def test_both_shapes_in_one_body_are_fine_when_they_agree(client_a, as_user):
    api, _ = as_user(client_a)
    when = iso(timezone.now() + timedelta(days=1))
    body = {
        **schedule_body(scheduled_date_time=when),
        "job_role": "React",
        "experience_level": "lead",  # Hard too
        "interview_type": "behavioral",
        "scheduled_at": when,
    }
    response = api.post(base(client_a), body)
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["experience_level"] == "lead" and created["interview_type"] == "behavioral"
    assert created["subtopic"] == "Hooks"


BAD = [
    ("difficulty", {"difficulty": "Expert"}),
    ("difficulty", {"difficulty": 3}),
    ("difficulty", {"difficulty": None}),
    ("topic", {"topic": ""}),
    ("topic", {"topic": "   "}),
    ("topic", {"topic": "x" * 121}),
    ("topic", {"topic": ["Python"]}),
    ("subtopic", {"subtopic": "y" * 121}),
    ("subtopic", {"subtopic": "Hooks\u202e"}),
    ("duration_minutes", {"duration_minutes": 0}),
    ("duration_minutes", {"duration_minutes": 121}),
    ("duration_minutes", {"duration_minutes": "ten"}),
    ("duration_minutes", {"duration_minutes": 7.5}),
    ("scheduled_date_time", {"scheduled_date_time": "tomorrow"}),
    ("scheduled_date_time", {"scheduled_date_time": "2099-01-01T09:00:00Z"}),
    ("scheduled_date_time", {"scheduled_date_time": "0001-01-01T00:00:00+01:00"}),
    ("scheduled_at", {"scheduled_at": iso(datetime.now(UTC) - timedelta(days=30))}),
    ("scheduled_date_time", {"scheduled_at": iso(datetime.now(UTC) + timedelta(days=2))}),  # disagrees
    ("topic", {"job_role": "Vue Developer"}),  # disagrees with the topic
    ("difficulty", {"experience_level": "entry"}),  # entry is Easy, the body says Hard
    ("experience_level", {"experience_level": "guru"}),
    ("interview_type", {"interview_type": "poetry"}),
]


@pytest.mark.parametrize("field,change", BAD, ids=[f"{field}-{n}" for n, (field, _) in enumerate(BAD)])
def test_a_bad_value_is_a_400_naming_the_field_and_nothing_is_stored(client_a, as_user, field, change):
    api, _ = as_user(client_a)
    response = api.post(base(client_a), schedule_body(**change))
    assert response.status_code == 400, response.json()
    assert field in response.json(), response.json()
    assert stored(client_a) == []


@pytest.mark.parametrize(
    "body,field",
    [
        ({"subtopic": "Hooks", "difficulty": "Easy"}, "job_role"),
        ({"topic": "React", "subtopic": "Hooks"}, "experience_level"),
        ({"job_role": "React Developer", "experience_level": "mid"}, "interview_type"),
        ({"job_role": "React Developer", "interview_type": "technical"}, "experience_level"),
        ({}, "job_role"),
    ],
)
def test_a_missing_field_names_ours_and_the_clients(client_a, as_user, body, field):
    api, _ = as_user(client_a)
    response = api.post(base(client_a), body)
    assert response.status_code == 400 and field in response.json(), response.json()
    assert stored(client_a) == []


def test_an_interview_planned_for_later_can_be_started_now(client_a, as_user, settings):
    # given: planned for the day after tomorrow (the card's "Start Now" button is always there)
    settings.AI_BASE_URL = ""
    api, _ = as_user(client_a)
    created = api.post(base(client_a), schedule_body()).json()

    # when
    started = api.post(f"{base(client_a)}{created['id']}/start/")

    # then: started, and the plan is kept
    assert started.status_code == 200, started.json()
    assert started.json()["status"] == "in_progress" and len(started.json()["questions"]) == 5
    detail = api.get(f"{base(client_a)}{created['id']}/").json()
    assert detail["scheduled_at"] == created["scheduled_at"] and detail["duration_minutes"] == 7
    assert api.get(base(client_a) + "?status=scheduled").json() == []


@pytest.mark.parametrize("role", ["student", "instructor", "admin"])
def test_every_user_of_the_client_creates_their_own(client_a, as_user, role):
    api, user = as_user(client_a, role=role)
    other, _ = as_user(client_a)
    created = api.post(base(client_a), quick_start_body())
    assert created.status_code == 201
    assert [row.user_id for row in stored(client_a)] == [user.id]
    assert other.get(base(client_a)).json() == []
    assert other.get(f"{base(client_a)}{created.json()['id']}/").status_code == 404


def test_anonymous_is_401_and_a_platform_admin_403(api, client_a, platform_admin):
    assert api.post(base(client_a), quick_start_body()).status_code == 401
    admin_api, _ = platform_admin
    assert admin_api.post(base(client_a), quick_start_body()).status_code == 403
    assert stored(client_a) == []


def test_another_clients_token_is_refused_and_nothing_is_stored(client_a, client_b, as_user):
    api, _ = as_user(client_a)
    assert api.post(base(client_b), quick_start_body()).status_code in (401, 403)
    assert stored(client_b) == [] and stored(client_a) == []
    mine = api.post(base(client_a), quick_start_body()).json()
    outsider, _ = as_user(client_b)
    assert outsider.get(f"{base(client_b)}{mine['id']}/").status_code == 404
    assert outsider.get(base(client_b)).json() == []


def test_the_openapi_document_describes_both_bodies(api):
    doc = api.get("/api/openapi.json").json()
    body = doc["paths"]["/mock-interview/api/clients/{client_id}/mock-interviews/"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    props = doc["components"]["schemas"][ref]["properties"]
    assert {"job_role", "experience_level", "interview_type", "topic", "subtopic", "difficulty"} <= set(props)
    assert {"duration_minutes", "scheduled_at", "scheduled_date_time"} <= set(props)
    assert props["difficulty"]["enum"] == ["Easy", "Medium", "Hard"]
    card = doc["components"]["schemas"]["MockInterviewOut"]["properties"]
    assert {"duration_minutes", "minutes_taken", "scheduled_date_time", "scheduled_at"} <= set(card)


def test_without_a_length_the_card_and_the_detail_say_the_default(client_a, as_user):
    """H's scheduled card (the list) and its take page (the detail) read the same
    ``duration_minutes``."""
    api, _ = as_user(client_a)
    created = api.post(base(client_a), CONTRACT)
    assert created.status_code == 201
    interview = created.json()
    detail = api.get(f"{base(client_a)}{interview['id']}/").json()
    listed = api.get(base(client_a) + "?status=scheduled").json()
    assert interview["duration_minutes"] == detail["duration_minutes"] == listed[0]["duration_minutes"] == 7
    assert api.post(base(client_a), {**CONTRACT, "duration_minutes": 0}).status_code == 400
