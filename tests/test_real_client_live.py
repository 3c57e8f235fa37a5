"""The older build's live page (V's ``/live``) reads the contract's ``sessions/`` list and
renders ``instructor`` as text and ``class_datetime.split("T")``: under the ``ai_linc``
response profile the list answers the ``live-activities/`` rows (docs/real-client.md,
"Response profile"); under the contract nothing changes."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.live_classes.tests.factories import LiveClassFactory
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db


def sessions_url(client, query: str = "") -> str:
    return f"/live-class/api/clients/{client.id}/sessions/{query}"


@pytest.fixture
def ai_linc(client_a, platform_admin):
    root, _ = platform_admin
    assert root.patch(f"/accounts/clients/{client_a.id}/", {"response_profile": "ai_linc"}).status_code == 200
    return client_a


@pytest.fixture
def three_classes(client_a, make_user):
    now = timezone.now()
    teacher = make_user(client_a, role="instructor", first_name="Ivy", last_name="Teach")
    with schema_context(client_a.schema_name):
        return [
            LiveClassFactory(scheduled_time=now - timedelta(days=1), status="completed", instructor=teacher),
            LiveClassFactory(
                scheduled_time=now + timedelta(days=1), meeting_link="https://us02web.zoom.us/j/1", instructor=teacher
            ),
            LiveClassFactory(scheduled_time=now + timedelta(days=2), status="cancelled", instructor=teacher),
        ]


def test_sessions_answer_the_contract_by_default(client_a, as_user, three_classes):
    api, _ = as_user(client_a)
    rows = api.get(sessions_url(client_a)).json()
    assert len(rows) == 3
    for row in rows:
        assert isinstance(row["instructor"], dict) and isinstance(row["instructor"]["id"], int)
        assert "topic_name" not in row and "class_datetime" not in row


def test_sessions_answer_the_live_page_rows_under_the_ai_linc_profile(ai_linc, as_user, three_classes):
    api, _ = as_user(ai_linc)
    rows = api.get(sessions_url(ai_linc)).json()
    assert {row["id"] for row in rows} == {c.id for c in three_classes}  # cancelled ones stay, as by contract
    for row in rows:
        assert row["instructor"] == "Ivy Teach"  # rendered as text
        assert isinstance(row["instructor_detail"], dict)
        assert isinstance(row["class_datetime"], str) and "T" in row["class_datetime"]
        assert row["topic_name"] == row["title"] and isinstance(row["duration_minutes"], int)
        assert {"id", "title", "scheduled_time", "meeting_link", "status"} <= set(row)  # the contract's too
    zoom = next(row for row in rows if row["id"] == three_classes[1].id)
    assert zoom["join_link"] == "https://us02web.zoom.us/j/1" and zoom["meeting_status"] == "scheduled"


def test_ai_linc_sessions_keep_the_contracts_filters_and_pagination(ai_linc, as_user, three_classes):
    api, _ = as_user(ai_linc)
    upcoming = api.get(sessions_url(ai_linc, "?upcoming=true")).json()
    assert [row["id"] for row in upcoming] == [three_classes[1].id]
    page = api.get(sessions_url(ai_linc, "?page=1&page_size=2"))
    assert len(page.json()) == 2 and page.headers["X-Total-Count"] == "3"
    assert 'rel="next"' in page.headers["Link"]
    assert api.get(sessions_url(ai_linc, "?status=bogus")).status_code == 400


def test_ai_linc_sessions_refuse_other_clients_and_anonymous_callers(ai_linc, client_b, as_user, api, three_classes):
    outsider, _ = as_user(client_b)
    assert outsider.get(sessions_url(ai_linc)).status_code in (401, 403)
    assert api.get(sessions_url(ai_linc)).status_code == 401


@pytest.mark.parametrize("size", [1, 5])
def test_ai_linc_sessions_keep_a_constant_query_count(size, ai_linc, as_user):
    api, _ = as_user(ai_linc)
    with schema_context(ai_linc.schema_name):
        for n in range(size):
            LiveClassFactory(scheduled_time=timezone.now() + timedelta(hours=n + 1))
    api.get(sessions_url(ai_linc))  # warm the client lookup
    with StatementCount(1 + 1):  # auth, the classes with instructor, attendance and headcount
        assert len(api.get(sessions_url(ai_linc)).json()) == size
