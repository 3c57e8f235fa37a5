"""Contract test: the admins' assessment list (H's ``/admin/assessment`` cards, V's
``/admin/assessments``): ``GET /admin-dashboard/api/clients/{id}/assessments/``
(docs/real-client.md, "Untimed assessments").

Found on the re-walk of 1 Dec 2026: H's admin card prints `` `${duration_minutes}m` `` and
showed "nullm" for the untimed demo assessment. The list answers 0 and ``has_time_limit``
as the learners' pages do; the authoring answers (create, detail) keep ``null``, which the
edit forms load back into their 1-1440 input.
"""

import pytest
from django_tenants.utils import schema_context

from tenant_apps.assessment.tests.factories import AssessmentFactory
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db


def adm(client) -> str:
    return f"/admin-dashboard/api/clients/{client.id}/assessments/"


def test_an_untimed_assessment_is_0_minutes_in_the_list_and_null_in_its_detail(client_a, as_user):
    with schema_context(client_a.schema_name):
        untimed = AssessmentFactory(duration_minutes=None)
        timed = AssessmentFactory(duration_minutes=45)
    admin, _ = as_user(client_a, role="admin")
    rows = {row["id"]: row for row in admin.get(adm(client_a)).json()}
    assert (rows[untimed.id]["duration_minutes"], rows[untimed.id]["has_time_limit"]) == (0, False)
    assert (rows[timed.id]["duration_minutes"], rows[timed.id]["has_time_limit"]) == (45, True)
    assert isinstance(rows[untimed.id]["duration_minutes"], int)
    detail = admin.get(f"{adm(client_a)}{untimed.id}/").json()
    assert detail["duration_minutes"] is None  # the edit form's value


def test_the_list_is_staff_only_and_per_client(client_a, client_b, as_user):
    student, _ = as_user(client_a)
    assert student.get(adm(client_a)).status_code == 403
    outsider, _ = as_user(client_b, role="admin")
    assert outsider.get(adm(client_a)).status_code in (401, 403)


@pytest.mark.parametrize("count", [1, 20])
def test_the_list_costs_the_same_queries(client_a, as_user, count):
    with schema_context(client_a.schema_name):
        AssessmentFactory.create_batch(count, duration_minutes=None)
    admin, _ = as_user(client_a, role="admin")
    with StatementCount(4):  # client, user, the assessments, their bands
        rows = admin.get(adm(client_a)).json()
    assert len(rows) == count and all(row["has_time_limit"] is False for row in rows)
