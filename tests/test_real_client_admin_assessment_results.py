"""Contract test for the older build's admin "Assessment Results" table
(`/admin/assesment-results`), walked 1 Dec 2026 (session 20): the one submission's name, e-mail
and mobile columns said "N/A". The table reads the learner from ``userprofile.user.{name,
email}`` and ``userprofile.phone_number`` of each `assessment-submissions/` row (the contract
has them under ``user``). docs/real-client.md, "V's admin area".

The statement: ``userprofile`` is the submission's learner (the same user as ``user``), their
display name, e-mail and phone ("" when none).
"""

import pytest
from django_tenants.utils import schema_context

from tenant_apps.assessment.tests.factories import assessment_full
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db


def rows(api, client) -> list[dict]:
    response = api.get(f"/admin-dashboard/api/clients/{client.id}/assessment-submissions/")
    assert response.status_code == 200, response.json()
    return response.json()


def start(api, client, slug: str) -> None:
    assert api.get(f"/assessment/api/client/{client.id}/start-assessment/{slug}/").status_code == 200


@pytest.fixture
def exam(client_a):
    with schema_context(client_a.schema_name):
        return assessment_full(slug="exam")


def test_each_row_names_its_learner_in_the_tables_fields(client_a, as_user, exam):
    admin, _ = as_user(client_a, role="admin")
    learner_api, learner = as_user(client_a, first_name="Ada", last_name="Lovelace", phone="+91 98765 43210")
    quiet_api, quiet = as_user(client_a, first_name="Bo", last_name="Quiet")
    start(learner_api, client_a, "exam")
    start(quiet_api, client_a, "exam")
    by_user = {row["user"]["id"]: row for row in rows(admin, client_a)}
    ada, bo = by_user[learner.id], by_user[quiet.id]
    assert ada["userprofile"] == {
        "user": {"name": "Ada Lovelace", "email": learner.email},
        "phone_number": "+91 98765 43210",
    }
    assert ada["userprofile"]["user"]["name"] == ada["user"]["user_name"]  # the contract's user, unchanged beside it
    assert bo["userprofile"]["phone_number"] == "" and bo["userprofile"]["user"]["email"] == quiet.email


def test_another_clients_admin_reads_none_of_them(client_a, client_b, as_user, exam):
    learner_api, _ = as_user(client_a)
    start(learner_api, client_a, "exam")
    outsider, _ = as_user(client_b, role="admin")
    assert outsider.get(f"/admin-dashboard/api/clients/{client_a.id}/assessment-submissions/").status_code in (401, 403)
    assert rows(outsider, client_b) == []


def test_a_student_may_not_read_the_table(client_a, as_user, exam):
    student, _ = as_user(client_a)
    assert student.get(f"/admin-dashboard/api/clients/{client_a.id}/assessment-submissions/").status_code == 403


@pytest.mark.parametrize("size", [1, 5])
def test_the_profile_costs_no_query(size, client_a, as_user, exam):
    admin, _ = as_user(client_a, role="admin")
    for _ in range(size):
        api, _ = as_user(client_a)
        start(api, client_a, "exam")
    rows(admin, client_a)  # warm the client lookup
    with StatementCount(1 + 1):  # auth; the submissions with learner and assessment
        assert len(rows(admin, client_a)) == size
