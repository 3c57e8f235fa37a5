"""The operator's console (Django's admin at /admin/) and static files, in-process.

Who gets in (a platform admin of the public schema, nobody else), where it is not (under
any client's path), what it shows, and that its cookies and CSRF leave the JSON API as it
was. The browser check against gunicorn is in tests/test_production_shape.py.
"""

import pytest
from django.test import Client as BrowserClient

from platform_services.catalog.models import Feature
from tenant_apps.accounts.tests.factories import DEFAULT_PASSWORD
from tenants.models import Client

pytestmark = pytest.mark.django_db


def _login(browser: BrowserClient, email: str, password: str = DEFAULT_PASSWORD):
    return browser.post("/admin/login/", {"username": email, "password": password, "next": "/admin/"})


@pytest.fixture
def root(public_client, make_user):
    return make_user(public_client, role="superadmin", email="root@platform.test")


@pytest.fixture
def signed_in(root) -> BrowserClient:
    browser = BrowserClient(enforce_csrf_checks=False)
    response = _login(browser, "ROOT@platform.test")  # the e-mail as typed
    assert response.status_code == 302 and response["Location"] == "/admin/"
    return browser


class TestWhoGetsIn:
    def test_anonymous_is_sent_to_the_login_page(self):
        response = BrowserClient().get("/admin/")
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")

    def test_a_platform_admin_signs_in_and_sees_every_area(self, signed_in):
        index = signed_in.get("/admin/")
        assert index.status_code == 200
        body = index.content.decode()
        for area in ("/admin/tenants/client/", "/admin/catalog/feature/", "/admin/billing/paymenttransaction/"):
            assert area in body
        for area in ("/admin/operations/courseoperation/", "/admin/django_q/failure/", "/admin/django_q/schedule/"):
            assert area in body

    @pytest.mark.parametrize("role", ["admin", "instructor", "student"])
    def test_a_public_schema_user_of_another_role_is_refused(self, public_client, make_user, role):
        make_user(public_client, role=role, email=f"{role}@platform.test")
        browser = BrowserClient()
        response = _login(browser, f"{role}@platform.test")
        assert response.status_code == 200  # the form again, with its error
        assert b"staff account" in response.content
        assert browser.get("/admin/tenants/client/").status_code == 302

    @pytest.mark.parametrize("role", ["admin", "superadmin"])
    def test_a_clients_user_is_unknown_to_the_console(self, client_a, make_user, role):
        # even a superadmin row inside a client's schema (which create_user never makes)
        make_user(client_a, role=role, email="boss@alpha.test")
        browser = BrowserClient()
        assert _login(browser, "boss@alpha.test").status_code == 200
        assert browser.get("/admin/").status_code == 302

    def test_a_deactivated_platform_admin_is_refused(self, root):
        root.is_active = False
        root.save(update_fields=["is_active"])
        assert _login(BrowserClient(), root.email).status_code == 200

    def test_wrong_password_is_refused(self, root):
        assert _login(BrowserClient(), root.email, "not-the-password").status_code == 200


class TestWhereItIsNot:
    @pytest.mark.parametrize(
        "path",
        [
            "/accounts/clients/{id}/admin/",
            "/accounts/clients/{id}/admin/login/",
            "/lms/clients/{id}/admin/",
            "/admin-dashboard/api/clients/{id}/admin/",
            "/admin-dashboard/api/clients/{id}/admin/tenants/client/",
            "/api/clients/{id}/admin/",
        ],
    )
    def test_no_client_path_reaches_it(self, signed_in, client_a, path):
        response = signed_in.get(path.format(id=client_a.id))
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}

    def test_its_session_does_not_authenticate_the_api(self, signed_in, client_a):
        # the platform admin's console session is no bearer token
        assert signed_in.get("/accounts/clients/").status_code == 401
        assert signed_in.get(f"/admin-dashboard/api/clients/{client_a.id}/courses/").status_code == 401

    def test_its_cookies_are_scoped_to_the_console(self, root):
        browser = BrowserClient()
        browser.get("/admin/login/")
        response = _login(browser, root.email)
        assert response.cookies["sessionid"]["path"] == "/admin/"
        assert response.cookies["sessionid"]["httponly"]
        assert browser.cookies["csrftoken"]["path"] == "/admin/"

    def test_the_json_api_needs_no_csrf_token(self, client_a, make_user):
        make_user(client_a, role="student", email="csrf@alpha.test")
        browser = BrowserClient(enforce_csrf_checks=True)
        response = browser.post(
            f"/accounts/clients/{client_a.id}/user/login/",
            {"email": "csrf@alpha.test", "password": DEFAULT_PASSWORD},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content

    def test_the_console_login_needs_its_csrf_token(self, root):
        browser = BrowserClient(enforce_csrf_checks=True)
        assert _login(browser, root.email).status_code == 403


class TestWhatItShows:
    def test_the_clients_changelist_lists_every_client(self, signed_in, client_a, client_b):
        response = signed_in.get("/admin/tenants/client/")
        assert response.status_code == 200
        assert b"Alpha Academy" in response.content and b"Beta Bootcamp" in response.content

    def test_clients_are_neither_added_nor_deleted_here(self, signed_in, client_a):
        assert signed_in.get("/admin/tenants/client/add/").status_code == 403
        assert signed_in.get(f"/admin/tenants/client/{client_a.id}/delete/").status_code == 403
        assert signed_in.get(f"/admin/tenants/client/{client_a.id}/change/").status_code == 200

    def test_payments_and_operations_are_read_only(self, signed_in):
        for model in ("billing/paymenttransaction", "operations/courseoperation"):
            assert signed_in.get(f"/admin/{model}/").status_code == 200
            assert signed_in.get(f"/admin/{model}/add/").status_code == 403

    def test_the_task_queue_pages_answer(self, signed_in):
        for model in ("success", "failure", "schedule", "ormq"):
            assert signed_in.get(f"/admin/django_q/{model}/").status_code == 200

    def test_a_feature_clients_select_cannot_be_switched_off(self, signed_in, client_a):
        feature = Feature.objects.create(name="forum_x", label="Forum")
        client_a.features.add(feature)
        form = {"name": "forum_x", "label": "Forum", "is_default": ""}  # is_active unticked
        response = signed_in.post(f"/admin/catalog/feature/{feature.id}/change/", form)
        assert response.status_code == 200 and b"deselect it from them first" in response.content
        feature.refresh_from_db()
        assert feature.is_active
        assert signed_in.get(f"/admin/catalog/feature/{feature.id}/delete/").status_code == 403

    def test_switching_a_client_off_here_is_seen_by_the_api_at_once(self, signed_in, client_a, as_user):
        api, _ = as_user(client_a, role="student")
        assert api.get(f"/lms/clients/{client_a.id}/courses/").status_code == 200  # cached now
        change = signed_in.get(f"/admin/tenants/client/{client_a.id}/change/")
        form = change.context["adminform"].form
        data = {name: form[name].value() for name in form.fields}
        data = {k: ("" if v is None else v) for k, v in data.items()}
        data["features"] = [str(pk) for pk in client_a.features.values_list("id", flat=True)]
        data["is_active"] = ""
        data["show_footer"] = "on" if client_a.show_footer else ""
        response = signed_in.post(f"/admin/tenants/client/{client_a.id}/change/", data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert Client.objects.get(id=client_a.id).is_active is False
        assert api.get(f"/lms/clients/{client_a.id}/courses/").status_code == 403


class TestStaticFiles:
    def test_the_swagger_ui_script_that_api_docs_names_is_served(self):
        browser = BrowserClient()
        docs = browser.get("/api/docs")
        assert docs.status_code == 200
        assert b"/static/ninja/swagger-ui-bundle.js" in docs.content
        script = browser.get("/static/ninja/swagger-ui-bundle.js")
        assert script.status_code == 200
        assert b"SwaggerUIBundle" in script.getvalue()

    def test_the_admins_stylesheet_is_served(self):
        assert BrowserClient().get("/static/admin/css/base.css").status_code == 200
