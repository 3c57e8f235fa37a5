"""A web process keeps one entry per cached answer, not one per version it ever built
(core/cache.py slots), and a rendered leaderboard holds its rows' bytes, not orjson's
buffers: with workers replaced only every 20,000+ requests (platform/gunicorn.conf.py), a
board rebuilt after every completion must not pile up (docs/benchmarks.md, "part E")."""

from __future__ import annotations

import functools
import tracemalloc

from django_tenants.utils import schema_context

from core import cache
from core.cache import _LRU
from tenant_apps.lms import leaderboards
from tenant_apps.lms.models import Enrollment
from tenant_apps.lms.tests.factories import course_build


def test_a_new_version_replaces_the_old_entry_of_the_same_key(client_a, client_b):
    cache.clear_local()
    with schema_context(client_a.schema_name):
        assert cache.cached("test.ns", "k", lambda: "v1") == "v1"
        cache.bump("test.ns")
        assert cache.cached("test.ns", "k", lambda: "v2") == "v2"
        assert cache.local_size() == 1
        # a key that embeds another version names its slot: a new one replaces it too
        for other in ("a", "b", "c"):
            assert cache.cached("test.ns", ("list", other), functools.partial(str, other), slot=("list",)) == other
        assert cache.local_size() == 2
        assert cache.cached("test.ns", ("list", "c"), lambda: "rebuilt", slot=("list",)) == "c"  # still there
    with schema_context(client_b.schema_name):  # the same key in another client is its own entry
        assert cache.cached("test.ns", "k", lambda: "b") == "b"
        assert cache.local_size() == 3
    with schema_context(client_a.schema_name):
        assert cache.cached("test.ns", "k", lambda: "not rebuilt") == "v2"


def test_the_lru_forgets_slots_of_evicted_entries():
    lru = _LRU(2)
    lru.put("a1", 1, "a")
    lru.put("b1", 2, "b")
    lru.put("c1", 3, "c")  # evicts a1
    assert lru.get("a1") == (False, None) and "a" not in lru.slots and "a1" not in lru.slot_of
    lru.put("a2", 4, "a")  # evicts b1; slot "a" is empty, nothing else goes
    assert lru.get("c1") == (True, 3) and lru.get("a2") == (True, 4)
    lru.put("c2", 5, "c")  # replaces c1 in its slot
    assert lru.get("c1") == (False, None) and len(lru) == 2 and lru.slots == {"a": "a2", "c": "c2"}


def test_a_rebuilt_course_board_replaces_the_one_before(client_a, as_user):
    api, me = as_user(client_a)
    peer_api, peer = as_user(client_a)
    with schema_context(client_a.schema_name):
        course = course_build(content_types=("Article",))
        article = course.modules.get().submodules.get().contents.get()
        for learner in (me, peer):
            Enrollment.objects.create(course=course, user=learner)
    url = f"/lms/clients/{client_a.id}/courses/{course.id}/leaderboard/"
    complete = f"/activity/clients/{client_a.id}/courses/{course.id}/content/{article.id}/?activity_type=Article"
    assert api.post(complete, {}).status_code == 201  # the write's own cached target, warm
    assert [row["completed_contents"] for row in api.get(url).json()] == [1, 0]
    held = cache.local_size()
    assert peer_api.post(complete, {}).status_code == 201  # progress changed: a new board version
    assert [row["completed_contents"] for row in api.get(url).json()] == [1, 1]  # built and read
    assert cache.local_size() == held  # ... in place of the old one


def test_a_rendered_board_holds_its_rows_bytes_only():
    rows = [{"id": n, "rank": n, "name": f"Learner {n}", "email": f"l{n}@x.test", "score": 1.5} for n in range(500)]
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot()
        board = leaderboards.board_rendered(rows)
        grown = sum(stat.size_diff for stat in tracemalloc.take_snapshot().compare_to(before, "filename"))
    finally:
        tracemalloc.stop()
    assert board.full[3].startswith(b'{"id":3')
    # ~80 bytes a row twice, plus lists; orjson's own buffers were ~4 KiB a row (~4 MiB here)
    assert grown < 300_000, grown
