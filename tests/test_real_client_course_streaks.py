"""The older build's course cards show a "Day Streak", a week row and "Badges" per course
(docs/real-client.md, "Course cards"): they read ``streak_count`` (a number),
``streak`` (``YYYY-MM-DD`` -> active, the last 7 days) and ``badges`` (a number), and
printed 0 on every card before. The streak is the learner's consecutive active days on that
course (events on it, time tracked on its contents), ending today or yesterday, on the
client's calendar; a badge is a finished module or the course's certificate."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.activity.models import ActivityLog, TimeSpent, UserActivity
from tenant_apps.certificates.models import Certificate
from tenant_apps.lms.course_streaks import card_streak, run_ending
from tenant_apps.lms.models import Enrollment
from tenant_apps.lms.tests.factories import course_build
from tenants.models import Client
from tenants.timezone import client_today, client_zone
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db

LISTS = (
    "/lms/clients/{id}/courses/",
    "/api/clients/{id}/student/enrolled-courses/",
    "/api/clients/{id}/student/continue-learning-courses/",
)


def is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def active_on(user, course, days_back: list[int], *, tracked: tuple[int, ...] = ()) -> None:
    """Events on ``course`` at noon (the client's) ``days_back`` days ago; tracked minutes
    on one of its contents on the ``tracked`` days. Run inside the client's schema."""
    zone = client_zone()
    today = client_today(zone)
    content = course.modules.order_by("weekno").first().submodules.get().contents.first()
    for back in days_back:
        event = UserActivity.objects.create(user=user, course=course, content=content, activity_type="view")
        at = datetime.combine(today - timedelta(days=back), time(12), tzinfo=zone)
        UserActivity.objects.filter(pk=event.pk).update(created_at=at)
    for back in tracked:
        TimeSpent.objects.create(
            user=user, course=course, content=content, date=today - timedelta(days=back), seconds=600, minutes=10
        )


@pytest.fixture
def student_a(as_user, client_a):
    return as_user(client_a, role="student")


@pytest.fixture
def courses(client_a, student_a, make_user):
    """Three enrolled courses: ``busy`` active today and the two days before, then 5 days ago;
    ``tracked`` with time on its contents yesterday and the day before (not today);
    ``quiet`` with nothing of the student's (another learner was busy there)."""
    _, student = student_a
    other = make_user(client_a)
    with schema_context(client_a.schema_name):
        built = {
            name: course_build(modules=2, content_types=("Article",), title=name)
            for name in ("busy", "tracked", "quiet")
        }
        for course in built.values():
            Enrollment.objects.create(course=course, user=student)
        Enrollment.objects.create(course=built["quiet"], user=other)
        active_on(student, built["busy"], [0, 1, 2, 5])
        active_on(student, built["tracked"], [], tracked=(1, 2))
        active_on(other, built["quiet"], [0, 1, 2, 3])
        ActivityLog.objects.create(user=student, action="login")  # on no course: counts for none
        today = client_today()
    return built, today


def week(today: date, active_back: set[int]) -> dict[str, bool]:
    return {(today - timedelta(days=back)).isoformat(): back in active_back for back in range(6, -1, -1)}


@pytest.mark.parametrize("path", LISTS)
def test_each_card_carries_the_learners_streak_on_that_course(path, client_a, student_a, courses):
    api, _ = student_a
    built, today = courses
    rows = {row["id"]: row for row in api.get(path.format(id=client_a.id)).json()}
    busy = rows[built["busy"].id]
    assert is_int(busy["streak_count"]) and busy["streak_count"] == 3
    assert busy["streak"] == week(today, {0, 1, 2, 5})
    assert list(busy["streak"]) == sorted(busy["streak"])  # oldest first, today last
    if built["tracked"].id in rows:  # continue-learning lists courses the learner touched
        tracked = rows[built["tracked"].id]
        assert tracked["streak_count"] == 2  # yesterday and the day before: today is not over
        assert tracked["streak"] == week(today, {1, 2})
    if built["quiet"].id in rows:
        quiet = rows[built["quiet"].id]
        assert quiet["streak_count"] == 0 and not any(quiet["streak"].values())


def test_a_course_the_learner_is_not_enrolled_in_shows_no_streak(client_a, as_user, courses):
    built, _ = courses
    api, _ = as_user(client_a, role="student")
    rows = {row["id"]: row for row in api.get(f"/lms/clients/{client_a.id}/courses/").json()}
    assert rows[built["busy"].id]["streak_count"] == 0
    assert rows[built["busy"].id]["badges"] == 0


@pytest.mark.parametrize("path", LISTS)
def test_badges_count_finished_modules_and_the_certificate(path, client_a, student_a, courses):
    api, student = student_a
    built, _ = courses
    with schema_context(client_a.schema_name):
        week_one = list(built["busy"].modules.get(weekno=1).submodules.get().contents.all())
        Certificate.objects.create(
            user=student, course=built["tracked"], title="tracked", user_name="x", issued_at=timezone.now()
        )
    for content in week_one:  # finishing week 1 of "busy"
        done = api.post(
            f"/activity/clients/{client_a.id}/courses/{built['busy'].id}/content/{content.id}/"
            f"?activity_type={content.content_type}",
            {},
        )
        assert done.status_code in (200, 201), done.json()
    rows = {row["id"]: row for row in api.get(path.format(id=client_a.id)).json()}
    busy = rows[built["busy"].id]
    assert busy["completed_modules"] == 1
    assert is_int(busy["badges"]) and busy["badges"] == 1
    if built["tracked"].id in rows:
        assert rows[built["tracked"].id]["badges"] == 1  # its certificate
    if built["quiet"].id in rows:
        assert rows[built["quiet"].id]["badges"] == 0


@pytest.mark.parametrize("path", LISTS)
def test_the_card_lists_cost_the_same_for_one_and_five_active_courses(path, client_a, student_a):
    api, student = student_a
    url = path.format(id=client_a.id)
    counts = []
    for size in (1, 4):  # 1, then 5 enrolled courses, each active today and yesterday
        with schema_context(client_a.schema_name):
            for _ in range(size):
                course = course_build(modules=1, content_types=("Article",))
                Enrollment.objects.create(course=course, user=student)
                active_on(student, course, [0, 1], tracked=(0,))
        api.get(url)  # fills the client's caches
        with StatementCount() as counted:
            rows = api.get(url).json()
        assert all(row["streak_count"] == 2 for row in rows)
        counts.append(counted.count)
    assert counts[0] == counts[1]


def test_another_clients_token_reads_no_cards_here(client_a, client_b, as_user, courses):
    outsider, _ = as_user(client_b, role="student")
    for path in LISTS:
        assert outsider.get(path.format(id=client_a.id)).status_code in (401, 403)


def test_the_streak_rule():
    today = date(2026, 11, 30)
    assert run_ending({today, today - timedelta(days=1)}, today) == 2
    assert run_ending({today - timedelta(days=1), today - timedelta(days=2)}, today) == 2  # today not over
    assert run_ending({today - timedelta(days=2)}, today) == 0
    card = card_streak([today, today, today - timedelta(days=6)], today)  # repeats count once
    assert card["streak_count"] == 1
    assert list(card["streak"].values()) == [True, False, False, False, False, False, True]


def test_a_completion_shows_on_the_next_read_for_that_learner_only(client_a, student_a, as_user, courses):
    """The card lists are served from the client's cache; the streak days come with the
    caller's own standing, so a new active day shows at once, and only on its learner's cards."""
    api, _ = student_a
    built, today = courses
    peer_api, peer = as_user(client_a, role="student")
    with schema_context(client_a.schema_name):
        Enrollment.objects.create(course=built["tracked"], user=peer)
        content = built["tracked"].modules.order_by("weekno").first().submodules.get().contents.first()
    tracked = built["tracked"].id
    for path in LISTS[:2]:  # both warm before the write
        assert {row["id"]: row for row in api.get(path.format(id=client_a.id)).json()}[tracked]["streak_count"] == 2
        assert {row["id"]: row for row in peer_api.get(path.format(id=client_a.id)).json()}[tracked][
            "streak_count"
        ] == 0
    done = api.post(
        f"/activity/clients/{client_a.id}/courses/{tracked}/content/{content.id}/?activity_type=Article", {}
    )
    assert done.status_code in (200, 201), done.json()
    for path in LISTS[:2]:
        mine = {row["id"]: row for row in api.get(path.format(id=client_a.id)).json()}[tracked]
        assert mine["streak_count"] == 3  # today, yesterday, the day before
        assert mine["streak"] == week(today, {0, 1, 2})
        theirs = {row["id"]: row for row in peer_api.get(path.format(id=client_a.id)).json()}[tracked]
        assert theirs["streak_count"] == 0 and not any(theirs["streak"].values())


def test_the_streak_days_are_the_clients_days(client_a, as_user):
    """An event a minute after the client's midnight is today's even where UTC's date is
    still yesterday (a zone 14 hours ahead), and one a minute before it is yesterday's."""
    Client.objects.filter(id=client_a.id).update(timezone="Pacific/Kiritimati")
    api, student = as_user(client_a, role="student")
    with schema_context(client_a.schema_name):
        zone = client_zone()
        today = client_today(zone)
        course = course_build(modules=1, content_types=("Article",))
        Enrollment.objects.create(course=course, user=student)
        midnight = datetime.combine(today, time(0), tzinfo=zone)
        for at in (midnight + timedelta(minutes=1), midnight - timedelta(days=2, minutes=1)):
            event = UserActivity.objects.create(user=student, course=course, activity_type="view")
            UserActivity.objects.filter(pk=event.pk).update(created_at=at)
    assert str(zone) == "Pacific/Kiritimati"
    for path in LISTS[:2]:
        card = {row["id"]: row for row in api.get(path.format(id=client_a.id)).json()}[course.id]
        assert card["streak"] == week(today, {0, 3})  # 00:01 today; 23:59 three days back
        assert card["streak_count"] == 1


def _align_ids(clients, tables: tuple[str, ...]) -> None:
    """Make the next id of each of ``tables`` the same in every client's schema."""
    for table in tables:
        sequences = {}
        for client in clients:
            with schema_context(client.schema_name), connection.cursor() as cursor:
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                (sequence,) = cursor.fetchone()
                cursor.execute("SELECT nextval(%s)", [sequence])
                sequences[sequence] = cursor.fetchone()[0]
        top = max(sequences.values()) + 1
        with connection.cursor() as cursor:
            for sequence in sequences:
                cursor.execute("SELECT setval(%s, %s)", [sequence, top])


def test_another_clients_activity_on_the_same_ids_does_not_count(client_a, client_b, as_user):
    """Two clients whose learner and course have the same ids: one learner's activity shows
    on their own client's card only (the days are read in the caller's schema)."""
    _align_ids((client_a, client_b), ("accounts_user", "lms_course"))
    made = {}
    for client in (client_a, client_b):
        api, student = as_user(client, role="student")
        with schema_context(client.schema_name):
            course = course_build(modules=1, content_types=("Article",), title="same")
            Enrollment.objects.create(course=course, user=student)
        made[client.id] = (api, student, course)
    (api_a, student_a, course_a), (api_b, student_b, course_b) = made[client_a.id], made[client_b.id]
    assert (student_a.id, course_a.id) == (student_b.id, course_b.id)
    with schema_context(client_b.schema_name):
        active_on(student_b, course_b, [0, 1, 2])
    for path in LISTS[:2]:
        busy = {row["id"]: row for row in api_b.get(path.format(id=client_b.id)).json()}[course_b.id]
        assert busy["streak_count"] == 3
        card = {row["id"]: row for row in api_a.get(path.format(id=client_a.id)).json()}[course_a.id]
        assert card["streak_count"] == 0 and not any(card["streak"].values())
