"""The points formula of ``reputation`` as dated events, in SQL: one row per thing that earns
or costs a member points, with the moment it happened. Badges (``badges``) read a member's
events in order (the date of the Nth thread, the moment the running total reached a tier)
and the leaderboard (``leaderboard``) sums them per member over a period. Nothing is
stored: the events are the forum's own rows, so badges, the leaderboard and ``xp/`` can
never disagree.

    kind       member            at                          points
    thread     its author        created_at                  +10
    comment    its author        created_at                  +5
    upvote     the post's author the vote's updated_at       +2
    downvote   the post's author the vote's updated_at       -1
    follower   who is followed   created_at (active follower)  0
    following  who follows       created_at (active followed)  0

A vote's ``updated_at`` is when it took its current type (a vote changed from down to up
counts as an upvote from then on). Follows earn no points; they are here for the community
badges. ``target`` names the post an event is on (``t<id>`` / ``c<id>``) and ``row_id``
orders events of the same moment.
"""

from __future__ import annotations

from tenant_apps.accounts.models import User
from tenant_apps.forum import reputation
from tenant_apps.forum.models import Comment, CommentVote, Follow, Thread, ThreadVote

_THREAD = Thread._meta.db_table
_COMMENT = Comment._meta.db_table
_THREAD_VOTE = ThreadVote._meta.db_table
_COMMENT_VOTE = CommentVote._meta.db_table
_FOLLOW = Follow._meta.db_table
USER_TABLE = User._meta.db_table

_VOTE_POINTS = f"CASE v.vote_type WHEN 'upvote' THEN {reputation.UPVOTE_POINTS} ELSE {reputation.DOWNVOTE_POINTS} END"


def events_sql(*, member: str | None = None, follows: bool = False, detail: bool = True) -> str:
    """The events as a ``SELECT`` of ``(user_id, kind, target, row_id, at, points)``, or of
    ``(user_id, at, points)`` without ``detail`` (what a sum needs: building the text columns
    for every row of a client's forum was most of the leaderboard's time).

    ``member`` is a SQL placeholder (``%(user)s``) keeping one member's events (each branch
    then reads that member's rows by index); without it, every member's. ``follows`` adds
    the follow events (badges; the leaderboard has no use for them)."""

    def whose(column: str) -> str:
        return f" AND {column} = {member}" if member else ""

    def row(user: str, kind: str, target: str, row_id: str, at: str, points: str) -> str:
        if detail:
            labels = f"{kind} AS kind, {target} AS target, {row_id} AS row_id"
            return f"SELECT {user} AS user_id, {labels}, {at} AS at, {points} AS points"
        return f"SELECT {user} AS user_id, {at} AS at, {points} AS points"

    branches = [
        row("t.author_id", "'thread'", "'t' || t.id", "t.id", "t.created_at", str(reputation.THREAD_POINTS))
        + f" FROM {_THREAD} t WHERE t.author_id IS NOT NULL{whose('t.author_id')}",
        row("c.author_id", "'comment'", "'c' || c.id", "c.id", "c.created_at", str(reputation.COMMENT_POINTS))
        + f" FROM {_COMMENT} c WHERE c.author_id IS NOT NULL{whose('c.author_id')}",
        row("t.author_id", "v.vote_type", "'t' || t.id", "v.id", "v.updated_at", _VOTE_POINTS)
        + f" FROM {_THREAD_VOTE} v JOIN {_THREAD} t ON t.id = v.thread_id"
        f" WHERE t.author_id IS NOT NULL{whose('t.author_id')}",
        row("c.author_id", "v.vote_type", "'c' || c.id", "v.id", "v.updated_at", _VOTE_POINTS)
        + f" FROM {_COMMENT_VOTE} v JOIN {_COMMENT} c ON c.id = v.comment_id"
        f" WHERE c.author_id IS NOT NULL{whose('c.author_id')}",
    ]
    if follows:
        # Only follows by (of) accounts that can still be shown count, as on the profile.
        branches += [
            row("f.following_id", "'follower'", "NULL", "f.id", "f.created_at", "0")
            + f" FROM {_FOLLOW} f JOIN {USER_TABLE} u ON u.id = f.follower_id"
            f" WHERE u.is_active AND u.deleted_at IS NULL{whose('f.following_id')}",
            row("f.follower_id", "'following'", "NULL", "f.id", "f.created_at", "0")
            + f" FROM {_FOLLOW} f JOIN {USER_TABLE} u ON u.id = f.following_id"
            f" WHERE u.is_active AND u.deleted_at IS NULL{whose('f.follower_id')}",
        ]
    return "\nUNION ALL\n".join(branches)
