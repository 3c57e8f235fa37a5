"""A member's community points ("IP" in H's pages) and tier, computed from their forum
activity each time they are read; nothing is stored, so the number can never drift from
the rows it counts.

    points = 10 x threads written
           +  5 x comments written
           +  2 x upvotes received (on their threads and comments)
           -  1 x downvotes received
    (never below 0)

Tiers start at 0 (bronze), 100 (silver), 500 (gold) and 2000 (platinum) points. H also
counts accepted answers and bounties; this forum has neither (no accepting, no bounties),
so they add nothing and their counts are 0.
"""

from __future__ import annotations

from dataclasses import dataclass

THREAD_POINTS = 10
COMMENT_POINTS = 5
UPVOTE_POINTS = 2
DOWNVOTE_POINTS = -1

# (tier, first balance of the tier), lowest first.
TIERS: tuple[tuple[str, int], ...] = (("bronze", 0), ("silver", 100), ("gold", 500), ("platinum", 2000))


@dataclass(frozen=True)
class Standing:
    """H's ``UserXP``: the balance, its tier and the way to the next one."""

    balance: int
    tier: str
    tier_display: str
    next_tier_threshold: int | None
    progress_pct: int


def points(*, threads: int, comments: int, upvotes_received: int, downvotes_received: int) -> int:
    total = (
        THREAD_POINTS * threads
        + COMMENT_POINTS * comments
        + UPVOTE_POINTS * upvotes_received
        + DOWNVOTE_POINTS * downvotes_received
    )
    return max(0, total)


def standing(balance: int) -> Standing:
    """The tier of ``balance``; ``progress_pct`` is the whole percent of the way from this
    tier's threshold to the next (100 at the top tier, which has no next threshold)."""
    index = max(i for i, (_, floor) in enumerate(TIERS) if balance >= floor)
    tier, floor = TIERS[index]
    if index + 1 == len(TIERS):
        return Standing(balance, tier, tier.title(), None, 100)
    ceiling = TIERS[index + 1][1]
    return Standing(balance, tier, tier.title(), ceiling, (balance - floor) * 100 // (ceiling - floor))
