"""Contract test for the older build's admin dashboard (`/admin/dashboard`), walked 1 Dec 2026
(session 20): its "Number of students" card was blank (it reads ``number_of_students``; the
contract says ``total_students``) and "Time Spent by Student" said 0 hours beside a week of
tracked time (it sums the last 7, 15 or 30 entries of ``daily_time_spend[{date, time_spent}]``,
hours, and charts them). docs/real-client.md, "V's admin area".

The statements: ``number_of_students`` equals ``total_students``; ``daily_time_spend`` is the
client's last 30 days, oldest first and today last, each with the hours every user tracked on it
(0 for a day without any), as JSON numbers.
"""

from datetime import timedelta

import pytest
from django_tenants.utils import schema_context

from tenant_apps.dashboard.tests.helpers import contents_of, track
from tenant_apps.lms.models import Enrollment
from tenant_apps.lms.tests.factories import course_build
from tenants.timezone import client_today, client_zone
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db


def core(api, client) -> dict:
    response = api.get(f"/admin-dashboard/api/clients/{client.id}/core-admin-dashboard/")
    assert response.status_code == 200, response.json()
    return response.json()


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def test_number_of_students_is_the_contracts_total(client_a, as_user, make_user):
    admin, _ = as_user(client_a, role="admin")
    for _ in range(3):
        make_user(client_a, role="student")
    body = core(admin, client_a)
    assert body["number_of_students"] == body["total_students"] == 3


def test_daily_time_spend_is_thirty_days_of_hours_today_last(client_a, as_user, make_user):
    admin, _ = as_user(client_a, role="admin")
    first, second = make_user(client_a, role="student"), make_user(client_a, role="student")
    with schema_context(client_a.schema_name):
        today = client_today(client_zone())
        course = course_build(content_types=("Article", "Quiz"))
        article, quiz = contents_of(course)
        for user in (first, second):
            Enrollment.objects.create(course=course, user=user)
        track(first, article, today, 45)
        track(second, quiz, today, 30)
        track(first, quiz, today - timedelta(days=2), 90)
        track(first, article, today - timedelta(days=40), 600)  # outside the window
    days = core(admin, client_a)["daily_time_spend"]
    assert len(days) == 30
    assert days[-1]["date"] == today.isoformat() and days[0]["date"] == (today - timedelta(days=29)).isoformat()
    assert [day["date"] for day in days] == sorted(day["date"] for day in days)
    assert all(is_number(day["time_spent"]) for day in days)
    hours = {day["date"]: day["time_spent"] for day in days}
    assert hours[today.isoformat()] == 1.25  # 45 + 30 minutes
    assert hours[(today - timedelta(days=2)).isoformat()] == 1.5
    assert sum(hours.values()) == 2.75


def test_another_clients_time_and_token_stay_out(client_a, client_b, as_user, make_user):
    admin_a, _ = as_user(client_a, role="admin")
    admin_b, _ = as_user(client_b, role="admin")
    learner = make_user(client_b, role="student")
    with schema_context(client_b.schema_name):
        course = course_build(content_types=("Article",))
        (article,) = contents_of(course)
        Enrollment.objects.create(course=course, user=learner)
        track(learner, article, client_today(client_zone()), 60)
    assert sum(day["time_spent"] for day in core(admin_a, client_a)["daily_time_spend"]) == 0
    assert sum(day["time_spent"] for day in core(admin_b, client_b)["daily_time_spend"]) == 1
    assert admin_b.get(f"/admin-dashboard/api/clients/{client_a.id}/core-admin-dashboard/").status_code in (401, 403)


def test_a_student_may_not_read_it(client_a, as_user):
    student, _ = as_user(client_a, role="student")
    assert student.get(f"/admin-dashboard/api/clients/{client_a.id}/core-admin-dashboard/").status_code == 403


@pytest.mark.parametrize("size", [1, 8])
def test_the_series_costs_one_query_whatever_the_tracking(size, client_a, as_user, make_user):
    admin, _ = as_user(client_a, role="admin")
    with schema_context(client_a.schema_name):
        today = client_today(client_zone())
        course = course_build(content_types=("Article",))
        (article,) = contents_of(course)
    users = [make_user(client_a, role="student") for _ in range(size)]
    with schema_context(client_a.schema_name):
        for n, user in enumerate(users):
            Enrollment.objects.create(course=course, user=user)
            track(user, article, today - timedelta(days=n), 6)
    core(admin, client_a)  # warm the client lookup
    with StatementCount(1 + 5):  # auth; students, courses, enrollments, recent activities, minutes per day
        assert sum(day["time_spent"] for day in core(admin, client_a)["daily_time_spend"]) == pytest.approx(size / 10)
