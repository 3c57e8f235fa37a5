"""iCalendar feeds: a learner's (live classes, assessment windows) and one live class's,
with a bearer token at H's paths and at a private, rotatable, revocable subscription URL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar, Component

from conftest import ApiClient
from tenant_apps.assessment.tests.factories import AssessmentFactory
from tenant_apps.calendars.models import CalendarFeedToken
from tenant_apps.calendars.selectors import token_hash
from tenant_apps.live_classes.models import LiveClass, LiveClassStatus

pytestmark = pytest.mark.django_db

START = datetime(2030, 3, 10, 9, 30, tzinfo=UTC)


def live(client) -> str:
    return f"/live-class/api/clients/{client.id}/"


def parse(response) -> Calendar:
    assert response.status_code == 200, response.raw[:300]
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.raw)


def events(calendar: Calendar) -> dict[str, Component]:
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def subscribe(api: ApiClient, client) -> dict:
    answer = api.post(live(client) + "calendar-feed/")
    assert answer.status_code == 201, answer.json()
    return answer.json()


def anonymous_get(url: str):
    return ApiClient().get(url.removeprefix("http://testserver"))


@pytest.fixture
def schedule(in_a):
    """A live class, a cancelled one, a long-past one, an assessment window and an
    assessment that only closes, in client A."""
    with in_a():
        python = LiveClass.objects.create(
            title="Python live",
            description="Loops",
            scheduled_time=START,
            duration_minutes=90,
            meeting_link="https://meet.example.test/abc",
        )
        cancelled = LiveClass.objects.create(
            title="Cancelled one", scheduled_time=START + timedelta(days=1), status=LiveClassStatus.CANCELLED
        )
        LiveClass.objects.create(title="Long ago", scheduled_time=timezone.now() - timedelta(days=90))
        window = AssessmentFactory(
            title="Midterm", slug="midterm", start_time=START + timedelta(days=2), end_time=START + timedelta(days=3)
        )
        closing = AssessmentFactory(title="Essay", slug="essay", end_time=START + timedelta(days=5))
        AssessmentFactory(title="No window", slug="no-window")
        AssessmentFactory(title="Inactive", slug="inactive", is_active=False, end_time=START)
    return {"python": python, "cancelled": cancelled, "window": window, "closing": closing}


def test_learner_feed_holds_classes_and_windows_in_utc(client_a, student_a, schedule, settings):
    settings.PUBLIC_BASE_URL = "https://learn.example.test"
    api, _ = student_a
    # when
    calendar = parse(api.get(live(client_a) + "my-live-calendar.ics"))
    # then
    assert calendar["version"] == "2.0" and str(calendar["prodid"]) == "-//LMS Platform//Calendars//EN"
    found = events(calendar)
    host = "learn.example.test"
    python = found[f"live-class-{schedule['python'].id}.client-{client_a.id}@{host}"]
    assert str(python["summary"]) == "Python live"
    assert python.decoded("dtstart") == START and python.decoded("dtend") == START + timedelta(minutes=90)
    assert str(python["url"]) == "https://meet.example.test/abc" and str(python["status"]) == "CONFIRMED"
    assert b"DTSTART:20300310T093000Z" in python.to_ical() and b"DTEND:20300310T110000Z" in python.to_ical()
    cancelled = found[f"live-class-{schedule['cancelled'].id}.client-{client_a.id}@{host}"]
    assert str(cancelled["status"]) == "CANCELLED"
    window = found[f"assessment-{schedule['window'].id}.client-{client_a.id}@{host}"]
    assert str(window["summary"]) == "Assessment: Midterm"
    assert (window.decoded("dtstart"), window.decoded("dtend")) == (
        START + timedelta(days=2),
        START + timedelta(days=3),
    )
    assert str(window["url"]) == f"http://testserver/assessment/api/client/{client_a.id}/assessment-details/midterm/"
    closing = found[f"assessment-{schedule['closing'].id}.client-{client_a.id}@{host}"]
    assert str(closing["summary"]) == "Assessment closes: Essay" and "dtend" not in closing
    assert len(found) == 4  # not the long-past class, nor assessments without a window or inactive


def test_subscription_url_works_without_a_header_and_rotates(client_a, student_a, schedule):
    api, student = student_a
    assert api.get(live(client_a) + "calendar-feed/").json() == {"active": False, "created_at": None}
    # when: the student makes a subscription URL
    first = subscribe(api, client_a)
    # then: it works with no Authorization header, and only its hash is stored
    assert len(events(parse(anonymous_get(first["feed_url"])))) == 4
    one = first["live_class_feed_url"].replace("{class_id}", str(schedule["python"].id))
    (only,) = parse(anonymous_get(one)).walk("VEVENT")
    assert str(only["summary"]) == "Python live"
    assert api.get(live(client_a) + "calendar-feed/").json()["active"] is True
    from django_tenants.utils import schema_context

    with schema_context(client_a.schema_name):
        row = CalendarFeedToken.objects.get(user=student)
    assert row.token_hash == token_hash(first["token"]) and first["token"] not in row.token_hash
    # when: rotated, the old URL stops working and the new one works
    second = subscribe(api, client_a)
    assert second["token"] != first["token"]
    assert anonymous_get(first["feed_url"]).status_code == 404
    assert anonymous_get(one).status_code == 404
    assert anonymous_get(second["feed_url"]).status_code == 200
    # when: revoked, nothing works
    assert api.delete(live(client_a) + "calendar-feed/").status_code == 204
    assert anonymous_get(second["feed_url"]).status_code == 404
    assert api.delete(live(client_a) + "calendar-feed/").status_code == 204


def test_tokens_are_per_user_and_per_client(client_a, client_b, as_user, schedule):
    api_a, _ = as_user(client_a)
    api_b, _ = as_user(client_b)
    feed_a = subscribe(api_a, client_a)
    # another client's path with A's token: no such token there
    other_client = feed_a["feed_url"].replace(f"/clients/{client_a.id}/", f"/clients/{client_b.id}/")
    assert anonymous_get(other_client).status_code == 404
    # B's own token only reads B's (empty) schedule
    feed_b = subscribe(api_b, client_b)
    assert events(parse(anonymous_get(feed_b["feed_url"]))) == {}
    # a guessed token, a bearer token of another client
    assert anonymous_get(f"{live(client_a)}calendar-feeds/{'x' * 43}/calendar.ics").status_code == 404
    assert api_b.get(live(client_a) + "my-live-calendar.ics").status_code == 401
    assert api_b.post(live(client_a) + "calendar-feed/").status_code == 401
    # the header-authenticated paths need a token at all
    assert ApiClient().get(live(client_a) + "my-live-calendar.ics").status_code == 401


def test_one_student_cannot_rotate_or_read_through_another(client_a, as_user, schedule):
    """Each user has their own token; rotating one leaves the other's working."""
    api_1, _ = as_user(client_a)
    api_2, _ = as_user(client_a)
    one, two = subscribe(api_1, client_a), subscribe(api_2, client_a)
    subscribe(api_1, client_a)  # user 1 rotates
    assert anonymous_get(one["feed_url"]).status_code == 404
    assert anonymous_get(two["feed_url"]).status_code == 200


def test_deactivated_user_feed_stops(client_a, as_user, in_a, schedule):
    api, student = as_user(client_a)
    feed = subscribe(api, client_a)
    with in_a():
        student.is_active = False
        student.save(update_fields=["is_active"])
    assert anonymous_get(feed["feed_url"]).status_code == 404


def test_live_class_file_and_missing_class(client_a, student_a, schedule):
    api, _ = student_a
    calendar = parse(api.get(live(client_a) + f"live-activities/{schedule['python'].id}/calendar.ics"))
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["Python live"]
    missing = api.get(live(client_a) + "live-activities/999999/calendar.ics")
    assert missing.status_code == 404


def test_platform_admin_cannot_subscribe_but_reads_the_feed(client_a, platform_admin, schedule):
    api, _ = platform_admin
    assert api.post(live(client_a) + "calendar-feed/").status_code == 403
    assert api.get(live(client_a) + "calendar-feed/").json()["active"] is False
    assert len(events(parse(api.get(live(client_a) + "my-live-calendar.ics")))) == 4


@pytest.mark.parametrize("extra", [0, 5])
def test_query_budget(extra, client_a, student_a, schedule, in_a, assert_queries):
    api, _ = student_a
    feed = subscribe(api, client_a)
    with in_a():
        for n in range(extra):
            LiveClass.objects.create(title=f"Extra {n}", scheduled_time=START + timedelta(hours=n))
            AssessmentFactory(start_time=START, end_time=START + timedelta(hours=n + 1))
    with assert_queries(3):  # token and its user, live classes, assessments
        assert len(events(parse(anonymous_get(feed["feed_url"])))) == 4 + 2 * extra
    with assert_queries(3):  # user + session, live classes, assessments
        assert len(events(parse(api.get(live(client_a) + "my-live-calendar.ics")))) == 4 + 2 * extra
