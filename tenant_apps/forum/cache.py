"""What invalidates the forum's cached reads (``core/cache.py`` namespace ``forum``).

The thread list and thread details hold nothing per user (votes and bookmarks are counts),
so a client's rendered threads are shared by all its users until any forum write: model
signals catch saves and deletes (also of the authors, whose cards the threads show) and
tag changes; the services' bulk writes (vote upserts, bookmarks), which send no signal,
call ``forum_changed``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save

from core import cache
from tenant_apps.forum.models import Bookmark, Comment, CommentVote, Tag, Thread, ThreadVote

FORUM = "forum"


def forum_changed() -> None:
    """Call after a bulk forum write (no model signal)."""
    cache.bump(FORUM)


def _on_write(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    cache.bump(FORUM)


def _on_m2m(sender: Any, action: str, **kwargs: Any) -> None:
    if action.startswith("post_"):
        cache.bump(FORUM)


def connect() -> None:
    """Wire the receivers (``ForumConfig.ready``)."""
    for model in (Thread, Comment, ThreadVote, CommentVote, Bookmark, Tag, get_user_model()):
        post_save.connect(_on_write, sender=model, dispatch_uid=f"forum.cache.save.{model.__name__}")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"forum.cache.delete.{model.__name__}")
    m2m_changed.connect(_on_m2m, sender=Thread.tags.through, dispatch_uid="forum.cache.m2m.tags")
