"""The learner's live activities and my live stats, at the paths H's live-sessions page calls
(``/live-class/api/clients/{id}/live-activities/`` and ``.../my-live-stats/``)."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tenant_apps.accounts.actor import Actor
from tenant_apps.live_classes import selectors
from tenant_apps.live_classes.models import Attendance, LiveClass
from tenant_apps.live_classes.tests.factories import AttendanceActivityFactory, LiveClassFactory


def activities_url(client) -> str:
    return f"/live-class/api/clients/{client.id}/live-activities/"


def stats_url(client) -> str:
    return f"/live-class/api/clients/{client.id}/my-live-stats/"


def attend(live_class: LiveClass, *users) -> None:
    """Each user marks the class's roll call (one activity per class)."""
    activity = live_class.attendance_activities.first() or AttendanceActivityFactory(
        live_class=live_class, scheduled_time=live_class.scheduled_time
    )
    for user in users:
        Attendance.objects.create(activity=activity, user=user)


def test_learner_lists_live_activities_in_the_client_shape(client_a, student_a, make_user, in_a):
    # given
    api, me = student_a
    classmate = make_user(client_a)
    teacher = make_user(client_a, role="instructor", first_name="Ivy", last_name="Teach")
    now = timezone.now()
    with in_a():
        past_zoom = LiveClassFactory(
            scheduled_time=now - timedelta(days=1),
            meeting_link="https://us02web.zoom.us/j/123",
            instructor=teacher,
            title="Recursion",
        )
        running_meet = LiveClassFactory(
            scheduled_time=now - timedelta(minutes=10), meeting_link="https://meet.google.com/abc-defg-hij"
        )
        soon = LiveClassFactory(scheduled_time=now + timedelta(minutes=90), meeting_link="")
        LiveClassFactory(scheduled_time=now + timedelta(hours=3), status="cancelled")
        attend(past_zoom, me, classmate)
        attend(running_meet, classmate)
    # when
    response = api.get(activities_url(client_a))
    # then
    assert response.status_code == 200, response.json()
    rows = response.json()
    assert [row["id"] for row in rows] == [past_zoom.id, running_meet.id, soon.id]  # cancelled left out
    first, second, third = rows
    assert first["topic_name"] == first["title"] == "Recursion"
    assert first["class_datetime"] == first["scheduled_time"]
    assert first["is_zoom"] is True and first["zoom_join_url"] == "https://us02web.zoom.us/j/123"
    assert first["is_google_meet"] is False and first["join_link"] == "https://us02web.zoom.us/j/123"
    assert first["meeting_status"] == "expired" and first["time_remaining_minutes"] == 0
    assert first["my_attendance"] == {"attended": True, "duration_seconds": 3600}
    assert first["attendance_count"] == 2
    assert first["instructor"] == "Ivy Teach" and first["instructor_detail"]["id"] == teacher.id
    assert second["is_google_meet"] is True and second["is_zoom"] is False and second["zoom_join_url"] is None
    assert second["meeting_status"] == "live"
    assert second["my_attendance"] == {"attended": False, "duration_seconds": 0}
    assert second["attendance_count"] == 1
    assert third["meeting_status"] == "scheduled" and 89 <= third["time_remaining_minutes"] <= 90
    assert third["join_link"] is None and third["instructor"] is None and third["attendance_count"] == 0
    # the JSON types the page reads
    for row in rows:
        assert isinstance(row["id"], int) and isinstance(row["topic_name"], str)
        assert isinstance(row["class_datetime"], str) and isinstance(row["duration_minutes"], int)
        assert isinstance(row["is_zoom"], bool) and isinstance(row["is_google_meet"], bool)
        assert isinstance(row["time_remaining_minutes"], int) and isinstance(row["attendance_count"], int)
        assert row["meeting_status"] in {"scheduled", "live", "ended", "expired"}
        assert row["instructor"] is None or isinstance(row["instructor"], str)  # rendered as text


def test_completed_class_has_ended(client_a, student_a, in_a):
    api, _ = student_a
    with in_a():
        LiveClassFactory(scheduled_time=timezone.now() - timedelta(minutes=5), status="completed")
    assert api.get(activities_url(client_a)).json()[0]["meeting_status"] == "ended"


def test_every_role_reads_the_list_and_a_visiting_platform_admin_has_no_attendance(
    client_a, admin_a, as_user, platform_admin, in_a
):
    with in_a():
        LiveClassFactory()
    instructor, _ = as_user(client_a, role="instructor")
    admin, _ = admin_a
    assert instructor.get(activities_url(client_a)).json()[0]["my_attendance"]["attended"] is False
    assert admin.get(activities_url(client_a)).json()[0]["my_attendance"]["attended"] is False
    root, _ = platform_admin
    assert root.get(activities_url(client_a)).json()[0]["my_attendance"] is None


def test_my_live_stats_counts_held_and_attended_classes(client_a, student_a, make_user, in_a):
    # given: four classes held (one completed early), one upcoming, one cancelled
    api, me = student_a
    other = make_user(client_a)
    make_user(client_a, role="instructor")  # staff are not in the cohort average
    now = timezone.now()
    with in_a():
        held = [
            LiveClassFactory(scheduled_time=now - timedelta(days=3), duration_minutes=90),
            LiveClassFactory(scheduled_time=now - timedelta(days=2), duration_minutes=60),
            LiveClassFactory(scheduled_time=now - timedelta(days=1), duration_minutes=45),
            LiveClassFactory(scheduled_time=now - timedelta(minutes=5), status="completed"),
        ]
        upcoming = LiveClassFactory(scheduled_time=now + timedelta(days=1))
        cancelled = LiveClassFactory(scheduled_time=now - timedelta(days=4), status="cancelled")
        attend(held[0], me, other)
        attend(held[1], me)
        attend(upcoming, me)  # not held yet: not counted
        attend(cancelled, me)  # never held
    # when
    response = api.get(stats_url(client_a))
    # then
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["sessions_held"] == 4 and body["sessions_attended"] == 2
    assert body["attendance_rate"] == 50.0
    assert body["cohort_avg_rate"] == 37.5  # 3 of 2 students x 4 classes
    assert body["live_hours"] == 2.5  # 90 + 60 minutes
    fields = {"sessions_attended", "sessions_held", "attendance_rate", "cohort_avg_rate", "live_hours", "week"}
    assert set(body) == fields
    for key in ("attendance_rate", "cohort_avg_rate", "live_hours"):
        assert isinstance(body[key], float)
    assert len(body["week"]) == 7
    assert all(set(day) == {"day", "date", "state"} for day in body["week"])


def test_my_live_stats_with_nothing_held(client_a, student_a):
    api, _ = student_a
    body = api.get(stats_url(client_a)).json()
    assert body["sessions_held"] == 0 and body["attendance_rate"] == 0 and body["cohort_avg_rate"] == 0
    assert body["live_hours"] == 0 and [day["state"] for day in body["week"]] == ["none"] * 7


def test_week_states(client_a, make_user, in_a):
    # given: Wednesday 25 November 2026, 12:00 UTC
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    me = make_user(client_a)
    with in_a():
        attended = LiveClassFactory(scheduled_time=datetime(2026, 11, 23, 9, 0, tzinfo=UTC))  # Monday
        LiveClassFactory(scheduled_time=datetime(2026, 11, 24, 9, 0, tzinfo=UTC))  # Tuesday, missed
        LiveClassFactory(scheduled_time=datetime(2026, 11, 25, 11, 30, tzinfo=UTC))  # live now
        LiveClassFactory(scheduled_time=datetime(2026, 11, 27, 9, 0, tzinfo=UTC))  # Friday
        LiveClassFactory(scheduled_time=datetime(2026, 11, 28, 9, 0, tzinfo=UTC), status="cancelled")
        LiveClassFactory(scheduled_time=datetime(2026, 11, 30, 9, 0, tzinfo=UTC))  # next week
        attend(attended, me)
        # when
        stats = selectors.my_live_stats(actor=Actor.at_home(me, client_a), now=now)
    # then
    assert stats["week"] == [
        {"day": "Mon", "date": "2026-11-23", "state": "attended"},
        {"day": "Tue", "date": "2026-11-24", "state": "missed"},
        {"day": "Wed", "date": "2026-11-25", "state": "live"},
        {"day": "Thu", "date": "2026-11-26", "state": "none"},
        {"day": "Fri", "date": "2026-11-27", "state": "upcoming"},
        {"day": "Sat", "date": "2026-11-28", "state": "none"},
        {"day": "Sun", "date": "2026-11-29", "state": "none"},
    ]
    assert stats["sessions_held"] == 2 and stats["attendance_rate"] == Decimal("50.00")


def test_auth_roles_and_isolation(client_a, client_b, api, admin_a, student_a, as_user, in_a):
    with in_a():
        LiveClassFactory()
    # no token
    assert api.get(activities_url(client_a)).status_code == 401
    assert api.get(stats_url(client_a)).status_code == 401
    # my live stats is a learner's own: staff get 403
    admin, _ = admin_a
    instructor, _ = as_user(client_a, role="instructor")
    assert admin.get(stats_url(client_a)).status_code == 403
    assert instructor.get(stats_url(client_a)).status_code == 403
    # client A's token on client B's paths
    student, _ = student_a
    assert student.get(activities_url(client_b)).status_code == 401
    assert student.get(stats_url(client_b)).status_code == 401
    # client B sees only its own classes
    student_b, _ = as_user(client_b)
    assert student_b.get(activities_url(client_b)).json() == []
    assert student_b.get(stats_url(client_b)).json()["sessions_held"] == 0


@pytest.mark.parametrize("size", [1, 5])
def test_query_budgets(size, client_a, student_a, make_user, in_a, assert_queries):
    api, me = student_a
    now = timezone.now()
    with in_a():
        for n in range(size):
            teacher = make_user(client_a, role="instructor")
            live_class = LiveClassFactory(instructor=teacher, scheduled_time=now - timedelta(days=n % 3, hours=2))
            attend(live_class, me)
    with assert_queries(1 + 1):  # auth, classes with instructor, attendance and headcount
        assert len(api.get(activities_url(client_a)).json()) == size
    with assert_queries(1 + 3):  # auth, held/attended totals, active students, this week's classes
        assert api.get(stats_url(client_a)).json()["sessions_attended"] == size
