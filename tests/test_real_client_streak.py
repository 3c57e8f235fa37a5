"""Contract test for the monthly streak as both web clients draw it (docs/real-client.md,
"Monthly streak").

Their streak calendars read ``year``, ``month`` and ``streak``: an object with one key per day
of the month (``YYYY-MM-DD``) whose value says whether the learner was active that day. The
older build printed "No Streak data available" without ``streak``, beside a streak count of
several days. The contract's ``current_streak``, ``longest_streak`` and ``monthly_days`` stay.
"""

from calendar import monthrange
from datetime import date, timedelta

import pytest
from django_tenants.utils import schema_context

from tenant_apps.dashboard.periods import utc_today
from tenant_apps.dashboard.tests.helpers import event

pytestmark = pytest.mark.django_db


def streak_path(client_id: int, month: str | None = None) -> str:
    path = f"/api/clients/{client_id}/student/monthly-streak/"
    return path + (f"?month={month}" if month else "")


def test_the_streak_calendar_has_every_day_of_the_month_and_marks_the_active_ones(client_a, as_user):
    api, student = as_user(client_a, role="student")
    today = utc_today()
    active = {today - timedelta(days=back) for back in (1, 2)}
    with schema_context(client_a.schema_name):
        for day in active:
            event(student, day)
    body = api.get(streak_path(client_a.id)).json()
    assert {"current_streak", "longest_streak", "monthly_days"} <= set(body)  # the contract's numbers stay
    assert (body["year"], body["month"]) == (today.year, today.month)
    assert isinstance(body["year"], int) and isinstance(body["month"], int)
    days_in_month = monthrange(today.year, today.month)[1]
    expected = {
        date(today.year, today.month, n).isoformat(): date(today.year, today.month, n) in active
        for n in range(1, days_in_month + 1)
    }
    assert body["streak"] == expected
    assert all(isinstance(value, bool) for value in body["streak"].values())
    assert sorted(int(key[-2:]) for key, on in body["streak"].items() if on) == body["monthly_days"]


def test_a_past_month_is_drawn_as_that_month(client_a, as_user):
    api, _ = as_user(client_a, role="student")
    body = api.get(streak_path(client_a.id, "2024-02")).json()
    assert (body["year"], body["month"]) == (2024, 2)
    assert len(body["streak"]) == 29 and set(body["streak"].values()) == {False}  # a leap year's February
    assert min(body["streak"]) == "2024-02-01" and max(body["streak"]) == "2024-02-29"


def test_another_clients_token_cannot_read_this_clients_streak(client_a, client_b, as_user):
    outsider, _ = as_user(client_b, role="student")
    assert outsider.get(streak_path(client_a.id)).status_code in (401, 403)


def test_a_bad_month_is_a_400(client_a, as_user):
    api, _ = as_user(client_a, role="student")
    assert api.get(streak_path(client_a.id, "2024-13")).status_code == 400
