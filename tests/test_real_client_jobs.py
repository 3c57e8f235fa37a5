"""Contract tests for the client's job portal list (H's ``/jobs``, the older build's jobs page):
``GET /jobs/api/getjobs/`` (docs/real-client.md, "Jobs list").

The portal's card reads ``job_title``, ``company_name``, ``job_description``, ``tags``,
``job_post_date`` and ``job_url`` and printed "Job Title" and "Company Name" on every card
(found on the re-walk of 1 Dec 2026): the contract's ``title``, ``company``… stay, the
client's names are added beside them with the same values.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from shared_apps.jobs.tests.factories import JobFactory
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db

URL = "/jobs/api/getjobs/"


def test_each_job_carries_the_portal_cards_names_beside_the_contracts(client_a, as_user):
    # given
    api, _ = as_user(client_a)
    job = JobFactory(
        title="Backend Developer",
        company="Acme",
        location="Pune",
        job_type="full_time",
        description="APIs in Django.",
        requirements=["Python", "SQL"],
        application_url="https://acme.test/jobs/1",
    )
    # when
    response = api.get(URL)
    # then
    assert response.status_code == 200
    [row] = response.json()
    assert row["id"] == job.id
    assert row["job_title"] == row["title"] == "Backend Developer"
    assert row["company_name"] == row["company"] == "Acme"
    assert row["job_description"] == row["description"] == "APIs in Django."
    assert row["tags"] == row["requirements"] == ["Python", "SQL"]
    assert row["job_url"] == row["application_url"] == "https://acme.test/jobs/1"
    assert row["job_post_date"] == row["posted_at"] and isinstance(row["job_post_date"], str)
    assert row["location"] == "Pune" and row["job_type"] == "full_time"
    # not recorded by the platform: null (the card hides them), never invented
    assert row["company_logo"] is None and row["salary"] is None and row["experience"] is None


def test_a_job_without_a_link_has_a_null_job_url(client_a, as_user):
    api, _ = as_user(client_a)
    JobFactory(application_url="")
    [row] = api.get(URL).json()
    assert row["job_url"] is None and row["application_url"] == ""


def test_filters_and_order_are_the_contracts(client_a, client_b, as_user):
    now = timezone.now()
    old = JobFactory(posted_at=now - timedelta(days=1), location="Remote")
    new = JobFactory(posted_at=now, location="Pune")
    JobFactory(is_active=False)
    for client in (client_a, client_b):  # shared by every client
        api, _ = as_user(client)
        assert [row["id"] for row in api.get(URL).json()] == [new.id, old.id]
    assert [row["id"] for row in api.get(URL + "?location=pune").json()] == [new.id]
    bad = api.get(URL + "?job_type=forever")
    assert bad.status_code == 400 and "job_type" in bad.json()


def test_needs_a_login(api):
    assert api.get(URL).status_code == 401


@pytest.mark.parametrize("count", [1, 20])
def test_the_added_names_cost_no_query(client_a, as_user, count):
    api, _ = as_user(client_a)
    JobFactory.create_batch(count)
    cache.clear()
    with StatementCount(3):  # token's client, user+session, the jobs: as the contract's list
        assert len(api.get(URL).json()) == count


# The older build's jobs page (``/jobs``) reads ``response.data.results`` and ``count`` only:
# with the contract's bare array it said "0 jobs found" beside the three demo jobs (re-walk
# of 1 Dec 2026, session 21). The array and the envelope are different JSON types, so the
# envelope is the ``ai_linc`` response profile's, decided by the caller's client (the path
# names none; docs/real-client.md, "Response profile"). H's page reads either shape.


def _on_ai_linc(client):
    from tenants.models import Client

    Client.objects.filter(id=client.id).update(response_profile="ai_linc")
    cache.clear()


def test_a_portal_on_the_ai_linc_profile_gets_the_paged_envelope(client_a, as_user):
    # given
    _on_ai_linc(client_a)
    api, _ = as_user(client_a)
    now = timezone.now()
    old = JobFactory(posted_at=now - timedelta(days=2), location="Remote", title="Data Analyst")
    new = JobFactory(posted_at=now, location="Pune", title="Backend Developer")
    JobFactory(is_active=False)
    # when
    response = api.get(URL)
    # then: every active job in one page, newest first, each with both sets of names
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"results", "count", "next", "previous"}
    assert body["count"] == 2 and body["next"] is None and body["previous"] is None
    assert [row["id"] for row in body["results"]] == [new.id, old.id]
    assert body["results"][0]["job_title"] == body["results"][0]["title"] == "Backend Developer"
    # the contract's filters still apply
    filtered = api.get(URL + "?location=remote").json()
    assert [row["id"] for row in filtered["results"]] == [old.id] and filtered["count"] == 1
    assert api.get(URL + "?job_type=forever").status_code == 400


def test_the_envelope_pages_with_page_and_page_size(client_a, as_user):
    _on_ai_linc(client_a)
    api, _ = as_user(client_a)
    now = timezone.now()
    jobs = [JobFactory(posted_at=now - timedelta(hours=n)) for n in range(3)]
    first = api.get(URL + "?page=1&page_size=2").json()
    second = api.get(URL + "?page=2&page_size=2").json()
    assert [row["id"] for row in first["results"]] == [jobs[0].id, jobs[1].id]
    assert first["count"] == 3 and first["previous"] is None
    assert first["next"].endswith("page=2&page_size=2")
    assert [row["id"] for row in second["results"]] == [jobs[2].id] and second["next"] is None
    assert api.get(URL + "?page=0").status_code == 400


def test_the_profile_is_the_callers_client(client_a, client_b, as_user, platform_admin, public_client):
    # given: only client A runs the AI-Linc portal
    _on_ai_linc(client_a)
    JobFactory()
    api_a, _ = as_user(client_a)
    api_b, _ = as_user(client_b)
    root, _ = platform_admin
    # then: B and the platform admin (the public client, on the contract) get the array
    assert isinstance(api_a.get(URL).json(), dict)
    assert isinstance(api_b.get(URL).json(), list)
    assert isinstance(root.get(URL).json(), list)
    # a platform admin follows the public client's profile, as on every platform-level route
    _on_ai_linc(public_client)
    assert isinstance(root.get(URL).json(), dict)


@pytest.mark.parametrize("count", [1, 20])
def test_the_envelope_costs_no_query_more(client_a, as_user, count):
    _on_ai_linc(client_a)
    api, _ = as_user(client_a)
    JobFactory.create_batch(count)
    cache.clear()
    with StatementCount(3):  # token's client, user+session, the jobs (one page, no count query)
        assert api.get(URL).json()["count"] == count
