"""Requests any student can repeat must not each cost a computation over the whole client
(the ``attack3`` review).

The community leaderboard sums every forum event of the client. It is rendered once per
forum version, but it was rendered once per ``limit`` too: 100 limits x 3 periods gave a
student 300 full computations per forum version by changing a query parameter, and any
vote (theirs too) starts a new version. It is now rendered once per period and version at
the largest limit, and each ``limit`` is a cut of that.
"""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from tenant_apps.forum.tests.factories import ThreadFactory
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db


def board(client, query: str = "") -> str:
    return f"/community-forum/api/clients/{client.id}/leaderboard/{query}"


def test_every_limit_of_a_period_reads_one_rendered_board(client_a, as_user, make_user):
    # given: 5 members with points, and a board read once (the client lookup is cached)
    api, _ = as_user(client_a)
    members = [make_user(client_a) for _ in range(5)]
    with schema_context(client_a.schema_name):
        for n, member in enumerate(members):
            for _ in range(n + 1):
                ThreadFactory(author=member)
    first = api.get(board(client_a, "?limit=100")).json()["results"]
    assert [row["user"]["id"] for row in first] == [m.id for m in reversed(members)]
    # when: every other limit is asked for
    for limit in (1, 2, 3, 50, 99):
        with StatementCount(1):  # auth only: no computation of the board per limit
            rows = api.get(board(client_a, f"?limit={limit}")).json()["results"]
        # then: the same board, cut
        assert rows == first[:limit]
