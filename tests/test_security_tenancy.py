"""Tenancy attacks on the routes and caches added last (the ``attack`` review): the progress
reset, the assessment take flow and the cached student reads.

- Client ids spelled in ways ``tests/test_client_id_spelling.py`` does not list (trailing
  junk, other scripts' digits, an encoded sign, empty or doubled path parts) name no client;
- the versioned cache (``core/cache.py``) files every entry under the schema: two clients
  whose rows have the same ids (each schema numbers its own) never answer from each other's
  entries, whichever is read first.
- (the ``attack2`` review) the same spellings on the routes added in stop 18, and the
  per-process memory of verified tokens (``accounts.tokens``) never standing in for the
  checks made on every request.
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from conftest import ApiClient
from storage.models import ClientFile
from storage.uploads import file_token
from tenant_apps.accounts import tokens
from tenant_apps.accounts.models import User
from tenant_apps.accounts.services import session_start
from tenant_apps.assessment.models import Submission, SubmissionStatus
from tenant_apps.assessment.tests.factories import AssessmentFactory, assessment_full
from tenant_apps.forum.models import Follow
from tenant_apps.lms.models import MCQ, Enrollment
from tenant_apps.lms.tests.factories import CourseFactory
from tenants.models import Client
from tenants.selectors import client_cache_clear

pytestmark = pytest.mark.django_db

SPELLINGS = ["{id}abc", "%D9%A{id}", "%2B{id}", "{id}%2F", "{id}/", "/{id}", "{id}%09", "{id}%E2%80%8B"]
ROUTES = [
    ("GET", "/admin-dashboard/api/clients/{c}/manage-student/{s}/reset-progress/"),
    ("POST", "/admin-dashboard/api/clients/{c}/manage-student/{s}/reset-progress/"),
    ("GET", "/admin-dashboard/api/clients/{c}/manage-student/{s}/reset-history/"),
    ("POST", "/admin-dashboard/api/clients/{c}/manage-student/{s}/"),
    ("GET", "/assessment/api/client/{c}/start-assessment/rx/"),
    ("PUT", "/assessment/api/client/{c}/assessment-submission/rx/"),
    ("PUT", "/assessment/api/client/{c}/assessment-submission/rx/final/"),
    ("GET", "/assessment/api/client/{c}/active-assessments/"),
    ("GET", "/lms/clients/{c}/courses/1/leaderboard/"),
]
# Added in stop 18 (the ``attack2`` review): uploads and their links, the result and readiness
# pages, the community profiles and follows, the MCQ form, the course cards with streaks.
NEW_ROUTES = [
    ("GET", "/api/clients/{c}/upload/"),
    ("POST", "/api/clients/{c}/upload/"),
    ("GET", "/api/clients/{c}/upload/files/{t}/"),
    ("GET", "/assessment/api/client/{c}/assessment-result/rx/"),
    ("GET", "/assessment/api/client/{c}/assessment-readiness/rx/"),
    ("GET", "/community-forum/api/clients/{c}/users/{s}/"),
    ("GET", "/community-forum/api/clients/{c}/users/by-username/{n}/"),
    ("GET", "/community-forum/api/clients/{c}/users/{s}/threads/"),
    ("GET", "/community-forum/api/clients/{c}/users/{s}/comments/"),
    ("POST", "/community-forum/api/clients/{c}/users/{s}/follow/"),
    ("DELETE", "/community-forum/api/clients/{c}/users/{s}/follow/"),
    ("GET", "/community-forum/api/clients/{c}/user/following/"),
    ("GET", "/community-forum/api/clients/{c}/feed/following/"),
    ("GET", "/community-forum/api/clients/{c}/xp/"),
    ("POST", "/admin-dashboard/api/clients/{c}/mcqs/"),
    ("PATCH", "/admin-dashboard/api/clients/{c}/mcqs/{q}/"),
    ("GET", "/lms/clients/{c}/courses/"),
]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_other_spellings_of_the_client_id_reach_nothing(spelling, client_a, as_user, platform_admin):
    # given: a student with an attempt and progress, an admin, a platform admin
    student, user = as_user(client_a)
    admin, _ = as_user(client_a, role="admin")
    root, _ = platform_admin
    with schema_context(client_a.schema_name):
        full = assessment_full(slug="rx")
        Submission.objects.create(
            assessment=full["assessment"], user=user, started_at=timezone.now(), response_sheet={}
        )
    bodies = {
        "POST": {"adaptive": True, "assessments": True, "confirm_email": user.email, "action": "reset_progress"},
        "PUT": {"response_sheet": {}},
    }
    leaks = []
    # when
    for method, template in ROUTES:
        path = template.format(c=spelling.format(id=client_a.id), s=user.id)
        for who, caller in {"student": student, "admin": admin, "platform admin": root}.items():
            status = caller.request(method, path, bodies.get(method)).status_code
            if status != 404:
                leaks.append((who, method, path, status))
    # then: every one a 404, the attempt untouched
    assert leaks == []
    with schema_context(client_a.schema_name):
        assert Submission.objects.filter(user=user).count() == 1


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_other_spellings_reach_none_of_the_routes_added_last(spelling, client_a, as_user, platform_admin):
    # given: a submitted attempt, an uploaded file with its link, a member to follow, a question
    student, user = as_user(client_a, first_name="Sam", last_name="Student")
    peer, other = as_user(client_a)
    admin, _ = as_user(client_a, role="admin")
    root, _ = platform_admin
    with schema_context(client_a.schema_name):
        full = assessment_full(slug="rx")
        Submission.objects.create(
            assessment=full["assessment"],
            user=user,
            started_at=timezone.now(),
            status=SubmissionStatus.SUBMITTED,
            submitted_at=timezone.now(),
            response_sheet={},
        )
        question = MCQ.objects.create(question="2+2?", options=["3", "4"], correct_answer=1)
        stored = ClientFile.objects.create(
            owner=user, module="report_issue", key="uploads/x/y.png", filename="y.png", content_type="image/png", size=1
        )
    link = file_token(client_id=client_a.id, file_id=stored.id)
    bodies = {
        "POST": {"question_text": "1+1?", "option_a": "2", "option_b": "3", "correct_option": "A"},
        "PATCH": {"correct_option": "B"},
    }
    leaks = []
    # when
    for method, template in NEW_ROUTES:
        path = template.format(c=spelling.format(id=client_a.id), s=other.id, n="sam.student", t=link, q=question.id)
        for who, caller in {"student": student, "peer": peer, "admin": admin, "platform admin": root}.items():
            status = caller.request(method, path, bodies.get(method)).status_code
            if status != 404:
                leaks.append((who, method, path, status))
    # then: every one a 404, nothing followed or changed
    assert leaks == []
    with schema_context(client_a.schema_name):
        assert not Follow.objects.exists()
        question.refresh_from_db()
        assert question.correct_answer == 1 and MCQ.objects.count() == 1


def test_the_cached_assessment_list_is_each_clients_own(settings, client_a, client_b, as_user):
    # given: shared caching on; one assessment per client, both with the same id
    settings.VERSIONED_CACHE = True
    with schema_context(client_a.schema_name):
        mine = AssessmentFactory(title="Alpha only", slug="alpha-only")
    with schema_context(client_b.schema_name):
        AssessmentFactory(id=mine.id, title="Beta only", slug="beta-only")  # each schema numbers its own
    api_a, _ = as_user(client_a)
    api_b, _ = as_user(client_b)
    # when: A's list is built and cached first, then B's, then A's again
    first = api_a.get(f"/assessment/api/client/{client_a.id}/active-assessments/").json()
    second = api_b.get(f"/assessment/api/client/{client_b.id}/active-assessments/").json()
    third = api_a.get(f"/assessment/api/client/{client_a.id}/active-assessments/").json()
    # then
    assert [row["title"] for row in first] == ["Alpha only"] == [row["title"] for row in third]
    assert [row["title"] for row in second] == ["Beta only"]


def test_the_cached_course_leaderboard_is_each_clients_own(settings, client_a, client_b, as_user):
    # given: shared caching on; course 1 at each client, one enrolled learner each
    settings.VERSIONED_CACHE = True
    api_a, learner_a = as_user(client_a, first_name="Alice")
    api_b, learner_b = as_user(client_b, first_name="Bob")
    ids: list[int] = []
    for client, learner in ((client_a, learner_a), (client_b, learner_b)):
        with schema_context(client.schema_name):
            course = CourseFactory(**({"id": ids[0]} if ids else {}))  # the same id at both
            Enrollment.objects.create(course=course, user=learner)
            ids.append(course.id)
    # when
    board_a = api_a.get(f"/lms/clients/{client_a.id}/courses/{ids[0]}/leaderboard/")
    board_b = api_b.get(f"/lms/clients/{client_b.id}/courses/{ids[1]}/leaderboard/")
    # then
    assert board_a.status_code == 200 and board_b.status_code == 200, (board_a.raw, board_b.raw)
    assert [row["id"] for row in board_a.json()] == [learner_a.id]
    assert [row["id"] for row in board_b.json()] == [learner_b.id]
    assert "Bob" not in board_a.raw.decode() and "Alice" not in board_b.raw.decode()


def test_a_remembered_token_is_still_checked_on_every_request(client_a, client_b, make_user):
    """``accounts.tokens`` remembers verified tokens per process (perfd): it must not remember
    anything but the signature. Another client's path, a role taken away, the client switched
    off and a logout all act on the very next request (guard: passed before)."""
    user = make_user(client_a, role="admin")
    with schema_context(client_a.schema_name):
        pair = session_start(user=user, client_id=client_a.id)
    api = ApiClient(pair.access)
    admin_path = f"/admin-dashboard/api/clients/{client_a.id}/mcqs/"
    assert api.get(admin_path).status_code == 200
    assert any(key[0] == pair.access for key in tokens._verified)  # remembered now
    # another client's path
    assert api.get(f"/admin-dashboard/api/clients/{client_b.id}/mcqs/").status_code == 401
    # the role taken away
    with schema_context(client_a.schema_name):
        User.objects.filter(id=user.id).update(role="student")
    assert api.get(admin_path).status_code == 403
    assert api.get(f"/api/clients/{client_a.id}/upload/").status_code == 200
    # the client switched off, then on again
    Client.objects.filter(id=client_a.id).update(is_active=False)
    client_cache_clear(client_id=client_a.id)
    try:
        assert api.get(f"/api/clients/{client_a.id}/upload/").status_code == 403
    finally:
        Client.objects.filter(id=client_a.id).update(is_active=True)
        client_cache_clear(client_id=client_a.id)
    assert api.get(f"/api/clients/{client_a.id}/upload/").status_code == 200
    # logout
    out = api.post(f"/accounts/clients/{client_a.id}/user/logout/", {"refresh": pair.refresh})
    assert out.status_code == 200, out.json()
    assert api.get(f"/api/clients/{client_a.id}/upload/").status_code == 401
