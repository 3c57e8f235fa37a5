"""The learner's cached reads (tenant_apps/lms/learner_reads.py, core/cache.py): an authoring
write invalidates them at once, per-user fields are never shared between users, and one
client's cache never answers another's."""

from __future__ import annotations

from django.db import transaction
from django_tenants.utils import schema_context

from core import cache
from tenant_apps.lms.cache import TREE
from tenant_apps.lms.models import ContentProgress, Enrollment
from tenant_apps.lms.tests.factories import ArticleFactory, content_add, course_build


def lms(client) -> str:
    return f"/lms/clients/{client.id}/courses/"


def admin(client) -> str:
    return f"/admin-dashboard/api/clients/{client.id}/courses/"


def test_authoring_writes_invalidate_every_cached_read(client_a, in_a, student_a, admin_a):
    api, student = student_a
    staff, _ = admin_a
    with in_a():
        course = course_build(title="Before", content_types=("Article",))
        Enrollment.objects.create(course=course, user=student)
        submodule = course.modules.get().submodules.get()
        article = submodule.contents.get()
    detail, sub = f"{lms(client_a)}{course.id}/", f"{lms(client_a)}{course.id}/sub-module/{submodule.id}/"
    content = f"{lms(client_a)}{course.id}/content/{article.id}/"
    for path in (lms(client_a), detail, sub, content):  # fill the cache
        assert api.get(path).status_code == 200

    assert staff.patch(f"{admin(client_a)}{course.id}/", {"title": "After"}).status_code == 200
    assert [row["title"] for row in api.get(lms(client_a)).json()] == ["After"]
    assert api.get(detail).json()["course_title"] == "After"

    with in_a():
        new_article = ArticleFactory(title="Second reading")
    response = staff.post(
        f"{admin(client_a)}{course.id}/submodules/{submodule.id}/contents/",
        {"content_type": "Article", "content_id": new_article.id, "order": 5},
    )
    assert response.status_code == 201
    assert [row["title"] for row in api.get(sub).json()["contents"]] == [article.title, "Second reading"]
    assert api.get(content).json()["next_content"] == {"id": response.json()["id"], "content_type": "Article"}
    assert api.get(lms(client_a)).json()[0]["stats"]["article"]["total"] == 2

    # an item edited in its library (a signal of another model) reaches the content detail
    assert (
        staff.patch(
            f"/admin-dashboard/api/clients/{client_a.id}/articles/{article.article_id}/", {"content": "New text"}
        ).status_code
        == 200
    )
    assert api.get(content).json()["details"]["content"] == "New text"

    # deactivating the course hides it from students at once
    assert staff.patch(f"{admin(client_a)}{course.id}/", {"is_active": False}).status_code == 200
    assert api.get(lms(client_a)).json() == []
    assert api.get(detail).status_code == 404
    assert api.get(content).status_code == 404


def test_per_user_fields_are_never_shared(client_a, in_a, as_user):
    first_api, first = as_user(client_a, role="student")
    second_api, second = as_user(client_a, role="student")
    with in_a():
        course = course_build(content_types=("Article", "Article"))
        Enrollment.objects.create(course=course, user=first)
        submodule = course.modules.get().submodules.get()
        done, _ = submodule.contents.order_by("order", "id")
        ContentProgress.objects.create(user=first, content=done, is_completed=True)
    first_api.post(f"{lms(client_a)}{course.id}/toggle-like/")

    mine = first_api.get(lms(client_a)).json()[0]
    theirs = second_api.get(lms(client_a)).json()[0]
    assert (mine["is_enrolled"], mine["is_liked"], mine["stats"]["article"]["completed"]) == (True, True, 1)
    assert (theirs["is_enrolled"], theirs["is_liked"], theirs["stats"]["article"]["completed"]) == (False, False, 0)
    assert mine["likes_count"] == theirs["likes_count"] == 1

    mine = first_api.get(f"{lms(client_a)}{course.id}/").json()
    theirs = second_api.get(f"{lms(client_a)}{course.id}/").json()
    assert mine["modules"][0]["completed_contents"] == 1 and mine["is_liked_by_current_user"] is True
    assert theirs["modules"][0]["completed_contents"] == 0 and theirs["is_liked_by_current_user"] is False
    assert mine["enrolled_students"] == theirs["enrolled_students"] == 1

    rows = first_api.get(f"{lms(client_a)}{course.id}/sub-module/{submodule.id}/").json()["contents"]
    assert [row["is_completed"] for row in rows] == [True, False]
    assert first_api.get(f"{lms(client_a)}{course.id}/content/{done.id}/").json()["status"] == "complete"
    # not enrolled: the cached course does not let the second student in
    assert second_api.get(f"{lms(client_a)}{course.id}/content/{done.id}/").status_code == 403

    # a learner's write (enrolling) changes the shared totals for everyone
    assert second_api.post(f"{lms(client_a)}{course.id}/enroll/").status_code == 201
    assert first_api.get(f"{lms(client_a)}{course.id}/").json()["enrolled_students"] == 2
    assert first_api.get(lms(client_a)).json()[0]["enrolled_students"]["total"] == 2
    assert second_api.get(f"{lms(client_a)}{course.id}/content/{done.id}/").json()["status"] == "non-complete"


def test_one_clients_cache_never_answers_another(client_a, client_b, as_user):
    api_a, student_a = as_user(client_a, role="student")
    api_b, student_b = as_user(client_b, role="student")
    with schema_context(client_a.schema_name):
        course_a = course_build(title="Alpha course", content_types=("Article",))
        Enrollment.objects.create(course=course_a, user=student_a)
        content_a = course_a.modules.get().submodules.get().contents.get()
    with schema_context(client_b.schema_name):
        course_b = course_build(title="Beta course", content_types=("Quiz",))
        Enrollment.objects.create(course=course_b, user=student_b)
    assert [row["title"] for row in api_a.get(lms(client_a)).json()] == ["Alpha course"]
    assert [row["title"] for row in api_b.get(lms(client_b)).json()] == ["Beta course"]
    if course_a.id == course_b.id:  # the same id in both schemas: still each client's own
        assert api_b.get(f"{lms(client_b)}{course_b.id}/").json()["title"] == "Beta course"
    assert api_a.get(f"{lms(client_a)}{course_a.id}/content/{content_a.id}/").json()["content_type"] == "Article"
    # client A's token on client B's path is refused; B's student cannot read A's course
    assert api_a.get(lms(client_b)).status_code == 401
    with schema_context(client_b.schema_name):
        other = course_build(title="Beta two", content_types=("Article",))
    missing = max(course_a.id, other.id) + 100
    assert api_b.get(f"{lms(client_b)}{missing}/").status_code == 404


def test_a_bump_takes_effect_again_when_the_write_commits(client_a, django_capture_on_commit_callbacks):
    with schema_context(client_a.schema_name):
        before = cache.version(TREE)
        with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
            content_add(course_build(content_types=()).modules.get().submodules.get(), "Article")
            during = cache.version(TREE)
        assert during != before and callbacks
        for callback in callbacks:
            callback()
        assert cache.version(TREE) not in (before, during)


def test_without_a_shared_cache_every_read_is_built_fresh(settings, client_a):
    settings.VERSIONED_CACHE = False
    built = []
    with schema_context(client_a.schema_name):
        for _ in range(2):
            cache.cached(TREE, "probe", lambda: built.append(1))
    assert len(built) == 2
