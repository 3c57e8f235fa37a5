"""Security headers, the opt-in HTTPS settings and the JSON 405 (README "Security")."""

from __future__ import annotations

import pytest

from conftest import ApiClient
from tenants.models import Client

ORIGIN = "https://portal.example.test"


def _security_headers(response) -> dict:
    return {
        name: response.headers.get(name)
        for name in ("X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Strict-Transport-Security")
    }


PLAIN_HTTP = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Strict-Transport-Security": None,
}


class HeaderTests:
    def test_api_answers_carry_the_headers_and_no_hsts_without_tls(self, client_a, as_user):
        api, _ = as_user(client_a)

        response = api.get(f"/accounts/clients/{client_a.id}/user-profile/")

        assert response.status_code == 200
        assert _security_headers(response) == PLAIN_HTTP

    def test_errors_of_the_tenant_middleware_carry_them_and_cors_too(self, api, client_a, settings):
        settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
        Client.objects.filter(id=client_a.id).update(is_active=False)

        inactive = api._client.get(f"/api/clients/{client_a.id}/client-info/", headers={"Origin": ORIGIN})
        unknown = api._client.get("/api/clients/987654/client-info/", headers={"Origin": ORIGIN})

        assert (inactive.status_code, unknown.status_code) == (403, 404)
        for response in (inactive, unknown):
            assert _security_headers(response) == PLAIN_HTTP
            assert response.headers["Access-Control-Allow-Origin"] == ORIGIN

    def test_cors_preflight_still_answers(self, api, client_a, settings):
        settings.CORS_ALLOWED_ORIGINS = [ORIGIN]

        response = api._client.options(
            f"/accounts/clients/{client_a.id}/user-profile/",
            headers={"Origin": ORIGIN, "Access-Control-Request-Method": "PATCH"},
        )

        assert response.status_code == 200
        assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
        assert "PATCH" in response.headers["Access-Control-Allow-Methods"]

    def test_https_behind_a_proxy_is_opt_in(self, client_a, settings):
        # given: what SECURE_SSL_REDIRECT=true SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto set
        settings.SECURE_SSL_REDIRECT = True
        settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        settings.SECURE_HSTS_SECONDS = 31_536_000
        api = ApiClient()
        path = f"/api/clients/{client_a.id}/client-info/"

        # when
        plain = api.get(path)
        proxied = api.get(path, headers={"X-Forwarded-Proto": "https"})
        health = api.get("/healthz")

        # then: plain HTTP is redirected, HTTPS gets HSTS, the health check is exempt
        assert plain.status_code == 301 and plain.headers["Location"].startswith("https://")
        assert proxied.status_code == 200
        assert proxied.headers["Strict-Transport-Security"] == "max-age=31536000"
        assert health.status_code == 200 and "Strict-Transport-Security" not in health.headers


class MethodNotAllowedTests:
    @pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH"])
    def test_wrong_method_is_a_json_405(self, api, client_a, method):
        response = api.request(method, f"/accounts/clients/{client_a.id}/user/login/")

        assert response.status_code == 405
        assert response.headers["Content-Type"] == "application/json"
        assert response.json() == {"detail": f'Method "{method}" not allowed.'}
        assert "POST" in response.headers["Allow"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"

    def test_wrong_method_on_an_authenticated_route_writes_nothing(self, client_a, as_user):
        from django_tenants.utils import schema_context

        from tenant_apps.forum.models import Thread

        api, _ = as_user(client_a)
        response = api.put(f"/community-forum/api/clients/{client_a.id}/threads/", {"title": "x", "body": "y"})

        assert response.status_code == 405
        assert response.json() == {"detail": 'Method "PUT" not allowed.'}
        with schema_context(client_a.schema_name):
            assert not Thread.objects.exists()
