"""Per-client versioned caching of data many requests share (course trees, course cards).

Why: the learner's hot reads rebuild the same course data from several joins on every
request. Here that data is built once per client, *namespace* and *version* and kept in
this process's memory as plain, already-validated Python data; a request only reads the
namespace's version (one cache get) and overlays its per-user part.

- A version is a random token per (schema, namespace), kept in Django's cache (shared by
  every process when ``REDIS_URL`` is set). ``bump(namespace)`` replaces it now *and*
  again when the transaction commits (``transaction.on_commit``), so a reader that rebuilt
  from the old rows in between files its result under a version nobody asks for any more:
  after an authoring write commits, no reader sees the old data.
- Data lives in a bounded in-process LRU keyed by (schema, namespace, version, key), so
  client A's entries can never answer client B, and a lost version (cache eviction) only
  costs a rebuild (a new random token never matches an old entry).
- Without a shared cache (``VERSIONED_CACHE`` false, the default when ``REDIS_URL`` is
  unset) each gunicorn worker would keep its own versions and miss other workers' bumps,
  so ``cached`` then builds on every call: slower, never stale.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

T = TypeVar("T")
_VERSION_KEY = "vcache:{}:{}"
# Entries kept per process (each a course tree, a content or a client's course cards, a few to
# tens of KB): room for a few hundred clients' hot courses; an LRU, so old versions and idle
# clients make room.
MAX_ENTRIES = 2048


class _LRU:
    """Entries by key, least recently used out first. An entry may name a *slot* (what it is
    an answer to, without the versions it was built at): storing into a slot drops the
    entry stored there before, so a superseded version is not kept until the LRU's count
    pushes it out (superseded versions are never asked for again, and some entries, such as
    a rendered leaderboard, are large; a leaderboard is rebuilt after every completion)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.data: OrderedDict[Hashable, Any] = OrderedDict()
        self.slots: dict[Hashable, Hashable] = {}  # slot -> the key stored in it
        self.slot_of: dict[Hashable, Hashable] = {}  # key -> its slot
        self.lock = threading.Lock()

    def get(self, key: Hashable) -> tuple[bool, Any]:
        with self.lock:
            if key not in self.data:
                return False, None
            self.data.move_to_end(key)
            return True, self.data[key]

    def _forget(self, key: Hashable) -> None:
        slot = self.slot_of.pop(key, None)
        if slot is not None and self.slots.get(slot) == key:
            del self.slots[slot]

    def put(self, key: Hashable, value: Any, slot: Hashable | None = None) -> None:
        with self.lock:
            if slot is not None:
                previous = self.slots.get(slot)
                if previous is not None and previous != key:
                    self.data.pop(previous, None)
                    self.slot_of.pop(previous, None)
                self.slots[slot] = key
                self.slot_of[key] = slot
            self.data[key] = value
            self.data.move_to_end(key)
            while len(self.data) > self.size:
                evicted, _ = self.data.popitem(last=False)
                self._forget(evicted)

    def clear(self) -> None:
        with self.lock:
            self.data.clear()
            self.slots.clear()
            self.slot_of.clear()

    def __len__(self) -> int:
        return len(self.data)


_entries = _LRU(MAX_ENTRIES)


def current_schema_name() -> str:
    """The connection's schema (django-tenants' attribute; read here directly rather than
    through ``tenants.schema``, since core sits below tenancy in the import layers)."""
    return str(getattr(connection, "schema_name", "public"))


def enabled() -> bool:
    """Whether versions are shared between processes, so caching is safe (see the module doc)."""
    return bool(getattr(settings, "VERSIONED_CACHE", False))


def _version_key(namespace: str, schema: str | None = None) -> str:
    return _VERSION_KEY.format(schema or current_schema_name(), namespace)


def version(namespace: str) -> str:
    """The current version of ``namespace`` in the current schema (one cache get; a new
    random one when none is stored yet or it was evicted)."""
    key = _version_key(namespace)
    current = cache.get(key)
    if current is None:
        cache.add(key, secrets.token_hex(8), timeout=None)
        current = cache.get(key)
    return str(current)


def versions(namespaces: Iterable[str]) -> dict[str, str]:
    """The versions of several namespaces in one cache round trip."""
    keys = {namespace: _version_key(namespace) for namespace in namespaces}
    found = cache.get_many(list(keys.values()))
    return {namespace: str(found[key]) if key in found else version(namespace) for namespace, key in keys.items()}


def cached(
    namespace: str,
    key: Hashable,
    build: Callable[[], T],
    *,
    at_version: str | None = None,
    slot: Hashable | None = None,
) -> T:
    """``build()``'s result for ``key`` in ``namespace`` of the current schema, built once per
    version. The result is shared between requests: callers must copy before changing it.
    The entry replaces this process's entry for the same ``key`` at an older version; a key
    that embeds other versions (of other namespaces) names what it answers in ``slot``."""
    if not enabled():
        return build()
    schema = current_schema_name()
    current = at_version if at_version is not None else version(namespace)
    entry_key = (schema, namespace, current, key)
    hit, stored = _entries.get(entry_key)
    if hit:
        return cast(T, stored)  # what ``build`` made for this key
    value = build()
    _entries.put(entry_key, value, _slot(schema, namespace, key, slot))
    return value


def _slot(schema: str, namespace: str, key: Hashable, slot: Hashable | None) -> Hashable:
    return (schema, namespace, "slot", key if slot is None else slot)


def lookup(namespace: str, key: Hashable, *, at_version: str) -> tuple[bool, Any]:
    """(found, value) of this process's entry for ``key`` at ``at_version``, without building
    (for callers that fill entries themselves, ``store``); never found when caching is off."""
    if not enabled():
        return False, None
    return _entries.get((current_schema_name(), namespace, at_version, key))


def store(namespace: str, key: Hashable, value: Any, *, at_version: str, slot: Hashable | None = None) -> None:
    """File ``value`` for ``key`` at ``at_version`` (what ``cached`` does after a build,
    ``slot`` included)."""
    if enabled():
        schema = current_schema_name()
        _entries.put((schema, namespace, at_version, key), value, _slot(schema, namespace, key, slot))


def bump(*namespaces: str) -> None:
    """Invalidate ``namespaces`` of the current schema: now, and again on commit."""
    keys = [_version_key(namespace) for namespace in namespaces]

    def replace() -> None:
        cache.set_many({key: secrets.token_hex(8) for key in keys}, timeout=None)

    replace()
    if connection.in_atomic_block:  # outside one, on_commit would only run it again at once
        transaction.on_commit(replace)


def clear_local() -> None:
    """Drop this process's entries (tests; versions stay)."""
    _entries.clear()


def local_size() -> int:
    """How many entries this process holds (tests, memory checks)."""
    return len(_entries)
