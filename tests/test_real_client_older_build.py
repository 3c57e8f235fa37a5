"""Contract tests in our words for the older web build (V, Vite, Dec 2025) dashboard widgets
that read fields the contract does not have: the daily-goal bar (``user-daily-time-spent/``
read as ``{timespent, units}``) and the hours graph (``hours-spent-graph/?range=last-N-days``
read as ``{date_range[], hours_spent[], units}``). Neither conflicts in JSON type with the
contract's fields, so both answer the contract's fields and V's together under every profile."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django_tenants.utils import schema_context

from tenant_apps.dashboard.periods import utc_today
from tenant_apps.dashboard.tests.helpers import contents_of, track
from tenant_apps.lms.tests.factories import course_build
from tests.queries import StatementCount


def student_path(client, rest: str) -> str:
    return f"/api/clients/{client.id}/student/{rest}"


def test_daily_goal_bar_reads_todays_minutes(client_a, as_user, make_user):
    # given: 25 minutes today, 30 six days ago; another learner's hour today
    api, me = as_user(client_a)
    other = make_user(client_a)
    today = utc_today()
    with schema_context(client_a.schema_name):
        first, second = contents_of(course_build(content_types=("Article", "Quiz")))
        track(me, first, today, 20)
        track(me, second, today, 5)
        track(me, first, today - timedelta(days=6), 30)
        track(other, first, today, 60)
    # when
    body = api.get(student_path(client_a, "user-daily-time-spent/")).json()
    yesterday = api.get(student_path(client_a, f"user-daily-time-spent/?end_date={today - timedelta(days=6)}")).json()
    # then: V's number beside the contract's series
    assert (body["timespent"], body["units"]) == (25, "minutes")
    assert body["total_minutes"] == 55 and len(body["daily_time"]) == 7
    assert yesterday["timespent"] == 30  # the range's last day


def test_hours_graph_reads_the_last_n_days(client_a, as_user):
    # given: 90 minutes today, 30 ten days ago
    api, me = as_user(client_a)
    today = utc_today()
    with schema_context(client_a.schema_name):
        (content,) = contents_of(course_build(content_types=("Article",)))
        track(me, content, today, 90)
        track(me, content, today - timedelta(days=10), 30)
    # when
    default = api.get(student_path(client_a, "hours-spent-graph/")).json()
    fortnight = api.get(student_path(client_a, "hours-spent-graph/?range=last-15-days")).json()
    year = api.get(student_path(client_a, "hours-spent-graph/?period=year&range=last-366-days")).json()
    # then
    assert default["units"] == "hours"
    assert default["date_range"] == [(today - timedelta(days=n)).isoformat() for n in range(6, -1, -1)]
    assert default["hours_spent"] == [0.0] * 6 + [1.5]
    assert len(default["data"]) == 7 and default["data"][-1] == {"period": today.isoformat(), "hours": 1.5}
    assert len(fortnight["date_range"]) == 15 and sum(fortnight["hours_spent"]) == 2.0
    assert all(isinstance(hours, float) for hours in fortnight["hours_spent"])  # V sums and calls toFixed
    assert len(year["date_range"]) == 366 and sum(row["hours"] for row in year["data"]) == 2.0


@pytest.mark.parametrize("bad", ["last-0-days", "last-367-days", "last-7", "7", "last--1-days", "last-1000-days"])
def test_hours_graph_range_must_be_last_n_days(bad, client_a, as_user):
    api, _ = as_user(client_a)
    response = api.get(student_path(client_a, f"hours-spent-graph/?range={bad}"))
    assert response.status_code == 400 and "range" in str(response.json())


def test_older_build_widgets_are_the_callers_own_and_per_client(client_a, client_b, api, as_user):
    assert api.get(student_path(client_a, "hours-spent-graph/")).status_code == 401
    student_b, _ = as_user(client_b)
    assert student_b.get(student_path(client_a, "user-daily-time-spent/")).status_code == 401
    assert student_b.get(student_path(client_a, "hours-spent-graph/")).status_code == 401
    assert student_b.get(student_path(client_b, "user-daily-time-spent/")).json()["timespent"] == 0


@pytest.mark.parametrize("days", [1, 30])
def test_older_build_widgets_query_budget(days, client_a, as_user):
    api, me = as_user(client_a)
    today = utc_today()
    with schema_context(client_a.schema_name):
        (content,) = contents_of(course_build(content_types=("Article",)))
        for back in range(days):
            track(me, content, today - timedelta(days=back), 10)
    api.get(student_path(client_a, "hours-spent-graph/"))  # warm the client cache
    with StatementCount(1 + 1):  # auth, minutes per day
        assert api.get(student_path(client_a, f"hours-spent-graph/?range=last-{days}-days")).status_code == 200
    with StatementCount(1 + 1):
        assert api.get(student_path(client_a, "user-daily-time-spent/")).status_code == 200
