"""Request and response schemas of the Community Forum API."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from tenant_apps.accounts.models import User

VoteTypeName = Literal["upvote", "downvote"]


class AuthorOut(Schema):
    """A user as shown next to what they wrote or teach; also used by live classes."""

    id: int
    user_name: str
    name: str
    profile_pic_url: str
    role: str

    @staticmethod
    def resolve_name(obj: User) -> str:
        return f"{obj.first_name} {obj.last_name}".strip()


class TagOut(Schema):
    id: int
    name: str


class TagIn(Schema):
    name: str = Field(..., min_length=1, max_length=50)


class ThreadIn(Schema):
    title: str = Field(..., min_length=1, max_length=255)
    body: str = Field(..., min_length=1)
    tag_ids: list[int] = []


class ThreadUpdateIn(Schema):
    title: str | None = Field(None, min_length=1, max_length=255)
    body: str | None = Field(None, min_length=1)
    tag_ids: list[int] | None = None


class ThreadOut(Schema):
    id: int
    title: str
    body: str
    author: AuthorOut | None
    tags: list[TagOut]
    upvotes: int
    downvotes: int
    bookmarks_count: int
    comments_count: int
    created_at: datetime
    updated_at: datetime


class ReplyOut(Schema):
    """A comment in a tree: ``replies`` nest to any depth."""

    id: int
    body: str
    author: AuthorOut | None
    parent: int | None = Field(None, alias="parent_id")
    upvotes: int
    downvotes: int
    replies: list[ReplyOut] = Field(..., alias="reply_list")
    created_at: datetime
    updated_at: datetime


class CommentOut(ReplyOut):
    pass


class ThreadDetailOut(ThreadOut):
    comments: list[ReplyOut] = Field(..., alias="comment_tree")


class CommentIn(Schema):
    body: str = Field(..., min_length=1)
    parent_id: int | None = None


class CommentUpdateIn(Schema):
    body: str = Field(..., min_length=1)


class VoteIn(Schema):
    vote_type: VoteTypeName


class VoteOut(Schema):
    id: int
    vote_type: str | None
    message: str


class BookmarkOut(Schema):
    id: int
    message: str
