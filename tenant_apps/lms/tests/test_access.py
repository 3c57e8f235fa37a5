"""Roles and missing objects across every endpoint of the learning core."""

import pytest

from tenant_apps.lms.models import Article, Content
from tenant_apps.lms.tests.factories import course_build

ADMIN_PATHS = [
    ("get", "courses/"),
    ("post", "courses/"),
    ("get", "courses/{course}/"),
    ("put", "courses/{course}/"),
    ("delete", "courses/{course}/"),
    ("get", "courses/{course}/view-course-details/"),
    ("get", "courses/{course}/modules/"),
    ("post", "courses/{course}/modules/"),
    ("get", "courses/{course}/modules/{module}/"),
    ("put", "courses/{course}/modules/{module}/"),
    ("delete", "courses/{course}/modules/{module}/"),
    ("get", "courses/{course}/modules/{module}/submodules/"),
    ("post", "courses/{course}/modules/{module}/submodules/"),
    ("get", "courses/{course}/modules/{module}/submodules/{submodule}/"),
    ("put", "courses/{course}/modules/{module}/submodules/{submodule}/"),
    ("delete", "courses/{course}/modules/{module}/submodules/{submodule}/"),
    ("get", "courses/{course}/submodules/{submodule}/contents/"),
    ("post", "courses/{course}/submodules/{submodule}/contents/"),
    ("get", "courses/{course}/submodules/{submodule}/contents/{content}/"),
    ("put", "courses/{course}/submodules/{submodule}/contents/{content}/"),
    ("delete", "courses/{course}/submodules/{submodule}/contents/{content}/"),
    ("get", "contents/"),
    ("get", "contents/type-count/"),
    ("get", "contents/{content}/"),
    ("post", "contents/{content}/verify/"),
] + [
    (method, f"{kind}/{suffix}")
    for kind in (
        "mcqs",
        "articles",
        "video-tutorials",
        "assignments",
        "coding-problems",
        "quizzes",
        "instructors",
        "trusted-by",
    )
    for method, suffix in (("get", ""), ("post", ""), ("get", "1/"), ("put", "1/"), ("delete", "1/"))
]


@pytest.fixture
def tree(client_a, in_a):
    with in_a():
        course = course_build(content_types=("Article",))
        module = course.modules.get()
        submodule = module.submodules.get()
        content = submodule.contents.get()
    return {"course": course.id, "module": module.id, "submodule": submodule.id, "content": content.id}


@pytest.mark.parametrize("role", ["student", "instructor"])
def test_admin_endpoints_refuse_students_and_instructors(role, as_user, client_a, tree, in_a):
    api, _ = as_user(client_a, role=role)
    for method, path in ADMIN_PATHS:
        url = f"/admin-dashboard/api/clients/{client_a.id}/" + path.format(**tree)
        response = getattr(api, method)(url, **({"data": {}} if method in ("post", "put") else {}))
        assert response.status_code == 403, (method, url, response.status_code)
    with in_a():
        assert Content.objects.filter(id=tree["content"]).exists() and Article.objects.exists()


def test_anonymous_gets_401_everywhere(api, client_a, tree):
    for method, path in ADMIN_PATHS[:5]:
        url = f"/admin-dashboard/api/clients/{client_a.id}/" + path.format(**tree)
        assert getattr(api, method)(url).status_code == 401
    assert api.post(f"/activity/clients/{client_a.id}/activity-log/", {"action": "x"}).status_code == 401


LEARNER_PATHS = [
    ("get", "{course}/"),
    ("post", "{course}/toggle-like/"),
    ("get", "{course}/leaderboard/"),
    ("get", "{course}/user-course-dashboard/"),
    ("get", "{course}/sub-module/{submodule}/"),
    ("get", "{course}/content/{content}/"),
    ("get", "{course}/content/{content}/past-submissions/"),
    ("get", "{course}/content/{content}/past-submissions/1/"),
    ("post", "{course}/content/{content}/comment/"),
    ("get", "{course}/content/{content}/comment/"),
    ("post", "{course}/enroll/"),
]


def test_missing_course_is_404_everywhere(as_user, client_a, tree):
    api, _ = as_user(client_a, role="admin")  # staff: no enrollment needed, so only existence matters
    missing = {**tree, "course": 999999}
    for method, path in LEARNER_PATHS:
        url = f"/lms/clients/{client_a.id}/courses/" + path.format(**missing)
        response = getattr(api, method)(url, **({"data": {"comment": "x"}} if method == "post" else {}))
        assert response.status_code == 404, (method, url, response.status_code)
    activity = f"/activity/clients/{client_a.id}/courses/999999/content/{tree['content']}/"
    assert api.post(activity, {"activity_type": "view"}).status_code == 404


def test_missing_tree_objects_are_404_for_admins(admin_a, client_a, tree):
    api, _ = admin_a
    for key in ("module", "submodule", "content"):
        broken = {**tree, key: 999999}
        for method, path in ADMIN_PATHS[8:21]:
            if "{" + key + "}" not in path:
                continue
            url = f"/admin-dashboard/api/clients/{client_a.id}/" + path.format(**broken)
            response = getattr(api, method)(
                url,
                **(
                    {"data": {"title": "x", "content_id": 1, "content_type": "Article"}}
                    if method in ("post", "put")
                    else {}
                ),
            )
            assert response.status_code == 404, (method, url, response.status_code)


def test_module_delete_purges_owned_items(admin_a, client_a, tree, in_a):
    api, _ = admin_a
    response = api.delete(
        f"/admin-dashboard/api/clients/{client_a.id}/courses/{tree['course']}/modules/{tree['module']}/"
    )
    assert response.status_code == 204
    with in_a():
        assert not Content.objects.exists() and not Article.objects.exists()
