"""Contract tests for the newer build's community profiles (docs/real-client.md, "Community
profiles").

Its member page asks for the profile, the member's threads and comments (plain arrays) and
follows or unfollows them; its ``@name`` links resolve a user name first. The page reads
the profile's ``xp`` and ``stats`` without a guard, so without them it could only show
"User not found". Points and tiers come from the forum's own rows (``forum/reputation.py``).
"""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest
from django.test import Client as HttpClient
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.accounts.models import User
from tenant_apps.accounts.services import session_start
from tenant_apps.accounts.tests.factories import UserFactory
from tenant_apps.assessment.tests.concurrency import run_together
from tenant_apps.forum.models import CommentVote, Follow, ThreadVote
from tenant_apps.forum.tests.factories import CommentFactory, ThreadFactory
from tenants.models import Client
from tenants.schema import use_public_schema
from tests.queries import StatementCount

# What the page reads of a profile, with the JSON types it expects.
PROFILE_TYPES = {
    "id": int,
    "user_name": str,
    "name": str,
    "profile_pic_url": str,
    "role": str,
    "is_self": bool,
    "is_followed_by_me": bool,
    "follower_count": int,
    "following_count": int,
    "xp": dict,
    "stats": dict,
}
XP_TYPES = {"balance": int, "tier": str, "tier_display": str, "progress_pct": int}
STATS_FIELDS = {"threads", "comments", "upvotes_received", "accepted_answers", "bounties_won"}
THREAD_FIELDS = {"id", "title", "body", "author", "tags", "upvotes", "downvotes", "bookmarks_count"}
THREAD_FIELDS |= {"comments_count", "created_at", "updated_at"}
COMMENT_TYPES = {"id": int, "body": str, "created_at": str, "updated_at": str, "is_accepted": bool}
COMMENT_TYPES |= {"thread": dict, "upvotes": int, "downvotes": int}


def forum(client) -> str:
    return f"/community-forum/api/clients/{client.id}/"


def member(client, user_id: int) -> str:
    return forum(client) + f"users/{user_id}/"


def give_activity(client, author, voters, *, threads: int = 2, comments: int = 3) -> None:
    """``threads`` threads and ``comments`` comments by ``author``; every voter upvotes each
    thread and downvotes the first comment."""
    with schema_context(client.schema_name):
        made = [ThreadFactory(author=author) for _ in range(threads)]
        written = [CommentFactory(thread=made[0] if made else ThreadFactory(), author=author) for _ in range(comments)]
        for voter in voters:
            for thread in made:
                ThreadVote.objects.create(thread=thread, user=voter, vote_type="upvote")
            if written:
                CommentVote.objects.create(comment=written[0], user=voter, vote_type="downvote")


def test_the_profile_has_every_field_the_page_reads_with_real_counts(client_a, as_user, make_user):
    # given: a member with 2 threads, 3 comments, 4 upvotes and 2 downvotes received
    api, me = as_user(client_a)
    author = make_user(client_a, role="instructor", first_name="Ada", last_name="Lovelace", phone="+1555")
    voters = [make_user(client_a), make_user(client_a)]
    give_activity(client_a, author, voters)
    # when
    response = api.get(member(client_a, author.id))
    # then
    assert response.status_code == 200, response.raw
    body = response.json()
    for field, kind in PROFILE_TYPES.items():
        assert isinstance(body[field], kind), field
    assert (body["id"], body["name"], body["user_name"], body["role"]) == (
        author.id,
        "Ada Lovelace",
        "Ada Lovelace",
        "instructor",
    )
    assert body["is_self"] is False and body["is_followed_by_me"] is False
    assert datetime.fromisoformat(body["date_joined"]).date() == timezone.now().date()
    # only public fields: no e-mail, no phone
    assert "email" not in body and "phone" not in body
    assert author.email not in response.raw.decode() and "+1555" not in response.raw.decode()
    stats = body["stats"]
    assert STATS_FIELDS <= set(stats) and all(isinstance(stats[f], int) for f in STATS_FIELDS)
    assert (stats["threads"], stats["comments"], stats["upvotes_received"]) == (2, 3, 4)
    assert (stats["accepted_answers"], stats["bounties_won"]) == (0, 0)
    # points: 10 per thread, 5 per comment, 2 per upvote, -1 per downvote
    xp = body["xp"]
    for field, kind in XP_TYPES.items():
        assert isinstance(xp[field], kind), field
    assert xp["balance"] == 10 * 2 + 5 * 3 + 2 * 4 - 2 == 41
    assert (xp["tier"], xp["tier_display"], xp["next_tier_threshold"], xp["progress_pct"]) == (
        "bronze",
        "Bronze",
        100,
        41,
    )
    # my own profile says so
    mine = api.get(member(client_a, me.id)).json()
    assert mine["is_self"] is True and mine["stats"]["threads"] == 0 and mine["xp"]["balance"] == 0


def test_the_xp_endpoint_is_the_callers_own_standing(client_a, as_user, make_user):
    api, me = as_user(client_a)
    give_activity(client_a, me, [make_user(client_a) for _ in range(5)], threads=12, comments=0)
    xp = api.get(forum(client_a) + "xp/").json()
    # 12 threads x 10 + 60 upvotes x 2 = 240: silver (100..500), 35 % of the way to gold
    assert xp == {
        "balance": 240,
        "tier": "silver",
        "tier_display": "Silver",
        "next_tier_threshold": 500,
        "progress_pct": 35,
    }
    assert api.get(member(client_a, me.id)).json()["xp"] == xp


def test_a_username_finds_the_member_as_mentions_spell_it(client_a, as_user, make_user):
    api, _ = as_user(client_a)
    ada = make_user(client_a, first_name="Ada", last_name="Lovelace")
    nameless = make_user(client_a, first_name="", last_name="", email=f"grace.h-{uuid.uuid4().hex[:6]}@x.test")
    by_name = forum(client_a) + "users/by-username/"
    for spelling in ("Ada Lovelace", "ada%20lovelace", "ada.lovelace", "Ada_Lovelace", "AdaLovelace", "ada-lovelace"):
        response = api.get(by_name + spelling + "/")
        assert response.status_code == 200, spelling
        assert response.json()["id"] == ada.id and set(PROFILE_TYPES) <= set(response.json())
    # a user without a name goes by "Member <id>", as their author card shows it (not by the
    # e-mail's local part: tests/test_security_names.py)
    public = f"Member {nameless.id}"
    assert api.get(by_name + public + "/").json()["id"] == nameless.id
    assert api.get(by_name + public + "/").json()["user_name"] == public
    for unknown in ("nobody-here", "---"):
        response = api.get(by_name + unknown + "/")
        assert response.status_code == 404 and response.json()["detail"] == "User not found."


def test_of_two_matching_names_the_exact_spelling_then_the_oldest_account_wins(client_a, as_user, make_user):
    api, _ = as_user(client_a)
    older = make_user(client_a, first_name="Sam", last_name="Lee")
    make_user(client_a, first_name="Sam", last_name="Lee")
    dotted = make_user(client_a, first_name="Sam.Lee", last_name="")
    by_name = forum(client_a) + "users/by-username/"
    assert api.get(by_name + "samlee/").json()["id"] == older.id
    assert api.get(by_name + "Sam Lee/").json()["id"] == older.id
    assert api.get(by_name + "sam.lee/").json()["id"] == dotted.id


def test_deactivated_deleted_and_unknown_members_are_404(client_a, as_user, make_user):
    api, _ = as_user(client_a)
    gone = make_user(client_a, first_name="Gone", last_name="Away", is_active=False)
    deleted = make_user(client_a, first_name="Deleted", last_name="One", deleted_at=timezone.now())
    for user in (gone, deleted):
        for suffix in ("", "threads/", "comments/"):
            assert api.get(member(client_a, user.id) + suffix).status_code == 404
        assert api.post(member(client_a, user.id) + "follow/").status_code == 404
    assert api.get(forum(client_a) + "users/by-username/gone.away/").status_code == 404
    assert api.get(forum(client_a) + "users/by-username/deleted.one/").status_code == 404
    assert api.get(member(client_a, 987_654)).status_code == 404
    assert api.delete(member(client_a, 987_654) + "follow/").status_code == 404


def test_the_members_threads_and_comments_are_plain_arrays_newest_first(client_a, as_user, make_user):
    api, _ = as_user(client_a)
    author = make_user(client_a)
    with schema_context(client_a.schema_name):
        first, second = ThreadFactory(author=author, title="First"), ThreadFactory(author=author, title="Second")
        ThreadFactory(title="Someone else's")
        on_first = CommentFactory(thread=first, author=author, body="Mine")
        reply = CommentFactory(thread=second, author=author, body="Reply", parent=CommentFactory(thread=second))
        CommentVote.objects.create(comment=on_first, user=make_user(client_a), vote_type="upvote")
    threads = api.get(member(client_a, author.id) + "threads/").json()
    assert [t["id"] for t in threads] == [second.id, first.id]
    assert THREAD_FIELDS <= set(threads[0]) and threads[0]["author"]["id"] == author.id
    comments = api.get(member(client_a, author.id) + "comments/").json()
    assert [c["id"] for c in comments] == [reply.id, on_first.id]
    for comment in comments:
        for field, kind in COMMENT_TYPES.items():
            assert isinstance(comment[field], kind), field
    assert comments[0]["thread"] == {"id": second.id, "title": "Second"} and comments[0]["parent"] == reply.parent_id
    assert (comments[1]["upvotes"], comments[1]["downvotes"], comments[1]["is_accepted"]) == (1, 0, False)


def test_the_lists_page_on_request(client_a, as_user, make_user):
    api, _ = as_user(client_a)
    author = make_user(client_a)
    with schema_context(client_a.schema_name):
        made = [ThreadFactory(author=author) for _ in range(5)]
    response = api.get(member(client_a, author.id) + "threads/?page=2&page_size=2")
    assert [t["id"] for t in response.json()] == [made[2].id, made[1].id]
    assert response.headers["X-Total-Count"] == "5" and 'rel="next"' in response.headers["Link"]
    assert api.get(member(client_a, author.id) + "comments/?page=0").status_code == 400


@pytest.mark.parametrize("size", [1, 6])
def test_profile_and_lists_cost_the_same_statements_whatever_the_activity(client_a, as_user, make_user, size):
    api, me = as_user(client_a)
    author = make_user(client_a)
    voters = [make_user(client_a) for _ in range(size)]
    give_activity(client_a, author, voters, threads=size, comments=size)
    with schema_context(client_a.schema_name):
        for voter in voters:
            Follow.objects.create(follower=voter, following=author)
            Follow.objects.create(follower=author, following=voter)
        Follow.objects.create(follower=me, following=author)
    api.get(member(client_a, author.id))  # the client lookup is cached after this
    with StatementCount(2):  # auth, the profile with every count
        assert api.get(member(client_a, author.id)).json()["follower_count"] == size + 1
    with StatementCount(4):  # auth, the member, the threads, their tags
        assert len(api.get(member(client_a, author.id) + "threads/").json()) == size
    with StatementCount(3):  # auth, the member, the comments with their threads
        assert len(api.get(member(client_a, author.id) + "comments/").json()) == size
    with StatementCount(3):  # auth, the threads of whom I follow, their tags
        assert len(api.get(forum(client_a) + "feed/following/").json()) == size
    with StatementCount(2):  # auth, my follows with both cards
        assert len(api.get(forum(client_a) + "user/following/").json()) == 1
    # auth, the member, the insert, the profile's counts (and the transaction's savepoint pair)
    with StatementCount(6):
        assert api.post(member(client_a, author.id) + "follow/").json()["follower_count"] == size + 1


def test_follow_and_unfollow_are_idempotent_and_counted(client_a, as_user, make_user):
    # given
    api, me = as_user(client_a)
    them = make_user(client_a, first_name="Tim", last_name="Berners")
    with schema_context(client_a.schema_name):
        thread = ThreadFactory(author=them, title="By Tim")
        ThreadFactory(title="By someone I do not follow")
    follow = member(client_a, them.id) + "follow/"
    # when / then: following twice leaves one follow
    for _ in range(2):
        response = api.post(follow)
        assert response.status_code == 200, response.raw
        assert response.json() == {
            "user_id": them.id,
            "is_followed_by_me": True,
            "follower_count": 1,
            "message": "User followed",
        }
    profile = api.get(member(client_a, them.id)).json()
    assert (profile["is_followed_by_me"], profile["follower_count"]) == (True, 1)
    assert api.get(member(client_a, me.id)).json()["following_count"] == 1
    assert [t["id"] for t in api.get(forum(client_a) + "feed/following/").json()] == [thread.id]
    following = api.get(forum(client_a) + "user/following/").json()
    assert len(following) == 1 and following[0]["following"]["id"] == them.id
    assert following[0]["follower"]["id"] == me.id and set(following[0]) == {
        "id",
        "follower",
        "following",
        "created_at",
    }
    # unfollowing twice leaves none
    for _ in range(2):
        response = api.delete(follow)
        assert response.status_code == 200
        assert (response.json()["is_followed_by_me"], response.json()["follower_count"]) == (False, 0)
    assert api.get(forum(client_a) + "feed/following/").json() == []
    with schema_context(client_a.schema_name):
        assert not Follow.objects.exists()


def test_following_oneself_is_a_400(client_a, as_user):
    api, me = as_user(client_a)
    response = api.post(member(client_a, me.id) + "follow/")
    assert response.status_code == 400
    assert response.json()["user_id"] == ["You cannot follow yourself."]
    assert api.get(member(client_a, me.id)).json()["follower_count"] == 0


def test_a_deactivated_follower_is_not_counted(client_a, as_user, make_user):
    api, _ = as_user(client_a)
    them, leaver = make_user(client_a), make_user(client_a)
    api.post(member(client_a, them.id) + "follow/")
    with schema_context(client_a.schema_name):
        Follow.objects.create(follower=leaver, following=them)
    assert api.get(member(client_a, them.id)).json()["follower_count"] == 2
    with schema_context(client_a.schema_name):
        leaver.is_active = False
        leaver.save(update_fields=["is_active"])
    assert api.get(member(client_a, them.id)).json()["follower_count"] == 1


def test_other_clients_are_out_of_reach(client_a, client_b, as_user, make_user):
    # given: a member of each client, client B's with an id client A does not have
    api_a, me = as_user(client_a)
    api_b, _ = as_user(client_b)
    with schema_context(client_b.schema_name):
        theirs = [UserFactory() for _ in range(3)][-1]
    with schema_context(client_a.schema_name):
        assert not User.objects.filter(id=theirs.id).exists()
    # client A's token on client B's paths
    for path in ("", "threads/", "comments/"):
        assert api_a.get(member(client_b, theirs.id) + path).status_code == 401
    assert api_a.post(member(client_b, theirs.id) + "follow/").status_code == 401
    assert api_a.get(forum(client_b) + "users/by-username/x/").status_code == 401
    assert api_a.get(forum(client_b) + "xp/").status_code == 401
    # client B's user id on client A's paths
    assert api_a.get(member(client_a, theirs.id)).status_code == 404
    assert api_a.get(member(client_a, theirs.id) + "threads/").status_code == 404
    assert api_a.post(member(client_a, theirs.id) + "follow/").status_code == 404
    # a name of client A is not found at client B
    assert api_b.get(forum(client_b) + f"users/by-username/{me.first_name}{me.last_name}/").status_code == 404
    # anonymous
    assert api_a.with_token(None).get(member(client_a, me.id)).status_code == 401


def test_a_visiting_platform_admin_reads_profiles_but_cannot_follow(client_a, platform_admin, make_user):
    root, _ = platform_admin
    them = make_user(client_a)
    profile = root.get(member(client_a, them.id)).json()
    assert profile["is_self"] is False and profile["is_followed_by_me"] is False
    assert root.post(member(client_a, them.id) + "follow/").status_code == 403
    assert root.get(forum(client_a) + "xp/").status_code == 403
    assert root.get(forum(client_a) + "feed/following/").json() == []


def test_simultaneous_follows_leave_one_row_and_no_error(django_db_setup, django_db_blocker):
    """30 follows at once, three rounds, each on its own connection: all 200, one row
    (rows committed outside a test transaction, so the other connections see them)."""
    with django_db_blocker.unblock():
        client = Client.objects.get(slug="alpha")
        with schema_context(client.schema_name):
            me = UserFactory(email=f"follow-race-{uuid.uuid4().hex[:8]}@x.test")
            them = UserFactory(email=f"followed-{uuid.uuid4().hex[:8]}@x.test")
            token = session_start(user=me, client_id=client.id).access
        use_public_schema()
        url = member(client, them.id) + "follow/"

        def follow():
            response = HttpClient().post(url, headers={"Authorization": f"Bearer {token}"})
            return response.status_code, response.content

        try:
            results = []
            for _ in range(3):
                results += run_together([follow] * 30)
            assert {status for status, _ in results} == {200}, [r for r in results if r[0] != 200][:3]
            with schema_context(client.schema_name):
                assert Follow.objects.filter(follower=me, following=them).count() == 1
        finally:
            with schema_context(client.schema_name):
                Follow.objects.filter(follower=me).delete()
                me.delete()
                them.delete()
            use_public_schema()
