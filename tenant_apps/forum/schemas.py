"""Request and response schemas of the Community Forum API."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from tenant_apps.accounts.models import User

VoteTypeName = Literal["upvote", "downvote"]


class MemberCardOut(Schema):
    """A user as shown next to what they wrote or teach; also used by live classes."""

    id: int
    user_name: str
    name: str
    profile_pic_url: str
    role: str

    @staticmethod
    def resolve_user_name(obj: User) -> str:
        return obj.public_name

    @staticmethod
    def resolve_name(obj: User) -> str:
        return f"{obj.first_name} {obj.last_name}".strip()


class ForumTagOut(Schema):
    id: int
    name: str


class ForumTagIn(Schema):
    name: str = Field(..., min_length=1, max_length=50)


class ForumThreadIn(Schema):
    title: str = Field(..., min_length=1, max_length=255)
    body: str = Field(..., min_length=1)
    tag_ids: list[int] = []


class ForumThreadUpdateIn(Schema):
    title: str | None = Field(None, min_length=1, max_length=255)
    body: str | None = Field(None, min_length=1)
    tag_ids: list[int] | None = None


class ForumThreadOut(Schema):
    id: int
    title: str
    body: str
    author: MemberCardOut | None
    tags: list[ForumTagOut]
    upvotes: int
    downvotes: int
    bookmarks_count: int
    comments_count: int
    created_at: datetime
    updated_at: datetime


class ForumReplyOut(Schema):
    """A comment in a tree: ``replies`` nest to any depth."""

    id: int
    body: str
    author: MemberCardOut | None
    parent: int | None = Field(None, alias="parent_id")
    upvotes: int
    downvotes: int
    replies: list[ForumReplyOut] = Field(..., alias="reply_list")
    created_at: datetime
    updated_at: datetime


class ForumCommentOut(ForumReplyOut):
    pass


class ForumThreadDetailOut(ForumThreadOut):
    comments: list[ForumReplyOut] = Field(..., alias="comment_tree")


class ForumCommentIn(Schema):
    body: str = Field(..., min_length=1)
    parent_id: int | None = None


class ForumCommentUpdateIn(Schema):
    body: str = Field(..., min_length=1)


class ForumVoteIn(Schema):
    vote_type: VoteTypeName


class ForumVoteOut(Schema):
    id: int
    vote_type: str | None
    message: str


class ForumBookmarkOut(Schema):
    id: int
    message: str


# --- members (H's community profiles) ------------------------------------------------------


class ForumXPOut(Schema):
    """Community points and tier, computed from forum activity (``forum/reputation.py``)."""

    balance: int
    tier: Literal["bronze", "silver", "gold", "platinum"]
    tier_display: str
    next_tier_threshold: int | None
    progress_pct: int = Field(..., ge=0, le=100)


class ForumMemberStatsOut(Schema):
    threads: int
    comments: int
    upvotes_received: int
    downvotes_received: int
    accepted_answers: int = Field(..., description="Always 0: this forum has no accepted answers.")
    bounties_won: int = Field(..., description="Always 0: this forum has no bounties.")


class ForumMemberProfileOut(Schema):
    """A member's public profile: no e-mail, no phone."""

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
    xp: ForumXPOut
    stats: ForumMemberStatsOut


class ForumCommentThreadOut(Schema):
    id: int
    title: str


class ForumMemberCommentOut(Schema):
    """One of a member's comments, with the thread it is on."""

    id: int
    body: str
    thread: ForumCommentThreadOut
    parent: int | None = Field(None, alias="parent_id")
    upvotes: int
    downvotes: int
    is_accepted: bool = Field(False, description="Always false: this forum has no accepted answers.")
    created_at: datetime
    updated_at: datetime


class ForumFollowOut(Schema):
    user_id: int
    is_followed_by_me: bool
    follower_count: int
    message: str


class ForumFollowedUserOut(Schema):
    id: int
    follower: MemberCardOut
    following: MemberCardOut
    created_at: datetime


# --- badges and the leaderboard (H's community extras) --------------------------------------

TierName = Literal["bronze", "silver", "gold", "platinum"]
PeriodName = Literal["all", "week", "month"]


class ForumBadgesQuery(Schema):
    user_id: int | None = Field(None, ge=1, description="Whose badges; the caller's own when omitted.")


class ForumBadgeOut(Schema):
    """A badge of the catalogue (``forum/badges.py``) and whether this member earned it."""

    key: str
    name: str
    description: str
    icon: str = Field(..., description="An Iconify icon name.")
    color: str = Field(..., description="A CSS hex colour.")
    kind: Literal["milestone", "quality", "community", "special"]
    earned: bool
    earned_at: datetime | None = Field(..., description="When the member's activity first met the rule, else null.")


class ForumLeaderboardQuery(Schema):
    period: PeriodName = Field("all", description="All time, this calendar week (from Monday) or month, client time.")
    limit: int = Field(50, ge=1, le=100, description="How many members, best first.")


class ForumLeaderboardUserOut(Schema):
    """A member's card (as ``MemberCardOut``) with their all-time tier."""

    id: int
    user_name: str
    name: str
    profile_pic_url: str
    role: str
    xp_tier: TierName


class ForumLeaderboardEntryOut(Schema):
    rank: int = Field(..., description="1 for the most points; ties share a rank.")
    user: ForumLeaderboardUserOut
    xp: int = Field(..., description="Points earned in the period.")
    period: PeriodName


class ForumLeaderboardOut(Schema):
    period: PeriodName
    since: datetime | None = Field(..., description="When the period began; null for all time.")
    results: list[ForumLeaderboardEntryOut]
