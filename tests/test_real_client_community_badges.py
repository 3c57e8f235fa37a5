"""Contract tests for the newer build's badges card on a community member page
(docs/real-client.md, "Community profiles").

The page asks ``badges/?user_id=<member>`` beside the profile and shows a card only when the
answer is a non-empty array: per badge its ``name``, ``description``, ``icon`` (an icon
name), ``color`` (a hex colour it appends an alpha to), ``earned`` (dims the others) and a
"<earned> / <all> earned" count; rows are keyed by ``key``. Badges are a catalogue of rules
over the member's forum rows (``forum/badges.py``), earned on the date the rows first met
them.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django_tenants.utils import schema_context

from tenant_apps.accounts.tests.factories import UserFactory
from tenant_apps.forum.badges import CATALOGUE
from tenant_apps.forum.models import Comment, Follow, Thread, ThreadVote
from tenant_apps.forum.tests.factories import CommentFactory, ThreadFactory
from tests.queries import StatementCount

BADGE_TYPES = {"key": str, "name": str, "description": str, "icon": str, "color": str, "kind": str, "earned": bool}
KINDS = {"milestone", "quality", "community", "special"}
T0 = datetime(2026, 5, 4, 8, 30, tzinfo=UTC)


def badges_of(client, user_id: int | None = None) -> str:
    query = f"?user_id={user_id}" if user_id is not None else ""
    return f"/community-forum/api/clients/{client.id}/badges/{query}"


def test_every_badge_has_what_the_card_reads_and_real_dates(client_a, as_user, make_user):
    # given: a member with 1 thread (dated T0), 1 comment (T0 + 1 h) and an upvote on the thread
    api, me = as_user(client_a)
    author, fan = make_user(client_a), make_user(client_a)
    with schema_context(client_a.schema_name):
        thread = ThreadFactory(author=author)
        Thread.objects.filter(id=thread.id).update(created_at=T0)
        comment = CommentFactory(thread=thread, author=author)
        Comment.objects.filter(id=comment.id).update(created_at=T0 + timedelta(hours=1))
        vote = ThreadVote.objects.create(thread=thread, user=fan, vote_type="upvote")
        ThreadVote.objects.filter(id=vote.id).update(updated_at=T0 + timedelta(hours=2))
        Follow.objects.create(follower=me, following=author)
    # when
    response = api.get(badges_of(client_a, author.id))
    # then: the whole catalogue, in its order, typed as the card reads it
    assert response.status_code == 200, response.raw
    rows = response.json()
    assert [row["key"] for row in rows] == [rule.key for rule in CATALOGUE]
    for row in rows:
        assert set(row) == {*BADGE_TYPES, "earned_at"}
        assert all(isinstance(row[field], kind) for field, kind in BADGE_TYPES.items()), row
        assert re.fullmatch(r"#[0-9a-f]{6}", row["color"]) and row["icon"].startswith("mdi:")
        assert row["kind"] in KINDS and (row["earned_at"] is not None) == row["earned"]
    earned = {row["key"]: row["earned_at"] for row in rows if row["earned"]}
    assert set(earned) == {"first_thread", "first_reply", "well_received", "first_follower"}
    assert datetime.fromisoformat(earned["first_thread"]) == T0
    assert datetime.fromisoformat(earned["first_reply"]) == T0 + timedelta(hours=1)
    assert datetime.fromisoformat(earned["well_received"]) == T0 + timedelta(hours=2)


def test_without_user_id_the_answer_is_the_callers_own(client_a, as_user):
    api, me = as_user(client_a)
    with schema_context(client_a.schema_name):
        ThreadFactory(author=me)
    mine = {row["key"] for row in api.get(badges_of(client_a)).json() if row["earned"]}
    assert mine == {"first_thread"}
    assert api.get(badges_of(client_a)).json() == api.get(badges_of(client_a, me.id)).json()


@pytest.mark.parametrize("bad", ["0", "-3", "abc", "1.5", ""])
def test_a_bad_user_id_is_a_400(client_a, as_user, bad):
    api, _ = as_user(client_a)
    response = api.get(f"/community-forum/api/clients/{client_a.id}/badges/?user_id={bad}")
    assert response.status_code == 400, response.raw


def test_unknown_deactivated_and_other_clients_members_are_404(client_a, client_b, as_user, make_user):
    api_a, _ = as_user(client_a)
    gone = make_user(client_a, is_active=False)
    with schema_context(client_b.schema_name):
        theirs = [UserFactory() for _ in range(4)][-1]
        ThreadFactory(author=theirs)
    for user_id in (gone.id, theirs.id, 999_999):
        response = api_a.get(badges_of(client_a, user_id))
        assert response.status_code == 404 and response.json()["detail"] == "User not found."
    # client A's token on client B's path; no token at all
    assert api_a.get(badges_of(client_b, theirs.id)).status_code == 401
    assert api_a.with_token(None).get(badges_of(client_a)).status_code == 401


def test_a_visiting_platform_admin_reads_members_badges_but_has_none(client_a, platform_admin, make_user):
    root, _ = platform_admin
    them = make_user(client_a)
    assert len(root.get(badges_of(client_a, them.id)).json()) == len(CATALOGUE)
    assert root.get(badges_of(client_a)).status_code == 403


@pytest.mark.parametrize("size", [1, 12])
def test_badges_cost_the_same_statements_whatever_the_activity(client_a, as_user, make_user, size):
    api, _ = as_user(client_a)
    author = make_user(client_a)
    fans = [make_user(client_a) for _ in range(size)]
    with schema_context(client_a.schema_name):
        threads = [ThreadFactory(author=author) for _ in range(size)]
        for fan in fans:
            CommentFactory(thread=threads[0], author=author)
            ThreadVote.objects.create(thread=threads[0], user=fan, vote_type="upvote")
            Follow.objects.create(follower=fan, following=author)
    api.get(badges_of(client_a, author.id))  # the client lookup is cached after this
    with StatementCount(3):  # auth, the member, the badges
        rows = api.get(badges_of(client_a, author.id)).json()
    assert sum(row["earned"] for row in rows) >= 4
