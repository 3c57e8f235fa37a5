"""Login, profile, refresh and logout: JWT sessions as ARCHITECTURE.md describes."""

import time

import jwt
import pytest
from django.conf import settings as django_settings

from conftest import ApiClient
from tenant_apps.accounts.tests.factories import DEFAULT_PASSWORD
from tests.queries import StatementCount


def _login(api, client, email):
    response = api.post(f"/accounts/clients/{client.id}/user/login/", {"email": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200, response.json()
    return response.json()


class LoginTests:
    def test_wrong_password_and_inactive_user_are_401(self, api, client_a, make_user):
        make_user(client_a, email="a@x.test")
        make_user(client_a, email="off@x.test", is_active=False)
        url = f"/accounts/clients/{client_a.id}/user/login/"

        assert api.post(url, {"email": "a@x.test", "password": "wrong"}).status_code == 401
        assert api.post(url, {"email": "off@x.test", "password": DEFAULT_PASSWORD}).status_code == 401
        assert api.post(url, {"email": "nobody@x.test", "password": "x"}).status_code == 401

    def test_missing_fields_are_400_not_422(self, api, client_a):
        response = api.post(f"/accounts/clients/{client_a.id}/user/login/", {"email": "a@x.test"})

        assert response.status_code == 400
        assert response.json()["password"] == ["This field is required."]

    def test_malformed_json_is_400(self, api, client_a):
        response = api._client.post(
            f"/accounts/clients/{client_a.id}/user/login/", data="{not json", content_type="application/json"
        )

        assert response.status_code == 400

    def test_claims(self, api, client_a, make_user):
        user = make_user(client_a, email="a@x.test", role="instructor")

        tokens = _login(api, client_a, "a@x.test")

        claims = jwt.decode(tokens["access"], django_settings.JWT_SIGNING_KEY, algorithms=["HS256"])
        assert claims["sub"] == str(user.id)
        assert claims["client_id"] == client_a.id
        assert claims["role"] == "instructor"
        assert claims["type"] == "access"
        assert {"jti", "iat", "exp", "sid"} <= claims.keys()


class ProfileTests:
    def test_get_profile(self, client_a, as_user):
        api, user = as_user(client_a, first_name="Ada", last_name="Lovelace", profile_pic_url="https://x.test/a.png")

        response = api.get(f"/accounts/clients/{client_a.id}/user-profile/")

        assert response.status_code == 200
        assert response.json() == {
            "id": user.id,
            "user_name": "Ada Lovelace",
            "profile_pic_url": "https://x.test/a.png",
            "role": "student",
            "first_name": "Ada",
            "last_name": "Lovelace",
            "email": user.email,
            "phone": "",
            "is_profile_active": True,
            # the web clients' names beside the contract's (docs/real-client.md, "Profile")
            "username": user.email,
            "phone_number": "",
            "profile_picture": "https://x.test/a.png",
        }

    @pytest.mark.parametrize("method", ["put", "patch"])
    def test_update_profile(self, client_a, as_user, method):
        api, _ = as_user(client_a)

        response = getattr(api, method)(
            f"/accounts/clients/{client_a.id}/user-profile/", {"first_name": "New", "phone": "123"}
        )

        assert response.status_code == 200
        assert response.json()["first_name"] == "New"
        assert response.json()["phone"] == "123"
        assert api.get(f"/accounts/clients/{client_a.id}/user-profile/").json()["first_name"] == "New"

    def test_bad_profile_url_is_400(self, client_a, as_user):
        api, _ = as_user(client_a)

        response = api.put(f"/accounts/clients/{client_a.id}/user-profile/", {"profile_pic_url": "not a url"})

        assert response.status_code == 400
        assert "profile_pic_url" in response.json()

    def test_profile_needs_token(self, api, client_a):
        response = api.get(f"/accounts/clients/{client_a.id}/user-profile/")

        assert response.status_code == 401
        assert response.json() == {"detail": "Authentication credentials were not provided."}

    def test_profile_costs_one_query_once_the_client_is_cached(self, client_a, as_user):
        api, _ = as_user(client_a)
        api.get(f"/accounts/clients/{client_a.id}/user-profile/")  # warms the client cache
        # the user joined with its live session (authentication; the SET search_path before
        # it is not counted). The profile is served from that row.
        with StatementCount(1):
            assert api.get(f"/accounts/clients/{client_a.id}/user-profile/").status_code == 200


class TokenTests:
    def test_other_clients_token_is_401(self, client_a, client_b, as_user):
        api, _ = as_user(client_a)

        response = api.get(f"/accounts/clients/{client_b.id}/user-profile/")

        assert response.status_code == 401

    def test_tampered_token_is_401(self, client_a, as_user):
        api, _ = as_user(client_a)
        header, payload, signature = api.token.split(".")
        forged = ApiClient(f"{header}.{payload}.{signature[:-4]}AAAA")

        assert forged.get(f"/accounts/clients/{client_a.id}/user-profile/").status_code == 401

    def test_alg_none_token_is_401(self, client_a, as_user):
        api, user = as_user(client_a)
        claims = jwt.decode(api.token, options={"verify_signature": False})
        claims["role"] = "admin"
        unsigned = jwt.encode(claims, key="", algorithm="none")

        response = ApiClient(unsigned).get(f"/accounts/clients/{client_a.id}/user-profile/")

        assert response.status_code == 401

    def test_forged_claims_with_other_key_are_401(self, client_a, as_user):
        api, _ = as_user(client_a)
        claims = jwt.decode(api.token, options={"verify_signature": False})
        forged = jwt.encode({**claims, "role": "admin"}, "another-secret-key-of-enough-length-000", algorithm="HS256")

        assert ApiClient(forged).get(f"/accounts/clients/{client_a.id}/user-profile/").status_code == 401

    def test_expired_token_is_401(self, client_a, as_user):
        api, _ = as_user(client_a)
        claims = jwt.decode(api.token, options={"verify_signature": False})
        claims["exp"] = int(time.time()) - 5
        expired = jwt.encode(claims, django_settings.JWT_SIGNING_KEY, algorithm="HS256")

        assert ApiClient(expired).get(f"/accounts/clients/{client_a.id}/user-profile/").status_code == 401

    def test_refresh_token_is_not_an_access_token(self, api, client_a, make_user):
        make_user(client_a, email="a@x.test")
        tokens = _login(api, client_a, "a@x.test")

        assert ApiClient(tokens["refresh"]).get(f"/accounts/clients/{client_a.id}/user-profile/").status_code == 401

    def test_superadmin_role_outside_the_platform_portal_is_refused(self, client_a, as_user):
        """Only the public client's users can be platform admins; a client row claiming the
        role (however it got there) gets no platform powers."""
        api, _ = as_user(client_a, role="superadmin")

        assert api.get("/accounts/clients/").status_code == 401
        assert api.get(f"/accounts/clients/{client_a.id}/user-profile/").status_code == 401

    def test_token_of_deactivated_user_is_401(self, client_a, as_user):
        api, user = as_user(client_a)
        from django_tenants.utils import schema_context

        with schema_context(client_a.schema_name):
            user.is_active = False
            user.save(update_fields=["is_active"])

        assert api.get(f"/accounts/clients/{client_a.id}/user-profile/").status_code == 401


class RefreshLogoutTests:
    def test_refresh_returns_new_pair_and_old_refresh_stays_usable(self, api, client_a, make_user):
        make_user(client_a, email="a@x.test")
        first = _login(api, client_a, "a@x.test")

        response = api.post("/accounts/token/refresh/", {"refresh": first["refresh"]})

        assert response.status_code == 200
        second = response.json()
        assert second["refresh"] != first["refresh"]
        assert ApiClient(second["access"]).get(f"/accounts/clients/{client_a.id}/user-profile/").status_code == 200
        # the first refresh token of the session still works (real clients keep it)
        assert api.post("/accounts/token/refresh/", {"refresh": first["refresh"]}).status_code == 200

    def test_logout_revokes_the_whole_session(self, api, client_a, make_user):
        make_user(client_a, email="a@x.test")
        first = _login(api, client_a, "a@x.test")
        second = api.post("/accounts/token/refresh/", {"refresh": first["refresh"]}).json()
        other_session = _login(api, client_a, "a@x.test")
        authed = ApiClient(first["access"])

        response = authed.post(f"/accounts/clients/{client_a.id}/user/logout/", {"refresh": second["refresh"]})

        assert response.status_code == 200
        assert response.json() == {"detail": "Successfully logged out"}
        for refresh in (first["refresh"], second["refresh"]):
            assert api.post("/accounts/token/refresh/", {"refresh": refresh}).status_code == 401
        assert authed.get(f"/accounts/clients/{client_a.id}/user-profile/").status_code == 401
        # other sessions of the same user are untouched
        assert api.post("/accounts/token/refresh/", {"refresh": other_session["refresh"]}).status_code == 200

    def test_logout_with_someone_elses_refresh_is_400(self, api, client_a, make_user):
        make_user(client_a, email="a@x.test")
        make_user(client_a, email="b@x.test")
        mine = _login(api, client_a, "a@x.test")
        theirs = _login(api, client_a, "b@x.test")

        response = ApiClient(mine["access"]).post(
            f"/accounts/clients/{client_a.id}/user/logout/", {"refresh": theirs["refresh"]}
        )

        assert response.status_code == 400
        assert "refresh" in response.json()
        assert api.post("/accounts/token/refresh/", {"refresh": theirs["refresh"]}).status_code == 200

    def test_refresh_garbage_is_401(self, api, db):
        assert api.post("/accounts/token/refresh/", {"refresh": "garbage"}).status_code == 401
        assert api.post("/accounts/token/refresh/", {}).status_code == 400
