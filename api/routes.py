"""The API's URL patterns nested by their literal leading segments, so resolving a path walks
a few dozen patterns instead of all of them.

Ninja mounts every operation as one flat ``path()`` (~390, one per operation, so a route with
GET and POST is there twice), and Django tries them in order on every request: a path near the
end of the list (activity writes, the forum) cost 0.5-0.7 ms of CPU per request to resolve,
the first routes (``/accounts/features/``) 0.1 ms. ``grouped`` returns the same patterns
under nested ``include``s, one per leading literal segment (``activity/``, then ``clients/``
…), each pattern's own remainder kept: the same views, names, kwargs and ``match.route``
(the joined route, as ``tenants.middleware`` reads it), in the same order within a group.

Patterns whose leading segments differ literally can never match the same path, so the
order between groups does not matter; a level where some pattern starts with a converter
(``<folder_name>/…``) is left flat, in its order, as is every last segment (an endpoint),
unless all its patterns share that one segment (``<client_id>/``): then it is one group.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import URLPattern, URLResolver, include, path


def _split(pattern: URLPattern) -> tuple[str, str] | None:
    """(the leading literal segment with its slash, the rest), or None when there is none."""
    head, slash, rest = str(pattern.pattern).partition("/")
    if not slash or not head or "<" in head or not rest:
        return None
    return head + "/", rest


def _rebased(pattern: URLPattern, rest: str) -> URLPattern:
    return path(rest, pattern.callback, pattern.default_args, pattern.name)


def grouped(patterns: Sequence[URLPattern | URLResolver], *, min_group: int = 4) -> list[URLPattern | URLResolver]:
    """``patterns`` (plain ``path()`` patterns, as Ninja makes them) nested by leading
    literal segments; groups smaller than ``min_group`` stay flat (nothing to gain)."""
    if any(isinstance(p, URLResolver) for p in patterns):
        return list(patterns)
    heads = {str(p.pattern).partition("/")[:2] for p in patterns}
    if len(heads) == 1 and all(str(p.pattern).partition("/")[2] for p in patterns):
        # One leading segment for all (``<client_id>/`` under ``clients/``): one group, in order.
        head = "".join(heads.pop())
        rebased = [_rebased(p, str(p.pattern)[len(head) :]) for p in patterns if isinstance(p, URLPattern)]
        return [path(head, include(grouped(rebased, min_group=min_group)))]
    if any("<" in str(p.pattern).partition("/")[0] for p in patterns):
        return list(patterns)
    splits = [_split(p) for p in patterns if isinstance(p, URLPattern)]
    groups: dict[str, list[tuple[URLPattern, str]]] = {}
    for pattern, split in zip(patterns, splits, strict=True):
        if split is not None:
            assert isinstance(pattern, URLPattern)
            groups.setdefault(split[0], []).append((pattern, split[1]))
    result: list[URLPattern | URLResolver] = []
    placed: set[str] = set()
    for pattern, split in zip(patterns, splits, strict=True):
        if split is None or len(groups[split[0]]) < min_group:
            result.append(pattern)
            continue
        head = split[0]
        if head in placed:
            continue
        placed.add(head)
        inner = [_rebased(p, rest) for p, rest in groups[head]]
        result.append(path(head, include(grouped(inner, min_group=min_group))))
    return result
