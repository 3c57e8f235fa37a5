"""Student APIs 1-9: the learner's dashboard and the leaderboards."""

from datetime import timedelta

import pytest

from tenant_apps.accounts.models import User
from tenant_apps.dashboard.periods import utc_today
from tenant_apps.dashboard.tests.helpers import complete, contents_of, event, log, track
from tenant_apps.lms.models import Enrollment
from tenant_apps.lms.tests.factories import CourseFactory, InstructorFactory, course_build
from tests.queries import StatementCount

TYPES = ("Article", "Quiz")


def base(client) -> str:
    return f"/api/clients/{client.id}/student/"


def test_enrolled_courses_with_completion(student_a, client_a, in_a, make_user):
    # given
    api, student = student_a
    other = make_user(client_a)
    with in_a():
        done_half = course_build(modules=2, content_types=TYPES, title="Half")
        untouched = course_build(content_types=TYPES, title="Untouched")
        hidden = course_build(content_types=TYPES, is_active=False)
        for course in (done_half, untouched, hidden):
            Enrollment.objects.create(course=course, user=student)
        Enrollment.objects.create(course=CourseFactory(), user=other)
        first, second = contents_of(done_half)[:2]
        complete(student, first)
        complete(student, second)
        complete(other, contents_of(untouched)[0])
    # when
    response = api.get(base(client_a) + "enrolled-courses/")
    # then
    assert response.status_code == 200
    rows = response.json()
    assert [row["title"] for row in rows] == ["Untouched", "Half"]  # newest enrollment first
    assert rows[1]["completion_percentage"] == 50.0 and rows[1]["completed_contents"] == 2
    assert rows[0]["completion_percentage"] == 0.0
    assert set(rows[1]) >= {"id", "title", "description", "completion_percentage", "enrolled_at"}
    assert rows[1]["enrolled_at"].endswith("Z") or "+00:00" in rows[1]["enrolled_at"]


def test_continue_learning_points_at_the_next_uncompleted_content(student_a, client_a, in_a):
    # given
    api, student = student_a
    today = utc_today()
    with in_a():
        started = course_build(modules=2, content_types=TYPES, title="Started")
        recent = course_build(content_types=TYPES, title="Recent")
        finished = course_build(content_types=("Article",), title="Finished")
        never = course_build(content_types=TYPES, title="Never opened")
        for course in (started, recent, finished, never):
            Enrollment.objects.create(course=course, user=student)
        week1_a, week1_b, week2_a, _ = contents_of(started)
        complete(student, week1_a, today - timedelta(days=3))
        complete(student, week2_a, today - timedelta(days=3))  # done out of order
        recent_first = contents_of(recent)[0]
        event(student, today - timedelta(days=1), course=recent, content=recent_first)
        complete(student, contents_of(finished)[0], today)
    # when
    rows = api.get(base(client_a) + "continue-learning-courses/").json()
    # then
    assert [row["title"] for row in rows] == ["Recent", "Started"]
    assert rows[1]["next_content"] == {"id": week1_b.id, "title": week1_b.title}
    assert rows[0]["next_content"]["id"] == recent_first.id
    assert rows[1]["last_accessed_at"].startswith((today - timedelta(days=3)).isoformat())


def test_recommended_courses_and_their_reasons(student_a, client_a, in_a, make_user):
    # given
    api, student = student_a
    peer, stranger = make_user(client_a), make_user(client_a)
    with in_a():
        teacher = InstructorFactory(name="Grace")
        mine = CourseFactory(title="Mine")
        mine.instructors.add(teacher)
        same_teacher = CourseFactory(title="Same teacher")
        same_teacher.instructors.add(teacher)
        also_same = CourseFactory(title="Also same teacher")  # newer, no peers: after "Same teacher"
        also_same.instructors.add(teacher)
        peers_pick = CourseFactory(title="Peers pick")
        popular = CourseFactory(title="Popular")
        CourseFactory(title="Brand new")
        CourseFactory(title="Inactive", is_active=False)
        Enrollment.objects.create(course=mine, user=student)
        Enrollment.objects.create(course=mine, user=peer)
        Enrollment.objects.create(course=peers_pick, user=peer)
        Enrollment.objects.create(course=same_teacher, user=peer)
        Enrollment.objects.create(course=popular, user=stranger)
    # when
    rows = api.get(base(client_a) + "recommended-courses/").json()
    # then
    assert [(row["title"], row["reason"]) for row in rows] == [
        ("Same teacher", "Same instructor as Mine"),
        ("Also same teacher", "Same instructor as Mine"),
        ("Peers pick", "Popular with 1 learner who shares a course with you"),
        ("Popular", "Popular: 1 learner enrolled"),
        ("Brand new", "New course"),
    ]
    assert {row["id"] for row in rows}.isdisjoint({mine.id})
    assert len(api.get(base(client_a) + "recommended-courses/?limit=2").json()) == 2


def test_heatmap_counts_events_per_utc_day_with_levels(student_a, client_a, in_a, make_user):
    # given
    api, student = student_a
    other = make_user(client_a)
    today = utc_today()
    with in_a():
        for _ in range(4):
            event(student, today)
        event(student, today - timedelta(days=2), hour=0)
        log(student, today - timedelta(days=2))
        event(student, today - timedelta(days=1), hour=23)
        event(other, today - timedelta(days=1))
        event(student, today - timedelta(days=400))
    # when
    data = api.get(base(client_a) + "user-activity-heatmap/").json()["heatmap_data"]
    # then
    assert len(data) == 365 and data[-1]["date"] == today.isoformat()
    assert data[0]["date"] == (today - timedelta(days=364)).isoformat()
    assert [(row["count"], row["level"]) for row in data[-3:]] == [(2, 2), (1, 1), (4, 4)]
    assert sum(row["count"] for row in data) == 7
    start = (today - timedelta(days=2)).isoformat()
    ranged = api.get(base(client_a) + f"user-activity-heatmap/?start_date={start}&end_date={start}").json()
    assert ranged == {"heatmap_data": [{"date": start, "count": 2, "level": 4}]}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("start_date=2026-13-01", "start_date"),
        ("end_date=yesterday", "end_date"),
        ("start_date=2026-02-01&end_date=2026-01-01", "start_date"),
        ("start_date=2020-01-01&end_date=2026-01-01", "start_date"),
    ],
)
def test_bad_dates_are_400_naming_the_field(student_a, client_a, query, field):
    api, _ = student_a
    for path in ("user-activity-heatmap/", "user-daily-time-spent/"):
        response = api.get(base(client_a) + f"{path}?{query}")
        assert response.status_code == 400 and field in response.json(), response.json()


def test_other_bad_parameters_are_400(student_a, client_a):
    api, _ = student_a
    checks = [
        ("hours-spent-graph/?period=decade", "period"),
        ("monthly-streak/?month=2026-13", "month"),
        ("monthly-streak/?month=November", "month"),
        ("daily-progress-leaderboard/?date=2026-02-30", "date"),
        ("recommended-courses/?limit=0", "limit"),
    ]
    for path, field in checks:
        response = api.get(base(client_a) + path)
        assert response.status_code == 400 and field in response.json(), (path, response.json())
    response = api.get(f"/api/clients/{client_a.id}/overall-leaderboard/?limit=abc")
    assert response.status_code == 400 and "limit" in response.json()


def test_daily_time_spent_per_day_and_total(student_a, client_a, in_a, make_user):
    # given
    api, student = student_a
    other = make_user(client_a)
    today = utc_today()
    with in_a():
        first, second = contents_of(course_build(content_types=TYPES))
        track(student, first, today, 20)
        track(student, second, today, 5)
        track(student, first, today - timedelta(days=6), 30)
        track(student, first, today - timedelta(days=7), 99)  # outside the default week
        track(other, first, today, 60)
    # when
    body = api.get(base(client_a) + "user-daily-time-spent/").json()
    # then
    assert len(body["daily_time"]) == 7
    assert body["daily_time"][0] == {"date": (today - timedelta(days=6)).isoformat(), "minutes": 30}
    assert body["daily_time"][-1] == {"date": today.isoformat(), "minutes": 25}
    assert body["total_minutes"] == 55


def test_hours_spent_graph_buckets(student_a, client_a, in_a):
    # given
    api, student = student_a
    today = utc_today()
    with in_a():
        (content,) = contents_of(course_build(content_types=("Article",)))
        track(student, content, today, 90)
        track(student, content, today - timedelta(days=10), 30)
        track(student, content, today - timedelta(days=200), 60)
    # when
    week = api.get(base(client_a) + "hours-spent-graph/").json()["data"]
    month = api.get(base(client_a) + "hours-spent-graph/?period=month").json()["data"]
    year = api.get(base(client_a) + "hours-spent-graph/?period=year").json()["data"]
    # then
    assert len(week) == 7 and week[-1] == {"period": today.isoformat(), "hours": 1.50}
    assert sum(float(row["hours"]) for row in week) == 1.5
    assert len(month) == 30 and sum(float(row["hours"]) for row in month) == 2.0
    assert len(year) == 12 and year[-1]["period"] == today.strftime("%Y-%m")
    assert sum(float(row["hours"]) for row in year) == 3.0


def test_daily_progress_leaderboard(client_a, in_a, as_user, make_user):
    # given
    api, me = as_user(client_a)
    tied, runner_up = make_user(client_a), make_user(client_a)
    admin = make_user(client_a, role="admin")
    gone = make_user(client_a, is_active=False)
    day = utc_today() - timedelta(days=1)
    with in_a():
        contents = contents_of(course_build(modules=3, content_types=TYPES))
        complete(me, contents[0], day)
        complete(me, contents[1], day)
        track(me, contents[0], day, 5)  # 2 * 10 + 5
        complete(tied, contents[0], day)
        track(tied, contents[0], day, 15)  # 10 + 15
        track(runner_up, contents[0], day, 7)
        complete(runner_up, contents[1], day - timedelta(days=1))  # another day
        complete(admin, contents[0], day)
        complete(gone, contents[0], day)
    # when
    rows = api.get(base(client_a) + f"daily-progress-leaderboard/?date={day.isoformat()}").json()
    # then
    assert [(row["user"]["id"], row["score"], row["rank"]) for row in rows] == [
        (me.id, 25, 1),
        (tied.id, 25, 1),
        (runner_up.id, 7, 3),
    ]
    assert rows[0]["user"] == {"id": me.id, "user_name": me.user_name, "profile_pic_url": me.profile_pic_url}
    assert api.get(base(client_a) + "daily-progress-leaderboard/").json() == []  # today: nothing yet
    assert len(api.get(base(client_a) + f"daily-progress-leaderboard/?date={day}&limit=1").json()) == 1


def test_daily_leaderboard_is_shared_and_sees_every_write(client_a, client_b, in_a, as_user, make_user):
    """The board is ranked once and shared (core/cache.py): the next read after a track-time,
    a completion or a rename through the API shows it; client B never sees client A's board."""
    # given
    api, me = as_user(client_a)
    other_api, other = as_user(client_a)
    with in_a():
        course = course_build(content_types=TYPES)
        Enrollment.objects.create(course=course, user=me)
        Enrollment.objects.create(course=course, user=other)
        first, second = contents_of(course)
    board = base(client_a) + "daily-progress-leaderboard/"
    activity = f"/activity/clients/{client_a.id}/"

    def scores() -> list[tuple[int, int]]:
        return [(row["user"]["id"], row["score"]) for row in api.get(board).json()]

    assert scores() == []
    # when / then: tracked minutes
    tracked = {"content_id": second.id, "time_spent_minutes": 3}
    assert other_api.post(f"{activity}track-time/", tracked).status_code == 200
    assert scores() == [(other.id, 3)]
    # a completion (10 points)
    done = other_api.post(f"{activity}courses/{course.id}/content/{first.id}/?activity_type=Article", {})
    assert done.status_code == 201
    assert scores() == [(other.id, 13)]
    # another learner overtakes
    assert api.post(f"{activity}track-time/", {"content_id": second.id, "time_spent_minutes": 20}).status_code == 200
    assert scores() == [(me.id, 20), (other.id, 13)]
    # a deactivated learner leaves the board
    with in_a():
        User.objects.filter(id=other.id).update(is_active=False)
        User.objects.get(id=other.id).save(update_fields=["is_active"])  # the signal a service's save sends
    assert scores() == [(me.id, 20)]
    # isolation: client B's board is its own
    api_b, _ = as_user(client_b)
    assert api_b.get(base(client_b) + "daily-progress-leaderboard/").json() == []


def test_monthly_streak(student_a, client_a, in_a):
    # given
    api, student = student_a
    today = utc_today()
    with in_a():
        (content,) = contents_of(course_build(content_types=("Article",)))
        # a 3-day run ending yesterday (today not active yet)
        for back in (1, 2, 3):
            event(student, today - timedelta(days=back))
        # a 5-day run long ago, one day of it only tracked time, one only a log entry
        old = today - timedelta(days=100)
        for back in (0, 1, 2):
            event(student, old - timedelta(days=back))
        track(student, content, old - timedelta(days=3), 10)
        log(student, old - timedelta(days=4))
        track(student, content, old - timedelta(days=20), 0)  # zero minutes: not active
    # when
    body = api.get(base(client_a) + "monthly-streak/").json()
    old_month = api.get(base(client_a) + f"monthly-streak/?month={old.strftime('%Y-%m')}").json()
    # then
    assert body["current_streak"] == 3 and body["longest_streak"] == 5
    expected_now = sorted(
        (today - timedelta(days=back)).day for back in (1, 2, 3) if (today - timedelta(days=back)).month == today.month
    )
    assert body["monthly_days"] == expected_now
    expected_old = sorted(
        (old - timedelta(days=back)).day for back in range(5) if (old - timedelta(days=back)).month == old.month
    )
    assert old_month["monthly_days"] == expected_old


def test_overall_leaderboard_sums_scores_over_courses(client_a, in_a, as_user, make_user):
    # given
    api, me = as_user(client_a)
    second, zero = make_user(client_a), make_user(client_a)
    instructor = make_user(client_a, role="instructor")
    with in_a():
        course1 = course_build(content_types=TYPES)
        course2 = course_build(content_types=TYPES)
        for user in (me, second, zero, instructor):
            Enrollment.objects.create(course=course1, user=user)
        Enrollment.objects.create(course=course2, user=me)
        complete(me, contents_of(course1)[0], best_score="3.50")
        complete(me, contents_of(course2)[1], best_score="4.00")
        complete(second, contents_of(course1)[1], best_score="2.00")
        complete(instructor, contents_of(course1)[1], best_score="9.00")
    # when
    rows = api.get(f"/api/clients/{client_a.id}/overall-leaderboard/").json()
    # then
    # score = marks (best scores) + 10 points per completed content; total_score = score rounded
    assert [
        (row["user"]["id"], row["marks"], row["completed_contents"], row["score"], row["total_score"], row["rank"])
        for row in rows
    ] == [
        (me.id, 7.50, 2, 27.50, 28, 1),
        (second.id, 2.00, 1, 12.00, 12, 2),
        (zero.id, 0.00, 0, 0.00, 0, 3),
    ]
    assert len(api.get(f"/api/clients/{client_a.id}/overall-leaderboard/?limit=1").json()) == 1


def test_platform_admin_gets_empty_personal_dashboards(platform_admin, client_a, in_a):
    api, _ = platform_admin
    with in_a():
        course_build(content_types=TYPES)
    assert api.get(base(client_a) + "enrolled-courses/").json() == []
    assert api.get(base(client_a) + "continue-learning-courses/").json() == []
    assert len(api.get(base(client_a) + "recommended-courses/").json()) == 1
    assert api.get(base(client_a) + "monthly-streak/").json()["current_streak"] == 0
    assert api.get(f"/api/clients/{client_a.id}/user-available-certificates/").json() == []


def test_tenant_isolation(client_a, client_b, as_user, in_a):
    api_a, student = as_user(client_a)
    with in_a():
        course = course_build(content_types=("Article",))
        Enrollment.objects.create(course=course, user=student)
    paths = [
        "student/enrolled-courses/",
        "student/continue-learning-courses/",
        "student/recommended-courses/",
        "student/user-activity-heatmap/",
        "student/user-daily-time-spent/",
        "student/hours-spent-graph/",
        "student/daily-progress-leaderboard/",
        "student/monthly-streak/",
        "overall-leaderboard/",
        "user-available-certificates/",
    ]
    api_b, _ = as_user(client_b)
    for path in paths:
        assert api_a.get(f"/api/clients/{client_b.id}/{path}").status_code == 401, path
        assert api_a.get(f"/api/clients/{client_a.id}/{path}").status_code == 200, path
        assert api_b.get(f"/api/clients/{client_a.id}/{path}").status_code == 401, path
        assert api_a.with_token(None).get(f"/api/clients/{client_a.id}/{path}").status_code == 401, path
    # client A's data does not show on client B
    assert api_b.get(f"/api/clients/{client_b.id}/student/recommended-courses/").json() == []


@pytest.mark.parametrize("size", [1, 20])
def test_query_budgets(size, client_a, in_a, student_a, make_user, warm):
    """The same number of queries for 1 and for 20 courses / days / users."""
    api, student = student_a
    today = utc_today()
    with in_a():
        teacher = InstructorFactory()
        for n in range(size):
            course = course_build(content_types=TYPES)
            course.instructors.add(teacher)
            first, second = contents_of(course)
            if n % 2 == 0:
                Enrollment.objects.create(course=course, user=student)
                complete(student, first, today - timedelta(days=n))
                track(student, second, today - timedelta(days=n), 10)
                event(student, today - timedelta(days=n), course=course, content=first)
    for n in range(size):
        peer = make_user(client_a)
        with in_a():
            Enrollment.objects.create(course_id=course.id, user=peer)
            complete(peer, second, today)
    url = base(client_a)
    # every request: 1 query for the user and session
    # the client's course shapes (then cached: lms.learner_reads), the standing (with the
    # active days on each course: the cards' streaks)
    with StatementCount(1 + 3 + 1):
        assert len(api.get(url + "enrolled-courses/").json()) == (size + 1) // 2
    with StatementCount(1 + 1):  # the standing with the active days
        assert len(api.get(url + "enrolled-courses/").json()) == (size + 1) // 2
    with StatementCount(1 + 1):  # courses with last access and next content
        assert len(api.get(url + "continue-learning-courses/").json()) == (size + 1) // 2
    with StatementCount(1 + 1):  # courses with reason annotations
        assert len(api.get(url + "recommended-courses/?limit=50").json()) == size // 2
    with StatementCount(1 + 1):  # events per day (UNION ALL)
        assert api.get(url + "user-activity-heatmap/").status_code == 200
    with StatementCount(1 + 1):  # minutes per day
        assert api.get(url + "user-daily-time-spent/").status_code == 200
    with StatementCount(1 + 1):  # minutes per day
        assert api.get(url + "hours-spent-graph/?period=year").status_code == 200
    with StatementCount(1 + 4):  # the day's completions and minutes per user, the eligible, the shown users
        assert len(api.get(url + "daily-progress-leaderboard/?limit=100").json()) == size + 1
    with StatementCount(1 + 1):  # active days (UNION)
        assert api.get(url + "monthly-streak/").status_code == 200
    with StatementCount(1 + 2):  # enrolled learners, their scores (one GROUP BY)
        assert len(api.get(f"/api/clients/{client_a.id}/overall-leaderboard/?limit=100").json()) == size + 1
