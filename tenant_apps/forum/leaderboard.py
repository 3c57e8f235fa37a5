"""The community leaderboard: members ranked by the points (``reputation``'s formula, as
``ledger`` events) they earned in a period — all time, this calendar week (from Monday) or
this calendar month, both on the client's clock (``tenants.timezone``).

All time, a member's figure is exactly their ``xp/`` balance. For a week or a month it is
the formula over the events dated in it (threads and comments written, votes received),
never below 0. Members with no points in the period are not listed. Ties share a rank
(1, 2, 2, 4). Only active, undeleted members of the client appear, like profiles. The tier
shown beside a name is the member's all-time tier.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from tenant_apps.accounts.models import User
from tenant_apps.forum import ledger, reputation
from tenants.timezone import client_today, local_day_start

Period = Literal["all", "week", "month"]

DEFAULT_LIMIT = 50
MAX_LIMIT = 100

_SQL = f"""
WITH ev AS ({ledger.events_sql(detail=False)}),
totals AS (
    SELECT user_id,
        SUM(points) AS all_points,
        COALESCE(SUM(points) FILTER (
            WHERE %(since)s::timestamptz IS NULL OR at >= %(since)s::timestamptz
        ), 0) AS period_points
    FROM ev GROUP BY user_id
),
members AS (
    SELECT u.*, GREATEST(totals.all_points, 0) AS all_points, GREATEST(totals.period_points, 0) AS xp
    FROM totals JOIN {ledger.USER_TABLE} u ON u.id = totals.user_id
    WHERE u.is_active AND u.deleted_at IS NULL
)
SELECT *, RANK() OVER (ORDER BY xp DESC) AS rank
FROM members WHERE xp > 0
ORDER BY xp DESC, id
LIMIT %(limit)s
"""


@dataclass(frozen=True)
class Ranked:
    """A member's card on the board, with their all-time tier (H's ``Author.xp_tier``)."""

    id: int
    user_name: str
    name: str
    profile_pic_url: str
    role: str
    xp_tier: str


@dataclass(frozen=True)
class Entry:
    """H's ``LeaderboardEntry``."""

    rank: int
    user: Ranked
    xp: int
    period: Period


def period_start(period: Period, zone: Any) -> datetime | None:
    """When the period began on the client's clock (None for all time)."""
    if period == "all":
        return None
    today = client_today(zone)
    first = today - timedelta(days=today.weekday()) if period == "week" else today.replace(day=1)
    return local_day_start(first, zone)


def leaderboard(*, period: Period, since: datetime | None, limit: int) -> list[Entry]:
    """The top ``limit`` members of the period that began at ``since``: one query (the
    users come back as model rows with their figures)."""
    rows = User.objects.raw(_SQL, {"since": since, "limit": limit})
    entries = []
    for row in rows:
        figures: Any = row  # the query's extra columns
        card = Ranked(
            id=row.id,
            user_name=row.public_name,
            name=f"{row.first_name} {row.last_name}".strip(),
            profile_pic_url=row.profile_pic_url,
            role=row.role,
            xp_tier=reputation.standing(int(figures.all_points)).tier,
        )
        entries.append(Entry(rank=int(figures.rank), user=card, xp=int(figures.xp), period=period))
    return entries
