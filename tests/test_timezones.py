"""The client's own days (docs/timezones.md): the time zone setting, and every figure
bucketed by day counted on the client's calendar, at local midnight, across DST changes and
month ends, with two clients in different zones side by side."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django_tenants.utils import schema_context

from tenant_apps.activity.models import ActivityLog, TimeSpent, UserActivity
from tenant_apps.activity.rollups import rollups_rebuild
from tenant_apps.dashboard.tests.helpers import contents_of
from tenant_apps.live_classes.models import Attendance, AttendanceActivity, LiveClass
from tenant_apps.live_classes.selectors import my_live_stats
from tenant_apps.lms.models import ContentProgress, Enrollment
from tenant_apps.lms.tests.factories import course_build
from tenants.models import Client
from tenants.timezone import client_today, local_day_start, zone_named

pytestmark = pytest.mark.django_db

BERLIN = "Europe/Berlin"
NEW_YORK = "America/New_York"
KOLKATA = "Asia/Kolkata"


def set_zone(client: Client, name: str) -> Client:
    Client.objects.filter(id=client.id).update(timezone=name)
    client.refresh_from_db()
    return client


def local(name: str, year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An aware datetime on the wall clock of zone ``name``."""
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(name))


def event_at(user, moment: datetime) -> UserActivity:
    row = UserActivity.objects.create(user=user, activity_type="view")
    UserActivity.objects.filter(id=row.id).update(created_at=moment)
    rollups_rebuild(user_ids=[user.id])  # a raw row with a made-up instant: the rollup from scratch
    return row


def log_at(user, moment: datetime) -> ActivityLog:
    row = ActivityLog.objects.create(user=user, action="login")
    ActivityLog.objects.filter(id=row.id).update(created_at=moment)
    rollups_rebuild(user_ids=[user.id])
    return row


def heatmap(api, client, start: str, end: str) -> dict[str, int]:
    response = api.get(f"/api/clients/{client.id}/student/user-activity-heatmap/?start_date={start}&end_date={end}")
    assert response.status_code == 200, response.json()
    return {row["date"]: row["count"] for row in response.json()["heatmap_data"]}


# --- the setting ---------------------------------------------------------------------------------


class TestSetting:
    def test_default_is_utc_and_client_info_shows_it(self, api, client_a):
        body = api.get(f"/api/clients/{client_a.id}/client-info/").json()
        assert body["timezone"] == "UTC"

    def test_platform_admin_sets_it_on_the_client(self, platform_admin, client_a, api):
        root, _ = platform_admin
        response = root.patch(f"/accounts/clients/{client_a.id}/", {"timezone": KOLKATA})
        assert response.status_code == 200, response.json()
        assert response.json()["timezone"] == KOLKATA
        assert api.get(f"/api/clients/{client_a.id}/client-info/").json()["timezone"] == KOLKATA
        assert root.get(f"/accounts/clients/{client_a.id}/").json()["timezone"] == KOLKATA

    def test_platform_admin_creates_a_client_with_a_zone(self, platform_admin):
        root, _ = platform_admin
        response = root.post("/accounts/clients/", {"name": "Gamma", "slug": "gamma-tz", "timezone": BERLIN})
        assert response.status_code == 201, response.json()
        assert response.json()["timezone"] == BERLIN
        bad = root.post("/accounts/clients/", {"name": "Delta", "slug": "delta-tz", "timezone": "Mars/Olympus"})
        assert bad.status_code == 400 and "timezone" in bad.json()
        assert not Client.objects.filter(slug="delta-tz").exists()

    @pytest.mark.parametrize("name", ["Mars/Olympus", "", " UTC", "../etc/passwd", "Europe/", "x" * 65, 5])
    def test_unknown_names_are_a_400(self, platform_admin, as_user, client_a, name):
        root, _ = platform_admin
        admin, _ = as_user(client_a, role="admin")
        for response in (
            root.patch(f"/accounts/clients/{client_a.id}/", {"timezone": name}),
            admin.patch(f"/accounts/clients/{client_a.id}/timezone/", {"timezone": name}),
        ):
            assert response.status_code == 400, response.json()
            assert "timezone" in response.json()
        client_a.refresh_from_db()
        assert client_a.timezone == "UTC"

    def test_client_admin_reads_and_sets_it(self, as_user, client_a, api):
        admin, _ = as_user(client_a, role="admin")
        read = admin.get(f"/accounts/clients/{client_a.id}/timezone/")
        assert read.status_code == 200
        assert read.json()["timezone"] == "UTC"
        assert read.json()["common_timezones"][0] == "UTC" and BERLIN in read.json()["common_timezones"]
        response = admin.patch(f"/accounts/clients/{client_a.id}/timezone/", {"timezone": BERLIN})
        assert response.status_code == 200 and response.json()["timezone"] == BERLIN
        # the change is visible at once (the client cache is dropped)
        assert api.get(f"/api/clients/{client_a.id}/client-info/").json()["timezone"] == BERLIN

    def test_roles_and_tenants(self, as_user, client_a, client_b, api):
        student, _ = as_user(client_a)
        instructor, _ = as_user(client_a, role="instructor")
        admin_b, _ = as_user(client_b, role="admin")
        path = f"/accounts/clients/{client_a.id}/timezone/"
        assert api.get(path).status_code == 401
        assert student.patch(path, {"timezone": BERLIN}).status_code == 403
        assert instructor.get(path).status_code == 403
        assert admin_b.patch(path, {"timezone": BERLIN}).status_code == 401  # B's token on A's path
        assert admin_b.patch(f"/accounts/clients/{client_b.id}/timezone/", {"timezone": BERLIN}).status_code == 200
        client_a.refresh_from_db()
        client_b.refresh_from_db()
        assert (client_a.timezone, client_b.timezone) == ("UTC", BERLIN)
        assert admin_b.get("/accounts/clients/999999/timezone/").status_code == 404


# --- local midnight, two clients in different zones ------------------------------------------------


def test_local_midnight_splits_days_per_client(as_user, client_a, client_b):
    """The same two instants are one day for a client in Kolkata and two days for one in
    New York: 23:30 local is that day, 00:30 local the next."""
    set_zone(client_a, KOLKATA)
    set_zone(client_b, NEW_YORK)
    api_a, student_a = as_user(client_a)
    api_b, student_b = as_user(client_b)
    # 2026-06-10 23:30 and 2026-06-11 00:30 in New York (03:30 and 04:30 UTC on the 11th),
    # which are 09:00 and 10:00 of the 11th in Kolkata.
    late, early = local(NEW_YORK, 2026, 6, 10, 23, 30), local(NEW_YORK, 2026, 6, 11, 0, 30)
    for client, student in ((client_a, student_a), (client_b, student_b)):
        with schema_context(client.schema_name):
            event_at(student, late)
            log_at(student, early)
    assert heatmap(api_b, client_b, "2026-06-09", "2026-06-12") == {
        "2026-06-09": 0,
        "2026-06-10": 1,
        "2026-06-11": 1,
        "2026-06-12": 0,
    }
    assert heatmap(api_a, client_a, "2026-06-09", "2026-06-12") == {
        "2026-06-09": 0,
        "2026-06-10": 0,
        "2026-06-11": 2,
        "2026-06-12": 0,
    }
    # the range bounds are local midnights too: an event at 23:59 local before the range is out
    with schema_context(client_b.schema_name):
        event_at(student_b, local(NEW_YORK, 2026, 6, 8, 23, 59))
    assert sum(heatmap(api_b, client_b, "2026-06-09", "2026-06-12").values()) == 2


def test_web_client_heatmap_uses_the_clients_days(as_user, client_a):
    set_zone(client_a, NEW_YORK)
    Client.objects.filter(id=client_a.id).update(response_profile="ai_linc")
    api, student = as_user(client_a)
    with schema_context(client_a.schema_name):
        event_at(student, local(NEW_YORK, 2026, 6, 10, 23, 30))
    response = api.get(
        f"/api/clients/{client_a.id}/student/user-activity-heatmap/?start_date=2026-06-10&end_date=2026-06-11"
    )
    days = response.json()["heatmap_data"]
    assert (days["2026-06-10"]["total"], days["2026-06-11"]["total"]) == (1, 0)


# --- DST ---------------------------------------------------------------------------------------------


def test_spring_forward_day_has_23_hours(as_user, client_a):
    """Berlin, 2026-03-29: clocks jump from 02:00 to 03:00. The day runs from 23:00 UTC on
    the 28th to 22:00 UTC on the 29th."""
    set_zone(client_a, BERLIN)
    api, student = as_user(client_a)
    zone = zone_named(BERLIN)
    day_length = local_day_start(date(2026, 3, 30), zone).astimezone(UTC) - local_day_start(date(2026, 3, 29), zone)
    assert day_length == timedelta(hours=23)
    with schema_context(client_a.schema_name):
        event_at(student, datetime(2026, 3, 28, 22, 30, tzinfo=UTC))  # 23:30 CET on the 28th
        event_at(student, datetime(2026, 3, 28, 23, 30, tzinfo=UTC))  # 00:30 CET on the 29th
        event_at(student, datetime(2026, 3, 29, 21, 30, tzinfo=UTC))  # 23:30 CEST on the 29th
        event_at(student, datetime(2026, 3, 29, 22, 30, tzinfo=UTC))  # 00:30 CEST on the 30th
    assert heatmap(api, client_a, "2026-03-28", "2026-03-30") == {"2026-03-28": 1, "2026-03-29": 2, "2026-03-30": 1}


def test_fall_back_day_has_25_hours(as_user, client_a, client_b):
    """New York, 2026-11-01: clocks go back from 02:00 to 01:00. Both 01:30s are the 1st;
    23:30 EST is still the 1st. A UTC client sees the same instants on other days."""
    set_zone(client_a, NEW_YORK)
    api, student = as_user(client_a)
    api_b, student_b = as_user(client_b)
    zone = zone_named(NEW_YORK)
    day_length = local_day_start(date(2026, 11, 2), zone).astimezone(UTC) - local_day_start(date(2026, 11, 1), zone)
    assert day_length == timedelta(hours=25)
    moments = [
        datetime(2026, 11, 1, 5, 30, tzinfo=UTC),  # 01:30 EDT
        datetime(2026, 11, 1, 6, 30, tzinfo=UTC),  # 01:30 EST
        datetime(2026, 11, 2, 4, 30, tzinfo=UTC),  # 23:30 EST on the 1st
        datetime(2026, 11, 2, 5, 30, tzinfo=UTC),  # 00:30 EST on the 2nd
    ]
    for client, user in ((client_a, student), (client_b, student_b)):
        with schema_context(client.schema_name):
            for moment in moments:
                event_at(user, moment)
    assert heatmap(api, client_a, "2026-10-31", "2026-11-02") == {"2026-10-31": 0, "2026-11-01": 3, "2026-11-02": 1}
    assert heatmap(api_b, client_b, "2026-10-31", "2026-11-02") == {"2026-10-31": 0, "2026-11-01": 2, "2026-11-02": 2}


# --- month ends: streaks, analytics ------------------------------------------------------------------


def test_streak_month_days_follow_the_local_month_end(as_user, client_a, client_b):
    """23:30 on 31 January in New York is 04:30 UTC on 1 February: January's day 31 for the
    New York client, February's day 1 for a UTC one."""
    set_zone(client_a, NEW_YORK)
    api_a, student_a = as_user(client_a)
    api_b, student_b = as_user(client_b)
    for client, user in ((client_a, student_a), (client_b, student_b)):
        with schema_context(client.schema_name):
            event_at(user, local(NEW_YORK, 2026, 1, 30, 12, 0))
            event_at(user, local(NEW_YORK, 2026, 1, 31, 23, 30))
    streak = "/api/clients/{}/student/monthly-streak/?month={}"
    assert api_a.get(streak.format(client_a.id, "2026-01")).json()["monthly_days"] == [30, 31]
    assert api_a.get(streak.format(client_a.id, "2026-02")).json()["monthly_days"] == []
    assert api_b.get(streak.format(client_b.id, "2026-01")).json()["monthly_days"] == [30]
    assert api_b.get(streak.format(client_b.id, "2026-02")).json()["monthly_days"] == [1]
    assert api_a.get(streak.format(client_a.id, "2026-01")).json()["longest_streak"] == 2
    assert api_b.get(streak.format(client_b.id, "2026-01")).json()["longest_streak"] == 1


def test_current_streak_and_time_tracking_use_the_clients_today(as_user, client_a):
    """A zone 11 or 14 hours from UTC whose date differs from UTC's right now: the streak
    counts its today, and tracked time lands on its today."""
    hour = datetime.now(UTC).hour
    name = "Pacific/Kiritimati" if hour >= 10 else "Pacific/Pago_Pago"
    set_zone(client_a, name)
    zone = zone_named(name)
    today = client_today(zone)
    assert today != datetime.now(UTC).date()
    api, student = as_user(client_a)
    with schema_context(client_a.schema_name):
        course = course_build(content_types=("Article",))
        Enrollment.objects.create(course=course, user=student)
        content = contents_of(course)[0]
        event_at(student, local_day_start(today, zone) + timedelta(minutes=1))
        event_at(student, local_day_start(today, zone) - timedelta(minutes=1))  # yesterday, 23:59
    body = api.get(f"/api/clients/{client_a.id}/student/monthly-streak/").json()
    assert body["current_streak"] == 2
    assert today.day in body["monthly_days"]
    response = api.post(
        f"/activity/clients/{client_a.id}/track-time/", {"content_id": content.id, "time_spent_minutes": 5}
    )
    assert response.status_code == 200, response.json()
    api.post(f"/activity/clients/{client_a.id}/track-time/", {"time_spent_seconds": 60})
    with schema_context(client_a.schema_name):
        assert set(TimeSpent.objects.filter(user=student).values_list("date", flat=True)) == {today}
    daily = api.get(f"/api/clients/{client_a.id}/student/user-daily-time-spent/").json()["daily_time"]
    assert daily[-1] == {"date": today.isoformat(), "minutes": 6}
    hours = api.get(f"/api/clients/{client_a.id}/student/hours-spent-graph/?period=week").json()["data"]
    assert hours[-1] == {"period": today.isoformat(), "hours": 0.1}


def test_daily_leaderboard_counts_between_local_midnights(as_user, client_a, make_user):
    set_zone(client_a, KOLKATA)
    api, _ = as_user(client_a)
    early_bird = make_user(client_a, first_name="Early")
    night_owl = make_user(client_a, first_name="Owl")
    with schema_context(client_a.schema_name):
        first, second = contents_of(course_build(content_types=("Article", "Quiz")))
        # 00:30 IST on 5 March is 19:00 UTC on the 4th; 23:30 IST on the 4th is 18:00 UTC.
        ContentProgress.objects.create(
            user=early_bird, content=first, is_completed=True, completed_at=local(KOLKATA, 2026, 3, 5, 0, 30)
        )
        ContentProgress.objects.create(
            user=night_owl, content=second, is_completed=True, completed_at=local(KOLKATA, 2026, 3, 4, 23, 30)
        )
    board = f"/api/clients/{client_a.id}/student/daily-progress-leaderboard/?date={{}}"
    assert [row["id"] for row in api.get(board.format("2026-03-05")).json()] == [early_bird.id]
    assert [row["id"] for row in api.get(board.format("2026-03-04")).json()] == [night_owl.id]


def test_admin_analytics_bucket_by_the_clients_days(as_user, client_a, client_b, make_user):
    """Activity, completions and attendance across a month end in New York, against the same
    rows at a UTC client."""
    set_zone(client_a, NEW_YORK)
    moments = [local(NEW_YORK, 2026, 4, 30, 23, 30), local(NEW_YORK, 2026, 5, 1, 0, 30)]
    admins = {}
    for client in (client_a, client_b):
        admins[client.id], _ = as_user(client, role="admin")
        student = make_user(client)
        with schema_context(client.schema_name):
            content = contents_of(course_build(content_types=("Article",)))[0]
            event_at(student, moments[0])
            ContentProgress.objects.create(user=student, content=content, is_completed=True, completed_at=moments[1])
            for moment in moments:
                activity = AttendanceActivity.objects.create(title="Roll call", scheduled_time=moment)
                Attendance.objects.create(activity=activity, user=student)

    def analytics(client, name: str) -> dict[str, dict]:
        response = admins[client.id].get(
            f"/admin-dashboard/api/clients/{client.id}/{name}/?start_date=2026-04-30&end_date=2026-05-01"
        )
        assert response.status_code == 200, response.json()
        return {row["date"]: row for row in response.json()["daily_breakdown"]}

    activity_a = analytics(client_a, "student-activity-analytics")
    assert (activity_a["2026-04-30"]["activities"], activity_a["2026-05-01"]["contents_completed"]) == (1, 1)
    activity_b = analytics(client_b, "student-activity-analytics")
    assert (activity_b["2026-04-30"]["activities"], activity_b["2026-05-01"]["activities"]) == (0, 1)
    assert activity_b["2026-05-01"]["contents_completed"] == 1
    attendance_a = analytics(client_a, "attendance-analytics")
    assert [attendance_a[d]["activities"] for d in ("2026-04-30", "2026-05-01")] == [1, 1]
    attendance_b = analytics(client_b, "attendance-analytics")
    assert [attendance_b[d]["activities"] for d in ("2026-04-30", "2026-05-01")] == [0, 2]


def test_live_stats_week_is_the_clients_week(make_user, client_a):
    """Monday 30 March 2026, 00:30 in Berlin is still Sunday 22:30 UTC: the client's week
    is 30 March to 5 April, and a class at 01:00 Berlin time that Monday falls in it."""
    set_zone(client_a, BERLIN)
    student = make_user(client_a)
    now = local(BERLIN, 2026, 3, 30, 0, 30)
    with schema_context(client_a.schema_name):
        LiveClass.objects.create(title="Early", scheduled_time=local(BERLIN, 2026, 3, 30, 1, 0))
        LiveClass.objects.create(title="Sunday night", scheduled_time=local(BERLIN, 2026, 3, 29, 23, 0))
        from tenant_apps.accounts.actor import Actor

        stats = my_live_stats(actor=Actor.at_home(student, client_a), now=now)
    week = stats["week"]
    assert [week[0]["date"], week[-1]["date"]] == ["2026-03-30", "2026-04-05"]
    assert week[0]["state"] == "upcoming"
    assert all(day["state"] == "none" for day in week[1:])
