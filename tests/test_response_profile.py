"""One explicit mechanism where the contract and the AI-Linc web client want different JSON
types: a client's ``response_profile`` (``contract`` by default, ``ai_linc`` on request),
set by platform admins. Each conflicting endpoint is tested under both profiles."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django_tenants.utils import schema_context

from tenant_apps.dashboard.periods import utc_today
from tenant_apps.dashboard.tests.helpers import event, log
from tenant_apps.lms.models import Content, ContentType
from tenant_apps.lms.tests.factories import course_build
from tenants.models import Client


@pytest.fixture
def ai_linc(client_a, platform_admin):
    """Client A switched to the web client's shapes the way an operator does it."""
    root, _ = platform_admin
    response = root.patch(f"/accounts/clients/{client_a.id}/", {"response_profile": "ai_linc"})
    assert response.status_code == 200, response.json()
    assert response.json()["response_profile"] == "ai_linc"
    return client_a


def test_a_client_answers_the_contract_until_a_platform_admin_switches_it(client_a, as_user, platform_admin):
    # given
    admin, _ = as_user(client_a, role="admin")
    root, _ = platform_admin

    # when
    by_client_admin = admin.patch(f"/accounts/clients/{client_a.id}/", {"response_profile": "ai_linc"})
    unknown = root.patch(f"/accounts/clients/{client_a.id}/", {"response_profile": "vintage"})

    # then
    assert Client.objects.get(id=client_a.id).response_profile == "contract"
    assert by_client_admin.status_code == 403
    assert unknown.status_code == 400 and "response_profile" in unknown.json()
    assert Client.objects.get(id=client_a.id).response_profile == "contract"


def test_heatmap_is_an_array_by_contract_and_a_day_keyed_object_for_the_web_client(client_a, client_b, as_user):
    # given: a quiz event and a log entry today, an article event yesterday
    api, student = as_user(client_a)
    today = utc_today()
    with schema_context(client_a.schema_name):
        course = course_build(content_types=(ContentType.QUIZ, ContentType.ARTICLE))
        quiz, article = (
            Content.objects.get(submodule__module__course=course, content_type=t) for t in ("Quiz", "Article")
        )
        event(student, today, course=course, content=quiz)
        log(student, today)
        event(student, today - timedelta(days=1), course=course, content=article)
    path = f"/api/clients/{client_a.id}/student/user-activity-heatmap/?start_date={today - timedelta(days=1)}"

    # when
    contract = api.get(path).json()
    Client.objects.filter(id=client_a.id).update(response_profile="ai_linc")
    cache.clear()  # the client row is cached for CLIENT_CACHE_SECONDS; PATCH clears it, update() does not
    web = api.get(path).json()

    # then
    assert contract["heatmap_data"][-1] == {"date": today.isoformat(), "count": 2, "level": 4}
    days = web["heatmap_data"]
    assert list(days) == [(today - timedelta(days=1)).isoformat(), today.isoformat()]
    assert days[today.isoformat()] == {
        "Quiz": 1, "Article": 0, "Assignment": 0, "CodingProblem": 0, "DevCodingProblem": 0,
        "VideoTutorial": 0, "total": 2,
    }  # fmt: skip
    assert days[(today - timedelta(days=1)).isoformat()]["Article"] == 1
    # another client keeps the contract
    other, _ = as_user(client_b)
    assert isinstance(
        other.get(f"/api/clients/{client_b.id}/student/user-activity-heatmap/").json()["heatmap_data"], list
    )


def test_manage_students_is_an_array_by_contract_and_an_envelope_for_the_web_client(
    ai_linc, client_b, as_user, make_user
):
    # given: an admin and five students
    admin, _ = as_user(ai_linc, role="admin")
    for n in range(5):
        make_user(ai_linc, email=f"s{n}@x.test")
    admin_b, _ = as_user(client_b, role="admin")

    # when
    page = admin.get(f"/admin-dashboard/api/clients/{ai_linc.id}/manage-students/?role=student&page=2&limit=2")
    contract = admin_b.get(f"/admin-dashboard/api/clients/{client_b.id}/manage-students/")

    # then
    body = page.json()
    assert [s["email"] for s in body["students"]] == ["s2@x.test", "s3@x.test"]
    assert body["pagination"] == {
        "current_page": 2, "total_pages": 3, "total_students": 5, "limit": 2, "has_next": True, "has_previous": True,
    }  # fmt: skip
    assert isinstance(contract.json(), list)
