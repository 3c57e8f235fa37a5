"""Contract tests for the newer build's ``/community/leaderboard`` page (docs/real-client.md,
"Community profiles").

The page asks ``leaderboard/?period=all|month|week`` and lists ``results``: per row its
``rank`` (1-3 get a trophy or medal, the others "#n"), ``xp`` (a number it formats), and the
member's card ``user{id, name, user_name, role, profile_pic_url, xp_tier}`` (``name``'s first
letter without a guard; ``xp_tier`` colours the ring, bronze when absent); a row links to
``/community/user/{user.id}``; an empty ``results`` shows "No activity in this window yet".
Points are the ``xp/`` formula (``forum/reputation.py``) over the period.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.accounts.tests.factories import UserFactory
from tenant_apps.forum.leaderboard import MAX_LIMIT
from tenant_apps.forum.models import Comment, Thread, ThreadVote
from tenant_apps.forum.tests.factories import CommentFactory, ThreadFactory
from tests.queries import StatementCount

USER_TYPES = {"id": int, "name": str, "user_name": str, "role": str, "profile_pic_url": str, "xp_tier": str}


def board(client, query: str = "") -> str:
    return f"/community-forum/api/clients/{client.id}/leaderboard/{query}"


def test_rows_have_what_the_page_reads_and_match_each_members_xp(client_a, as_user, make_user):
    # given: Ada 2 threads and 3 upvotes (26), Bob 1 thread (10), Cy 1 comment (5), Dee nothing
    api, me = as_user(client_a)
    ada = make_user(client_a, first_name="Ada", last_name="Lovelace", role="instructor")
    bob, cy, _dee = make_user(client_a), make_user(client_a), make_user(client_a)
    with schema_context(client_a.schema_name):
        first = ThreadFactory(author=ada)
        ThreadFactory(author=ada)
        for voter in (me, bob, cy):
            ThreadVote.objects.create(thread=first, user=voter, vote_type="upvote")
        ThreadFactory(author=bob)
        CommentFactory(thread=first, author=cy)
    # when
    response = api.get(board(client_a, "?period=all"))
    # then
    assert response.status_code == 200, response.raw
    body = response.json()
    assert (body["period"], body["since"]) == ("all", None)
    rows = body["results"]
    ranked = [(row["user"]["id"], row["rank"], row["xp"]) for row in rows]
    assert ranked == [(ada.id, 1, 26), (bob.id, 2, 10), (cy.id, 3, 5)]
    for row in rows:
        assert set(row) == {"rank", "user", "xp", "period"} and row["period"] == "all"
        assert set(row["user"]) == set(USER_TYPES)
        assert all(isinstance(row["user"][field], kind) for field, kind in USER_TYPES.items())
        assert row["user"]["xp_tier"] in {"bronze", "silver", "gold", "platinum"}
        assert "email" not in row["user"] and "phone" not in row["user"]
    assert rows[0]["user"]["name"] == "Ada Lovelace" and rows[0]["user"]["role"] == "instructor"
    # all time, a row's figure is the member's own xp/ balance
    for row in rows:
        profile = api.get(f"/community-forum/api/clients/{client_a.id}/users/{row['user']['id']}/").json()
        assert row["xp"] == profile["xp"]["balance"] and row["user"]["xp_tier"] == profile["xp"]["tier"]


def test_week_and_month_count_only_their_own_activity(client_a, as_user, make_user):
    api, _ = as_user(client_a)
    veteran, newcomer = make_user(client_a), make_user(client_a)
    long_ago = timezone.now() - timedelta(days=70)
    with schema_context(client_a.schema_name):
        for _ in range(10):  # 100 points 70 days ago: silver, but not this week or month
            Thread.objects.filter(id=ThreadFactory(author=veteran).id).update(created_at=long_ago)
        comment = CommentFactory(author=veteran)
        Comment.objects.filter(id=comment.id).update(created_at=long_ago)
        ThreadFactory(author=newcomer)
    for period in ("week", "month"):
        body = api.get(board(client_a, f"?period={period}")).json()
        assert body["period"] == period and body["since"] is not None
        assert [(r["user"]["id"], r["xp"], r["period"]) for r in body["results"]] == [(newcomer.id, 10, period)]
    everyone = api.get(board(client_a)).json()  # period defaults to all
    assert [(r["user"]["id"], r["xp"], r["user"]["xp_tier"]) for r in everyone["results"]] == [
        (veteran.id, 105, "silver"),
        (newcomer.id, 10, "bronze"),
    ]


def test_no_activity_is_an_empty_board(client_a, as_user):
    api, _ = as_user(client_a)
    assert api.get(board(client_a, "?period=week")).json()["results"] == []


def test_limit_cuts_the_board_and_ties_share_a_rank(client_a, as_user, make_user):
    api, _ = as_user(client_a)
    members = [make_user(client_a) for _ in range(4)]
    with schema_context(client_a.schema_name):
        for member in members[:3]:
            ThreadFactory(author=member)  # three tied at 10
        CommentFactory(author=members[3])  # 5
    rows = api.get(board(client_a, "?limit=2")).json()["results"]
    assert [(r["user"]["id"], r["rank"]) for r in rows] == [(members[0].id, 1), (members[1].id, 1)]
    rows = api.get(board(client_a, f"?limit={MAX_LIMIT}")).json()["results"]
    assert [r["rank"] for r in rows] == [1, 1, 1, 4]


@pytest.mark.parametrize(
    "query", ["?period=year", "?period=", "?limit=0", f"?limit={MAX_LIMIT + 1}", "?limit=abc", "?limit=-1"]
)
def test_bad_input_is_a_400(client_a, as_user, query):
    api, _ = as_user(client_a)
    response = api.get(board(client_a, query))
    assert response.status_code == 400, response.raw


def test_other_clients_members_never_appear(client_a, client_b, as_user, make_user):
    api_a, _ = as_user(client_a)
    api_b, _ = as_user(client_b)
    mine = make_user(client_a)
    with schema_context(client_a.schema_name):
        ThreadFactory(author=mine)
    with schema_context(client_b.schema_name):
        theirs = UserFactory()
        ThreadFactory(author=theirs)
        ThreadFactory(author=theirs)
    assert [r["user"]["id"] for r in api_a.get(board(client_a)).json()["results"]] == [mine.id]
    assert [r["user"]["id"] for r in api_b.get(board(client_b)).json()["results"]] == [theirs.id]
    assert api_a.get(board(client_b)).status_code == 401
    assert api_a.with_token(None).get(board(client_a)).status_code == 401


def test_a_deactivated_member_leaves_the_board(client_a, as_user, make_user):
    api, _ = as_user(client_a)
    leaver, stayer = make_user(client_a), make_user(client_a)
    with schema_context(client_a.schema_name):
        ThreadFactory(author=leaver)
        ThreadFactory(author=leaver)
        ThreadFactory(author=stayer)
        leaver.is_active = False
        leaver.save(update_fields=["is_active"])
    rows = api.get(board(client_a)).json()["results"]
    assert [(r["user"]["id"], r["rank"]) for r in rows] == [(stayer.id, 1)]


@pytest.mark.parametrize("size", [1, 15])
def test_the_board_costs_the_same_statements_whatever_its_size(client_a, as_user, make_user, size):
    api, _ = as_user(client_a)
    members = [make_user(client_a) for _ in range(size)]
    with schema_context(client_a.schema_name):
        for member in members:
            thread = ThreadFactory(author=member)
            CommentFactory(thread=thread, author=member)
            ThreadVote.objects.create(thread=thread, user=members[0], vote_type="upvote")
    api.get(f"/community-forum/api/clients/{client_a.id}/badges/")  # the client lookup is cached after this
    for period in ("all", "week", "month"):
        with StatementCount(2):  # auth, the board
            assert len(api.get(board(client_a, f"?period={period}")).json()["results"]) == size
        with StatementCount(1):  # auth: the board is rendered once per forum version
            assert len(api.get(board(client_a, f"?period={period}")).json()["results"]) == size


def test_a_cached_board_follows_every_forum_write(client_a, as_user, make_user):
    api, me = as_user(client_a)
    author, rival = make_user(client_a), make_user(client_a)
    with schema_context(client_a.schema_name):
        thread = ThreadFactory(author=author)
    assert [r["xp"] for r in api.get(board(client_a)).json()["results"]] == [10]
    # a vote through the API (an upsert, no model signal) is counted at the next read
    api.post(f"/community-forum/api/clients/{client_a.id}/threads/{thread.id}/vote/", {"vote_type": "upvote"})
    assert [r["xp"] for r in api.get(board(client_a)).json()["results"]] == [12]
    with schema_context(client_a.schema_name):
        ThreadFactory(author=rival)
        ThreadFactory(author=rival)
    assert [r["user"]["id"] for r in api.get(board(client_a)).json()["results"]] == [rival.id, author.id]
    with schema_context(client_a.schema_name):  # a renamed or deactivated member (a user save)
        rival.first_name = "Renamed"
        rival.save(update_fields=["first_name"])
    assert api.get(board(client_a)).json()["results"][0]["user"]["name"].startswith("Renamed")
    with schema_context(client_a.schema_name):
        rival.is_active = False
        rival.save(update_fields=["is_active"])
    assert [r["user"]["id"] for r in api.get(board(client_a)).json()["results"]] == [author.id]


def test_a_visiting_platform_admin_sees_the_board(client_a, platform_admin, make_user):
    root, _ = platform_admin
    author = make_user(client_a)
    with schema_context(client_a.schema_name):
        ThreadFactory(author=author)
    assert [r["user"]["id"] for r in root.get(board(client_a)).json()["results"]] == [author.id]
