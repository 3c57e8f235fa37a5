"""Writes for the forum: threads, comments, votes (toggle), bookmarks (toggle), tags,
follows between members."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Model

from core.errors import FieldErrors, PermissionDenied, full_clean
from core.updates import fields_apply, given
from tenant_apps.accounts.actor import Actor
from tenant_apps.forum.cache import forum_changed
from tenant_apps.forum.models import Bookmark, Comment, CommentVote, Follow, Tag, Thread, ThreadVote
from tenant_apps.forum.selectors import member_get, tags_by_ids

M = TypeVar("M", bound=Model)

VOTE_RECORDED = "Vote recorded"
VOTE_REMOVED = "Vote removed"
BOOKMARKED = "Thread bookmarked"
UNBOOKMARKED = "Thread unbookmarked"


def _member_id(actor: Actor) -> int:
    """The caller's row id here; a visiting platform admin has none, so cannot vote or bookmark."""
    return actor.require_local(action="vote or bookmark in a client portal").id


def _require_author_or_admin(obj: Thread | Comment, actor: Actor) -> None:
    if actor.is_admin:
        return
    if obj.author_id is None or obj.author_id != actor.local_user_id:
        raise PermissionDenied()  # the contract's 403 text


def _clean_save(instance: M, **save_kwargs: Any) -> M:
    full_clean(instance, validate_constraints=False)
    instance.save(**save_kwargs)
    return instance


# --- threads -----------------------------------------------------------------------------


@transaction.atomic
def thread_create(*, actor: Actor, title: str, body: str, tag_ids: list[int] | None = None) -> Thread:
    tags = tags_by_ids(tag_ids=tag_ids) if tag_ids else []
    thread = _clean_save(Thread(title=title, body=body, author_id=actor.local_user_id))
    if tags:
        thread.tags.set(tags)
    return thread


@transaction.atomic
def thread_update(
    *, thread: Thread, actor: Actor, title: str | None = None, body: str | None = None, tag_ids: list[int] | None = None
) -> Thread:
    _require_author_or_admin(thread, actor)
    changed = fields_apply(thread, given(title=title, body=body))
    if tag_ids is not None:
        thread.tags.set(tags_by_ids(tag_ids=tag_ids))
    return _clean_save(thread, update_fields=[*changed, "updated_at"])


@transaction.atomic
def thread_delete(*, thread: Thread, actor: Actor) -> None:
    _require_author_or_admin(thread, actor)
    thread.delete()


# --- comments ----------------------------------------------------------------------------


@transaction.atomic
def comment_create(*, thread: Thread, actor: Actor, body: str, parent_id: int | None = None) -> Comment:
    if parent_id is not None and not Comment.objects.filter(id=parent_id, thread=thread).exists():
        raise FieldErrors({"parent_id": "The parent comment must belong to this thread."})
    return _clean_save(Comment(thread=thread, parent_id=parent_id, body=body, author_id=actor.local_user_id))


@transaction.atomic
def comment_update(*, comment: Comment, actor: Actor, body: str) -> Comment:
    _require_author_or_admin(comment, actor)
    comment.body = body
    return _clean_save(comment, update_fields=["body", "updated_at"])


@transaction.atomic
def comment_delete(*, comment: Comment, actor: Actor) -> None:
    """Deletes the comment and its replies."""
    _require_author_or_admin(comment, actor)
    comment.delete()


# --- votes and bookmarks -----------------------------------------------------------------


VoteModel = TypeVar("VoteModel", ThreadVote, CommentVote)


def _vote(model: type[VoteModel], target_field: str, target: Model, actor: Actor, vote_type: str) -> tuple[str, str]:
    """One vote per user and target: the same vote again removes it (toggle), the other
    vote replaces it. Returns (vote_type, message)."""
    user_id = _member_id(actor)
    with transaction.atomic():
        existing = model._default_manager.select_for_update().filter(**{target_field: target}, user_id=user_id).first()
        if existing is None:
            # An upsert: a concurrent first vote (no row to lock yet) is overwritten, never a
            # unique violation.
            model._default_manager.bulk_create(
                [model(**{target_field: target}, user_id=user_id, vote_type=vote_type)],
                update_conflicts=True,
                unique_fields=[target_field, "user"],
                update_fields=["vote_type", "updated_at"],
            )
            forum_changed()  # bulk_create sends no signal
            return vote_type, VOTE_RECORDED
        if existing.vote_type == vote_type:
            existing.delete()
            return vote_type, VOTE_REMOVED
        existing.vote_type = vote_type
        existing.save(update_fields=["vote_type", "updated_at"])
        return vote_type, VOTE_RECORDED


def thread_vote(*, thread: Thread, actor: Actor, vote_type: str) -> tuple[str, str]:
    return _vote(ThreadVote, "thread", thread, actor, vote_type)


def comment_vote(*, comment: Comment, actor: Actor, vote_type: str) -> tuple[str, str]:
    return _vote(CommentVote, "comment", comment, actor, vote_type)


@transaction.atomic
def bookmark_toggle(*, thread: Thread, actor: Actor) -> str:
    user_id = _member_id(actor)
    deleted, _ = Bookmark.objects.filter(thread=thread, user_id=user_id).delete()
    if deleted:
        return UNBOOKMARKED
    # ON CONFLICT DO NOTHING: a concurrent toggle's bookmark stays, once, without a 500.
    Bookmark.objects.bulk_create([Bookmark(thread=thread, user_id=user_id)], ignore_conflicts=True)
    forum_changed()  # bulk_create sends no signal
    return BOOKMARKED


# --- follows -----------------------------------------------------------------------------


FOLLOWED = "User followed"
UNFOLLOWED = "User unfollowed"


@transaction.atomic
def follow(*, actor: Actor, user_id: int) -> str:
    """Idempotent: following someone already followed changes nothing. One
    ``INSERT ... ON CONFLICT DO NOTHING``, so simultaneous follows leave one row and no
    error. 404 for someone who cannot be shown, 400 for oneself."""
    me = actor.require_local(action="follow people in a client portal")
    target = member_get(user_id=user_id)
    if target.id == me.id:
        raise FieldErrors({"user_id": "You cannot follow yourself."})
    Follow.objects.bulk_create([Follow(follower=me, following=target)], ignore_conflicts=True)
    return FOLLOWED


@transaction.atomic
def unfollow(*, actor: Actor, user_id: int) -> str:
    """Idempotent: unfollowing someone not followed changes nothing."""
    me = actor.require_local(action="follow people in a client portal")
    target = member_get(user_id=user_id)
    Follow.objects.filter(follower=me, following=target).delete()
    return UNFOLLOWED


# --- tags --------------------------------------------------------------------------------


@transaction.atomic
def tag_create(*, name: str) -> Tag:
    name = name.strip()
    if not name:
        raise FieldErrors({"name": "This field may not be blank."})
    try:
        with transaction.atomic():
            return _clean_save(Tag(name=name))
    except IntegrityError as exc:  # the case-insensitive unique index is the one check (no racy pre-read)
        raise FieldErrors({"name": "A tag with this name already exists."}) from exc
