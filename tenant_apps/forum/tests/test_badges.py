"""Badges and the leaderboard computed from forum rows (``forum/badges.py``,
``forum/leaderboard.py``), through the selectors; the HTTP side is in
tests/test_real_client_community_badges.py and ..._leaderboard.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tenant_apps.accounts.actor import Actor
from tenant_apps.forum import badges, leaderboard, reputation, selectors
from tenant_apps.forum.models import Comment, CommentVote, Follow, Thread, ThreadVote
from tenant_apps.forum.tests.factories import CommentFactory, ThreadFactory

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def dated(model, row, minutes: int, field: str = "created_at"):
    """Move a row to ``T0 + minutes`` (auto_now fields ignore what factories pass)."""
    model.objects.filter(id=row.id).update(**{field: at(minutes)})
    return row


def earned(user_id: int) -> dict[str, datetime | None]:
    return {b.key: b.earned_at for b in badges.member_badges(user_id=user_id) if b.earned}


def test_the_catalogue_is_unique_and_covers_every_kind():
    keys = [rule.key for rule in badges.CATALOGUE]
    assert len(keys) == len(set(keys)) == 13
    assert {rule.kind for rule in badges.CATALOGUE} == {"milestone", "quality", "community", "special"}
    assert [r.tier_floor for r in badges.CATALOGUE if r.tier_floor] == [f for _, f in reputation.TIERS if f]


def test_nobody_has_earned_anything_without_activity(client_a, in_a, make_user):
    quiet = make_user(client_a)
    with in_a():
        rows = badges.member_badges(user_id=quiet.id)
    assert [b.key for b in rows] == [rule.key for rule in badges.CATALOGUE]
    assert not any(b.earned or b.earned_at for b in rows)


def test_milestones_are_dated_by_the_nth_post(client_a, in_a, make_user):
    me = make_user(client_a)
    with in_a():
        threads = [dated(Thread, ThreadFactory(author=me), 10 * n) for n in range(10)]
        for n in range(24):
            dated(Comment, CommentFactory(thread=threads[0], author=me), 200 + n)
        ThreadFactory(author=make_user(client_a))  # another member's thread is not mine
        # the 10th thread is also the 100th point: silver
        expected = {"first_thread": at(0), "conversation_starter": at(90), "silver_tier": at(90)}
        assert earned(me.id) == {**expected, "first_reply": at(200)}
        dated(Comment, CommentFactory(thread=threads[1], author=me), 500)
        assert earned(me.id)["helping_hand"] == at(500)
        # deleting the 10th thread takes the badge away; the first stays
        Thread.objects.filter(id=threads[9].id).delete()
        now = earned(me.id)
        assert "conversation_starter" not in now and now["first_thread"] == at(0)


def test_votes_received_are_dated_when_they_took_their_type(client_a, in_a, make_user):
    me = make_user(client_a)
    voters = [make_user(client_a) for _ in range(12)]
    with in_a():
        thread = dated(Thread, ThreadFactory(author=me), 0)
        comment = dated(Comment, CommentFactory(thread=thread, author=me), 1)
        # a downvote that later became an upvote counts from its change
        flipped = ThreadVote.objects.create(thread=thread, user=voters[0], vote_type="downvote")
        dated(ThreadVote, flipped, 5, "updated_at")
        assert "well_received" not in earned(me.id)
        ThreadVote.objects.filter(id=flipped.id).update(vote_type="upvote", updated_at=at(30))
        assert earned(me.id)["well_received"] == at(30)
        # 10 upvotes on one comment: Crowd Favourite at the 10th
        for n, voter in enumerate(voters[1:11]):
            dated(CommentVote, CommentVote.objects.create(comment=comment, user=voter, vote_type="upvote"), 40 + n,
                  "updated_at")  # fmt: skip
        now = earned(me.id)
        assert now["crowd_favourite"] == at(49) and "popular" not in now


def test_follow_badges_count_only_members_that_can_be_shown(client_a, in_a, make_user):
    me = make_user(client_a)
    fans = [make_user(client_a) for _ in range(10)]
    with in_a():
        for n, fan in enumerate(fans):
            dated(Follow, Follow.objects.create(follower=fan, following=me), n)
        for n, fan in enumerate(fans[:5]):
            dated(Follow, Follow.objects.create(follower=me, following=fan), 100 + n)
        assert earned(me.id) == {"first_follower": at(0), "influencer": at(9), "networker": at(104)}
        fans[9].is_active = False
        fans[9].save()
        assert "influencer" not in earned(me.id)


def test_tier_badges_follow_the_points_and_their_first_crossing(client_a, in_a, make_user):
    me = make_user(client_a)
    critics = [make_user(client_a) for _ in range(3)]
    with in_a():
        # 10 threads = 100 points at the 10th (minute 9): silver
        threads = [dated(Thread, ThreadFactory(author=me), n) for n in range(10)]
        assert earned(me.id)["silver_tier"] == at(9)
        # three downvotes later take the balance to 97: no longer silver, like xp/
        for critic in critics:
            dated(ThreadVote, ThreadVote.objects.create(thread=threads[0], user=critic, vote_type="downvote"), 60,
                  "updated_at")  # fmt: skip
        profile = selectors.member_profile(actor=Actor.at_home(me, client_a), user_id=me.id)
        assert profile.xp.balance == 97 and profile.xp.tier == "bronze"
        assert "silver_tier" not in earned(me.id)
        # a comment brings it back to 102; the date stays the first crossing
        dated(Comment, CommentFactory(thread=threads[0], author=me), 90)
        assert earned(me.id)["silver_tier"] == at(9)


# --- the leaderboard ---------------------------------------------------------------------


def test_all_time_figures_are_the_xp_balances_and_ties_share_a_rank(client_a, in_a, make_user):
    ada, bob, cy, idle = (make_user(client_a) for _ in range(4))
    with in_a():
        ThreadFactory(author=ada)
        ThreadFactory(author=ada)  # 20
        t = ThreadFactory(author=bob)  # 10 + 2 x 5 = 20
        for voter in (ada, cy, idle, make_user(client_a), make_user(client_a)):
            ThreadVote.objects.create(thread=t, user=voter, vote_type="upvote")
        CommentFactory(thread=t, author=cy)  # 5
        rows = leaderboard.leaderboard(period="all", since=None, limit=10)
        for row in rows:
            profile = selectors.member_profile(actor=Actor.at_home(ada, client_a), user_id=row.user.id)
            assert row.xp == profile.xp.balance
    assert [(r.user.id, r.rank, r.xp) for r in rows] == [(ada.id, 1, 20), (bob.id, 1, 20), (cy.id, 3, 5)]
    assert idle.id not in {r.user.id for r in rows}
    assert rows[0].user.xp_tier == "bronze" and rows[0].period == "all"


def test_periods_count_only_their_events_and_the_tier_stays_all_time(client_a, in_a, make_user):
    old_timer, newcomer = make_user(client_a), make_user(client_a)
    now = timezone.now()
    with in_a():
        for _ in range(10):  # 100 points, long ago
            Thread.objects.filter(id=ThreadFactory(author=old_timer).id).update(created_at=now - timedelta(days=400))
        CommentFactory(author=old_timer)  # 5 now
        ThreadFactory(author=newcomer)  # 10 now
        since = leaderboard.period_start("week", ZoneInfo("UTC"))
        week = leaderboard.leaderboard(period="week", since=since, limit=10)
        all_time = leaderboard.leaderboard(period="all", since=None, limit=1)
    assert [(r.user.id, r.xp) for r in week] == [(newcomer.id, 10), (old_timer.id, 5)]
    assert week[1].user.xp_tier == "silver"
    assert [(r.user.id, r.xp) for r in all_time] == [(old_timer.id, 105)]


def test_period_starts_are_the_clients_monday_and_first_of_month():
    zone = ZoneInfo("Asia/Kolkata")
    week, month = leaderboard.period_start("week", zone), leaderboard.period_start("month", zone)
    assert week is not None and month is not None
    local_week, local_month = week.astimezone(zone), month.astimezone(zone)
    assert local_week.weekday() == 0 and (local_week.hour, local_week.minute) == (0, 0)
    assert local_month.day == 1 and (local_month.hour, local_month.minute) == (0, 0)
    assert leaderboard.period_start("all", zone) is None


@pytest.mark.parametrize("gone", ["deactivated", "deleted"])
def test_members_who_cannot_be_shown_are_not_ranked(client_a, in_a, make_user, gone):
    kept, hidden = make_user(client_a), make_user(client_a)
    with in_a():
        ThreadFactory(author=kept)
        ThreadFactory(author=hidden)
        ThreadFactory(author=hidden)
        if gone == "deactivated":
            hidden.is_active = False
        else:
            hidden.deleted_at = timezone.now()
        hidden.save()
        rows = leaderboard.leaderboard(period="all", since=None, limit=10)
    assert [(r.user.id, r.rank) for r in rows] == [(kept.id, 1)]
