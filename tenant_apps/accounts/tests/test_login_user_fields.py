"""The web clients store the login answer's ``user`` and greet with ``full_name`` (V's
dashboard said "Hi, " to everyone without it): the contract's user fields plus the client's
(docs/real-client.md, "Login")."""

from tenant_apps.accounts.tests.factories import DEFAULT_PASSWORD


def test_login_answers_the_clients_user_fields_beside_the_contracts(api, client_a, make_user):
    make_user(client_a, email="ada@x.test", first_name="Ada", last_name="Lovelace", phone="+4420")
    body = api.post(
        f"/accounts/clients/{client_a.id}/user/login/", {"email": "ada@x.test", "password": DEFAULT_PASSWORD}
    ).json()
    user = body["user"]
    assert {"id", "email", "first_name", "last_name", "role"} <= set(user)  # the contract's
    assert user["full_name"] == "Ada Lovelace" and user["username"] == "ada@x.test"
    assert user["phone_number"] == "+4420" and isinstance(user["profile_picture"], str)
    assert isinstance(user["date_joined"], str) and "T" in user["date_joined"]


def test_a_user_without_a_name_is_greeted_by_the_emails_name(api, client_a, make_user):
    make_user(client_a, email="nameless@x.test", first_name="", last_name="")
    body = api.post(
        f"/accounts/clients/{client_a.id}/user/login/", {"email": "nameless@x.test", "password": DEFAULT_PASSWORD}
    ).json()
    assert body["user"]["full_name"] == "nameless"


def test_a_wrong_password_still_answers_no_user(api, client_a, make_user):
    make_user(client_a, email="ada@x.test")
    response = api.post(f"/accounts/clients/{client_a.id}/user/login/", {"email": "ada@x.test", "password": "nope"})
    assert response.status_code in (400, 401) and "user" not in response.json()
