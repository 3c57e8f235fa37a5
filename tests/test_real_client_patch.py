"""The web client patches where the contract says PUT (docs/real-client.md): every admin
detail it edits, live-class sessions and attendance activities. A PATCH changes the fields
it sends and leaves the others as they were; a PUT keeps the contract's meaning."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from tenant_apps.live_classes.tests.factories import AttendanceActivityFactory, LiveClassFactory
from tenant_apps.lms.tests.factories import ArticleFactory, CourseFactory, MCQFactory, ModuleFactory, SubModuleFactory

ADMIN = "/admin-dashboard/api/clients/{client}/"


@pytest.fixture
def world(client_a):
    with schema_context(client_a.schema_name):
        course = CourseFactory(title="Python", description="Learn it")
        module = ModuleFactory(course=course, title="Week one", weekno=1, description="Basics")
        submodule = SubModuleFactory(module=module, title="Lesson", order=1, description="First")
        article = ArticleFactory(title="Read me", content="Body", reading_time_minutes=5)
        mcq = MCQFactory(question="2+2?", options=["3", "4"], correct_answer=1, explanation="Sum")
        live = LiveClassFactory(title="Live", description="Q&A", duration_minutes=60)
        roll_call = AttendanceActivityFactory(title="Roll call", duration_minutes=60)
    return course, module, submodule, article, mcq, live, roll_call


def _patch_and_reload(admin, client, path, body, model, pk):
    response = admin.patch(path, body)
    assert response.status_code == 200, response.json()
    with schema_context(client.schema_name):
        return model.objects.get(pk=pk)


def test_patch_changes_only_what_it_sends(client_a, as_user, world):
    # given
    admin, _ = as_user(client_a, role="admin")
    course, module, submodule, article, mcq, live, roll_call = world
    base = ADMIN.format(client=client_a.id)
    c = f"{base}courses/{course.id}/"

    # when / then: each row has the sent field changed and the rest kept
    row = _patch_and_reload(admin, client_a, c, {"title": "Python 3"}, type(course), course.id)
    assert (row.title, row.description) == ("Python 3", "Learn it")
    row = _patch_and_reload(admin, client_a, f"{c}modules/{module.id}/", {"title": "Week 1"}, type(module), module.id)
    assert (row.title, row.weekno, row.description) == ("Week 1", 1, "Basics")
    row = _patch_and_reload(
        admin,
        client_a,
        f"{c}modules/{module.id}/submodules/{submodule.id}/",
        {"order": 3},
        type(submodule),
        submodule.id,
    )
    assert (row.title, row.order, row.description) == ("Lesson", 3, "First")
    row = _patch_and_reload(
        admin, client_a, f"{base}articles/{article.id}/", {"reading_time_minutes": 9}, type(article), article.id
    )
    assert (row.title, row.content, row.reading_time_minutes) == ("Read me", "Body", 9)
    row = _patch_and_reload(admin, client_a, f"{base}mcqs/{mcq.id}/", {"explanation": "4 = 2+2"}, type(mcq), mcq.id)
    assert (row.question, row.options, row.correct_answer, row.explanation) == ("2+2?", ["3", "4"], 1, "4 = 2+2")
    row = _patch_and_reload(
        admin,
        client_a,
        f"/live-class/api/clients/{client_a.id}/sessions/{live.id}/update/",
        {"duration_minutes": 90},
        type(live),
        live.id,
    )
    assert (row.title, row.duration_minutes) == ("Live", 90)
    row = _patch_and_reload(
        admin,
        client_a,
        f"/activity/clients/{client_a.id}/admin/attendance-activities/{roll_call.id}/update/",
        {"is_active": False},
        type(roll_call),
        roll_call.id,
    )
    assert (row.title, row.is_active) == ("Roll call", False)


def test_a_patch_is_validated_and_refused_whole(client_a, as_user, world):
    # given
    admin, _ = as_user(client_a, role="admin")
    _, _, _, _, mcq, _, _ = world

    # when: the answer index would point past the options
    response = admin.patch(f"{ADMIN.format(client=client_a.id)}mcqs/{mcq.id}/", {"correct_answer": 5})

    # then
    assert response.status_code == 400
    with schema_context(client_a.schema_name):
        assert type(mcq).objects.get(pk=mcq.pk).correct_answer == 1


def test_patch_keeps_roles_and_tenancy(client_a, client_b, as_user, world):
    # given
    student, _ = as_user(client_a)
    admin_b, _ = as_user(client_b, role="admin")
    course = world[0]
    path = f"{ADMIN.format(client=client_a.id)}courses/{course.id}/"

    # when
    as_student = student.patch(path, {"title": "Mine"})
    other_client = admin_b.patch(path, {"title": "Mine"})
    via_b = admin_b.patch(f"{ADMIN.format(client=client_b.id)}courses/{course.id}/", {"title": "Mine"})

    # then
    assert (as_student.status_code, other_client.status_code, via_b.status_code) == (403, 401, 404)
    with schema_context(client_a.schema_name):
        assert type(course).objects.get(pk=course.pk).title == "Python"
