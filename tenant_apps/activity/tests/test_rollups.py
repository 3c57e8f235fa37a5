"""The daily rollup (``DailyActivity``): what the writes keep equals what ``rebuild_rollups``
recomputes from the raw rows, on the client's days; a time zone change rebuilds it."""

import json
from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django_tenants.utils import schema_context

from tenant_apps.accounts.actor import Actor
from tenant_apps.activity import services
from tenant_apps.activity.models import DailyActivity, UserActivity
from tenant_apps.activity.rollups import rollups_rebuild
from tenant_apps.lms.models import Enrollment
from tenant_apps.lms.tests.factories import course_build
from tenants.models import Client
from tenants.services import client_update
from tenants.timezone import client_today

KOLKATA = "Asia/Kolkata"


def rollup_rows() -> list[tuple]:
    return list(
        DailyActivity.objects.order_by("user_id", "day").values_list("user_id", "day", "events", "seconds", "minutes")
    )


@pytest.fixture
def learners(client_a, make_user):
    """Two students enrolled in a course of every content type, in client A (Kolkata time)."""
    Client.objects.filter(id=client_a.id).update(timezone=KOLKATA)
    client_a.refresh_from_db()
    students = [make_user(client_a), make_user(client_a)]
    with schema_context(client_a.schema_name):
        course = course_build()
        for student in students:
            Enrollment.objects.create(course=course, user=student)
        contents = {c.content_type: c for c in course.modules.get().submodules.get().contents.all()}
    return [Actor.at_home(student, client_a) for student in students], course, contents


def test_rebuild_equals_the_incremental_rollup_after_mixed_writes(client_a, learners):
    # given: events, log entries and time (today and on earlier days, capped at 24 h) by two users
    (first, second), course, contents = learners
    with schema_context(client_a.schema_name):
        today = client_today()
        for kind in ("view", "start", "complete"):
            services.activity_record(actor=first, course=course, content=contents["Article"], activity_type=kind)
        services.activity_record(actor=first, course=course, content=contents["Article"], activity_type="complete")
        for _ in range(2):  # a first attempt, then one riding in one statement
            services.content_activity_create(
                actor=second,
                course=course,
                content=contents["Quiz"],
                activity_type=None,
                metadata=None,
                content_kind="Quiz",
                answers=[{"questionIndex": 0, "selectedOption": "B"}],
            )
        services.activity_log_create(actor=first, action="login")
        services.activity_log_create(actor=second, action="login")
        for back, minutes in ((0, 7), (0, 5), (1, 30), (3, 61)):
            services.time_track(
                actor=first, content_id=contents["VideoTutorial"].id, minutes=minutes, day=today - timedelta(days=back)
            )
        services.time_track(actor=second, content_id=contents["Article"].id, minutes=20 * 60, day=today)
        services.time_track(actor=second, content_id=contents["Quiz"].id, minutes=20 * 60, day=today)  # capped
        services.platform_time_track(actor=first, seconds=90, day=today)
        services.platform_time_track(actor=first, seconds=45, day=today - timedelta(days=1))
        incremental = rollup_rows()
        # when
        rollups_rebuild()
        # then
        assert rollup_rows() == incremental
        by_day = {(uid, day): (events, seconds, minutes) for uid, day, events, seconds, minutes in incremental}
        assert by_day[(first.user.id, today)] == (5, 12 * 60 + 90, 12 + 1)
        assert by_day[(first.user.id, today - timedelta(days=1))] == (0, 30 * 60 + 45, 30)
        assert by_day[(second.user.id, today)] == (3, 24 * 60 * 60, 24 * 60)


def test_the_command_repairs_and_a_time_zone_change_moves_the_days(
    client_a, learners, django_capture_on_commit_callbacks
):
    # given: an event at 12:00 UTC on June 10 (17:30 that day in Kolkata), rolled up
    (first, _), course, contents = learners
    noon = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
    with schema_context(client_a.schema_name):
        event = services.activity_record(actor=first, course=course, content=contents["Article"], activity_type="view")
        UserActivity.objects.filter(id=event.id).update(created_at=noon)
        rollups_rebuild()
        assert rollup_rows() == [(first.user.id, date(2026, 6, 10), 1, 0, 0)]
        DailyActivity.objects.update(events=99)  # a damaged rollup
    # when: the command runs, then the client moves to UTC+14 (02:00 on June 11 there)
    out = StringIO()
    call_command("rebuild_rollups", "--client-id", str(client_a.id), stdout=out)
    with schema_context(client_a.schema_name):
        repaired = rollup_rows()
    with django_capture_on_commit_callbacks(execute=True):
        client_update(client=Client.objects.get(id=client_a.id), changes={"timezone": "Pacific/Kiritimati"})
    # then
    assert json.loads(out.getvalue()) == {"clients": 1, "rows": {str(client_a.id): 1}}
    assert repaired == [(first.user.id, date(2026, 6, 10), 1, 0, 0)]
    with schema_context(client_a.schema_name):
        assert rollup_rows() == [(first.user.id, date(2026, 6, 11), 1, 0, 0)]


def test_rollup_rows_stay_in_their_clients_schema(client_a, client_b, learners, make_user):
    (first, _), course, contents = learners
    with schema_context(client_a.schema_name):
        services.activity_record(actor=first, course=course, content=contents["Article"], activity_type="view")
        assert len(rollup_rows()) == 1
    with schema_context(client_b.schema_name):
        assert rollup_rows() == []
