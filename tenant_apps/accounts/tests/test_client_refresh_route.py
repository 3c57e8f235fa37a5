"""The older web build refreshes at ``POST /accounts/clients/{id}/user/refresh-token/`` with
``{refresh_token}`` and reads ``{access_token, refresh_token}`` (docs/real-client.md)."""

from conftest import ApiClient
from tenant_apps.accounts.tests.factories import DEFAULT_PASSWORD


def _login(api, client, email):
    response = api.post(f"/accounts/clients/{client.id}/user/login/", {"email": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200, response.json()
    return response.json()


def test_the_per_client_route_refreshes_like_the_contract_route(api, client_a, make_user):
    # given
    make_user(client_a, email="a@x.test")
    first = _login(api, client_a, "a@x.test")

    # when
    response = api.post(
        f"/accounts/clients/{client_a.id}/user/refresh-token", {"refresh_token": first["refresh_token"]}
    )

    # then
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["access_token"] == body["access"] and body["refresh_token"] == body["refresh"]
    assert ApiClient(body["access_token"]).get(f"/accounts/clients/{client_a.id}/user-profile/").status_code == 200


def test_a_refresh_token_of_another_client_or_a_revoked_session_is_401(api, client_a, client_b, make_user):
    # given
    make_user(client_a, email="a@x.test")
    first = _login(api, client_a, "a@x.test")
    ApiClient(first["access"]).post(f"/accounts/clients/{client_a.id}/user/logout/", {"refresh": first["refresh"]})

    # when
    elsewhere = api.post(f"/accounts/clients/{client_b.id}/user/refresh-token/", {"refresh_token": first["refresh"]})
    revoked = api.post(f"/accounts/clients/{client_a.id}/user/refresh-token/", {"refresh_token": first["refresh"]})
    missing = api.post(f"/accounts/clients/{client_a.id}/user/refresh-token/", {"refresh": first["refresh"]})

    # then
    assert (elsewhere.status_code, revoked.status_code) == (401, 401)
    assert missing.status_code == 400 and "refresh_token" in missing.json()


def test_another_clients_token_is_refused_before_its_session_is_looked_at(api, client_a, client_b, make_user):
    # given: a live session at client A
    make_user(client_a, email="a@x.test")
    first = _login(api, client_a, "a@x.test")

    # when
    response = api.post(f"/accounts/clients/{client_b.id}/user/refresh-token/", {"refresh_token": first["refresh"]})

    # then
    assert response.status_code == 401
    assert api.post("/accounts/token/refresh/", {"refresh": first["refresh"]}).status_code == 200
