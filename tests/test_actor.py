"""An explicit actor: user ids of different schemas collide, and nobody is matched by one.

A platform admin is a user row of the ``public`` schema; a student of a client may hold the
same id in that client's schema. Each test below gives them the same id on purpose and
checks that the platform admin, visiting the client, never reads or writes the student's
rows, and that only superadmins exist in (and sign in from) the public schema.
"""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from conftest import ApiClient
from tenant_apps.accounts.actor import Actor
from tenant_apps.accounts.models import User
from tenant_apps.accounts.tests.factories import DEFAULT_PASSWORD
from tenant_apps.engagement.tests.factories import WorkshopRegistrationFactory

REG = {"workshop_name": "Data Science 101", "workshop_date": "2030-01-15T10:00:00Z", "additional_info": {}}


@pytest.fixture
def twin(client_a, platform_admin, make_user, token_for):
    """(platform admin's client, a student of client A whose id equals the platform admin's, its client)."""
    root, root_user = platform_admin
    student = make_user(client_a, role="student", id=root_user.id, first_name="Sam")
    return root, student, ApiClient(token_for(student, client_a))


def test_visiting_platform_admin_sees_no_workshop_registration_of_the_same_id(client_a, twin):
    # given
    root, student, _ = twin
    with schema_context(client_a.schema_name):
        WorkshopRegistrationFactory(user=student)

    # when
    listed = root.get(f"/api/clients/{client_a.id}/workshop-registrations/")

    # then
    assert listed.status_code == 200
    assert listed.json() == []


def test_visiting_platform_admin_cannot_overwrite_the_profile_of_the_same_id(client_a, twin):
    # when
    read = root_get = twin[0].get(f"/accounts/clients/{client_a.id}/user-profile/")
    write = twin[0].patch(f"/accounts/clients/{client_a.id}/user-profile/", {"first_name": "Owned"})

    # then
    assert root_get.status_code == 200 and read.json()["email"] == "root@platform.test"
    assert write.status_code == 403
    with schema_context(client_a.schema_name):
        assert User.objects.get(id=twin[1].id).first_name == "Sam"


def test_visiting_platform_admin_matches_no_learner_row_of_the_same_id(client_a, twin):
    # given: the student has a course's progress, a forum thread and a registration
    root, student, student_api = twin
    student_api.post(f"/api/clients/{client_a.id}/workshop-registrations/", REG)
    thread = student_api.post(f"/community-forum/api/clients/{client_a.id}/threads/", {"title": "T", "body": "B"})
    assert thread.status_code == 201, thread.json()
    thread_id = thread.json()["id"]

    # when
    bookmark = root.post(f"/community-forum/api/clients/{client_a.id}/threads/{thread_id}/bookmark/")
    attempted = root.get(f"/assessment/api/client/{client_a.id}/attempted-assessments/")
    mine = root.get(f"/community-forum/api/clients/{client_a.id}/threads/?bookmarked=true")

    # then
    assert bookmark.status_code == 403
    assert attempted.status_code == 200 and attempted.json() == []
    assert mine.status_code == 200 and mine.json() == []


def test_actor_local_user_is_none_away_from_home(client_a, client_b, public_client, make_user):
    # given
    root = make_user(public_client, role="superadmin")
    student = make_user(client_a)

    # then
    assert Actor(user=root, token_client=public_client, client=client_a).local_user is None
    assert Actor(user=root, token_client=public_client, client=None).local_user == root
    assert Actor(user=root, token_client=public_client, client=public_client).local_user == root
    assert Actor(user=root, token_client=public_client, client=client_a).is_platform_admin
    assert Actor.at_home(student, client_a).local_user == student
    assert Actor(user=student, token_client=client_a, client=client_b).local_user is None
    assert not Actor.at_home(student, client_a).is_platform_admin


def test_a_public_schema_user_of_another_role_is_refused(client_a, public_client, make_user, token_for):
    """Only superadmins exist in the public schema: a row of any other role there (however
    it got there) cannot sign in or act anywhere."""
    # given
    stray = make_user(public_client, role="student", email="stray@platform.test")
    token = token_for(stray, public_client)

    # when
    at_home = ApiClient(token).get(f"/accounts/clients/{public_client.id}/user-profile/")
    away = ApiClient(token).post(f"/community-forum/api/clients/{client_a.id}/threads/", {"title": "T", "body": "B"})
    login = ApiClient().post(
        f"/accounts/clients/{public_client.id}/user/login/",
        {"email": "stray@platform.test", "password": DEFAULT_PASSWORD},
    )

    # then
    assert (at_home.status_code, away.status_code) == (401, 401)
    assert login.status_code in (400, 401)


@pytest.mark.parametrize("route", ["user/signup/", "user/verify-email/", "user/login/google/"])
def test_nobody_signs_up_in_the_public_schema(api, public_client, route):
    # when
    response = api.post(f"/accounts/clients/{public_client.id}/{route}", {"email": "x@evil.test", "otp": "123456"})

    # then
    assert response.status_code == 404
    assert not User.objects.filter(email="x@evil.test").exists()
