"""Leaderboards rendered once per client and version, shared by every viewer.

A board depends on learners' progress (``lms.progress``), on who is enrolled and their
names and pictures (``lms.social``) and on which contents a course has (``lms.tree``): it is
kept under all three versions (``core/cache.py``), so any of those writes is seen by the
next read. The one per-viewer field, ``email`` (staff, and the viewer's own row, see
``leader_email_visible``), is laid over the shared rows per request.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any

from core import cache
from tenant_apps.accounts.actor import Actor
from tenant_apps.lms import selectors
from tenant_apps.lms.cache import PROGRESS, SOCIAL, TREE
from tenant_apps.lms.models import Course
from tenant_apps.lms.schemas import LeaderboardRowOut

Row = dict[str, Any]


def board_cached(key: Hashable, build: Callable[[], list[Row]]) -> list[Row]:
    """``build()`` (rows with every e-mail filled in) once per progress, social and tree
    version of the current client (one cache round trip for the versions)."""
    versions = cache.versions([PROGRESS, SOCIAL, TREE])
    return cache.cached(PROGRESS, (key, versions[SOCIAL], versions[TREE]), build, at_version=versions[PROGRESS])


def rendered(schema: Any, rows: Iterable[Any]) -> list[Row]:
    """Ranked users validated by ``schema`` once, with their e-mail (hidden per viewer later)."""
    out = []
    for row in rows:
        data = schema.model_validate(row).model_dump()
        data["email"] = row.email
        out.append(data)
    return out


def emails_for(rows: list[Row], actor: Actor) -> list[Row]:
    """The shared rows as ``actor`` may see them: every e-mail for staff and platform
    admins, otherwise only the viewer's own (new dicts: the shared rows stay untouched)."""
    if actor.is_staff or actor.is_platform_admin:
        return rows
    own = actor.local_user_id
    return [row if row["id"] == own else {**row, "email": None} for row in rows]


def course_board(*, course: Course, actor: Actor) -> list[Row]:
    """The course leaderboard (``selectors.course_leaderboard``) in ``LeaderboardRowOut``'s shape."""
    rows = board_cached(
        ("course-board", course.id),
        lambda: rendered(LeaderboardRowOut, selectors.course_leaderboard(course=course)),
    )
    return emails_for(rows, actor)
