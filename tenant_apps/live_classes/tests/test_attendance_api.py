"""Activity API 4-8: attendance activities and marking attendance."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tenant_apps.live_classes.models import Attendance, AttendanceActivity
from tenant_apps.live_classes.tests.factories import AttendanceActivityFactory, LiveClassFactory


def admin_url(client) -> str:
    return f"/activity/clients/{client.id}/admin/attendance-activities/"


def student_url(client) -> str:
    return f"/activity/clients/{client.id}/student/"


def test_admin_creates_lists_and_reads(client_a, admin_a, student_a, in_a):
    # given
    api, _ = admin_a
    student_api, student = student_a
    when = timezone.now() - timedelta(minutes=5)
    # when
    created = api.post(
        admin_url(client_a),
        {
            "title": "Week 1 roll call",
            "description": "Say hi",
            "scheduled_time": when.isoformat(),
            "duration_minutes": 30,
        },
    )
    # then
    assert created.status_code == 201, created.json()
    body = created.json()
    assert set(body) == {
        "id",
        "title",
        "description",
        "scheduled_time",
        "duration_minutes",
        "is_active",
        "attendance_count",
    }
    assert body["is_active"] is True and body["attendance_count"] == 0
    assert student_api.post(student_url(client_a) + f"mark-attendance/{body['id']}/").status_code == 200
    listed = api.get(admin_url(client_a)).json()
    assert [row["attendance_count"] for row in listed] == [1]
    detail = api.get(admin_url(client_a) + f"{body['id']}/").json()
    assert detail["attendance_count"] == 1
    [row] = detail["attended_students"]
    assert set(row) == {"id", "user_name", "profile_pic_url", "marked_at"} and row["id"] == student.id


def test_admin_updates_and_deletes(client_a, admin_a, in_a):
    api, _ = admin_a
    with in_a():
        activity = AttendanceActivityFactory()
    update = api.put(admin_url(client_a) + f"{activity.id}/update/", {"title": "Renamed", "is_active": False})
    assert update.status_code == 200 and set(update.json()) == {"id", "title", "updated_at"}
    put = api.put(admin_url(client_a) + f"{activity.id}/", {"duration_minutes": 90})
    assert put.status_code == 200
    assert put.json()["title"] == "Renamed" and put.json()["duration_minutes"] == 90
    assert put.json()["is_active"] is False and put.json()["attended_students"] == []
    bad = api.put(admin_url(client_a) + f"{activity.id}/", {"duration_minutes": -1})
    assert bad.status_code == 400 and "duration_minutes" in bad.json()
    assert api.delete(admin_url(client_a) + f"{activity.id}/").status_code == 204
    assert api.get(admin_url(client_a) + f"{activity.id}/").status_code == 404
    with in_a():
        assert not AttendanceActivity.objects.exists()


def test_activity_can_belong_to_a_live_class(client_a, admin_a, in_a):
    api, _ = admin_a
    with in_a():
        live_class = LiveClassFactory()
    payload = {"title": "Roll", "scheduled_time": timezone.now().isoformat(), "live_class_id": live_class.id}
    assert api.post(admin_url(client_a), payload).status_code == 201
    with in_a():
        assert AttendanceActivity.objects.get().live_class_id == live_class.id
    assert api.post(admin_url(client_a), {**payload, "live_class_id": 999999}).status_code == 404


def test_live_attendance_window(client_a, student_a, in_a):
    api, student = student_a
    now = timezone.now()
    with in_a():
        open_now = AttendanceActivityFactory(scheduled_time=now - timedelta(minutes=10), duration_minutes=30)
        later = AttendanceActivityFactory(scheduled_time=now + timedelta(hours=1))
        AttendanceActivityFactory(scheduled_time=now - timedelta(hours=2), duration_minutes=30)  # closed
        AttendanceActivityFactory(scheduled_time=now - timedelta(minutes=1), is_active=False)  # inactive
    listed = api.get(student_url(client_a) + "live-attendance/").json()
    assert [(r["id"], r["can_mark_attendance"], r["has_marked_attendance"]) for r in listed] == [
        (open_now.id, True, False),
        (later.id, False, False),
    ]
    assert {
        "id",
        "title",
        "description",
        "scheduled_time",
        "duration_minutes",
        "is_active",
        "can_mark_attendance",
        "has_marked_attendance",
    } <= set(listed[0])  # the contract's fields (V's beside them: see the next test)
    marked = api.post(student_url(client_a) + f"mark-attendance/{open_now.id}/")
    assert marked.status_code == 200
    assert set(marked.json()) == {"id", "activity_id", "marked_at", "status"}
    assert marked.json()["status"] == "marked" and marked.json()["activity_id"] == open_now.id
    again = api.post(student_url(client_a) + f"mark-attendance/{open_now.id}/")
    assert again.status_code == 400 and again.json()["code"] == "attendance_already_marked"
    early = api.post(student_url(client_a) + f"mark-attendance/{later.id}/")
    assert early.status_code == 400 and early.json()["code"] == "attendance_closed"
    listed = api.get(student_url(client_a) + "live-attendance/").json()
    assert (listed[0]["can_mark_attendance"], listed[0]["has_marked_attendance"]) == (False, True)
    with in_a():
        assert Attendance.objects.filter(user=student).count() == 1


def test_live_attendance_answers_what_the_older_builds_attendance_page_reads(client_a, student_a, in_a):
    """V shows ``name``, ``expires_at`` (it printed "Invalid Date" without it) and
    ``time_remaining_minutes``, and reads ``is_valid``."""
    api, _ = student_a
    now = timezone.now()
    with in_a():
        open_now = AttendanceActivityFactory(
            title="Roll call", scheduled_time=now - timedelta(minutes=10), duration_minutes=30
        )
        later = AttendanceActivityFactory(scheduled_time=now + timedelta(hours=1), duration_minutes=15)
    rows = {row["id"]: row for row in api.get(student_url(client_a) + "live-attendance/").json()}
    first, second = rows[open_now.id], rows[later.id]
    assert first["name"] == "Roll call" and first["is_valid"] is True and second["is_valid"] is False
    expected_end = open_now.scheduled_time + timedelta(minutes=30)
    assert first["expires_at"].startswith(expected_end.strftime("%Y-%m-%dT%H:%M"))
    assert 18 <= first["time_remaining_minutes"] <= 20 and isinstance(first["time_remaining_minutes"], int)
    assert 74 <= second["time_remaining_minutes"] <= 75


def test_closed_and_inactive_activities_refuse_marks(client_a, student_a, in_a):
    api, _ = student_a
    now = timezone.now()
    with in_a():
        closed = AttendanceActivityFactory(scheduled_time=now - timedelta(hours=2), duration_minutes=30)
        inactive = AttendanceActivityFactory(scheduled_time=now - timedelta(minutes=1), is_active=False)
    for activity in (closed, inactive):
        assert api.post(student_url(client_a) + f"mark-attendance/{activity.id}/").status_code == 400
    assert api.post(student_url(client_a) + "mark-attendance/999999/").status_code == 404


def test_roles_and_isolation(client_a, client_b, student_a, admin_a, as_user, platform_admin, in_a):
    student, _ = student_a
    admin, _ = admin_a
    instructor, _ = as_user(client_a, role="instructor")
    with in_a():
        activity = AttendanceActivityFactory()
    for api in (student, instructor):
        assert api.get(admin_url(client_a)).status_code == 403
        assert (
            api.post(admin_url(client_a), {"title": "x", "scheduled_time": timezone.now().isoformat()}).status_code
            == 403
        )
        assert api.get(admin_url(client_a) + f"{activity.id}/").status_code == 403
        assert api.put(admin_url(client_a) + f"{activity.id}/update/", {"title": "x"}).status_code == 403
        assert api.delete(admin_url(client_a) + f"{activity.id}/").status_code == 403
    # client A's token on client B's path
    assert admin.get(admin_url(client_b)).status_code == 401
    assert student.get(student_url(client_b) + "live-attendance/").status_code == 401
    # client A's id on client B's path
    admin_b, _ = as_user(client_b, role="admin")
    student_b, _ = as_user(client_b)
    assert admin_b.get(admin_url(client_b) + f"{activity.id}/").status_code == 404
    assert student_b.post(student_url(client_b) + f"mark-attendance/{activity.id}/").status_code == 404
    # a platform admin manages but cannot attend
    root, _ = platform_admin
    assert root.get(admin_url(client_a)).status_code == 200
    assert root.post(student_url(client_a) + f"mark-attendance/{activity.id}/").status_code == 403
    listed = root.get(student_url(client_a) + "live-attendance/").json()
    assert listed[0]["can_mark_attendance"] is False


@pytest.mark.parametrize("size", [1, 20])
def test_query_budgets(size, client_a, admin_a, make_user, in_a, assert_queries):
    api, _ = admin_a
    students = [make_user(client_a) for _ in range(size)]
    with in_a():
        activities = [AttendanceActivityFactory() for _ in range(size)]
        for student in students:
            Attendance.objects.create(activity=activities[0], user=student)
    with assert_queries(1 + 1):  # auth, activities with counts
        assert len(api.get(admin_url(client_a)).json()) == size
    with assert_queries(1 + 2):  # auth, activity with count, attendances with users
        assert len(api.get(admin_url(client_a) + f"{activities[0].id}/").json()["attended_students"]) == size
    with assert_queries(1 + 1):  # auth, activities with both flags
        assert len(api.get(student_url(client_a) + "live-attendance/").json()) == size
