import pytest
from django_tenants.utils import schema_context

from tenant_apps.lms.tests.factories import CourseFactory

pytestmark = pytest.mark.django_db


def agent(client) -> str:
    return f"/api/clients/{client.id}/ai-agent/"


def mcq(client) -> str:
    return f"/admin-dashboard/api/clients/{client.id}/generate-mcq-questions/"


def email(client) -> str:
    return f"/admin-dashboard/api/clients/{client.id}/ai/format-email-body/"


def good_mcq(n: int) -> dict:
    return {
        "question": f"Question {n}?",
        "options": ["A", "B", "C", "D"],
        "correct_answer": n % 4,
        "explanation": "Because.",
    }


class TestAgent:
    def test_answers_with_client_and_course_context(self, client_a, as_user, ai_fake):
        api, _ = as_user(client_a)
        with schema_context(client_a.schema_name):
            course = CourseFactory(title="Intro to SQL", description="Joins and indexes.")
        ai_fake.reply_json({"response": "A join combines rows.", "suggestions": ["What is a LEFT JOIN?", 7, ""]})
        response = api.post(
            agent(client_a), {"message": "What is a join?", "context": {"course_id": course.id, "page": "week-2"}}
        )
        assert response.status_code == 200, response.json()
        assert response.json() == {"response": "A join combines rows.", "suggestions": ["What is a LEFT JOIN?"]}
        prompt = ai_fake.last_prompt()
        assert "Alpha Academy" in prompt and "Intro to SQL" in prompt and "week-2" in prompt
        assert "What is a join?" in prompt

    def test_without_context_and_unknown_course(self, client_a, as_user, ai_fake):
        api, _ = as_user(client_a)
        ai_fake.reply_json({"response": "Hello!"})
        response = api.post(agent(client_a), {"message": "Hi", "context": {"course_id": 999999}})
        assert response.json() == {"response": "Hello!", "suggestions": []}
        assert "asking about the course" not in ai_fake.last_prompt()

    def test_not_configured_is_503(self, client_a, as_user, settings):
        settings.AI_BASE_URL = ""
        api, _ = as_user(client_a)
        response = api.post(agent(client_a), {"message": "Hi"})
        assert response.status_code == 503 and response.json()["detail"] == "AI is not configured (AI_BASE_URL)."

    def test_bad_input_and_bad_answer(self, client_a, as_user, ai_fake):
        api, _ = as_user(client_a)
        assert api.post(agent(client_a), {"message": "  "}).status_code == 400
        assert "message" in api.post(agent(client_a), {}).json()
        ai_fake.reply_json({"suggestions": []})
        assert api.post(agent(client_a), {"message": "Hi"}).status_code == 502

    def test_throttled_per_user(self, client_a, as_user, ai_fake, settings):
        settings.AI_THROTTLE_RATE = "2/600"
        api, _ = as_user(client_a)
        other, _ = as_user(client_a)
        ai_fake.default = (200, '{"response": "ok"}')
        assert [api.post(agent(client_a), {"message": "Hi"}).status_code for _ in range(3)] == [200, 200, 429]
        assert other.post(agent(client_a), {"message": "Hi"}).status_code == 200

    def test_isolation(self, client_a, client_b, as_user, api):
        user_api, _ = as_user(client_a)
        assert user_api.post(agent(client_b), {"message": "Hi"}).status_code == 401
        assert api.post(agent(client_a), {"message": "Hi"}).status_code == 401


class TestGenerateMcqs:
    def test_generates_validated_mcqs(self, client_a, as_user, ai_fake):
        api, _ = as_user(client_a, role="admin")
        ai_fake.reply_json({"mcqs": [good_mcq(n) for n in range(4)]})
        response = api.post(mcq(client_a), {"topic": "SQL joins", "difficulty": "hard", "count": 3})
        assert response.status_code == 200, response.json()
        mcqs = response.json()["mcqs"]
        assert len(mcqs) == 3 and mcqs[1] == good_mcq(1)
        assert "3 hard" in ai_fake.last_prompt() and "SQL joins" in ai_fake.last_prompt()

    @pytest.mark.parametrize(
        "broken",
        [
            {"options": ["A", "B", "C"]},
            {"options": ["A", "B", "C", "a"]},
            {"correct_answer": 4},
            {"correct_answer": -1},
            {"correct_answer": "1"},
            {"correct_answer": True},
            {"question": ""},
        ],
    )
    def test_invalid_model_output_is_502(self, client_a, as_user, ai_fake, broken):
        api, _ = as_user(client_a, role="admin")
        ai_fake.reply_json({"mcqs": [good_mcq(0), {**good_mcq(1), **broken}]})
        response = api.post(mcq(client_a), {"topic": "SQL", "difficulty": "easy", "count": 2})
        assert response.status_code == 502 and "question 2" in response.json()["detail"]

    def test_too_few_questions_is_502(self, client_a, as_user, ai_fake):
        api, _ = as_user(client_a, role="admin")
        ai_fake.reply_json({"mcqs": [good_mcq(0)]})
        assert api.post(mcq(client_a), {"topic": "SQL", "count": 2}).status_code == 502

    @pytest.mark.parametrize(
        "body,field",
        [
            ({"topic": "x", "count": 0}, "count"),
            ({"topic": "x", "count": 21}, "count"),
            ({"topic": "x", "difficulty": "insane"}, "difficulty"),
            ({"count": 2}, "topic"),
        ],
    )
    def test_bad_input_is_400(self, client_a, as_user, ai_fake, body, field):
        api, _ = as_user(client_a, role="admin")
        response = api.post(mcq(client_a), body)
        assert response.status_code == 400 and field in response.json()
        assert ai_fake.calls == []

    def test_roles(self, client_a, as_user, platform_admin, ai_fake):
        for role in ("student", "instructor"):
            api, _ = as_user(client_a, role=role)
            assert api.post(mcq(client_a), {"topic": "SQL", "count": 1}).status_code == 403
            assert api.post(email(client_a), {"email_content": "hi"}).status_code == 403
        admin_api, _ = platform_admin
        ai_fake.reply_json({"mcqs": [good_mcq(0)]})
        assert admin_api.post(mcq(client_a), {"topic": "SQL", "count": 1}).status_code == 200


class TestFormatEmail:
    def test_formats(self, client_a, as_user, ai_fake):
        api, _ = as_user(client_a, role="admin")
        ai_fake.reply_json({"formatted_content": "Dear {{name}},\n\nWelcome aboard."})
        response = api.post(email(client_a), {"email_content": "hi {{name}} welcome", "format_style": "formal"})
        assert response.status_code == 200
        assert response.json() == {"formatted_content": "Dear {{name}},\n\nWelcome aboard."}
        assert "formal style" in ai_fake.last_prompt() and "Alpha Academy" in ai_fake.last_prompt()

    def test_upstream_failure_is_503(self, client_a, as_user, ai_fake):
        api, _ = as_user(client_a, role="admin")
        ai_fake.fail_with(500)
        response = api.post(email(client_a), {"email_content": "hi"})
        assert response.status_code == 503 and "HTTP 500" in response.json()["detail"]
