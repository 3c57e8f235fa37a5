"""Leaderboards rendered once per client and version, shared by every viewer.

A board depends on learners' progress (``lms.progress``), on who is enrolled and their
names and pictures (``lms.social``) and on which contents a course has (``lms.tree``): it is
kept under all three versions (``core/cache.py``), so any of those writes is seen by the
next read. The one per-viewer field, ``email`` (staff, and the viewer's own row, see
``leader_email_visible``), is laid over the shared rows per request.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.cache import cache as shared_cache

from api.renderer import dumps
from core import cache
from tenant_apps.accounts.actor import Actor
from tenant_apps.lms import selectors
from tenant_apps.lms.cache import PROGRESS, SOCIAL, TREE
from tenant_apps.lms.schemas import LeaderboardRowOut

Row = dict[str, Any]
T = TypeVar("T")


# A board's build, shared between processes through Django's cache (Redis): at most one
# process builds a board's new version (it holds ``lock`` meanwhile, at most LOCK_SECONDS);
# the others serve the last board built ("stale while rebuilding") or, when there is none
# yet, wait up to WAIT_SECONDS for it. Before, every gunicorn worker rebuilt every board
# after each progress write, all at once (a cold overall board at ``medium``: ~40 ms of CPU
# and ~30 ms of SQL per worker), which is what the overall leaderboard's p99 showed.
LOCK_SECONDS = 10
WAIT_SECONDS = 2.0
POLL_SECONDS = 0.02
FRESH_SECONDS = 15 * 60
LATEST_SECONDS = 24 * 60 * 60


# What a board reads unless told otherwise: progress, enrollments and names, course contents.
BOARD_NAMESPACES = (PROGRESS, SOCIAL, TREE)


def _shared_names(
    key: Hashable, versions: dict[str, str], namespaces: Sequence[str] = BOARD_NAMESPACES
) -> tuple[str, str, str]:
    """(this version's key, the latest build's key, the rebuild lock's key) in Django's cache."""
    parts = key if isinstance(key, tuple) else (key,)
    name = f"lms.board:{cache.current_schema_name()}:{':'.join(str(part) for part in parts)}"
    current = ":".join(versions[namespace] for namespace in namespaces)
    return f"{name}:{current}", f"{name}:latest", f"{name}:lock"


def _shared_build(
    key: Hashable, versions: dict[str, str], build: Callable[[], T], namespaces: Sequence[str] = BOARD_NAMESPACES
) -> tuple[T, bool]:
    """(the board, whether it is this version's): built here, by another process, or the
    last one built while another process rebuilds it."""
    fresh, latest, lock = _shared_names(key, versions, namespaces)
    found = shared_cache.get_many([fresh, latest])
    if fresh in found:
        return found[fresh], True
    if shared_cache.add(lock, 1, timeout=LOCK_SECONDS):
        try:
            value = build()
            shared_cache.set_many({fresh: value}, timeout=FRESH_SECONDS)
            shared_cache.set(latest, value, timeout=LATEST_SECONDS)
        finally:
            shared_cache.delete(lock)
        return value, True
    if latest in found:
        return found[latest], False
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        value = shared_cache.get(fresh)
        if value is not None:
            return value, True
    return build(), True


def board_cached(key: Hashable, build: Callable[[], T], namespaces: Sequence[str] = BOARD_NAMESPACES) -> T:
    """``build()`` (rows with every e-mail filled in) once per version of each of
    ``namespaces`` (what the board reads) in the current client (one cache round trip for
    the versions), and once for all processes (``_shared_build``). A board served stale
    while another process rebuilds it is not kept here: the next request asks again."""
    versions = cache.versions(list(namespaces))
    first = namespaces[0]
    local = (key, *(versions[namespace] for namespace in namespaces[1:]))
    hit, value = cache.lookup(first, local, at_version=versions[first])
    if hit:
        return value
    if not cache.enabled():
        return build()
    value, current = _shared_build(key, versions, build, namespaces)
    if current:
        # One board per key and process: this version replaces the one before it.
        cache.store(first, local, value, at_version=versions[first], slot=("board", key))
    return value


def rendered(schema: Any, rows: Iterable[Any]) -> list[Row]:
    """Ranked users validated by ``schema`` once, with their e-mail (hidden per viewer later)."""
    out = []
    for row in rows:
        data = schema.model_validate(row).model_dump()
        data["email"] = row.email
        out.append(data)
    return out


@dataclass(frozen=True)
class RenderedBoard:
    """A board's rows already rendered as JSON, twice: with every e-mail (staff, and the
    viewer's own row) and with the e-mail hidden. A request joins the rows it shows, so
    neither the rows nor their decimals are encoded per request."""

    ids: list[int]
    full: list[bytes]
    masked: list[bytes]

    def json(self, positions: Iterable[int], actor: Actor) -> bytes:
        """The rows at ``positions`` as a JSON array as ``actor`` may see them: every e-mail
        for staff and platform admins, otherwise only the viewer's own."""
        if actor.is_staff or actor.is_platform_admin:
            parts = [self.full[at] for at in positions]
        else:
            own, ids = actor.local_user_id, self.ids
            parts = [self.full[at] if ids[at] == own else self.masked[at] for at in positions]
        return b"[" + b",".join(parts) + b"]"

    def head(self, limit: int, actor: Actor) -> bytes:
        """The first ``limit`` rows (``json``)."""
        return self.json(range(min(limit, len(self.ids))), actor)


def _compact(data: bytes) -> bytes:
    """An exact-size copy: orjson's ``bytes`` keep their whole output buffer (~4 KiB however
    short the row), which made a 1,000-learner board ~8 MiB per process instead of ~0.2 MiB
    (tracemalloc, docs/benchmarks.md "part E")."""
    return memoryview(data).tobytes()


def board_rendered(rows: list[Row]) -> RenderedBoard:
    """``rows`` (with every e-mail) rendered once, for ``RenderedBoard.json``."""
    return RenderedBoard(
        ids=[row["id"] for row in rows],
        full=[_compact(dumps(row)) for row in rows],
        masked=[_compact(dumps({**row, "email": None})) for row in rows],
    )


def course_board(*, course_id: int) -> RenderedBoard:
    """The course leaderboard (``selectors.course_leaderboard``) in ``LeaderboardRowOut``'s
    shape, rendered (e-mails per viewer: ``RenderedBoard.json``)."""

    def build() -> Any:
        return board_rendered(rendered(LeaderboardRowOut, selectors.course_leaderboard(course_id=course_id)))

    board: RenderedBoard = board_cached(("course-board-json", course_id), build)
    return board
