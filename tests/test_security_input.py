"""Attacks on the request parser's own cost: a body near the 2.5 MB upload limit must not buy
seconds of CPU (``core.untrusted_input``).

Found by the ``attack`` review: ``json_loads_checked`` walked every value with a freshly
copied path list and scanned every quote of the body in Python, so a 2 MB array of short
strings cost ~4 s of CPU (117x ``json.loads``), on every endpoint including the
unauthenticated login. Two cores answer a handful of such requests a second.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import pytest
from django.test import Client as HttpClient

from core.errors import FieldErrors
from core.untrusted_input import NUL_MESSAGE, TOO_DEEP_MESSAGE, json_loads_checked

# A checked parse may cost a few times a plain ``json.loads``, never the 20-120x it cost
# before. The margin is wide: on two cores shared with a fuzz run and a browser walk, the
# "strings in small objects" shape measured 8.5x once (0.571 s against 0.067 s; ~3x quiet).
MAX_RATIO = 12.0

SHAPES = {
    "short strings": {"a": ["C"] * 300_000},
    "numbers": {"a": list(range(250_000))},
    "strings in small objects": {"a": [{"k": "v", "w": "x", "n": 1}] * 60_000},
}


def _best_of(runs: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("shape", list(SHAPES))
def test_checked_parse_costs_a_few_plain_parses(shape):
    # given: a body of ~1-2 MB (under DATA_UPLOAD_MAX_MEMORY_SIZE)
    body = json.dumps(SHAPES[shape]).encode()
    # when
    plain = _best_of(5, lambda: json.loads(body))
    checked = _best_of(5, lambda: json_loads_checked(body))
    # then
    assert checked <= max(plain * MAX_RATIO, 0.05), f"{shape}: {checked:.3f}s checked vs {plain:.3f}s plain"


def test_an_unauthenticated_login_with_a_2mb_array_is_refused_quickly(client_a):
    # given: what anybody can send without an account (the first request imports the URL
    # modules: not what is measured)
    url = f"/accounts/clients/{client_a.id}/user/login/"
    HttpClient().post(url, {"email": "a", "password": "x"}, content_type="application/json")
    body = json.dumps({"email": ["a"] * 400_000, "password": "x"})
    assert len(body) < 2_621_440
    # when
    started = time.perf_counter()
    response = HttpClient().post(url, body, content_type="application/json")
    elapsed = time.perf_counter() - started
    # then: refused as bad input, in well under the seconds it cost
    assert response.status_code == 400, response.content[:300]
    assert elapsed < 1.5, f"{elapsed:.2f}s"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ('{"a": ' + "[" * 33 + "]" * 33 + "}", "non_field_errors", TOO_DEEP_MESSAGE),
        ('{"a": ' + "[" * 200_000 + "]" * 200_000 + "}", "non_field_errors", TOO_DEEP_MESSAGE),
        ('{"a": ' * 40_000 + "1" + "}" * 40_000, "non_field_errors", TOO_DEEP_MESSAGE),
        ('{"a": ["x", "y\\u0000"]}', "a.1", NUL_MESSAGE),
        ('{"a": [{"b": {"c\\u0000": 1}}]}', "a.0.b.c\\x00", NUL_MESSAGE),
    ],
)
def test_the_checks_still_name_the_place(body, field, message):
    with pytest.raises(FieldErrors) as caught:
        json_loads_checked(body.encode())
    assert caught.value.errors == {field: [message]}


def test_32_levels_are_still_accepted_and_brackets_in_strings_do_not_count():
    deep = "[" * 31 + "]" * 31
    assert json_loads_checked(('{"a": ' + deep + "}").encode()) == {"a": json.loads(deep)}
    text = '[[[{{{"\\' * 40
    assert json_loads_checked(json.dumps({"t": text}).encode()) == {"t": text}
