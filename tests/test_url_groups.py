"""``api.routes.grouped``: the nested URL patterns resolve every path to what Ninja's flat
list resolves it to (view, kwargs, route, name), names reverse alike, and a write near the end
of the list walks a few patterns instead of hundreds."""

import re

from django.urls import URLResolver, get_resolver, reverse
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern

from api.api import api
from api.routes import grouped


def _resolver(patterns):
    return URLResolver(RegexPattern(r"^/"), patterns)


def _outcome(resolver, path):
    try:
        match = resolver.resolve(path)
    except Resolver404:
        return None
    return match.func, match.kwargs, match.route, match.url_name


def _named(outcome):
    """An outcome comparable across two ``api.urls`` calls (each makes new view wrappers)."""
    if outcome is None:
        return None
    func, *rest = outcome
    view = getattr(func, "func", func)
    return (view.__module__, view.__qualname__, *rest)


def _sample_paths(route):
    """Paths the route matches (converters filled in), and near misses."""
    filled = re.sub(r"<[^>]+>", "7", route)
    return ["/" + filled, "/" + filled.rstrip("/"), "/" + filled + "x/", "/x" + filled]


def test_grouped_patterns_resolve_every_path_as_the_flat_list():
    flat = list(api.urls[0])
    nested = _resolver(grouped(flat))
    plain = _resolver(flat)
    assert len(nested.url_patterns) < 25  # nested, not flat
    paths = [path for pattern in flat for path in _sample_paths(str(pattern.pattern))]
    assert len(paths) > 1000
    for path in paths:
        assert _outcome(nested, path) == _outcome(plain, path), path
    # a spelling the converters refuse and an unknown prefix: 404 alike
    for path in ["/activity/clients/7/nope/", "/nope/", "/", "/activity/"]:
        assert _outcome(nested, path) == _outcome(plain, path), path


def test_the_project_urlconf_uses_the_groups_and_names_still_reverse():
    resolver = get_resolver()
    flat = list(api.urls[0])
    plain = _resolver(flat)
    for pattern in flat:
        path = "/" + re.sub(r"<[^>]+>", "7", str(pattern.pattern))
        assert _named(_outcome(resolver, path)) == _named(_outcome(plain, path)), path
        assert resolver.resolve(path).namespace == "api"
    assert _tried(resolver, "/activity/clients/7/none/") < 40
    assert reverse("api:openapi-json") == "/api/openapi.json"
    assert reverse("api:get_user_profile", kwargs={"client_id": 3}) == "/accounts/clients/3/user-profile/"
    tracked = resolver.resolve("/activity/clients/3/track-time/")
    assert tracked.url_name == "track_time" and tracked.kwargs == {"client_id": "3"}
    assert tracked.route == "activity/clients/<client_id>/track-time/"


def _tried(resolver, path):
    """How many patterns a 404 of ``path`` tried: the walk a path under that prefix makes."""
    try:
        resolver.resolve(path)
    except Resolver404 as missing:
        return len(missing.args[0]["tried"])
    raise AssertionError(path)


def test_a_path_late_in_the_list_walks_few_patterns():
    flat = list(api.urls[0])
    assert _tried(_resolver(flat), "/activity/clients/7/none/") > 300
    assert _tried(_resolver(grouped(flat)), "/activity/clients/7/none/") < 40
