"""Members of the forum: profiles, user-name lookup, follows and points, through the
selectors and services (the HTTP side: tests/test_real_client_community_profiles.py)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from core.errors import FieldErrors, PermissionDenied
from tenant_apps.accounts.actor import Actor
from tenant_apps.forum import reputation, selectors, services
from tenant_apps.forum.errors import MemberNotFound
from tenant_apps.forum.models import CommentVote, Follow, ThreadVote
from tenant_apps.forum.tests.factories import CommentFactory, ThreadFactory


@pytest.mark.parametrize(
    ("balance", "expected"),
    [
        (0, ("bronze", "Bronze", 100, 0)),
        (99, ("bronze", "Bronze", 100, 99)),
        (100, ("silver", "Silver", 500, 0)),
        (300, ("silver", "Silver", 500, 50)),
        (499, ("silver", "Silver", 500, 99)),
        (500, ("gold", "Gold", 2000, 0)),
        (1250, ("gold", "Gold", 2000, 50)),
        (2000, ("platinum", "Platinum", None, 100)),
        (10**6, ("platinum", "Platinum", None, 100)),
    ],
)
def test_tiers_and_progress(balance, expected):
    standing = reputation.standing(balance)
    assert standing.balance == balance
    assert (standing.tier, standing.tier_display, standing.next_tier_threshold, standing.progress_pct) == expected


def test_points_follow_the_formula_and_never_go_below_zero():
    assert reputation.points(threads=1, comments=2, upvotes_received=3, downvotes_received=4) == 10 + 10 + 6 - 4
    assert reputation.points(threads=0, comments=0, upvotes_received=0, downvotes_received=7) == 0


def test_the_profile_counts_only_this_members_activity(client_a, in_a, make_user):
    me, them, other = make_user(client_a), make_user(client_a), make_user(client_a)
    with in_a():
        mine = ThreadFactory(author=them)
        theirs = ThreadFactory(author=other)
        comment = CommentFactory(thread=theirs, author=them)
        CommentFactory(thread=mine, author=other)
        ThreadVote.objects.create(thread=mine, user=me, vote_type="upvote")
        ThreadVote.objects.create(thread=theirs, user=me, vote_type="upvote")  # not theirs
        CommentVote.objects.create(comment=comment, user=other, vote_type="upvote")
        CommentVote.objects.create(comment=comment, user=me, vote_type="downvote")
        Follow.objects.create(follower=me, following=them)
        Follow.objects.create(follower=them, following=other)
        profile = selectors.member_profile(actor=Actor.at_home(me, client_a), user_id=them.id)
    assert (profile.stats.threads, profile.stats.comments) == (1, 1)
    assert (profile.stats.upvotes_received, profile.stats.downvotes_received) == (2, 1)
    assert (profile.follower_count, profile.following_count, profile.is_followed_by_me) == (1, 1, True)
    assert profile.xp.balance == 10 + 5 + 4 - 1


def test_follow_rules(client_a, in_a, make_user):
    me, them = make_user(client_a), make_user(client_a)
    gone = make_user(client_a, is_active=False)
    actor = Actor.at_home(me, client_a)
    with in_a():
        assert services.follow(actor=actor, user_id=them.id) == services.FOLLOWED
        assert services.follow(actor=actor, user_id=them.id) == services.FOLLOWED
        assert Follow.objects.filter(follower=me, following=them).count() == 1
        with pytest.raises(FieldErrors):
            services.follow(actor=actor, user_id=me.id)
        with pytest.raises(MemberNotFound):
            services.follow(actor=actor, user_id=gone.id)
        assert services.unfollow(actor=actor, user_id=them.id) == services.UNFOLLOWED
        assert services.unfollow(actor=actor, user_id=them.id) == services.UNFOLLOWED
        assert not Follow.objects.exists()


def test_the_database_refuses_a_second_follow_and_a_self_follow(client_a, in_a, make_user):
    me, them = make_user(client_a), make_user(client_a)
    with in_a():
        Follow.objects.create(follower=me, following=them)
        with pytest.raises(IntegrityError), transaction.atomic():
            Follow.objects.create(follower=me, following=them)
        with pytest.raises(IntegrityError), transaction.atomic():
            Follow.objects.create(follower=me, following=me)


def test_a_visiting_platform_admin_cannot_follow(client_a, public_client, in_a, make_user):
    root = make_user(public_client, role="superadmin")
    them = make_user(client_a)
    visitor = Actor(user=root, token_client=public_client, client=client_a)
    with in_a(), pytest.raises(PermissionDenied):
        services.follow(actor=visitor, user_id=them.id)


def test_username_lookup(client_a, in_a, make_user):
    ada = make_user(client_a, first_name="Ada", last_name="Lovelace")
    only_first = make_user(client_a, first_name="Linus", last_name="")
    make_user(client_a, first_name="Hidden", last_name="Person", is_active=False)
    with in_a():
        assert selectors.member_by_username(username="ADA.LOVELACE").id == ada.id
        assert selectors.member_by_username(username="linus").id == only_first.id
        for missing in ("hidden.person", "", "...", "ada"):
            with pytest.raises(MemberNotFound):
                selectors.member_by_username(username=missing)


def test_erasing_a_student_removes_their_follows_both_ways(client_a, in_a, make_user):
    from tenant_apps.privacy.services import student_erase

    admin, student, friend = make_user(client_a, role="admin"), make_user(client_a), make_user(client_a)
    with in_a():
        Follow.objects.create(follower=student, following=friend)
        Follow.objects.create(follower=friend, following=student)
        student_erase(actor=Actor.at_home(admin, client_a), user=student)
        assert not Follow.objects.exists()
        with pytest.raises(MemberNotFound):
            selectors.member_get(user_id=student.id)
