"""Notifications at H's paths: admins send; each user lists, counts and marks their own."""

import pytest

from tenant_apps.lms.models import Enrollment
from tenant_apps.lms.tests.factories import course_build
from tenant_apps.notifications.models import Notification


def base(client) -> str:
    return f"/notification/api/clients/{client.id}/"


def send(api, client, **payload):
    body = {"title": "Heads up", "message": "Class moved to 5pm.", **payload}
    return api.post(base(client) + "admin/send/", body)


def test_admin_sends_and_a_student_reads_counts_and_marks(client_a, admin_a, student_a, make_user, in_a):
    # given
    admin, _ = admin_a
    api, me = student_a
    other = make_user(client_a)
    # when
    sent = send(admin, client_a, target_type="individual", student_ids=[me.id], action_url="/courses/1")
    send(admin, client_a, target_type="client", title="Welcome")
    # then
    assert sent.status_code == 201, sent.json()
    assert sent.json()["sent_count"] == 1 and isinstance(sent.json()["message"], str)
    assert api.get(base(client_a) + "notifications/unread-count/").json() == {"unread_count": 2}
    page = api.get(base(client_a) + "notifications/?page=1&limit=20").json()
    assert page["count"] == 2 and [n["title"] for n in page["results"]] == ["Welcome", "Heads up"]
    first = page["results"][1]
    assert first["action_url"] == "/courses/1" and first["is_read"] is False and first["read_at"] is None
    assert first["notification_type"] == "custom" and first["metadata"] == {"target_type": "individual"}
    assert page["results"][0]["action_url"] is None
    for row in page["results"]:  # the JSON types the client reads
        assert isinstance(row["id"], int) and isinstance(row["message"], str)
        assert isinstance(row["is_read"], bool) and isinstance(row["created_at"], str)
    read = api.patch(base(client_a) + f"notifications/{first['id']}/read/")
    assert read.status_code == 200 and read.json()["is_read"] is True and read.json()["read_at"]
    assert api.get(base(client_a) + "notifications/unread-count/").json() == {"unread_count": 1}
    assert api.post(base(client_a) + "notifications/mark-all-read/").json() == {"marked_count": 1}
    assert api.get(base(client_a) + "notifications/unread-count/").json() == {"unread_count": 0}
    with in_a():
        assert Notification.objects.filter(user=other).count() == 1  # the client-wide one


def test_pages(client_a, admin_a, student_a):
    admin, _ = admin_a
    api, _ = student_a
    for n in range(3):
        send(admin, client_a, target_type="client", title=f"N{n}")
    second = api.get(base(client_a) + "notifications/?page=2&limit=2").json()
    assert second["count"] == 3 and [n["title"] for n in second["results"]] == ["N0"]
    assert api.get(base(client_a) + "notifications/?limit=0").status_code == 400


def test_course_target_reaches_enrolled_active_students(client_a, admin_a, make_user, in_a):
    admin, _ = admin_a
    enrolled, gone = make_user(client_a), make_user(client_a, is_active=False)
    make_user(client_a)  # not enrolled
    teacher = make_user(client_a, role="instructor")
    with in_a():
        course = course_build(modules=1)
        for user in (enrolled, gone, teacher):
            Enrollment.objects.create(course=course, user=user)
    response = send(admin, client_a, target_type="course", course_id=course.id)
    assert response.status_code == 201 and response.json()["sent_count"] == 1
    with in_a():
        assert list(Notification.objects.values_list("user_id", flat=True)) == [enrolled.id]
        assert Notification.objects.get().metadata == {"target_type": "course", "course_id": course.id}


def test_send_validation(client_a, admin_a, make_user):
    admin, _ = admin_a
    teacher = make_user(client_a, role="instructor")
    assert send(admin, client_a, target_type="individual").status_code == 400
    bad = send(admin, client_a, target_type="individual", student_ids=[teacher.id])
    assert bad.status_code == 400 and "student_ids" in bad.json()
    assert send(admin, client_a, target_type="course").status_code == 400
    assert send(admin, client_a, target_type="course", course_id=999999).status_code == 400
    assert send(admin, client_a, target_type="everyone").status_code == 400
    assert send(admin, client_a, target_type="client", title=" ").status_code == 400


def test_auth_roles_and_isolation(client_a, client_b, api, admin_a, student_a, as_user, platform_admin):
    admin, _ = admin_a
    student, me = student_a
    send(admin, client_a, target_type="client")
    mine = student.get(base(client_a) + "notifications/").json()["results"][0]["id"]
    # no token
    assert api.get(base(client_a) + "notifications/unread-count/").status_code == 401
    assert api.get(base(client_a) + "notifications/").status_code == 401
    # sending is for admins
    instructor, _ = as_user(client_a, role="instructor")
    assert send(student, client_a, target_type="client").status_code == 403
    assert send(instructor, client_a, target_type="client").status_code == 403
    root, _ = platform_admin
    assert send(root, client_a, target_type="individual", student_ids=[me.id]).status_code == 201
    # another client's token
    assert student.get(base(client_b) + "notifications/unread-count/").status_code == 401
    assert (
        admin.post(base(client_b) + "admin/send/", {"target_type": "client", "title": "x", "message": "y"}).status_code
        == 401
    )
    # someone else's notification is a 404; the other client's users have their own
    other, _ = as_user(client_a)
    assert other.patch(base(client_a) + f"notifications/{mine}/read/").status_code == 404
    student_b, _ = as_user(client_b)
    assert student_b.get(base(client_b) + "notifications/unread-count/").json() == {"unread_count": 0}
    assert student_b.patch(base(client_b) + f"notifications/{mine}/read/").status_code == 404
    # a visiting platform admin has none of their own
    assert root.get(base(client_a) + "notifications/unread-count/").json() == {"unread_count": 0}
    assert root.get(base(client_a) + "notifications/").json() == {"count": 0, "results": []}


@pytest.mark.parametrize("size", [1, 5])
def test_query_budgets(size, client_a, admin_a, student_a, assert_queries):
    admin, _ = admin_a
    api, _ = student_a
    for _ in range(size):
        send(admin, client_a, target_type="client")
    with assert_queries(1 + 2):  # auth, count, page
        assert len(api.get(base(client_a) + "notifications/").json()["results"]) == size
    with assert_queries(1 + 1):  # auth, count
        assert api.get(base(client_a) + "notifications/unread-count/").json()["unread_count"] == size
    with assert_queries(1 + 1):  # auth, update
        assert api.post(base(client_a) + "notifications/mark-all-read/").json()["marked_count"] == size


@pytest.mark.parametrize("size", [1, 5])
def test_send_query_budget(size, client_a, admin_a, make_user, assert_queries):
    admin, _ = admin_a
    students = [make_user(client_a) for _ in range(size)]
    with assert_queries(1 + 4):  # auth, savepoint, the recipients, one insert, release
        assert send(admin, client_a, target_type="client").json()["sent_count"] == size
    with assert_queries(1 + 4):  # auth, savepoint, the named students, one insert, release
        ids = [s.id for s in students]
        assert send(admin, client_a, target_type="individual", student_ids=ids).json()["sent_count"] == size
