"""Path and query parts that name a row "by id or by name" and hold Unicode digits.

``str.isdigit`` is true for ``"³"`` and other non-ASCII digits that ``int`` refuses: found by
``make fuzz`` against ``make run`` (stop 19), ``PUT``/``PATCH …/assessments/%C2%B3/`` was a
500. Such a part is a name (a slug, a tag name), never an id.
"""

from __future__ import annotations

import pytest

from core.untrusted_input import BIGINT_MAX, id_from_text, whole_number_from_text


@pytest.fixture
def admin_a(as_user, client_a):
    return as_user(client_a, role="admin")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", 12), (" 7 ", 7), ("³", None), ("١٢", None), ("12a", None), ("", None), (str(BIGINT_MAX + 1), None)],
)
def test_id_from_text_takes_ascii_digits_within_a_bigint(text, expected):
    assert id_from_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0", 0), ("007", 7), ("³", None), ("٣", None), ("+3", None), ("1_0", None), ("9" * 5000, BIGINT_MAX + 1)],
)
def test_whole_numbers_from_text_are_ascii_digits_and_never_raise(text, expected):
    """The one rule pagination and ids share (``int`` of 5000 digits raises ValueError)."""
    assert whole_number_from_text(text) == expected


@pytest.mark.parametrize("value", ["%C2%B3", "%D9%A3", "%EF%BC%93", "1_0", "%2B2"])
@pytest.mark.parametrize("name", ["page", "page_size"])
def test_a_page_in_unicode_digits_is_a_400(as_user, client_a, name, value):
    api, _ = as_user(client_a, role="student")
    response = api.get(f"/community-forum/api/clients/{client_a.id}/threads/?{name}={value}")
    assert response.status_code == 400, response.json()
    assert response.json()[name] == ["page and page_size must be whole numbers."]


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
