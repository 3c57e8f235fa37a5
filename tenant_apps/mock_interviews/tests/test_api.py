import pytest
from django_tenants.utils import schema_context

from tenant_apps.mock_interviews.models import MockInterview
from tenant_apps.mock_interviews.tests.factories import MockInterviewFactory
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db


def base(client) -> str:
    return f"/mock-interview/api/clients/{client.id}/mock-interviews/"


def budget(queries: int) -> int:
    """Client lookup, user+session (``SET search_path`` not counted), then our own."""
    return 2 + queries


NEW = {"job_role": "Backend Developer", "experience_level": "junior", "interview_type": "technical"}
AI_QUESTIONS = {
    "questions": [
        {"question": "What is an index in PostgreSQL?", "type": "technical"},
        {"question": "Tell me about a bug you fixed.", "type": "behavioral"},
        {"question": "How does HTTP caching work?"},
    ]
}


def started(api, client, ai_fake=None) -> dict:
    created = api.post(base(client), NEW).json()
    if ai_fake is not None:
        ai_fake.reply_json(AI_QUESTIONS)
    response = api.post(f"{base(client)}{created['id']}/start/")
    assert response.status_code == 200, response.json()
    return response.json()


class TestCreateAndList:
    def test_create_then_list_own(self, client_a, as_user):
        api, user = as_user(client_a)
        other_api, _ = as_user(client_a)
        other_api.post(base(client_a), NEW)
        response = api.post(base(client_a), NEW)
        assert response.status_code == 201
        body = response.json()
        assert body["status"] == "scheduled" and body["job_role"] == "Backend Developer"
        assert set(body) >= {"id", "job_role", "experience_level", "interview_type", "status", "created_at"}
        listed = api.get(base(client_a)).json()
        assert [i["id"] for i in listed] == [body["id"]]

    @pytest.mark.parametrize(
        "field,value",
        [("experience_level", "guru"), ("interview_type", "poetry"), ("job_role", "   "), ("job_role", "")],
    )
    def test_invalid_choice_is_400_naming_field(self, client_a, as_user, field, value):
        api, _ = as_user(client_a)
        response = api.post(base(client_a), {**NEW, field: value})
        assert response.status_code == 400
        assert field in response.json()

    @pytest.mark.parametrize("count", [1, 20])
    def test_list_query_budget(self, client_a, as_user, count):
        api, user = as_user(client_a)
        with schema_context(client_a.schema_name):
            MockInterviewFactory.create_batch(count, user=user)
        with StatementCount(budget(1)):
            response = api.get(base(client_a))
        assert len(response.json()) == count


class TestDetail:
    def test_own_detail_and_others_404(self, client_a, as_user):
        api, user = as_user(client_a)
        other_api, _ = as_user(client_a)
        mine = api.post(base(client_a), NEW).json()
        response = api.get(f"{base(client_a)}{mine['id']}/")
        assert response.status_code == 200
        assert response.json()["questions"] == [] and response.json()["score"] is None
        assert other_api.get(f"{base(client_a)}{mine['id']}/").status_code == 404
        assert other_api.post(f"{base(client_a)}{mine['id']}/start/").status_code == 404

    def test_detail_query_budget(self, client_a, as_user):
        api, user = as_user(client_a)
        with schema_context(client_a.schema_name):
            interview = MockInterviewFactory(
                user=user, questions=[{"id": i, "question": "Q", "type": ""} for i in range(20)]
            )
        with StatementCount(budget(1)):
            response = api.get(f"{base(client_a)}{interview.id}/")
        assert len(response.json()["questions"]) == 20


class TestStart:
    def test_without_ai_questions_come_from_the_bank(self, client_a, as_user, settings):
        settings.AI_BASE_URL = ""
        api, _ = as_user(client_a)
        body = started(api, client_a)
        assert body["status"] == "in_progress" and body["started_at"]
        assert len(body["questions"]) == 5
        assert {q["type"] for q in body["questions"]} == {"technical"}
        assert "Backend Developer" in body["questions"][0]["question"]
        again = api.post(f"{base(client_a)}{body['id']}/start/").json()
        assert again["questions"] == body["questions"] and again["started_at"] == body["started_at"]
        with schema_context(client_a.schema_name):
            assert MockInterview.objects.get(id=body["id"]).question_source == "bank"

    def test_with_ai_questions_come_from_the_model(self, client_a, as_user, ai_fake):
        api, _ = as_user(client_a)
        body = started(api, client_a, ai_fake)
        assert [q["question"] for q in body["questions"]] == [q["question"] for q in AI_QUESTIONS["questions"]]
        assert [q["id"] for q in body["questions"]] == [1, 2, 3]
        assert body["questions"][2]["type"] == "technical"  # filled from the interview type
        call = ai_fake.calls[-1]
        assert call["model"] == "fake-gpt" and call["response_format"] == {"type": "json_object"}
        assert "Backend Developer" in ai_fake.last_prompt() and "Junior" in ai_fake.last_prompt()
        detail = api.get(f"{base(client_a)}{body['id']}/").json()
        assert detail["questions"] == body["questions"] and detail["status"] == "in_progress"

    def test_the_focus_reaches_the_model(self, client_a, as_user, ai_fake):
        api, _ = as_user(client_a)
        body = {**NEW, "subtopic": "Custom hooks"}
        created = api.post(base(client_a), body).json()
        ai_fake.reply_json(AI_QUESTIONS)
        assert api.post(f"{base(client_a)}{created['id']}/start/").status_code == 200
        assert "Job role: Backend Developer" in ai_fake.last_prompt()
        assert "Focus: Custom hooks" in ai_fake.last_prompt()

    def test_without_a_focus_the_model_is_told_none(self, client_a, as_user, ai_fake):
        started(as_user(client_a)[0], client_a, ai_fake)
        assert "Focus:" not in ai_fake.last_prompt()

    def test_malformed_ai_questions_are_502_and_nothing_changes(self, client_a, as_user, ai_fake):
        api, _ = as_user(client_a)
        created = api.post(base(client_a), NEW).json()
        ai_fake.reply("Sure! Here are some questions: 1. ...")
        response = api.post(f"{base(client_a)}{created['id']}/start/")
        assert response.status_code == 502 and "JSON" in response.json()["detail"]
        ai_fake.reply_json({"questions": []})
        assert api.post(f"{base(client_a)}{created['id']}/start/").status_code == 502
        assert api.get(f"{base(client_a)}{created['id']}/").json()["status"] == "scheduled"


class TestSubmit:
    def answers(self, body):
        return {"responses": [{"question_id": q["id"], "answer": f"Answer {q['id']}"} for q in body["questions"]]}

    def test_ai_feedback_is_stored_and_second_submit_is_400(self, client_a, as_user, ai_fake):
        api, _ = as_user(client_a)
        body = started(api, client_a, ai_fake)
        ai_fake.reply_json(
            {
                "score": 72.456,
                "feedback": "Clear answers; go deeper on indexes.",
                "question_feedback": [{"question_id": 1, "score": 60, "feedback": "Mention B-trees."}],
            }
        )
        response = api.post(f"{base(client_a)}{body['id']}/submit/", self.answers(body))
        assert response.status_code == 200, response.json()
        out = response.json()
        assert out["status"] == "completed" and out["score"] == 72.46
        assert out["feedback"] == "Clear answers; go deeper on indexes." and out["submitted_at"]
        assert "Answer 2" in ai_fake.last_prompt() and "What is an index" in ai_fake.last_prompt()
        detail = api.get(f"{base(client_a)}{body['id']}/").json()
        assert detail["status"] == "completed" and detail["question_feedback"][0]["feedback"] == "Mention B-trees."
        second = api.post(f"{base(client_a)}{body['id']}/submit/", self.answers(body))
        assert second.status_code == 400 and second.json()["code"] == "interview_already_submitted"
        assert api.post(f"{base(client_a)}{body['id']}/start/").status_code == 400

    def test_without_ai_submit_is_503_and_can_be_retried(self, client_a, as_user, settings, ai_fake):
        api, _ = as_user(client_a)
        body = started(api, client_a, ai_fake)
        settings.AI_BASE_URL = ""
        response = api.post(f"{base(client_a)}{body['id']}/submit/", self.answers(body))
        assert response.status_code == 503
        assert response.json()["detail"] == "AI is not configured (AI_BASE_URL)."
        assert api.get(f"{base(client_a)}{body['id']}/").json()["status"] == "in_progress"

    @pytest.mark.parametrize(
        "answer", [{"score": 140, "feedback": "x"}, {"score": "high", "feedback": "x"}, {"score": 50}]
    )
    def test_invalid_ai_feedback_is_502(self, client_a, as_user, ai_fake, answer):
        api, _ = as_user(client_a)
        body = started(api, client_a, ai_fake)
        ai_fake.reply_json(answer)
        response = api.post(f"{base(client_a)}{body['id']}/submit/", self.answers(body))
        assert response.status_code == 502 and "wrong shape" in response.json()["detail"]
        assert api.get(f"{base(client_a)}{body['id']}/").json()["status"] == "in_progress"

    def test_submit_before_start_is_400(self, client_a, as_user, ai_fake):
        api, _ = as_user(client_a)
        created = api.post(base(client_a), NEW).json()
        response = api.post(
            f"{base(client_a)}{created['id']}/submit/", {"responses": [{"question_id": 1, "answer": "a"}]}
        )
        assert response.status_code == 400 and response.json()["code"] == "interview_not_started"
        assert ai_fake.calls == []

    @pytest.mark.parametrize(
        "responses",
        [
            [{"question_id": 99, "answer": "a"}],
            [{"question_id": 1, "answer": "a"}, {"question_id": 1, "answer": "b"}],
            [{"question_id": 1, "answer": "  "}],
            [],
        ],
    )
    def test_bad_responses_are_400(self, client_a, as_user, ai_fake, responses):
        api, _ = as_user(client_a)
        body = started(api, client_a, ai_fake)
        calls = len(ai_fake.calls)
        response = api.post(f"{base(client_a)}{body['id']}/submit/", {"responses": responses})
        assert response.status_code == 400 and "responses" in response.json()
        assert len(ai_fake.calls) == calls


class TestAccess:
    def test_other_clients_token_is_401(self, client_a, client_b, as_user):
        api, _ = as_user(client_a)
        assert api.get(base(client_b)).status_code == 401
        assert api.post(base(client_b), NEW).status_code == 401

    def test_other_clients_interview_id_is_404(self, client_a, client_b, as_user):
        api_a, _ = as_user(client_a)
        api_b, _ = as_user(client_b)
        mine = api_a.post(base(client_a), NEW).json()
        assert api_b.get(f"{base(client_b)}{mine['id']}/").status_code == 404

    def test_anonymous_is_401_and_platform_admin_403(self, api, client_a, platform_admin):
        assert api.get(base(client_a)).status_code == 401
        admin_api, _ = platform_admin
        assert admin_api.post(base(client_a), NEW).status_code == 403

    def test_ai_calls_are_throttled_per_user(self, client_a, as_user, ai_fake, settings):
        settings.AI_THROTTLE_RATE = "1/600"
        api, _ = as_user(client_a)
        other_api, _ = as_user(client_a)
        started(api, client_a, ai_fake)
        second = api.post(base(client_a), NEW).json()
        response = api.post(f"{base(client_a)}{second['id']}/start/")
        assert response.status_code == 429 and response.headers["Retry-After"]
        started(other_api, client_a, ai_fake)
