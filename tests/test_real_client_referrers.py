"""Contract test for the older web build's referrals admin page (V's ``/admin/referals``;
docs/real-client.md, "Referrers").

The page lists ``GET /api/clients/{id}/referral-program/`` and filters on
``name.toLowerCase()``, ``email.toLowerCase()`` and ``referral_code.toLowerCase()`` (it crashed
on ``name``), shows ``phone_number``; it creates with ``POST …/referral-program/ {name, email,
phone_number, referral_code}`` and edits with ``PUT …/referrals-program/{pk}/`` with the same
body: no ``discount_percentage`` in either.
"""

import pytest
from django_tenants.utils import schema_context

from tenant_apps.engagement.models import ReferralProgram
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db

V_REFERRER = {
    "name": "Priya Raman",
    "email": "Priya@Example.com",
    "phone_number": "+91 98765 43210",
    "referral_code": "priya10",
}


def url(client, tail: str) -> str:
    return f"/api/clients/{client.id}/{tail}"


def test_v_creates_lists_and_edits_a_referrer(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")

    created = admin.post(url(client_a, "referral-program/"), V_REFERRER)

    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["name"], body["email"], body["phone_number"], body["referral_code"]) == (
        "Priya Raman",
        "priya@example.com",
        "+91 98765 43210",
        "PRIYA10",
    )
    assert body["discount_percentage"] == 0.0 and body["usage_count"] == 0
    [row] = admin.get(url(client_a, "referral-program/")).json()
    assert {key: row[key] for key in ("id", "name", "email", "phone_number", "referral_code")} == {
        "id": body["id"],
        "name": "Priya Raman",
        "email": "priya@example.com",
        "phone_number": "+91 98765 43210",
        "referral_code": "PRIYA10",
    }
    edited = admin.put(
        url(client_a, f"referrals-program/{body['id']}/"),
        {**V_REFERRER, "name": "Priya R.", "phone_number": "+91 11111 22222"},
    )
    assert edited.status_code == 200, edited.json()
    assert edited.json()["name"] == "Priya R." and edited.json()["phone_number"] == "+91 11111 22222"


def test_editing_the_referrer_keeps_the_discount_and_editing_the_discount_keeps_the_referrer(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    made = admin.post(url(client_a, "referral-program/"), {**V_REFERRER, "discount_percentage": "15"}).json()
    assert made["discount_percentage"] == 15.0

    after_v = admin.put(url(client_a, f"referrals-program/{made['id']}/"), {**V_REFERRER, "name": "New Name"}).json()
    assert after_v["discount_percentage"] == 15.0 and after_v["name"] == "New Name"

    after_contract = admin.put(
        url(client_a, f"referrals-program/{made['id']}/"), {"referral_code": "PRIYA10", "discount_percentage": "20"}
    ).json()
    assert after_contract["discount_percentage"] == 20.0
    assert (after_contract["name"], after_contract["email"]) == ("New Name", "priya@example.com")


def test_a_contract_code_has_empty_referrer_fields(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    body = admin.post(
        url(client_a, "referral-program/"), {"referral_code": "PLAIN5", "discount_percentage": "5"}
    ).json()
    assert (body["name"], body["email"], body["phone_number"]) == ("", "", "")


@pytest.mark.parametrize(
    "change,field",
    [
        ({"email": "not-an-address"}, "email"),
        ({"phone_number": "1" * 21}, "phone_number"),
        ({"name": "x" * 151}, "name"),
        ({"referral_code": "a b"}, "referral_code"),
    ],
)
def test_bad_referrer_fields_are_a_400_naming_the_field(client_a, as_user, change, field):
    admin, _ = as_user(client_a, role="admin")
    response = admin.post(url(client_a, "referral-program/"), {**V_REFERRER, **change})
    assert response.status_code == 400 and field in response.json()
    with schema_context(client_a.schema_name):
        assert not ReferralProgram.objects.exists()


def test_referrers_are_the_clients_own_and_the_admins_business(client_a, client_b, as_user):
    admin_a, _ = as_user(client_a, role="admin")
    student, _ = as_user(client_a)
    admin_b, _ = as_user(client_b, role="admin")
    made = admin_a.post(url(client_a, "referral-program/"), V_REFERRER).json()
    assert (
        student.post(url(client_a, "referral-program/"), {**V_REFERRER, "referral_code": "OTHER1"}).status_code == 403
    )
    assert student.get(url(client_a, "referral-program/")).status_code == 403
    assert admin_b.get(url(client_a, "referral-program/")).status_code == 401
    assert admin_b.get(url(client_b, "referral-program/")).json() == []
    assert admin_b.put(url(client_b, f"referrals-program/{made['id']}/"), V_REFERRER).status_code == 404


@pytest.mark.parametrize("count", [1, 8])
def test_the_list_is_one_query_with_referrers(client_a, as_user, count):
    admin, _ = as_user(client_a, role="admin")
    for n in range(count):
        admin.post(url(client_a, "referral-program/"), {**V_REFERRER, "referral_code": f"CODE{n:03d}"})
    with StatementCount(2):  # the user with its session, the codes
        assert len(admin.get(url(client_a, "referral-program/")).json()) == count
