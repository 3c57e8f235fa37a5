"""Each event type is emitted where it happens, once, in the client's schema."""

from __future__ import annotations

import re

import pytest
from django_tenants.utils import schema_context

from tenant_apps.webhooks.models import WebhookDelivery, WebhookEndpoint
from tenant_apps.webhooks.signing import secret_generate

pytestmark = pytest.mark.django_db


def listen(client, *events) -> WebhookEndpoint:
    """An endpoint that hears ``events``; deliveries are inspected as rows (no task runs)."""
    with schema_context(client.schema_name):
        return WebhookEndpoint.objects.create(url="http://127.0.0.1:9/x", events=list(events), secret=secret_generate())


def emitted(client) -> list[tuple[str, dict]]:
    with schema_context(client.schema_name):
        return [(d.event_type, d.payload["data"]) for d in WebhookDelivery.objects.order_by("id")]


def test_user_signed_up(api, client_a, smtp_sink):
    listen(client_a, "user.signed_up")
    base = f"/accounts/clients/{client_a.id}/user"
    body = {"first_name": "Ada", "last_name": "L", "email": "ada@alpha.test", "phone": "+15550100"}
    password = "S3cure-Passw0rd!"
    api.post(f"{base}/signup/", {**body, "password": password, "confirm_password": password})
    found = re.search(r"\b(\d{6})\b", smtp_sink.messages[-1].text())
    assert found is not None, smtp_sink.messages[-1].text()
    otp = found.group(1)
    assert api.post(f"{base}/verify-email/", {"email": "ada@alpha.test", "otp": otp}).status_code == 201
    ((event, data),) = emitted(client_a)
    assert event == "user.signed_up" and data["email"] == "ada@alpha.test" and data["method"] == "email"
    assert "password" not in data


def test_content_and_course_completed_once(client_a, make_user):
    from tenant_apps.lms import services
    from tenant_apps.lms.models import Content, ContentType
    from tenant_apps.lms.tests.factories import course_build

    listen(client_a, "content.completed", "course.completed")
    learner = make_user(client_a)
    with schema_context(client_a.schema_name):
        course = course_build(content_types=(ContentType.ARTICLE, ContentType.VIDEO_TUTORIAL))
        first, second = Content.objects.filter(submodule__module__course=course).order_by("order")
        services.progress_complete(content=first, learner=learner)
        services.progress_complete(content=first, learner=learner)  # again: nothing new
        services.progress_complete(content=second, learner=learner)
    assert [(event, data.get("content_id")) for event, data in emitted(client_a)] == [
        ("content.completed", first.id),
        ("content.completed", second.id),
        ("course.completed", None),
    ]
    assert emitted(client_a)[2][1] == {"user_id": learner.id, "course_id": course.id, "course_title": course.title}


def test_enrollment_and_assessment_submitted(client_a, as_user):
    from tenant_apps.assessment.tests.factories import assessment_full, sheet
    from tenant_apps.lms.tests.factories import CourseFactory

    listen(client_a, "enrollment.created", "assessment.submitted")
    api, student = as_user(client_a)
    with schema_context(client_a.schema_name):
        course = CourseFactory()
        full = assessment_full(title="Aptitude", slug="aptitude")
    assert api.post(f"/lms/clients/{client_a.id}/courses/{course.id}/enroll/").status_code == 201
    base = f"/assessment/api/client/{client_a.id}"
    api.get(f"{base}/start-assessment/aptitude/")
    api.put(f"{base}/assessment-submission/aptitude/", {"response_sheet": sheet(full)})
    assert api.put(f"{base}/assessment-submission/aptitude/final/").status_code == 200
    events = emitted(client_a)
    assert [event for event, _ in events] == ["enrollment.created", "assessment.submitted"]
    assert events[0][1]["course_id"] == course.id and events[0][1]["user_id"] == student.id
    assert events[1][1]["assessment_slug"] == "aptitude" and events[1][1]["user_id"] == student.id
    assert isinstance(events[1][1]["score_percentage"], str | int | float)


def test_events_stay_in_their_client(client_a, client_b, make_user):
    from tenant_apps.lms import services
    from tenant_apps.lms.models import Content, ContentType
    from tenant_apps.lms.tests.factories import course_build

    listen(client_b, "content.completed", "course.completed")
    learner = make_user(client_a)
    with schema_context(client_a.schema_name):
        course = course_build(content_types=(ContentType.ARTICLE,))
        services.progress_complete(content=Content.objects.get(submodule__module__course=course), learner=learner)
    assert emitted(client_b) == [] and emitted(client_a) == []
