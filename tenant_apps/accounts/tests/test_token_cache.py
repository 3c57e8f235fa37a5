"""Tokens verified once per process (``tokens._verified``): a token seen before still expires
on time, deactivation and logout still take effect at once, and the cache never accepts a
token under another key or type."""

import jwt
from django_tenants.utils import schema_context

from conftest import ApiClient
from tenant_apps.accounts import tokens


def _profile(client, token: str):
    return ApiClient(token).get(f"/accounts/clients/{client.id}/user-profile/")


def test_a_remembered_token_still_expires_on_time(client_a, as_user, monkeypatch):
    # given: a token accepted (and remembered) once
    api, _ = as_user(client_a)
    assert _profile(client_a, api.token).status_code == 200
    assert any(key[0] == api.token for key in tokens._verified)
    exp = jwt.decode(api.token, options={"verify_signature": False})["exp"]

    class Clock:
        now = exp - 1.0

        @classmethod
        def time(cls) -> float:
            return cls.now

    monkeypatch.setattr(tokens, "time", Clock)
    # when / then: still fine a second before its expiry, refused from its expiry on (as PyJWT
    # refuses it: expired at ``exp`` itself), although its claims are remembered
    assert _profile(client_a, api.token).status_code == 200
    Clock.now = float(exp)
    assert _profile(client_a, api.token).status_code == 401


def test_deactivation_is_immediate_for_a_remembered_token(client_a, as_user):
    api, user = as_user(client_a)
    assert _profile(client_a, api.token).status_code == 200  # remembered now
    with schema_context(client_a.schema_name):
        user.is_active = False
        user.save(update_fields=["is_active"])
    assert _profile(client_a, api.token).status_code == 401


def test_a_remembered_token_is_refused_under_another_key(client_a, as_user, settings):
    api, _ = as_user(client_a)
    assert _profile(client_a, api.token).status_code == 200
    settings.JWT_SIGNING_KEY = "another-signing-key-" + "x" * 40
    assert _profile(client_a, api.token).status_code == 401


def test_a_remembered_access_token_is_no_refresh_token(api, client_a, as_user):
    user_api, _ = as_user(client_a)
    assert _profile(client_a, user_api.token).status_code == 200
    assert api.post("/accounts/token/refresh/", {"refresh": user_api.token}).status_code == 401


def test_a_wrong_signature_is_never_remembered(client_a, as_user):
    api, _ = as_user(client_a)
    head, body, signature = api.token.split(".")
    forged = f"{head}.{body}.{signature[:-4]}AAAA"
    for _ in range(2):
        assert _profile(client_a, forged).status_code == 401
    assert not any(key[0] == forged for key in tokens._verified)
