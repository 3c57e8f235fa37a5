"""Reads for the forum. Counts are correlated subqueries (no row multiplication between
votes, bookmarks and comments); comment trees are built in Python from one query."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact

from core.errors import FieldErrors
from core.queries import of_user
from core.untrusted_input import id_from_text
from tenant_apps.accounts.actor import Actor
from tenant_apps.accounts.models import HANDLE_DROPS, User, public_name_handle, public_name_lower
from tenant_apps.forum import reputation
from tenant_apps.forum.errors import CommentNotFound, MemberNotFound, ThreadNotFound
from tenant_apps.forum.models import Bookmark, Comment, CommentVote, Follow, Tag, Thread, ThreadVote, VoteType


def _count(model: type[Model], fk: str, **filters: Any) -> Coalesce:
    rows = model._default_manager.filter(**{fk: OuterRef("pk")}, **filters).order_by().values(fk)
    return Coalesce(Subquery(rows.annotate(n=Count("*")).values("n")), 0, output_field=IntegerField())


def _with_vote_counts(queryset: QuerySet[Any], vote_model: type[Model], fk: str) -> QuerySet[Any]:
    counted: QuerySet[Any] = queryset.annotate(
        upvotes=_count(vote_model, fk, vote_type=VoteType.UPVOTE),
        downvotes=_count(vote_model, fk, vote_type=VoteType.DOWNVOTE),
    )
    return counted


def _threads() -> QuerySet[Thread]:
    threads = Thread.objects.select_related("author").prefetch_related(Prefetch("tags", Tag.objects.order_by("name")))
    rows: QuerySet[Thread] = _with_vote_counts(threads, ThreadVote, "thread").annotate(
        bookmarks_count=_count(Bookmark, "thread"),
        comments_count=_count(Comment, "thread"),
    )
    return rows


def thread_list(
    *,
    actor: Actor,
    tag: str | None = None,
    search: str | None = None,
    author_id: int | None = None,
    bookmarked: bool | None = None,
) -> QuerySet[Thread]:
    """Newest first. ``tag`` is a tag id or a tag name (case-insensitive); ``search`` looks in
    title and body; ``bookmarked=true`` keeps the caller's bookmarks (``false`` the others)."""
    threads = _threads().order_by("-created_at", "-id")
    if tag:
        tag_id = id_from_text(tag)
        tag_q = Q(tag_id=tag_id) if tag_id is not None else Q(tag__name__iexact=tag)
        threads = threads.filter(Exists(Thread.tags.through.objects.filter(tag_q, thread_id=OuterRef("pk"))))
    if search:
        threads = threads.filter(Q(title__icontains=search) | Q(body__icontains=search))
    if author_id is not None:
        threads = threads.filter(author_id=author_id)
    if bookmarked is not None:
        user_id = actor.local_user_id
        mine = Exists(Bookmark.objects.filter(of_user(user_id), thread=OuterRef("pk")))
        threads = threads.filter(mine if bookmarked else ~mine)
    return threads


def thread_get(*, thread_id: int) -> Thread:
    """The bare thread (for writes and existence checks)."""
    thread = Thread.objects.filter(id=thread_id).first()
    if thread is None:
        raise ThreadNotFound()
    return thread


def thread_detail(*, thread_id: int) -> Thread:
    """The thread with counts, tags and ``comment_tree`` (top-level comments with nested
    ``reply_list``): three queries whatever the number of comments."""
    thread = _threads().filter(id=thread_id).first()
    if thread is None:
        raise ThreadNotFound()
    thread.comment_tree = comment_tree(comments=list(_comments(thread_id=thread_id)))
    return thread


# --- comments ----------------------------------------------------------------------------


def _comments(*, thread_id: int) -> QuerySet[Comment]:
    comments = Comment.objects.filter(thread_id=thread_id).select_related("author").order_by("created_at", "id")
    return _with_vote_counts(comments, CommentVote, "comment")


def comment_tree(*, comments: list[Comment]) -> list[Comment]:
    """Link loaded comments into trees via ``reply_list``; returns the roots in order."""
    by_id = {comment.id: comment for comment in comments}
    roots: list[Comment] = []
    for comment in comments:
        comment.reply_list = []
    for comment in comments:
        parent = by_id.get(comment.parent_id) if comment.parent_id is not None else None
        (parent.reply_list if parent is not None else roots).append(comment)
    return roots


def comment_list(*, thread_id: int) -> list[Comment]:
    """Top-level comments of the thread with their replies nested: two queries."""
    thread_get(thread_id=thread_id)
    return comment_tree(comments=list(_comments(thread_id=thread_id)))


def comment_detail(*, thread_id: int, comment_id: int) -> Comment:
    """One comment with its replies nested: one query (the thread's comments)."""
    comments = list(_comments(thread_id=thread_id))
    comment_tree(comments=comments)
    for comment in comments:
        if comment.id == comment_id:
            return comment
    raise CommentNotFound()


def comment_get(*, thread_id: int, comment_id: int) -> Comment:
    comment = Comment.objects.filter(id=comment_id, thread_id=thread_id).first()
    if comment is None:
        raise CommentNotFound()
    return comment


# --- tags --------------------------------------------------------------------------------


def tag_list() -> QuerySet[Tag]:
    return Tag.objects.order_by("name", "id")


def tags_by_ids(*, tag_ids: list[int]) -> list[Tag]:
    tags = list(Tag.objects.filter(id__in=set(tag_ids)))
    missing = set(tag_ids) - {tag.id for tag in tags}
    if missing:
        raise FieldErrors({"tag_ids": f"Unknown tag ids: {', '.join(map(str, sorted(missing)))}."})
    return tags


# --- members (H's community profiles) ------------------------------------------------------


def members() -> QuerySet[User]:
    """The accounts a profile can be shown for: this client's users (the path's schema; a
    platform admin has no row here) that are neither deactivated nor deleted."""
    return User.objects.filter(is_active=True, deleted_at__isnull=True)


def member_get(*, user_id: int) -> User:
    user = members().filter(id=user_id).first()
    if user is None:
        raise MemberNotFound()
    return user


def _handle(text: str) -> str:
    """What a user name is matched on: lowercase ASCII letters and digits only, so the
    ``@ana.smith``, ``@ana_smith`` and ``@AnaSmith`` of H's mentions all find "Ana Smith".
    The Python twin of ``accounts.models.public_name_handle`` (the indexed SQL side)."""
    return re.sub(HANDLE_DROPS, "", text.lower())


def members_named(*, username: str) -> QuerySet[User]:
    """The members whose user name matches ``username``, best first: the exact spelling
    (ignoring case) before the other spellings of the same handle, then the oldest account.
    Filtered on the index ``accounts_user_name_handle_idx`` (an exact spelling has the same
    handle, so the handle's matches hold it): only the rows sharing the handle are read and
    ordered. Empty for a name without letters or digits."""
    handle = _handle(username)
    if not handle:
        return members().none()
    exact = Case(
        When(Exact(public_name_lower(), Value(username.strip().lower())), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return members().alias(_handle=public_name_handle()).filter(_handle=handle).order_by(exact, "id")


def member_by_username(*, username: str) -> User:
    """The member whose ``user_name`` (``User.public_name``: first and last name, else
    "Member <id>", as every author card shows it) is ``username``: exactly (ignoring case)
    first, else by ``_handle``; of several, the oldest account. 404 when none. Never by the
    e-mail's local part: that told anyone whether an address had a nameless account here.
    One query (``members_named``)."""
    user = members_named(username=username).first()
    if user is None:
        raise MemberNotFound()
    return user


@dataclass(frozen=True)
class MemberStats:
    threads: int
    comments: int
    upvotes_received: int
    downvotes_received: int
    accepted_answers: int
    bounties_won: int


@dataclass(frozen=True)
class MemberProfile:
    """A member as their community profile shows them: public fields only (no e-mail or
    phone), counts from the forum's own rows, points from ``reputation``."""

    id: int
    user_name: str
    name: str
    profile_pic_url: str
    role: str
    date_joined: datetime
    is_self: bool
    is_followed_by_me: bool
    follower_count: int
    following_count: int
    stats: MemberStats
    xp: reputation.Standing


def _active(prefix: str) -> dict[str, Any]:
    """Filters keeping rows whose ``prefix`` user can still be shown."""
    return {f"{prefix}__is_active": True, f"{prefix}__deleted_at__isnull": True}


def member_profile(*, actor: Actor, user_id: int) -> MemberProfile:
    """One query: the user with every count as a correlated subquery."""
    viewer_id = actor.local_user_id
    up, down = VoteType.UPVOTE, VoteType.DOWNVOTE
    user = (
        members()
        .filter(id=user_id)
        .annotate(
            n_threads=_count(Thread, "author"),
            n_comments=_count(Comment, "author"),
            thread_up=_count(ThreadVote, "thread__author", vote_type=up),
            thread_down=_count(ThreadVote, "thread__author", vote_type=down),
            comment_up=_count(CommentVote, "comment__author", vote_type=up),
            comment_down=_count(CommentVote, "comment__author", vote_type=down),
            n_followers=_count(Follow, "following", **_active("follower")),
            n_following=_count(Follow, "follower", **_active("following")),
            followed_by_me=Exists(Follow.objects.filter(of_user(viewer_id, "follower_id"), following=OuterRef("pk"))),
        )
        .first()
    )
    if user is None:
        raise MemberNotFound()
    a: Any = user  # the annotations
    stats = MemberStats(
        threads=a.n_threads,
        comments=a.n_comments,
        upvotes_received=a.thread_up + a.comment_up,
        downvotes_received=a.thread_down + a.comment_down,
        accepted_answers=0,  # this forum has no accepted answers (reputation's docstring)
        bounties_won=0,  # nor bounties
    )
    balance = reputation.points(
        threads=stats.threads,
        comments=stats.comments,
        upvotes_received=stats.upvotes_received,
        downvotes_received=stats.downvotes_received,
    )
    return MemberProfile(
        id=user.id,
        user_name=user.public_name,
        name=f"{user.first_name} {user.last_name}".strip(),
        profile_pic_url=user.profile_pic_url,
        role=user.role,
        date_joined=user.date_joined,
        is_self=viewer_id == user.id,
        is_followed_by_me=a.followed_by_me,
        follower_count=a.n_followers,
        following_count=a.n_following,
        stats=stats,
        xp=reputation.standing(balance),
    )


def member_threads(*, user_id: int) -> QuerySet[Thread]:
    """The member's threads, newest first (the author index), with the list's counts."""
    return _threads().filter(author_id=user_id).order_by("-created_at", "-id")


def member_comments(*, user_id: int) -> QuerySet[Comment]:
    """The member's comments, newest first, each with its thread's id and title."""
    comments = Comment.objects.filter(author_id=user_id).select_related("thread").order_by("-created_at", "-id")
    return _with_vote_counts(comments.defer("thread__body"), CommentVote, "comment")


def following_feed(*, actor: Actor) -> QuerySet[Thread]:
    """Threads by the members the caller follows, newest first."""
    followed = Follow.objects.filter(of_user(actor.local_user_id, "follower_id"), following=OuterRef("author_id"))
    return _threads().filter(Exists(followed)).order_by("-created_at", "-id")


def my_following(*, actor: Actor) -> QuerySet[Follow]:
    """The caller's follows of members that can still be shown, newest first."""
    rows = Follow.objects.filter(of_user(actor.local_user_id, "follower_id"), **_active("following"))
    return rows.select_related("follower", "following").order_by("-created_at", "-id")
