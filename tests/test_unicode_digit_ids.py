"""Path and query parts that name a row "by id or by name" and hold Unicode digits.

``str.isdigit`` is true for ``"³"`` and other non-ASCII digits that ``int`` refuses: found by
``make fuzz`` against ``make run`` (stop 19), ``PUT``/``PATCH …/assessments/%C2%B3/`` was a
500. Such a part is a name (a slug, a tag name), never an id.
"""

from __future__ import annotations

import pytest

from core.untrusted_input import BIGINT_MAX, id_from_text


@pytest.fixture
def admin_a(as_user, client_a):
    return as_user(client_a, role="admin")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", 12), (" 7 ", 7), ("³", None), ("١٢", None), ("12a", None), ("", None), (str(BIGINT_MAX + 1), None)],
)
def test_id_from_text_takes_ascii_digits_within_a_bigint(text, expected):
    assert id_from_text(text) == expected


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize(("ref", "status"), [("%C2%B3", 404), ("%D9%A1%D9%A2", 404), ("99999999999999999999", 400)])
def test_an_assessment_named_by_unicode_digits_is_not_found(admin_a, client_a, method, ref, status):
    # given
    api, _ = admin_a
    # when
    response = api.request(
        method,
        f"/admin-dashboard/api/clients/{client_a.id}/assessments/{ref}/",
        {"title": "x"} if method in {"PUT", "PATCH"} else None,
    )
    # then: a name no assessment has (an id past a bigint is the path checks' field error)
    assert response.status_code == status, response.json()


def test_a_thread_tag_of_unicode_digits_is_a_tag_name(as_user, client_a):
    # given
    api, _ = as_user(client_a, role="student")
    # when
    response = api.get(f"/community-forum/api/clients/{client_a.id}/threads/?tag=%C2%B3")
    # then: no tag has that name
    assert response.status_code == 200, response.json()
    assert response.json() == [] or response.json().get("results") == []
