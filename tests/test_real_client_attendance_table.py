"""Contract tests for the older build's admin attendance table (``/admin/attendance``):
``GET /activity/clients/{id}/admin/attendance-activities/`` (docs/real-client.md,
"Attendance (V's admin table)").

Found on the re-walk of 1 Dec 2026: each row showed an empty name, "Expired", "Invalid
Date" twice and 0 attendees for a live roll call with one attendee: the table reads
``name``, ``is_valid``, ``created_by_name``, ``created_at``, ``expires_at`` and
``attendees_count``. The contract's fields stay.
"""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.live_classes.models import Attendance
from tenant_apps.live_classes.tests.factories import AttendanceActivityFactory
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db


def url(client) -> str:
    return f"/activity/clients/{client.id}/admin/attendance-activities/"


def test_a_row_carries_the_tables_names(client_a, as_user):
    api, admin = as_user(client_a, role="admin", first_name="Ada", last_name="Admin")
    _, student = as_user(client_a)
    start = timezone.now() - timedelta(minutes=10)
    with schema_context(client_a.schema_name):
        activity = AttendanceActivityFactory(
            title="Week 1 roll call", scheduled_time=start, duration_minutes=60, created_by=admin
        )
        Attendance.objects.create(activity=activity, user=student)
    [row] = api.get(url(client_a)).json()
    assert row["name"] == row["title"] == "Week 1 roll call"
    assert row["attendees_count"] == row["attendance_count"] == 1
    assert row["is_valid"] is True and row["is_active"] is True
    assert row["created_by_name"] == admin.user_name and row["created_by_name"]
    assert isinstance(row["created_at"], str) and row["created_at"]
    expires = datetime.fromisoformat(row["expires_at"].replace("Z", "+00:00"))
    assert abs(expires - (start + timedelta(minutes=60))) < timedelta(seconds=1)


def test_a_past_or_closed_activity_is_not_valid_and_may_have_no_creator(client_a, as_user):
    api, _ = as_user(client_a, role="admin")
    with schema_context(client_a.schema_name):
        AttendanceActivityFactory(title="past", scheduled_time=timezone.now() - timedelta(hours=3), duration_minutes=60)
        AttendanceActivityFactory(title="closed", is_active=False)
    rows = {row["name"]: row for row in api.get(url(client_a)).json()}
    assert rows["past"]["is_valid"] is False and rows["closed"]["is_valid"] is False
    assert rows["past"]["created_by_name"] is None and rows["past"]["attendees_count"] == 0


def test_the_table_is_admin_only_and_per_client(client_a, client_b, as_user):
    student, _ = as_user(client_a)
    assert student.get(url(client_a)).status_code == 403
    outsider, _ = as_user(client_b, role="admin")
    assert outsider.get(url(client_a)).status_code in (401, 403)


@pytest.mark.parametrize("count", [1, 20])
def test_the_creator_costs_no_query(client_a, as_user, count):
    api, admin = as_user(client_a, role="admin")
    with schema_context(client_a.schema_name):
        AttendanceActivityFactory.create_batch(count, created_by=admin)
    api.get(url(client_a))  # warms the cached client lookup
    with StatementCount(2):  # the user with its session, the activities with counts and creators
        rows = api.get(url(client_a)).json()
    assert len(rows) == count and all(row["created_by_name"] for row in rows)
