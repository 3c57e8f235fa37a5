"""Many toggles of one like, bookmark or vote at the same moment, each request on its own
database connection: every answer is a 200 and no row is duplicated.

Before the toggles became ``INSERT ... ON CONFLICT`` upserts, 49 simultaneous
``toggle-like`` calls gave a few 500s (a unique violation surfacing from ``get_or_create``
when another toggle deleted the row it lost to).

Like ``tenant_apps/assessment/tests/test_concurrency.py``, these commit their own rows
through ``django_db_blocker.unblock()`` (other connections cannot see a test transaction)
and delete them afterwards.
"""

from __future__ import annotations

import contextlib
import uuid

import pytest
from django.test import Client as HttpClient
from django_tenants.utils import schema_context

from tenant_apps.accounts.services import session_start
from tenant_apps.accounts.tests.factories import UserFactory
from tenant_apps.assessment.tests.concurrency import run_together
from tenants.models import Client
from tenants.schema import use_public_schema

SIMULTANEOUS = 30
ROUNDS = 3


@contextlib.contextmanager
def committed_world(django_db_blocker, make_target):
    """(client, user, token, target) committed in ``alpha``; removed afterwards."""
    with django_db_blocker.unblock():
        client = Client.objects.get(slug="alpha")
        with schema_context(client.schema_name):
            user = UserFactory(email=f"race-{uuid.uuid4().hex[:8]}@x.test")
            target = make_target(user)
            token = session_start(user=user, client_id=client.id).access
        use_public_schema()
        try:
            yield client, user, token, target
        finally:
            with schema_context(client.schema_name):
                target.delete()
                user.delete()
            use_public_schema()


def hammer(url: str, token: str) -> list[tuple[int, bytes]]:
    def toggle():
        response = HttpClient().post(url, headers={"Authorization": f"Bearer {token}"}, content_type="application/json")
        return response.status_code, response.content

    results = []
    for _ in range(ROUNDS):
        results += run_together([toggle] * SIMULTANEOUS)
    return results


def new_course(user):
    from tenant_apps.lms.tests.factories import CourseFactory

    return CourseFactory(title=f"Race {uuid.uuid4().hex[:8]}")


def new_thread(user):
    from tenant_apps.forum.tests.factories import ThreadFactory

    return ThreadFactory(author=user)


def test_simultaneous_course_like_toggles_never_fail(django_db_setup, django_db_blocker):
    from tenant_apps.lms.models import CourseLike

    with committed_world(django_db_blocker, new_course) as (client, user, token, course):
        results = hammer(f"/lms/clients/{client.id}/courses/{course.id}/toggle-like/", token)

        assert {status for status, _ in results} == {200}, [r for r in results if r[0] != 200][:3]
        with django_db_blocker.unblock(), schema_context(client.schema_name):
            assert CourseLike.objects.filter(course=course, user=user).count() <= 1


def test_simultaneous_bookmark_toggles_never_fail(django_db_setup, django_db_blocker):
    from tenant_apps.forum.models import Bookmark

    with committed_world(django_db_blocker, new_thread) as (client, user, token, thread):
        results = hammer(f"/community-forum/api/clients/{client.id}/threads/{thread.id}/bookmark/", token)

        assert {status for status, _ in results} == {200}, [r for r in results if r[0] != 200][:3]
        with django_db_blocker.unblock(), schema_context(client.schema_name):
            assert Bookmark.objects.filter(thread=thread, user=user).count() <= 1


@pytest.mark.parametrize("vote_type", ["upvote", "downvote"])
def test_simultaneous_votes_never_fail(django_db_setup, django_db_blocker, vote_type):
    from tenant_apps.forum.models import ThreadVote

    with committed_world(django_db_blocker, new_thread) as (client, user, token, thread):
        url = f"/community-forum/api/clients/{client.id}/threads/{thread.id}/vote/"

        def vote():
            response = HttpClient().post(
                url,
                {"vote_type": vote_type},
                content_type="application/json",
                headers={"Authorization": f"Bearer {token}"},
            )
            return response.status_code, response.content

        results = []
        for _ in range(ROUNDS):
            results += run_together([vote] * SIMULTANEOUS)

        assert {status for status, _ in results} == {200}, [r for r in results if r[0] != 200][:3]
        with django_db_blocker.unblock(), schema_context(client.schema_name):
            rows = list(ThreadVote.objects.filter(thread=thread, user=user).values_list("vote_type", flat=True))
            assert rows in ([], [vote_type])
