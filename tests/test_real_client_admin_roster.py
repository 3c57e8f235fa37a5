"""Contract test for H's admin manage-students page (docs/real-client.md, "Response profile",
manage students).

H loads the whole roster in one call, ``?page=1&limit=10000&sort_by=name&sort_order=asc``, and
filters, sorts and pages it in the browser. With the limit capped at 100 the call was a 400 and
the page's table stayed empty (walk of H's production build, /admin/manage-students).
"""

import pytest

from tenant_apps.admin_dashboard.schemas import StudentListOut, StudentPageOut, StudentsPaginationOut
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db

H_ROSTER_QUERY = "?page=1&limit=10000&sort_by=name&sort_order=asc"


@pytest.fixture
def ai_linc(client_a, platform_admin):
    root, _ = platform_admin
    assert root.patch(f"/accounts/clients/{client_a.id}/", {"response_profile": "ai_linc"}).status_code == 200
    return client_a


def roster_path(client) -> str:
    return f"/admin-dashboard/api/clients/{client.id}/manage-students/{H_ROSTER_QUERY}"


def test_the_whole_roster_comes_back_in_one_page_for_h(ai_linc, as_user, make_user):
    # given: an admin and 3 students
    admin, me = as_user(ai_linc, role="admin")
    emails = {make_user(ai_linc, email=f"r{n}@x.test").email for n in range(3)}

    # when
    response = admin.get(roster_path(ai_linc))

    # then: every field of the envelope, its rows and its pagination is there (more may be)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert set(StudentPageOut.model_fields) <= set(body)
    assert set(StudentsPaginationOut.model_fields) <= set(body["pagination"])
    for row in body["students"]:
        assert set(StudentListOut.model_fields) <= set(row)
    assert emails <= {row["email"] for row in body["students"]}
    mine = next(row for row in body["students"] if row["id"] == me.id)
    assert mine["user_id"] == me.id and mine["name"] == mine["username"] == mine["user_name"]
    assert (mine["first_name"], mine["last_name"]) == (me.first_name, me.last_name)
    assert mine["enrollment_count"] == mine["enrolled_courses_count"] == 0
    assert body["pagination"]["limit"] == 10_000
    assert body["pagination"]["total_pages"] == 1 and body["pagination"]["has_next"] is False
    assert body["pagination"]["total_students"] == len(body["students"])


@pytest.mark.parametrize("bad", ["limit=0", "limit=10001", "limit=many", "page=0"])
def test_a_limit_outside_the_roster_cap_is_a_clear_400(ai_linc, as_user, bad):
    admin, _ = as_user(ai_linc, role="admin")
    response = admin.get(f"/admin-dashboard/api/clients/{ai_linc.id}/manage-students/?{bad}")
    assert response.status_code == 400
    assert bad.split("=")[0] in response.json()


def test_roster_is_for_admins_of_the_client_only(ai_linc, client_b, as_user):
    student, _ = as_user(ai_linc, role="student")
    other_admin, _ = as_user(client_b, role="admin")
    assert student.get(roster_path(ai_linc)).status_code == 403
    assert other_admin.get(roster_path(ai_linc)).status_code in (401, 403)


def test_roster_costs_the_same_statements_at_any_size(ai_linc, as_user, make_user):
    admin, _ = as_user(ai_linc, role="admin")
    counts = []
    for size in (1, 6):
        while len(admin.get(roster_path(ai_linc)).json()["students"]) < size:
            make_user(ai_linc)
        admin.get(roster_path(ai_linc))  # warm the client cache
        with StatementCount() as counted:
            assert admin.get(roster_path(ai_linc)).status_code == 200
        counts.append(counted.count)
    assert counts[0] == counts[1]
