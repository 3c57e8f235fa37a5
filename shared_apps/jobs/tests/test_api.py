from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from shared_apps.jobs.models import Job
from shared_apps.jobs.tests.factories import JobFactory
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db

GET = "/jobs/api/getjobs/"
ADMIN = "/jobs/api/jobs/"
NEW = {
    "title": "Backend Developer",
    "company": "Acme",
    "location": "Pune",
    "job_type": "full_time",
    "description": "APIs in Django.",
    "requirements": ["Python", " SQL ", ""],
    "application_url": "https://acme.test/jobs/1",
}


class TestGetJobs:
    def test_any_clients_user_sees_active_jobs_newest_first(self, client_a, client_b, as_user):
        now = timezone.now()
        old = JobFactory(posted_at=now - timedelta(days=2))
        new = JobFactory(posted_at=now)
        JobFactory(is_active=False)
        for client in (client_a, client_b):
            api, _ = as_user(client)
            response = api.get(GET)
            assert response.status_code == 200
            assert [j["id"] for j in response.json()] == [new.id, old.id]
        body = response.json()[0]
        assert set(body) >= {
            "id", "title", "company", "location", "job_type", "description", "requirements", "posted_at",
            "application_url",
        }  # fmt: skip  # the contract's fields; the client's names beside them (tests/test_real_client_jobs.py)

    def test_filters(self, client_a, as_user):
        api, _ = as_user(client_a)
        pune = JobFactory(location="Pune, India", title="Data Analyst", job_type="internship")
        remote = JobFactory(location="Remote", company="Django Shop", job_type="full_time")
        JobFactory(location="Remote", description="We love DJANGO", job_type="contract")
        assert [j["id"] for j in api.get(GET + "?location=pune").json()] == [pune.id]
        assert [j["id"] for j in api.get(GET + "?job_type=internship").json()] == [pune.id]
        assert len(api.get(GET + "?search=django").json()) == 2
        assert [j["id"] for j in api.get(GET + "?search=django&job_type=full_time").json()] == [remote.id]
        bad = api.get(GET + "?job_type=forever")
        assert bad.status_code == 400 and "job_type" in bad.json()

    def test_needs_login(self, api):
        assert api.get(GET).status_code == 401

    @pytest.mark.parametrize("count", [1, 20])
    def test_query_budget(self, client_a, as_user, count):
        api, _ = as_user(client_a)
        JobFactory.create_batch(count)
        cache.clear()
        # token's client, user+session, the jobs
        with StatementCount(3):
            assert len(api.get(GET).json()) == count

    @pytest.mark.parametrize("count", [1, 20])
    def test_admin_list_query_budget(self, platform_admin, count):
        admin, _ = platform_admin
        JobFactory.create_batch(count, is_active=False)
        cache.clear()
        # token's client, user+session (public schema already), the jobs
        with StatementCount(3):
            assert len(admin.get(ADMIN).json()) == count

    def test_pagination(self, client_a, as_user):
        api, _ = as_user(client_a)
        JobFactory.create_batch(3)
        response = api.get(GET + "?page=1&page_size=2")
        assert len(response.json()) == 2 and response.headers["X-Total-Count"] == "3"


class TestAdminCrud:
    def test_create_read_update_delete(self, platform_admin, client_a, as_user):
        admin, _ = platform_admin
        created = admin.post(ADMIN, NEW)
        assert created.status_code == 201, created.json()
        job = created.json()
        assert job["requirements"] == ["Python", "SQL"] and job["is_active"] is True and job["posted_at"]
        assert admin.get(f"{ADMIN}{job['id']}/").json()["title"] == "Backend Developer"
        updated = admin.put(f"{ADMIN}{job['id']}/", {**NEW, "title": "Senior Backend Developer", "is_active": False})
        assert updated.status_code == 200 and updated.json()["posted_at"] == job["posted_at"]
        student, _ = as_user(client_a)
        assert student.get(GET).json() == []
        assert [j["is_active"] for j in admin.get(ADMIN).json()] == [False]
        assert admin.delete(f"{ADMIN}{job['id']}/").status_code == 204
        assert admin.get(f"{ADMIN}{job['id']}/").status_code == 404
        assert not Job.objects.exists()

    @pytest.mark.parametrize(
        "change,field",
        [({"application_url": "nope"}, "application_url"), ({"job_type": "x"}, "job_type"), ({"title": " "}, "title")],
    )
    def test_validation(self, platform_admin, change, field):
        admin, _ = platform_admin
        response = admin.post(ADMIN, {**NEW, **change})
        assert response.status_code == 400 and field in response.json()

    def test_client_admins_and_students_are_403(self, client_a, as_user):
        job = JobFactory()
        for role in ("admin", "student"):
            api, _ = as_user(client_a, role=role)
            assert api.post(ADMIN, NEW).status_code == 403
            assert api.put(f"{ADMIN}{job.id}/", NEW).status_code == 403
            assert api.delete(f"{ADMIN}{job.id}/").status_code == 403
            assert api.get(ADMIN).status_code == 403
