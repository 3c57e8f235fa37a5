"""A student sees a quiz's answers and explanations only after submitting it; admins and
staff always see them (README "Security")."""

from __future__ import annotations

import json

import pytest

from tenant_apps.lms.models import Enrollment, Submission
from tenant_apps.lms.tests.factories import course_build

SECRETS = ('"correct_answer"', '"explanation"', "Because two.")


def _leaks(raw: bytes) -> list[str]:
    text = raw.decode()
    return [secret for secret in SECRETS if secret in text]


@pytest.fixture
def quiz_course(client_a, in_a, student_a):
    _, student = student_a
    with in_a():
        course = course_build(content_types=("Quiz",))
        submodule = course.modules.get().submodules.get()
        quiz = submodule.contents.get()
        Enrollment.objects.create(course=course, user=student)
    return course, submodule, quiz


def _reads(client, course, submodule, quiz) -> list[str]:
    lms = f"/lms/clients/{client.id}/courses/{course.id}/"
    return [
        f"{lms}content/{quiz.id}/",
        f"{lms}sub-module/{submodule.id}/",
        lms,
        f"{lms}user-course-dashboard/",
    ]


def test_student_reads_carry_no_answers_before_the_quiz_is_submitted(client_a, student_a, quiz_course, in_a):
    # given
    api, student = student_a
    course, submodule, quiz = quiz_course
    # when
    responses = [api.get(path) for path in _reads(client_a, course, submodule, quiz)]
    # then
    for path, response in zip(_reads(client_a, course, submodule, quiz), responses, strict=True):
        assert response.status_code == 200, path
        assert _leaks(response.raw) == [], path
    mcqs = responses[0].json()["content"]["mcqs"]
    assert len(mcqs) == 2 and all(set(mcq) == {"id", "question", "options"} for mcq in mcqs)
    with in_a():
        assert not Submission.objects.exists()  # reading submits nothing


def test_student_sees_answers_once_submitted(client_a, student_a, quiz_course):
    api, _ = student_a
    course, _, quiz = quiz_course
    path = f"/lms/clients/{client_a.id}/courses/{course.id}/content/{quiz.id}/"
    mcqs = api.get(path).json()["content"]["mcqs"]

    submitted = api.post(
        f"/activity/clients/{client_a.id}/courses/{course.id}/content/{quiz.id}/?activity_type=Quiz",
        {"userAnswers": [{"questionId": mcq["id"], "selectedOption": "B"} for mcq in mcqs]},
    )

    assert submitted.status_code in (200, 201), submitted.json()
    after = api.get(path).json()["content"]["mcqs"]
    assert [(mcq["correct_answer"], mcq["explanation"]) for mcq in after] == [(1, "Because two.")] * 2


def test_another_students_submission_reveals_nothing(client_a, student_a, quiz_course, as_user, in_a):
    api, _ = student_a
    course, _, quiz = quiz_course
    other_api, other = as_user(client_a)
    with in_a():
        Enrollment.objects.create(course=course, user=other)
    path = f"/lms/clients/{client_a.id}/courses/{course.id}/content/{quiz.id}/"
    mcqs = other_api.get(path).json()["content"]["mcqs"]
    other_api.post(
        f"/activity/clients/{client_a.id}/courses/{course.id}/content/{quiz.id}/?activity_type=Quiz",
        {"userAnswers": [{"questionId": mcq["id"], "selectedOption": "A"} for mcq in mcqs]},
    )

    assert _leaks(api.get(path).raw) == []


@pytest.mark.parametrize("role", ["admin", "instructor"])
def test_staff_reads_keep_answers(client_a, as_user, quiz_course, role):
    api, _ = as_user(client_a, role=role)
    course, _, quiz = quiz_course

    learner_view = api.get(f"/lms/clients/{client_a.id}/courses/{course.id}/content/{quiz.id}/")

    assert learner_view.status_code == 200
    assert learner_view.json()["content"]["mcqs"][0]["explanation"] == "Because two."
    if role == "admin":
        admin_view = api.get(f"/admin-dashboard/api/clients/{client_a.id}/contents/{quiz.id}/")
        assert admin_view.status_code == 200
        assert json.loads(admin_view.raw)["content"]["mcqs"][0]["correct_answer"] == 1


def test_platform_admin_reads_keep_answers(client_a, platform_admin, quiz_course):
    api, _ = platform_admin
    course, _, quiz = quiz_course

    body = api.get(f"/lms/clients/{client_a.id}/courses/{course.id}/content/{quiz.id}/").json()

    assert body["content"]["mcqs"][0]["correct_answer"] == 1
