"""Community badges: a fixed catalogue of rules over a member's forum activity (``ledger``),
each earned on the date the activity first met it — the ``created_at`` of the 10th thread,
the moment of the 25th upvote received, the moment the running points total first reached
a tier.

Nothing is stored. A badge is what the forum's rows say now, like the points: deleting the
10th thread takes "Conversation Starter" away again (and its date moves if there are still
10). Storing awards would need a write on every post, vote and follow and would drift from
the rows it summarises; computing costs one query per profile.

The catalogue (``CATALOGUE``, in H's four kinds):

- milestone: First Thread (1 thread), Conversation Starter (10 threads), First Reply
  (1 comment), Helping Hand (25 comments);
- quality: Well Received (1 upvote received), Popular (25 upvotes received), Crowd
  Favourite (one thread or comment with 10 upvotes);
- community: First Follower (1 follower), Influencer (10 followers), Networker (follows 5
  members); only follows by (of) active, undeleted members count, as on the profile;
- special: the Silver, Gold and Platinum tiers of ``reputation``, earned while the member's
  points are at least the tier's threshold, dated when the running total first reached it.

Accepted answers and bounties do not exist in this forum, so no badge is about them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from django.db import connection

from tenant_apps.forum import ledger, reputation

BadgeKind = Literal["milestone", "quality", "community", "special"]


@dataclass(frozen=True)
class Rule:
    """A badge: earned when ``condition`` (SQL over the member's numbered events: ``kind``,
    ``nth`` of its kind, ``nth_on_post`` of its kind on one post, ``running`` points) first
    holds; a tier badge (``tier_floor``) also needs the member's points to be there now."""

    key: str
    name: str
    description: str
    icon: str
    color: str
    kind: BadgeKind
    condition: str
    tier_floor: int | None = None


def _nth(kind: str, n: int) -> str:
    return f"kind = '{kind}' AND nth = {n}"


_TIER_LOOK = {"silver": ("mdi:medal-outline", "#94a3b8"), "gold": ("mdi:medal", "#fbbf24")}
_TIER_LOOK["platinum"] = ("mdi:crown-outline", "#a78bfa")

CATALOGUE: tuple[Rule, ...] = (
    Rule("first_thread", "First Thread", "Started a discussion.", "mdi:forum-outline", "#3b82f6", "milestone",
         _nth("thread", 1)),
    Rule("conversation_starter", "Conversation Starter", "Started 10 discussions.", "mdi:forum", "#2563eb",
         "milestone", _nth("thread", 10)),
    Rule("first_reply", "First Reply", "Replied in a discussion.", "mdi:comment-outline", "#10b981", "milestone",
         _nth("comment", 1)),
    Rule("helping_hand", "Helping Hand", "Wrote 25 replies.", "mdi:comment-multiple-outline", "#059669",
         "milestone", _nth("comment", 25)),
    Rule("well_received", "Well Received", "Received a first upvote.", "mdi:thumb-up-outline", "#f59e0b",
         "quality", _nth("upvote", 1)),
    Rule("popular", "Popular", "Received 25 upvotes.", "mdi:fire", "#f97316", "quality", _nth("upvote", 25)),
    Rule("crowd_favourite", "Crowd Favourite", "A thread or reply received 10 upvotes.", "mdi:star-circle",
         "#eab308", "quality", "kind = 'upvote' AND nth_on_post = 10"),
    Rule("first_follower", "First Follower", "Followed by a member.", "mdi:account-heart-outline", "#ec4899",
         "community", _nth("follower", 1)),
    Rule("influencer", "Influencer", "Followed by 10 members.", "mdi:account-group", "#db2777", "community",
         _nth("follower", 10)),
    Rule("networker", "Networker", "Follows 5 members.", "mdi:account-multiple-plus-outline", "#8b5cf6",
         "community", _nth("following", 5)),
    *(
        Rule(f"{tier}_tier", f"{tier.title()} Tier", f"Reached {floor} IP.", *_TIER_LOOK[tier], "special",
             f"running >= {floor}", tier_floor=floor)
        for tier, floor in reputation.TIERS
        if floor > 0
    ),
)  # fmt: skip


@dataclass(frozen=True)
class Badge:
    """H's ``BadgeItem``: a rule and whether (and when) this member earned it."""

    key: str
    name: str
    description: str
    icon: str
    color: str
    kind: BadgeKind
    earned: bool
    earned_at: datetime | None


def _sql() -> str:
    firsts = ",\n".join(f"MIN(at) FILTER (WHERE {rule.condition})" for rule in CATALOGUE)
    return f"""
WITH ev AS ({ledger.events_sql(member="%(user)s", follows=True)}),
numbered AS (
    SELECT kind, at, points,
        ROW_NUMBER() OVER (PARTITION BY kind ORDER BY at, row_id) AS nth,
        ROW_NUMBER() OVER (PARTITION BY kind, target ORDER BY at, row_id) AS nth_on_post,
        SUM(points) OVER (ORDER BY at, kind, row_id ROWS UNBOUNDED PRECEDING) AS running
    FROM ev
)
SELECT COALESCE(SUM(points), 0),
{firsts}
FROM numbered"""


_SQL = _sql()


def member_badges(*, user_id: int) -> list[Badge]:
    """Every badge of the catalogue, in its order, earned or not: one query over the
    member's own rows (each branch of the events reads them by the author or follow index)."""
    with connection.cursor() as cursor:
        cursor.execute(_SQL, {"user": user_id})
        total, *firsts = cursor.fetchone()
    balance = max(0, int(total))
    badges = []
    for rule, first in zip(CATALOGUE, firsts, strict=True):
        earned = first is not None and (rule.tier_floor is None or balance >= rule.tier_floor)
        badges.append(
            Badge(
                key=rule.key,
                name=rule.name,
                description=rule.description,
                icon=rule.icon,
                color=rule.color,
                kind=rule.kind,
                earned=earned,
                earned_at=first if earned else None,
            )
        )
    return badges
