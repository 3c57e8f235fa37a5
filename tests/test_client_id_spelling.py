"""One client id, parsed once: any spelling but the canonical one names no client.

Every route of the OpenAPI document that takes ``client_id`` is called with each
non-canonical spelling of a real client's id, with no token and with the tokens of a
student, a client admin and a platform admin. Each must be a 404 before any handler runs:
no 2xx leaks, no 5xx, nothing written. An unknown id is refused too.
"""

from __future__ import annotations

import re

import pytest
from django_tenants.utils import schema_context

from tenant_apps.accounts.models import User
from tenants.middleware import parse_client_id
from tenants.schema import current_schema_name

SPELLINGS = ["+{id}", "%20{id}", "{id}%20", "{id}.0", "0{id}", "-{id}", "{id}%00", "{id}e0", "%EF%BC%92"]
UNKNOWN_CLIENT = "99999"
METHODS = ("get", "post", "put", "patch", "delete")


def _client_routes(api) -> list[tuple[str, str]]:
    document = api.get("/api/openapi.json").json()
    routes = []
    for path, operations in document["paths"].items():
        if "{client_id}" not in path:
            continue
        for method in operations:
            if method in METHODS:
                routes.append((method, path))
    return routes


@pytest.mark.parametrize(
    "raw, expected",
    [("2", 2), ("2147483647", 2147483647), ("+2", None), (" 2", None), ("2.0", None), ("02", None), ("-2", None),
     ("0", None), ("2\x00", None), ("2\n", None), ("２", None), ("2147483648", None), ("", None)],
)  # fmt: skip
def test_only_the_canonical_spelling_parses(raw, expected):
    assert parse_client_id(raw) == expected


@pytest.mark.parametrize("spelling", [*SPELLINGS, UNKNOWN_CLIENT])
def test_every_client_route_refuses_every_other_spelling(
    spelling, api, client_a, public_client, as_user, platform_admin
):
    # given
    student, _ = as_user(client_a, role="student")
    admin, _ = as_user(client_a, role="admin")
    root, _ = platform_admin
    callers = {"anonymous": api, "student": student, "admin": admin, "platform admin": root}
    routes = _client_routes(api)
    assert len(routes) > 80  # the whole contract, not a sample
    with schema_context(client_a.schema_name):
        users_before = User.objects.count()
    public_users_before = User.objects.count()
    leaks = []

    # when
    for method, template in routes:
        path = re.sub(r"\{[^}]+\}", "1", template.replace("{client_id}", spelling.format(id=client_a.id)))
        for who, caller in callers.items():
            status = caller.request(method.upper(), path, {} if method != "get" else None).status_code
            # An unknown client is refused one way or another (the client resource itself
            # checks the caller before it looks the client up); a misspelt one is a 404.
            refused = 400 <= status < 500 if spelling == UNKNOWN_CLIENT else status == 404
            if not refused:
                leaks.append((who, method.upper(), path, status))

    # then
    assert leaks == []
    assert current_schema_name() == "public"
    with schema_context(client_a.schema_name):
        assert User.objects.count() == users_before
    assert User.objects.count() == public_users_before


def test_signup_on_a_plus_spelled_public_client_creates_nobody(api, public_client):
    """The attack of issue 8: ``/clients/+1/`` used to run sign-up in the public schema."""
    # when
    response = api.post(
        "/accounts/clients/+1/user/signup/",
        {"email": "mallory@evil.test", "password": "Str0ng-Passw0rd!", "first_name": "M", "last_name": "E"},
    )

    # then
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert not User.objects.filter(email="mallory@evil.test").exists()


def test_client_admin_cannot_reach_platform_admins_through_a_plus_spelled_path(client_a, as_user, platform_admin):
    # given
    admin, _ = as_user(client_a, role="admin")
    _, root_user = platform_admin

    # when
    read = admin.get(f"/admin-dashboard/api/clients/+{client_a.id}/manage-student/{root_user.id}/")
    demote = admin.patch(
        f"/admin-dashboard/api/clients/+{client_a.id}/manage-student/{root_user.id}/", {"is_active": False}
    )
    profile = admin.patch(f"/accounts/clients/+{client_a.id}/user-profile/", {"first_name": "Owned"})

    # then
    assert (read.status_code, demote.status_code, profile.status_code) == (404, 404, 404)
    root_user.refresh_from_db()
    assert root_user.is_active and root_user.first_name != "Owned"
