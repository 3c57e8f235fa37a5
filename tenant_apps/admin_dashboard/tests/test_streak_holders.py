"""Streak holders: H's learner dashboard reads ``student-activity-analytics/`` as a student and
expects ``[{studentName, Present_streak, Active_days, profile_pic_url}]``."""

from datetime import timedelta

import pytest

from tenant_apps.dashboard.periods import utc_today
from tenant_apps.dashboard.tests.helpers import event, log, track
from tenant_apps.lms.tests.factories import course_build


def url(client, query: str = "") -> str:
    return f"/admin-dashboard/api/clients/{client.id}/student-activity-analytics/{query}"


def month_so_far() -> str:
    today = utc_today()
    return f"?start_date={today.replace(day=1).isoformat()}&end_date={today.isoformat()}"


def test_student_reads_streak_holders(client_a, student_a, make_user, in_a):
    # given
    api, me = student_a
    today = utc_today()
    sara = make_user(client_a, first_name="Sara", last_name="Long")
    sam = make_user(client_a, first_name="Sam", last_name="Short")
    idle = make_user(client_a)
    teacher = make_user(client_a, role="instructor")
    with in_a():
        content = course_build(modules=1).modules.first().submodules.first().contents.first()
        for back in range(4):  # Sara: 4 days running, up to today
            event(sara, today - timedelta(days=back))
        log(sam, today - timedelta(days=1))  # Sam: yesterday and the day before (today not over)
        track(sam, content, today - timedelta(days=2), 5)
        event(me, today - timedelta(days=5))  # me: active once, streak broken
        event(idle, today - timedelta(days=400))  # long ago: outside the period, no streak
        event(teacher, today)  # staff are not streak holders
    # when
    response = api.get(url(client_a, f"?start_date={(today - timedelta(days=9)).isoformat()}&end_date={today}"))
    # then
    assert response.status_code == 200, response.json()
    rows = response.json()
    assert [row["user_id"] for row in rows] == [sara.id, sam.id, me.id]
    assert rows[0] == {
        "user_id": sara.id,
        "studentName": "Sara Long",
        "Present_streak": 4,
        "Active_days": 4,
        "profile_pic_url": sara.profile_pic_url,
    }
    assert (rows[1]["Present_streak"], rows[1]["Active_days"]) == (2, 2)
    assert (rows[2]["Present_streak"], rows[2]["Active_days"]) == (0, 1)
    for row in rows:  # the JSON types the widget reads, and nothing private
        assert isinstance(row["studentName"], str) and isinstance(row["profile_pic_url"], str)
        assert isinstance(row["Present_streak"], int) and isinstance(row["Active_days"], int)
        assert "email" not in row


def test_streak_counts_days_before_the_period(client_a, student_a, in_a):
    api, me = student_a
    today = utc_today()
    with in_a():
        for back in range(6):
            event(me, today - timedelta(days=back))
    rows = api.get(url(client_a, f"?start_date={today.isoformat()}&end_date={today.isoformat()}")).json()
    assert (rows[0]["Present_streak"], rows[0]["Active_days"]) == (6, 1)


def test_admins_still_get_the_contract_object(client_a, admin_a, student_a, in_a):
    api, _ = admin_a
    _, me = student_a
    with in_a():
        event(me, utc_today())
    body = api.get(url(client_a, month_so_far())).json()
    assert isinstance(body, dict) and body["total_activities"] == 1 and "daily_breakdown" in body


def test_auth_roles_and_isolation(client_a, client_b, api, as_user, student_a, make_user, in_a):
    assert api.get(url(client_a)).status_code == 401
    instructor, _ = as_user(client_a, role="instructor")
    assert instructor.get(url(client_a)).status_code == 403
    student, _ = student_a
    assert student.get(url(client_b)).status_code == 401
    # client B's students see client B's streaks only
    with in_a():
        event(make_user(client_a), utc_today())
    student_b, _ = as_user(client_b)
    assert student_b.get(url(client_b)).json() == []


@pytest.mark.parametrize("size", [1, 5])
def test_query_budget(size, client_a, student_a, make_user, in_a, assert_queries):
    api, _ = student_a
    today = utc_today()
    with in_a():
        for n in range(size):
            user = make_user(client_a)
            for back in range(n + 1):
                event(user, today - timedelta(days=back))
    with assert_queries(1 + 2):  # auth, every student's active days, the students
        assert len(api.get(url(client_a, month_so_far())).json()) == size
