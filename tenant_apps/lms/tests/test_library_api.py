"""The item libraries' declared routes: updates change the row, refusals write nothing."""

import pytest
from django.forms.models import model_to_dict

from tenant_apps.lms.models import MCQ, Article, Assignment, CodingProblem, Instructor, Quiz, TrustedBy, VideoTutorial

LIBRARIES = [
    ("mcqs", MCQ, {"question": "2 + 2?", "options": ["3", "4"], "correct_answer": 1}, "question"),
    ("articles", Article, {"title": "Read me", "content": "Text"}, "title"),
    ("video-tutorials", VideoTutorial, {"title": "Watch", "video_url": "https://v.test/1"}, "title"),
    ("assignments", Assignment, {"title": "Essay", "instructions": "Write"}, "title"),
    ("coding-problems", CodingProblem, {"title": "Echo"}, "title"),
    ("quizzes", Quiz, {"title": "Quiz"}, "title"),
    ("instructors", Instructor, {"name": "Ana", "bio": "Teacher"}, "name"),
    ("trusted-by", TrustedBy, {"name": "Acme", "logo_url": "https://logo.test/a.png"}, "name"),
]


def base(client) -> str:
    return f"/admin-dashboard/api/clients/{client.id}"


def _row(in_a, model, pk) -> dict:
    with in_a():
        return model_to_dict(model._default_manager.get(pk=pk))


@pytest.mark.parametrize("path,model,body,field", LIBRARIES)
def test_put_and_patch_change_the_row(admin_a, client_a, in_a, path, model, body, field):
    # given
    api, _ = admin_a
    url = f"{base(client_a)}/{path}/"
    pk = api.post(url, body).json()["id"]
    # when: PUT with a new value
    replaced = api.put(f"{url}{pk}/", {**body, field: "Changed by PUT"})
    # then
    assert replaced.status_code == 200 and replaced.json()[field] == "Changed by PUT"
    assert _row(in_a, model, pk)[field] == "Changed by PUT"
    # when: PATCH with only that field
    before = _row(in_a, model, pk)
    patched = api.patch(f"{url}{pk}/", {field: "Changed by PATCH"})
    # then: that field changed, no other
    assert patched.status_code == 200, patched.json()
    after = _row(in_a, model, pk)
    assert after == {**before, field: "Changed by PATCH"}


@pytest.mark.parametrize("path,model,body,field", LIBRARIES)
def test_refusals_write_nothing(admin_a, as_user, client_a, in_a, path, model, body, field):
    # given
    admin, _ = admin_a
    student, _ = as_user(client_a)
    url = f"{base(client_a)}/{path}/"
    pk = admin.post(url, body).json()["id"]
    before = _row(in_a, model, pk)
    with in_a():
        count = model._default_manager.count()
    # when / then: a student is refused every write
    assert student.post(url, body).status_code == 403
    assert student.put(f"{url}{pk}/", {**body, field: "Student"}).status_code == 403
    assert student.patch(f"{url}{pk}/", {field: "Student"}).status_code == 403
    assert student.delete(f"{url}{pk}/").status_code == 403
    # and an invalid body is a 400
    assert admin.put(f"{url}{pk}/", {**body, field: ""}).status_code == 400
    assert admin.patch(f"{url}{pk}/", {field: None}).status_code == 400
    # nothing was written
    assert _row(in_a, model, pk) == before
    with in_a():
        assert model._default_manager.count() == count


def test_another_clients_row_is_404_and_untouched(admin_a, client_a, client_b, as_user, in_a):
    admin, _ = admin_a
    pk = admin.post(f"{base(client_a)}/articles/", {"title": "Mine", "content": "x"}).json()["id"]
    other_admin, _ = as_user(client_b, role="admin")
    assert other_admin.patch(f"{base(client_b)}/articles/{pk}/", {"title": "Theirs"}).status_code == 404
    assert _row(in_a, Article, pk)["title"] == "Mine"
