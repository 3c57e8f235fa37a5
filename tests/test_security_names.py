"""A member without a name must not be shown to other members by their e-mail's local part
(the ``attack3`` review).

``User.user_name`` falls back to the e-mail's local part (``grace.hopper`` of
``grace.hopper@uni.test``), and every card other learners see printed it: forum authors,
community profiles and ``by-username`` (which also answered "is there a member
grace.hopper?"), the community leaderboard, course comments and the course and dashboard
leaderboards. Those leaderboards show a peer's e-mail to staff only; the local part gave
most of it to everyone (admins often import learners by e-mail, without names). Other
members now see ``User.public_name``: the name, else "Member <id>".
"""

from __future__ import annotations

import uuid

import pytest
from django_tenants.utils import schema_context

from tenant_apps.forum.tests.factories import ThreadFactory
from tenant_apps.lms.models import ContentProgress, Enrollment
from tenant_apps.lms.tests.factories import course_build

pytestmark = pytest.mark.django_db


def forum(client) -> str:
    return f"/community-forum/api/clients/{client.id}/"


@pytest.fixture
def nameless(client_a, make_user):
    local = f"grace.hopper{uuid.uuid4().hex[:6]}"
    return make_user(client_a, first_name="", last_name="", email=f"{local}@uni.test")


def _local(user) -> str:
    return user.email.split("@")[0]


def test_the_forum_shows_no_local_part_to_other_members(client_a, as_user, nameless):
    # given: a nameless member who wrote a thread, and another learner
    with schema_context(client_a.schema_name):
        ThreadFactory(author=nameless, title="Hello")
    api, _ = as_user(client_a)
    expected = f"Member {nameless.id}"
    # when
    threads = api.get(forum(client_a) + "threads/").json()
    profile = api.get(forum(client_a) + f"users/{nameless.id}/").json()
    board = api.get(forum(client_a) + "leaderboard/").json()
    # then
    [thread] = [row for row in threads if row["title"] == "Hello"]
    assert thread["author"]["user_name"] == expected
    assert profile["user_name"] == expected
    [entry] = [row for row in board["results"] if row["user"]["id"] == nameless.id]
    assert entry["user"]["user_name"] == expected
    for body in (threads, profile, board):
        assert _local(nameless) not in str(body)


def test_by_username_does_not_answer_for_a_local_part(client_a, as_user, nameless):
    api, _ = as_user(client_a)
    by_name = forum(client_a) + "users/by-username/"
    # the local part is no name here: nothing to find
    assert api.get(by_name + _local(nameless) + "/").status_code == 404
    # the name other members see finds them, as their @mentions spell it
    for spelling in (f"Member {nameless.id}", f"member{nameless.id}", f"member_{nameless.id}"):
        response = api.get(by_name + spelling + "/")
        assert response.status_code == 200, spelling
        assert response.json()["id"] == nameless.id


def test_the_course_leaderboard_and_comments_show_no_local_part(client_a, as_user, nameless):
    # given: the nameless learner is on a course board and commented on the course
    api, viewer = as_user(client_a, first_name="Viewer")
    with schema_context(client_a.schema_name):
        course = course_build(content_types=("Article",))
        [article] = course.modules.get().submodules.get().contents.all()
        for user in (viewer, nameless):
            Enrollment.objects.create(course=course, user=user)
        ContentProgress.objects.create(user=nameless, content=article, is_completed=True)
    lms = f"/lms/clients/{client_a.id}/courses/{course.id}/"
    # when
    board = api.get(lms + "leaderboard/").json()
    overall = api.get(f"/api/clients/{client_a.id}/overall-leaderboard/").json()
    # then
    for rows in (board, overall):
        [row] = [row for row in rows if row["id"] == nameless.id]
        assert (row["name"], row["user_name"], row["user"]["user_name"]) == (f"Member {nameless.id}",) * 3
        assert row["email"] is None
        assert _local(nameless) not in str(rows)
