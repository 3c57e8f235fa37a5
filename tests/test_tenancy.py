"""Clients, features, path-based tenancy and the HTTP conventions around them."""

import json

import pytest
from django_tenants.utils import schema_context, schema_exists

from tenant_apps.accounts.models import User
from tenant_apps.accounts.tests.factories import DEFAULT_PASSWORD
from tenants.models import Client
from tenants.schema import current_schema_name
from tenants.services import client_create
from tests.queries import StatementCount


class ClientApiTests:
    def test_platform_admin_logs_in_through_client_1_and_creates_a_client(self, api, public_client, make_user):
        # given
        assert public_client.id == 1
        make_user(public_client, role="superadmin", email="root@platform.test")
        login = api.post(
            "/accounts/clients/1/user/login/", {"email": "root@platform.test", "password": DEFAULT_PASSWORD}
        )
        assert login.status_code == 200
        admin = api.with_token(login.json()["access"])

        # when
        response = admin.post(
            "/accounts/clients/",
            {"name": "Gamma School", "slug": "gamma", "theme_settings": {"primary": "#123456"}, "feature_ids": [1, 2]},
        )

        # then
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["slug"] == "gamma" and body["is_active"] is True
        assert body["theme_settings"] == {"primary": "#123456"}
        assert [f["id"] for f in body["features"]] == [1, 2]
        client = Client.objects.get(id=body["id"])
        assert schema_exists(client.schema_name)
        with schema_context(client.schema_name):
            assert User.objects.count() == 0  # the template's structure, none of anyone's data
        listed = admin.get("/accounts/clients/").json()
        assert "gamma" in [c["slug"] for c in listed]
        assert set(listed[0]) == {
            "id", "name", "slug", "app_logo_url", "app_icon_url", "is_active", "features",
            "theme_settings", "login_img_url", "login_logo_url", "show_footer", "pwa_manifest",
            "response_profile", "timezone",
        }  # fmt: skip
        assert body["response_profile"] == "contract"  # a new client answers the contract

    @pytest.mark.parametrize(
        "body, field",
        [
            ({"name": "X", "slug": "Bad Slug!"}, "slug"),
            ({"name": "X", "slug": "alpha"}, "slug"),
            ({"slug": "x"}, "name"),
        ],
    )
    def test_bad_client_is_400(self, platform_admin, client_a, body, field):
        admin, _ = platform_admin

        response = admin.post("/accounts/clients/", body)

        assert response.status_code == 400
        assert field in response.json()

    def test_platform_admin_deactivates_and_reactivates_a_client(self, platform_admin, client_a, as_user):
        admin, _ = platform_admin
        student, _ = as_user(client_a)

        off = admin.patch(f"/accounts/clients/{client_a.id}/", {"is_active": False, "theme_settings": {"x": 1}})

        assert off.status_code == 200
        assert off.json()["is_active"] is False and off.json()["theme_settings"] == {"x": 1}
        assert student.get(f"/accounts/clients/{client_a.id}/user-profile/").json()["code"] == "tenant_inactive"
        assert admin.get(f"/accounts/clients/{client_a.id}/").json()["is_active"] is False
        on = admin.put(f"/accounts/clients/{client_a.id}/", {"is_active": True})
        assert on.status_code == 200
        assert student.get(f"/accounts/clients/{client_a.id}/user-profile/").status_code == 200

    def test_client_resource_rules(self, platform_admin, client_a, as_user):
        admin, _ = platform_admin
        client_admin, _ = as_user(client_a, role="admin")

        assert client_admin.patch(f"/accounts/clients/{client_a.id}/", {"is_active": False}).status_code == 403
        # the platform's own client changes only its response profile
        assert admin.patch("/accounts/clients/1/", {"is_active": False}).status_code == 400
        assert admin.get("/accounts/clients/999999/").status_code == 404
        assert admin.patch(f"/accounts/clients/{client_a.id}/", {"app_logo_url": "not a url"}).status_code == 400
        assert admin.patch(f"/accounts/clients/{client_a.id}/", {"name": ""}).status_code == 400

    def test_only_platform_admins_manage_clients(self, api, client_a, as_user):
        client_admin, _ = as_user(client_a, role="admin")

        assert api.get("/accounts/clients/").status_code == 401
        assert client_admin.get("/accounts/clients/").status_code == 403
        assert client_admin.post("/accounts/clients/", {"name": "X", "slug": "x"}).status_code == 403
        assert (
            client_admin.post(f"/accounts/clients/{client_a.id}/features/select/", {"feature_ids": [1]}).status_code
            == 403
        )

    def test_client_list_has_a_fixed_query_count(self, platform_admin):
        admin, _ = platform_admin
        admin.get("/accounts/clients/")

        def count() -> int:
            admin.get("/accounts/clients/")  # the same cache state each time (creating clients drops it)
            with StatementCount() as counted:
                assert admin.get("/accounts/clients/").status_code == 200
            return counted.count

        with_two = count()
        for n in range(3):
            client_create(name=f"Extra {n}", slug=f"extra-{n}", features=[1, 2, 3])
        assert count() == with_two <= 3

    def test_pagination_is_opt_in_with_headers(self, platform_admin):
        admin, _ = platform_admin
        for n in range(3):
            client_create(name=f"Extra {n}", slug=f"extra-{n}")

        full = admin.get("/accounts/clients/")
        page = admin.get("/accounts/clients/?page=2&page_size=2")

        assert "X-Total-Count" not in full.headers
        assert page.status_code == 200
        assert isinstance(page.json(), list) and len(page.json()) == 2
        assert page.headers["X-Total-Count"] == str(len(full.json()))
        assert 'rel="prev"' in page.headers["Link"]
        assert admin.get("/accounts/clients/?page=0").status_code == 400


class FeatureApiTests:
    def test_features_are_public(self, api, db):
        response = api.get("/accounts/features/")

        assert response.status_code == 200
        assert {"id", "name", "label", "is_active", "is_default"} == set(response.json()[0])
        assert {"id": 1, "name": "course", "label": "Courses"}.items() <= response.json()[0].items()

    def test_select_features(self, platform_admin, client_a, api):
        admin, _ = platform_admin

        response = admin.post(f"/accounts/clients/{client_a.id}/features/select/", {"feature_ids": [2, 3]})

        assert response.status_code == 200
        assert response.json()["detail"] == "Features updated successfully"
        info = api.get(f"/api/clients/{client_a.id}/client-info/").json()
        assert [f["id"] for f in info["features"]] == [2, 3]

    def test_unknown_feature_is_400(self, platform_admin, client_a):
        admin, _ = platform_admin

        response = admin.post(f"/accounts/clients/{client_a.id}/features/select/", {"feature_ids": [99999]})

        assert response.status_code == 400
        assert "feature_ids" in response.json()


class TenancyTests:
    def test_client_info_needs_no_token(self, api, client_a):
        response = api.get(f"/api/clients/{client_a.id}/client-info/")

        assert response.status_code == 200
        assert response.json()["slug"] == "alpha"
        assert {"id", "name", "app_logo_url", "app_icon_url", "theme_settings", "features"} <= set(response.json())

    def test_unknown_client_is_404(self, api, db):
        response = api.get("/api/clients/424242/client-info/")

        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}

    def test_inactive_client_is_403_tenant_inactive(self, api, client_a, as_user):
        student, _ = as_user(client_a)
        Client.objects.filter(id=client_a.id).update(is_active=False)

        for response in (
            api.get(f"/api/clients/{client_a.id}/client-info/"),
            student.get(f"/accounts/clients/{client_a.id}/user-profile/"),
        ):
            assert response.status_code == 403
            assert response.json()["code"] == "tenant_inactive"

    def test_same_email_is_two_accounts_at_two_clients(self, api, client_a, client_b, make_user):
        a = make_user(client_a, email="same@x.test", first_name="A")
        make_user(client_b, email="same@x.test", first_name="B")

        login_b = api.post(
            f"/accounts/clients/{client_b.id}/user/login/", {"email": "same@x.test", "password": DEFAULT_PASSWORD}
        )
        profile_b = api.with_token(login_b.json()["access"]).get(f"/accounts/clients/{client_b.id}/user-profile/")

        assert profile_b.json()["first_name"] == "B"
        assert (
            api.with_token(login_b.json()["access"]).get(f"/accounts/clients/{client_a.id}/user-profile/").status_code
            == 401
        )
        assert a.first_name == "A"

    @pytest.mark.parametrize(
        "path",
        [
            "/lms/clients/1/courses/",
            "/admin-dashboard/api/clients/1/courses/",
            "/assessment/api/client/1/active-assessments/",
            "/accounts/clients/1/user/signup/",
            "/accounts/clients/1/user/verify-email/",
        ],
    )
    def test_public_client_has_only_the_platform_portal_paths(self, platform_admin, path):
        admin, _ = platform_admin

        assert admin.get(path).status_code == 404
        assert admin.post(path, {}).status_code == 404
        assert admin.get("/accounts/clients/1/user-profile/").status_code == 200
        assert admin.get("/api/clients/1/client-info/").status_code == 200

    def test_connection_returns_to_public_after_a_request(self, api, client_a):
        api.get(f"/api/clients/{client_a.id}/client-info/")

        assert current_schema_name() == "public"


class HttpConventionTests:
    def test_path_without_trailing_slash_reaches_the_endpoint(self, api, client_a):
        response = api.get(f"/api/clients/{client_a.id}/client-info")

        assert response.status_code == 200
        assert response.json()["slug"] == "alpha"

    def test_unknown_path_is_json_404(self, api, db):
        response = api.get("/no/such/path/")

        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}

    def test_cors_preflight_allows_authorization_and_put(self, api, client_a, settings):
        settings.CORS_ALLOWED_ORIGINS = ["https://portal.example.test"]

        response = api._client.options(
            f"/accounts/clients/{client_a.id}/user-profile/",
            headers={
                "Origin": "https://portal.example.test",
                "Access-Control-Request-Method": "PUT",
                "Access-Control-Request-Headers": "authorization, content-type",
            },
        )

        assert response.status_code == 200
        assert response.headers["Access-Control-Allow-Origin"] == "https://portal.example.test"
        assert "authorization" in response.headers["Access-Control-Allow-Headers"]
        assert "PUT" in response.headers["Access-Control-Allow-Methods"]

    def test_cors_lets_an_allowed_origin_read_a_credentialed_request(self, api, client_a, settings):
        """The older web build's keepalive fetches and beacons are sent in credentials mode."""
        settings.CORS_ALLOWED_ORIGINS = ["https://portal.example.test"]

        response = api._client.get(
            f"/api/clients/{client_a.id}/client-info/", headers={"Origin": "https://portal.example.test"}
        )

        assert response.headers["Access-Control-Allow-Origin"] == "https://portal.example.test"
        assert response.headers["Access-Control-Allow-Credentials"] == "true"

    def test_cors_headers_on_tenant_errors_too(self, api, client_a, settings):
        settings.CORS_ALLOWED_ORIGINS = ["https://portal.example.test"]
        Client.objects.filter(id=client_a.id).update(is_active=False)

        inactive = api._client.get(
            f"/api/clients/{client_a.id}/client-info/", headers={"Origin": "https://portal.example.test"}
        )
        unknown = api._client.get("/api/clients/987654/client-info/", headers={"Origin": "https://portal.example.test"})

        assert inactive.status_code == 403 and unknown.status_code == 404
        for response in (inactive, unknown):
            assert response.headers["Access-Control-Allow-Origin"] == "https://portal.example.test"

    def test_cors_unknown_origin_gets_no_grant(self, api, client_a, settings):
        settings.CORS_ALLOWED_ORIGINS = ["https://portal.example.test"]

        response = api._client.get(f"/api/clients/{client_a.id}/client-info/", headers={"Origin": "https://evil.test"})

        assert "Access-Control-Allow-Origin" not in response.headers

    def test_openapi_and_docs_are_served(self, api, db):
        spec = api.get("/api/openapi.json")
        docs = api._client.get("/api/docs")

        assert spec.status_code == 200
        assert "/accounts/clients/{client_id}/user/login/" in spec.json()["paths"]
        assert docs.status_code == 200

    def test_health_checks_the_database(self, api, db):
        assert api.get("/healthz").json() == {"status": "ok", "database": "ok"}


class ErrorShapeTests:
    def test_unexpected_error_is_500_without_internals(self, rf):
        from api.api import api as ninja_api

        response = ninja_api.on_exception(rf.get("/x/"), RuntimeError("secret internals"))

        assert response.status_code == 500
        assert json.loads(response.content) == {"error": "Internal server error"}
