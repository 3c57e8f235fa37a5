"""Live Class API 1-3."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tenant_apps.live_classes.models import LiveClass
from tenant_apps.live_classes.tests.factories import LiveClassFactory


def base(client) -> str:
    return f"/live-class/api/clients/{client.id}/sessions/"


def test_admin_creates_a_class_for_an_instructor(client_a, admin_a, make_user, in_a):
    # given
    api, admin = admin_a
    teacher = make_user(client_a, role="instructor", first_name="Ivy", last_name="Teach")
    when = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    # when
    created = api.post(
        base(client_a) + "create/",
        {
            "title": "Office hours",
            "description": "Ask anything",
            "scheduled_time": when.isoformat(),
            "duration_minutes": 45,
            "meeting_link": "https://meet.example.test/office",
            "instructor_id": teacher.id,
        },
    )
    # then
    assert created.status_code == 201, created.json()
    body = created.json()
    assert set(body) == {"id", "title", "scheduled_time", "meeting_link", "status"}
    assert body["status"] == "scheduled"
    listed = api.get(base(client_a)).json()
    assert listed[0]["instructor"] == {
        "id": teacher.id,
        "user_name": "Ivy Teach",
        "name": "Ivy Teach",
        "profile_pic_url": teacher.profile_pic_url,
        "role": "instructor",
    }
    assert listed[0]["duration_minutes"] == 45
    with in_a():
        assert LiveClass.objects.get().created_by_id == admin.id


def test_instructor_id_must_name_an_instructor(client_a, admin_a, student_a):
    api, _ = admin_a
    _, student = student_a
    payload = {"title": "X", "scheduled_time": timezone.now().isoformat(), "instructor_id": student.id}
    response = api.post(base(client_a) + "create/", payload)
    assert response.status_code == 400 and "instructor_id" in response.json()
    payload["instructor_id"] = 999999
    assert api.post(base(client_a) + "create/", payload).status_code == 400


def test_instructor_schedules_own_classes_only(client_a, as_user, make_user):
    api, me = as_user(client_a, role="instructor")
    other = make_user(client_a, role="instructor")
    payload = {"title": "Mine", "scheduled_time": timezone.now().isoformat()}
    created = api.post(base(client_a) + "create/", payload)
    assert created.status_code == 201
    listed = api.get(base(client_a)).json()
    assert listed[0]["instructor"]["id"] == me.id
    assert api.post(base(client_a) + "create/", {**payload, "instructor_id": other.id}).status_code == 403


def test_validation(client_a, admin_a):
    api, _ = admin_a
    bad = api.post(base(client_a) + "create/", {"title": "", "scheduled_time": "not a date"})
    assert bad.status_code == 400
    assert "title" in bad.json() and "scheduled_time" in bad.json()
    link = api.post(
        base(client_a) + "create/",
        {"title": "T", "scheduled_time": timezone.now().isoformat(), "meeting_link": "not a url"},
    )
    assert link.status_code == 400 and "meeting_link" in link.json()
    zero = api.post(
        base(client_a) + "create/", {"title": "T", "scheduled_time": timezone.now().isoformat(), "duration_minutes": 0}
    )
    assert zero.status_code == 400 and "duration_minutes" in zero.json()


def test_update_status_and_fields(client_a, admin_a, in_a):
    api, _ = admin_a
    with in_a():
        live_class = LiveClassFactory()
    url = base(client_a) + f"{live_class.id}/update/"
    response = api.put(url, {"status": "live", "title": "Now live"})
    assert response.status_code == 200
    assert set(response.json()) == {"id", "title", "updated_at"} and response.json()["title"] == "Now live"
    with in_a():
        live_class.refresh_from_db()
        assert live_class.status == "live" and live_class.description == "Live Q&A."
    bad = api.put(url, {"status": "postponed"})
    assert bad.status_code == 400 and "status" in bad.json()
    assert api.put(base(client_a) + "999999/update/", {"title": "x"}).status_code == 404


def test_instructor_updates_only_own_class(client_a, as_user, make_user, in_a):
    api, me = as_user(client_a, role="instructor")
    other = make_user(client_a, role="instructor")
    with in_a():
        mine = LiveClassFactory(instructor=me)
        theirs = LiveClassFactory(instructor=other)
    assert api.put(base(client_a) + f"{mine.id}/update/", {"status": "completed"}).status_code == 200
    assert api.put(base(client_a) + f"{theirs.id}/update/", {"status": "completed"}).status_code == 403


def test_filters(client_a, student_a, in_a):
    api, _ = student_a
    now = timezone.now()
    with in_a():
        soon = LiveClassFactory(scheduled_time=now + timedelta(hours=1))
        running = LiveClassFactory(scheduled_time=now - timedelta(minutes=30), status="live")
        past = LiveClassFactory(scheduled_time=now - timedelta(days=1))
        cancelled = LiveClassFactory(scheduled_time=now + timedelta(hours=2), status="cancelled")
    ids = lambda query: [row["id"] for row in api.get(base(client_a) + query).json()]  # noqa: E731
    assert ids("") == [past.id, running.id, soon.id, cancelled.id]
    assert ids("?upcoming=true") == [running.id, soon.id]
    assert ids("?upcoming=false") == [cancelled.id, past.id]
    assert ids("?status=live") == [running.id]
    assert ids("?status=cancelled&upcoming=false") == [cancelled.id]
    bad = api.get(base(client_a) + "?status=nope")
    assert bad.status_code == 400 and "status" in bad.json()


def test_roles_and_isolation(client_a, client_b, student_a, admin_a, as_user, in_a):
    student, _ = student_a
    admin, _ = admin_a
    payload = {"title": "X", "scheduled_time": timezone.now().isoformat()}
    assert student.post(base(client_a) + "create/", payload).status_code == 403
    with in_a():
        live_class = LiveClassFactory()
    assert student.put(base(client_a) + f"{live_class.id}/update/", {"title": "y"}).status_code == 403
    # client A's token on client B's path
    assert admin.get(base(client_b)).status_code == 401
    assert admin.post(base(client_b) + "create/", payload).status_code == 401
    # client A's class id on client B's path
    admin_b, _ = as_user(client_b, role="admin")
    assert admin_b.put(base(client_b) + f"{live_class.id}/update/", {"title": "y"}).status_code == 404
    assert admin_b.get(base(client_b)).json() == []


def test_platform_admin_creates_without_author_row(client_a, platform_admin, in_a):
    api, _ = platform_admin
    response = api.post(base(client_a) + "create/", {"title": "X", "scheduled_time": timezone.now().isoformat()})
    assert response.status_code == 201
    with in_a():
        assert LiveClass.objects.get().created_by_id is None


@pytest.mark.parametrize("size", [1, 20])
def test_list_query_budget(size, client_a, student_a, make_user, in_a, assert_queries):
    api, _ = student_a
    with in_a():
        for _ in range(size):
            teacher = make_user(client_a, role="instructor")
            LiveClassFactory(instructor=teacher)
    with assert_queries(1 + 1):  # auth, classes with instructors
        assert len(api.get(base(client_a)).json()) == size
    with assert_queries(1 + 1):
        assert len(api.get(base(client_a) + "?upcoming=true&status=scheduled").json()) == size
