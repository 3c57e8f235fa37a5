"""Correctly signed tokens that token_encode would never make are refused with a 401."""

import time
import uuid

import jwt
from django.conf import settings
from django_tenants.utils import schema_context

from conftest import ApiClient
from tenant_apps.accounts.models import AuthSession
from tenant_apps.accounts.tests.factories import DEFAULT_PASSWORD


def _resigned(token: str, **changes) -> str:
    claims = {**jwt.decode(token, options={"verify_signature": False}), **changes}
    return jwt.encode(claims, settings.JWT_SIGNING_KEY, algorithm=settings.JWT_ALGORITHM)


def _profile(client, token: str):
    return ApiClient(token).get(f"/accounts/clients/{client.id}/user-profile/")


def _login(api, client, email):
    response = api.post(f"/accounts/clients/{client.id}/user/login/", {"email": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200, response.json()
    return response.json()


class LifetimeTests:
    def test_access_token_living_longer_than_configured_is_401(self, client_a, as_user):
        # given: the real token, re-signed with the real key, expiring in 2**70 seconds
        api, _ = as_user(client_a)
        forever = _resigned(api.token, exp=2**70)
        # when / then
        assert _profile(client_a, api.token).status_code == 200
        response = _profile(client_a, forever)
        assert response.status_code == 401
        assert "detail" in response.json()

    def test_one_second_beyond_the_lifetime_is_401_and_exactly_the_lifetime_is_fine(self, client_a, as_user):
        api, _ = as_user(client_a)
        now = int(time.time())
        lifetime = int(settings.JWT_ACCESS_LIFETIME.total_seconds())

        assert _profile(client_a, _resigned(api.token, iat=now, exp=now + lifetime)).status_code == 200
        assert _profile(client_a, _resigned(api.token, iat=now, exp=now + lifetime + 1)).status_code == 401
        # an early iat is no way around it
        assert _profile(client_a, _resigned(api.token, iat=now - 10**9, exp=now + 60)).status_code == 401

    def test_refresh_token_living_longer_than_configured_is_401_and_starts_nothing(self, api, client_a, make_user):
        # given
        make_user(client_a, email="long@x.test")
        pair = _login(api, client_a, "long@x.test")
        forever = _resigned(pair["refresh"], exp=2**70)
        with schema_context(client_a.schema_name):
            sessions = list(AuthSession.objects.values_list("id", "revoked_at", "expires_at"))
        # when
        response = api.post("/accounts/token/refresh/", {"refresh": forever})
        # then
        assert response.status_code == 401
        assert "access" not in response.json()
        with schema_context(client_a.schema_name):
            assert list(AuthSession.objects.values_list("id", "revoked_at", "expires_at")) == sessions


class SessionIdTests:
    def test_access_token_whose_sid_is_not_a_uuid_is_401(self, client_a, as_user):
        api, _ = as_user(client_a)

        for sid in ("not-a-uuid", "1", "", "00000000-0000-0000-0000-00000000000g"):
            response = _profile(client_a, _resigned(api.token, sid=sid))
            assert response.status_code == 401, (sid, response.json())

    def test_refresh_token_whose_sid_is_not_a_uuid_is_401(self, api, client_a, make_user):
        make_user(client_a, email="sid@x.test")
        pair = _login(api, client_a, "sid@x.test")

        response = api.post("/accounts/token/refresh/", {"refresh": _resigned(pair["refresh"], sid="nope")})

        assert response.status_code == 401

    def test_a_well_formed_but_unknown_sid_is_401_too(self, client_a, as_user):
        api, _ = as_user(client_a)

        assert _profile(client_a, _resigned(api.token, sid=str(uuid.uuid4()))).status_code == 401
