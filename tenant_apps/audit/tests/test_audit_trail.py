"""The audit trail: what is recorded, who reads it, and that nothing rewrites it."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.audit.models import AuditEvent
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db

PASSWORD = "S3cure-Passw0rd!"


def log_path(client) -> str:
    return f"/admin-dashboard/api/clients/{client.id}/audit-log/"


def events(client, **filters):
    with schema_context(client.schema_name):
        return list(AuditEvent.objects.filter(**filters).order_by("id"))


@pytest.fixture
def admin_a(client_a, as_user):
    return as_user(client_a, role="admin", email="boss@alpha.test")


class TestWhatIsRecorded:
    def test_login_and_failed_login_with_address_and_user_agent(self, client_a, api, make_user):
        # given
        user = make_user(client_a, email="ann@alpha.test", password=PASSWORD)
        login = f"/accounts/clients/{client_a.id}/user/login/"
        headers = {"User-Agent": "AuditTest/1.0"}
        # when
        ok = api.post(login, {"email": "ann@alpha.test", "password": PASSWORD}, headers=headers)
        bad = api.post(login, {"email": "ann@alpha.test", "password": "wrong-one"}, headers=headers)
        unknown = api.post(login, {"email": "nobody@alpha.test", "password": "whatever"}, headers=headers)
        # then
        assert ok.status_code == 200 and bad.status_code in (400, 401) and unknown.status_code == bad.status_code
        succeeded = events(client_a, action="auth.login_succeeded")
        assert [(e.actor_user_id, e.actor_email, e.actor_role) for e in succeeded] == [
            (user.id, "ann@alpha.test", "student")
        ]
        assert succeeded[0].ip == "127.0.0.1" and succeeded[0].user_agent == "AuditTest/1.0"
        failed = events(client_a, action="auth.login_failed")
        assert [(e.actor_user_id, e.actor_email, e.data["reason"]) for e in failed] == [
            (None, "ann@alpha.test", "wrong_password"),
            (None, "nobody@alpha.test", "unknown_email"),
        ]
        assert all("wrong-one" not in str(e.data) and "whatever" not in str(e.data) for e in failed)

    def test_role_activation_and_deletion_name_the_admin(self, client_a, admin_a, make_user):
        # given
        api, admin = admin_a
        student = make_user(client_a, email="stu@alpha.test")
        path = f"/admin-dashboard/api/clients/{client_a.id}/manage-student/{student.id}/"
        # when
        api.patch(path, {"role": "instructor"})
        api.patch(path, {"is_active": False})
        api.delete(path)
        # then
        rows = events(client_a, target_type="user", target_id=str(student.id))
        assert [(e.action, e.actor_user_id, e.data.get("from"), e.data.get("to")) for e in rows] == [
            ("user.role_changed", admin.id, "student", "instructor"),
            ("user.activation_changed", admin.id, True, False),
            ("user.deleted", admin.id, None, None),
        ]

    def test_authoring_writes(self, client_a, admin_a):
        # given
        api, admin = admin_a
        base = f"/admin-dashboard/api/clients/{client_a.id}/courses/"
        # when
        course_id = api.post(base, {"title": "Audited course"}).json()["id"]
        api.patch(f"{base}{course_id}/", {"description": "new words"})
        module = api.post(f"{base}{course_id}/modules/", {"title": "Week 1", "weekno": 1})
        api.delete(f"{base}{course_id}/")
        # then
        assert module.status_code == 201, module.json()
        rows = events(client_a, target_type__in=["course", "module"])
        assert [(e.action, e.target_id) for e in rows] == [
            ("course.created", str(course_id)),
            ("course.updated", str(course_id)),
            ("module.created", str(module.json()["id"])),
            ("course.deleted", str(course_id)),
        ]
        assert rows[1].data["fields"] == ["description"]
        assert all(e.actor_user_id == admin.id and e.actor_role == "admin" for e in rows)

    def test_a_failed_write_leaves_no_record(self, client_a, admin_a):
        """Same transaction: a refused write records nothing."""
        api, _ = admin_a
        response = api.post(f"/admin-dashboard/api/clients/{client_a.id}/courses/", {"title": "x" * 1000})
        assert response.status_code == 400
        assert events(client_a, action="course.created") == []

    def test_grade_change(self, client_a, admin_a, make_user):
        from tenant_apps.accounts.actor import Actor
        from tenant_apps.lms import grading
        from tenant_apps.lms.models import ContentType
        from tenant_apps.lms.tests.factories import SubModuleFactory, content_add

        # given
        _, admin = admin_a
        student = make_user(client_a)
        with schema_context(client_a.schema_name):
            content = content_add(SubModuleFactory(), ContentType.ASSIGNMENT)
            submission, _ = grading.assignment_submit(
                content=content, actor=Actor.at_home(student, client_a), answer="my essay"
            )
            # when
            grading.assignment_grade(
                submission_id=submission.id, score=Decimal("7.5"), feedback="ok", grader=Actor.at_home(admin, client_a)
            )
        # then
        (row,) = events(client_a, action="grade.changed")
        assert row.target_id == str(submission.id) and row.actor_user_id == admin.id
        assert row.data["to"] == {"score": "7.5", "status": "Graded"} and row.data["student_id"] == student.id

    def test_email_jobs(self, client_a, admin_a):
        api, admin = admin_a
        created = api.post(
            f"/admin-dashboard/api/clients/{client_a.id}/email-jobs/",
            {"subject": "Hi", "body": "Hello", "recipients": ["a@x.test", "b@x.test"]},
        )
        assert created.status_code == 201
        (row,) = events(client_a, action="email_job.created")
        assert row.target_id == created.json()["task_id"] and row.data["recipients"] == 2
        assert row.actor_user_id == admin.id

    def test_platform_admin_changes_to_a_client_land_in_its_trail(self, client_a, platform_admin):
        # given
        api, root = platform_admin
        # when
        api.patch(f"/accounts/clients/{client_a.id}/", {"name": "Alpha Academy II"})
        api.post(f"/accounts/clients/{client_a.id}/features/select/", {"feature_ids": []})
        # then
        rows = events(client_a, target_type="client", actor_is_platform_admin=True)
        assert [e.action for e in rows] == ["client.updated", "client.features_changed"]
        assert rows[0].data == {"changed": {"name": "Alpha Academy II"}}
        assert all(e.actor_is_platform_admin and e.actor_user_id == root.id for e in rows)

    def test_feature_catalogue_changes_and_platform_logins_land_in_the_public_trail(
        self, public_client, platform_admin, api, make_user
    ):
        # given
        root_api, root = platform_admin
        make_user(public_client, role="superadmin", email="ops@platform.test", password=PASSWORD)
        # when
        created = root_api.post("/accounts/features/", {"name": "audit_probe", "label": "Probe"})
        api.post(
            f"/accounts/clients/{public_client.id}/user/login/", {"email": "ops@platform.test", "password": PASSWORD}
        )
        listed = root_api.get(log_path(public_client))
        # then
        assert created.status_code == 201 and listed.status_code == 200
        actions = [row["action"] for row in listed.json()]
        assert "feature.created" in actions and "auth.login_succeeded" in actions
        feature = next(row for row in listed.json() if row["action"] == "feature.created")
        assert feature["actor"]["is_platform_admin"] is True and feature["actor"]["user_id"] == root.id

    def test_secrets_are_redacted(self, client_a):
        from tenant_apps.audit.services import record

        with schema_context(client_a.schema_name):
            event = record(action="client.updated", data={"nested": {"api_key": "k", "ok": 1}, "password": "p"})
        assert event.data == {"nested": {"api_key": "[redacted]", "ok": 1}, "password": "[redacted]"}


class TestAppendOnly:
    @pytest.mark.parametrize("which", ["client", "public"])
    def test_the_database_refuses_update_and_delete(self, client_a, public_client, which):
        from tenant_apps.audit.services import record

        schema = client_a.schema_name if which == "client" else public_client.schema_name
        with schema_context(schema):
            event = record(action="course.created", target_type="course", target_id=1)
            for statement in (
                "UPDATE audit_auditevent SET action = 'x' WHERE id = %s",
                "DELETE FROM audit_auditevent WHERE id = %s",
            ):
                with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
                    with connection.cursor() as cursor:
                        cursor.execute(statement, [event.id])
            assert AuditEvent.objects.get(id=event.id).action == "course.created"

    def test_no_api_writes_a_record(self, client_a, admin_a):
        api, _ = admin_a
        for method in ("post", "put", "patch", "delete"):
            response = getattr(api, method)(log_path(client_a))
            assert response.status_code == 405


class TestReading:
    def _seed(self, client, n: int, **fields):
        from tenant_apps.audit.services import record

        with schema_context(client.schema_name):
            return [record(action="course.created", target_type="course", target_id=i, **fields) for i in range(n)]

    def test_roles_and_tenant_isolation(self, client_a, client_b, as_user, admin_a, platform_admin):
        # given
        self._seed(client_a, 1)
        self._seed(client_b, 2)
        admin_api, _ = admin_a
        student_api, _ = as_user(client_a)
        instructor_api, _ = as_user(client_a, role="instructor")
        root_api, _ = platform_admin
        # then
        assert admin_api.get(log_path(client_b)).status_code == 401
        assert student_api.get(log_path(client_a)).status_code == 403
        assert instructor_api.get(log_path(client_a)).status_code == 403
        assert admin_api.get(log_path(client_a) + "export/").status_code == 200
        assert student_api.get(log_path(client_a) + "export/").status_code == 403
        assert len(admin_api.get(log_path(client_a) + "?action=course.created").json()) == 1
        assert len(root_api.get(log_path(client_b) + "?action=course.created").json()) == 2
        assert ApiAnonymous().get(log_path(client_a)).status_code == 401
        assert admin_api.get("/admin-dashboard/api/clients/99999/audit-log/").status_code == 404

    def test_filters(self, client_a, admin_a):
        from tenant_apps.audit.services import record

        # given
        api, admin = admin_a
        before = timezone.now() - timedelta(microseconds=1)
        with schema_context(client_a.schema_name):
            seeded = [
                record(action="course.created", target_type="course", target_id=1).id,
                record(action="course.deleted", target_type="course", target_id=1).id,
                record(action="module.created", target_type="module", target_id=5).id,
                record(action="auth.login_failed", actor_email="x@alpha.test").id,
            ]
        base = log_path(client_a)
        # then
        assert {r["action"] for r in api.get(base + "?action=course.").json()} == {"course.created", "course.deleted"}
        assert [r["action"] for r in api.get(base + "?target_type=module&target_id=5").json()] == ["module.created"]
        assert [r["action"] for r in api.get(base + "?actor_email=X@alpha.test").json()] == ["auth.login_failed"]
        assert api.get(base + f"?actor_id={admin.id}").json() == []
        stamp = before.isoformat().replace("+00:00", "Z")
        assert sorted(r["id"] for r in api.get(base + f"?created_after={stamp}").json()) == seeded
        assert not {r["id"] for r in api.get(base + f"?created_before={stamp}").json()} & set(seeded)
        assert api.get(base + "?platform_admin=true").json() == []
        for bad in ("?created_after=yesterday", "?actor_id=abc", "?actor_id=0", "?page=0"):
            response = api.get(base + bad)
            assert response.status_code == 400, (bad, response.json())

    def test_pagination_and_constant_queries(self, client_a, admin_a):
        api, _ = admin_a
        self._seed(client_a, 1)
        path = log_path(client_a) + "?action=course.created"
        api.get(path)  # the client's lookup is cached from here on
        with StatementCount(2):  # the caller (user joined to its session), the page of events
            pass_one = api.get(path)
        self._seed(client_a, 6)
        with StatementCount(2):
            pass_six = api.get(path)
        assert len(pass_one.json()) == 1 and len(pass_six.json()) == 7
        page = api.get(path + "&page=2&page_size=5")
        assert len(page.json()) == 2 and page.headers["X-Total-Count"] == "7"

    def test_csv_export(self, client_a, admin_a):
        # given
        api, _ = admin_a
        self._seed(client_a, 2)
        from tenant_apps.audit.services import record

        with schema_context(client_a.schema_name):
            record(action="auth.login_failed", actor_email="=HYPERLINK(1)", data={"email": "=HYPERLINK(1)"})
        # when
        response = api.get(log_path(client_a) + "export/?action=auth.login_failed")
        full = api.get(log_path(client_a) + "export/?created_after=2000-01-01T00:00:00Z&action=course.")
        # then
        assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
        assert "attachment" in response.headers["Content-Disposition"]
        rows = list(csv.DictReader(io.StringIO(response.raw.decode())))
        assert len(rows) == 1 and rows[0]["action"] == "auth.login_failed"
        assert rows[0]["actor_email"] == "'=HYPERLINK(1)"
        assert len(list(csv.DictReader(io.StringIO(full.raw.decode())))) == 2


class ApiAnonymous:
    def get(self, path):
        from conftest import ApiClient

        return ApiClient().get(path)
