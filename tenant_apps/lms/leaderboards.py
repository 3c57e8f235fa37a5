"""Leaderboards rendered once per client and version, shared by every viewer.

A board depends on learners' progress (``lms.progress``), on who is enrolled and their
names and pictures (``lms.social``) and on which contents a course has (``lms.tree``): it is
kept under all three versions (``core/cache.py``), so any of those writes is seen by the
next read. The one per-viewer field, ``email`` (staff, and the viewer's own row, see
``leader_email_visible``), is laid over the shared rows per request.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any

from api.renderer import dumps
from core import cache
from tenant_apps.accounts.actor import Actor
from tenant_apps.lms import selectors
from tenant_apps.lms.cache import PROGRESS, SOCIAL, TREE
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


@dataclass(frozen=True)
class RenderedBoard:
    """A board's rows already rendered as JSON, twice: with every e-mail (staff, and the
    viewer's own row) and with the e-mail hidden. A request joins the rows it shows, so
    neither the rows nor their decimals are encoded per request."""

    ids: list[int]
    full: list[bytes]
    masked: list[bytes]

    def json(self, positions: Iterable[int], actor: Actor) -> bytes:
        """The rows at ``positions`` as a JSON array, as ``emails_for`` then the renderer
        would give them to ``actor`` (the same bytes)."""
        if actor.is_staff or actor.is_platform_admin:
            parts = [self.full[at] for at in positions]
        else:
            own, ids = actor.local_user_id, self.ids
            parts = [self.full[at] if ids[at] == own else self.masked[at] for at in positions]
        return b"[" + b",".join(parts) + b"]"


def board_rendered(rows: list[Row]) -> RenderedBoard:
    """``rows`` (with every e-mail) rendered once, for ``RenderedBoard.json``."""
    return RenderedBoard(
        ids=[row["id"] for row in rows],
        full=[dumps(row) for row in rows],
        masked=[dumps({**row, "email": None}) for row in rows],
    )


def course_board(*, course_id: int) -> RenderedBoard:
    """The course leaderboard (``selectors.course_leaderboard``) in ``LeaderboardRowOut``'s
    shape, rendered (e-mails per viewer: ``RenderedBoard.json``)."""

    def build() -> Any:
        return board_rendered(rendered(LeaderboardRowOut, selectors.course_leaderboard(course_id=course_id)))

    board: RenderedBoard = board_cached(("course-board-json", course_id), build)
    return board
