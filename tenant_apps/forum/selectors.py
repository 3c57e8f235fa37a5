"""Reads for the forum. Counts are correlated subqueries (no row multiplication between
votes, bookmarks and comments); comment trees are built in Python from one query."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, IntegerField, Model, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from core.errors import FieldErrors
from core.queries import of_user
from tenant_apps.accounts.actor import Actor
from tenant_apps.forum.errors import CommentNotFound, ThreadNotFound
from tenant_apps.forum.models import Bookmark, Comment, CommentVote, Tag, Thread, ThreadVote, VoteType


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
        tag_q = Q(tag_id=int(tag)) if tag.isdigit() else Q(tag__name__iexact=tag)
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
