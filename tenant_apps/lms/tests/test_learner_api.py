"""LMS Core API 1-10: what a learner sees and does."""

from decimal import Decimal

import pytest

from core import cache
from tenant_apps.lms.models import Content, ContentProgress, Enrollment
from tenant_apps.lms.tests.factories import (
    CourseFactory,
    InstructorFactory,
    ModuleFactory,
    SubModuleFactory,
    TrustedByFactory,
    content_add,
    course_build,
)

CONTRACT_DASHBOARD = (
    "completion_percentage",
    "total_modules",
    "completed_modules",
    "total_contents",
    "completed_contents",
)


def lms(client) -> str:
    return f"/lms/clients/{client.id}/courses/"


def test_course_list_shows_instructors_trusted_by_and_enrolled_pics(student_a, client_a, in_a, make_user):
    # given
    api, student = student_a
    with in_a():
        course = CourseFactory()
        course.instructors.add(InstructorFactory(name="Grace"))
        course.trusted_by.add(TrustedByFactory(name="Acme"))
        CourseFactory(is_active=False)
    for n in range(7):
        learner = make_user(client_a, profile_pic_url=f"https://pics.test/{n}.png" if n % 2 == 0 else "")
        with in_a():
            Enrollment.objects.create(course=course, user=learner)
    # when
    rows = api.get(lms(client_a)).json()
    # then
    assert [row["id"] for row in rows] == [course.id]  # inactive courses are hidden from students
    row = rows[0]
    assert row["instructors"][0]["name"] == "Grace" and row["trusted_by"][0]["name"] == "Acme"
    assert row["enrolled_students"]["total"] == 7
    assert row["enrolled_students"]["students_profile_pic"] == [f"https://pics.test/{n}.png" for n in (6, 4, 2, 0)]
    assert row["is_enrolled"] is False and row["likes_count"] == 0


def test_enroll_once(student_a, client_a, in_a):
    api, _ = student_a
    with in_a():
        course = CourseFactory()
    first = api.post(f"{lms(client_a)}{course.id}/enroll/")
    assert first.status_code == 201 and first.json()["detail"] == "Successfully enrolled in course"
    second = api.post(f"{lms(client_a)}{course.id}/enroll/")
    assert second.status_code == 400 and second.json()["code"] == "already_enrolled"
    with in_a():
        assert Enrollment.objects.filter(course=course).count() == 1
    assert api.post(f"{lms(client_a)}999999/enroll/").status_code == 404


def test_inactive_course_is_404_for_students(student_a, client_a, in_a):
    api, _ = student_a
    with in_a():
        course = CourseFactory(is_active=False)
    assert api.get(f"{lms(client_a)}{course.id}/").status_code == 404
    assert api.post(f"{lms(client_a)}{course.id}/enroll/").status_code == 404


def test_toggle_like(student_a, client_a, in_a):
    api, _ = student_a
    with in_a():
        course = CourseFactory()
    assert api.post(f"{lms(client_a)}{course.id}/toggle-like/").json() == {"liked": True, "likes_count": 1}
    assert api.get(f"{lms(client_a)}{course.id}/").json()["is_liked"] is True
    assert api.post(f"{lms(client_a)}{course.id}/toggle-like/").json() == {"liked": False, "likes_count": 0}


def test_platform_admin_cannot_enroll_but_can_read(platform_admin, client_a, in_a):
    api, _ = platform_admin
    with in_a():
        course = course_build()
    assert api.get(f"{lms(client_a)}{course.id}/").status_code == 200
    assert api.post(f"{lms(client_a)}{course.id}/enroll/").status_code == 403


def test_course_detail_and_dashboard_follow_completion(student_a, client_a, in_a):
    # given a 2-week course, the student completed week 1's two contents and one of week 2's
    api, student = student_a
    with in_a():
        course = course_build(modules=2, content_types=("Article", "Quiz"))
        Enrollment.objects.create(course=course, user=student)
        contents = list(Content.objects.order_by("id"))
        for content in contents[:3]:
            ContentProgress.objects.create(user=student, content=content, is_completed=True)
    # when
    detail = api.get(f"{lms(client_a)}{course.id}/").json()
    dashboard = api.get(f"{lms(client_a)}{course.id}/user-course-dashboard/").json()
    # then
    assert [module["completion_percentage"] for module in detail["modules"]] == [100.0, 50.0]
    submodule = detail["modules"][0]["submodules"][0]
    assert (submodule["article_count"], submodule["quiz_count"], submodule["video_count"]) == (1, 1, 0)
    assert {key: dashboard[key] for key in CONTRACT_DASHBOARD} == {  # the client's fields beside them
        "completion_percentage": 75.0,
        "total_modules": 2,
        "completed_modules": 1,
        "total_contents": 4,
        "completed_contents": 3,
    }


def test_submodule_and_content_need_enrollment(student_a, client_a, in_a):
    api, _ = student_a
    with in_a():
        course = course_build()
        submodule = course.modules.get().submodules.get()
    response = api.get(f"{lms(client_a)}{course.id}/sub-module/{submodule.id}/")
    assert response.status_code == 403 and response.json()["code"] == "not_enrolled"


def test_content_navigation_crosses_submodules_and_modules(student_a, client_a, in_a):
    # given week 2 created before week 1, so ordering must come from weekno/order, not ids
    api, student = student_a
    with in_a():
        course = CourseFactory()
        week2 = ModuleFactory(course=course, weekno=2)
        week1 = ModuleFactory(course=course, weekno=1)
        w1_b = SubModuleFactory(module=week1, order=2)
        w1_a = SubModuleFactory(module=week1, order=1)
        w2 = SubModuleFactory(module=week2, order=1)
        a2 = content_add(w1_a, "Article", order=2)
        a1 = content_add(w1_a, "VideoTutorial", order=1)
        b1 = content_add(w1_b, "Quiz", order=1)
        c1 = content_add(w2, "CodingProblem", order=1)
        Enrollment.objects.create(course=course, user=student)
    sequence = [a1, a2, b1, c1]

    # when / then
    for position, content in enumerate(sequence):
        body = api.get(f"{lms(client_a)}{course.id}/content/{content.id}/").json()
        previous = sequence[position - 1] if position else None
        following = sequence[position + 1] if position + 1 < len(sequence) else None
        assert body["previous_content"] == (
            {"id": previous.id, "content_type": previous.content_type} if previous else None
        )
        assert body["next_content"] == (
            {"id": following.id, "content_type": following.content_type} if following else None
        )
    submodule = api.get(f"{lms(client_a)}{course.id}/sub-module/{w1_a.id}/").json()
    assert [row["id"] for row in submodule["contents"]] == [a1.id, a2.id]
    assert submodule["contents"][0]["content_id"] == a1.video_tutorial_id


def test_quiz_answers_are_hidden_until_submitted(student_a, client_a, in_a):
    api, student = student_a
    with in_a():
        course = course_build(content_types=("Quiz", "CodingProblem"))
        quiz, problem = course.modules.get().submodules.get().contents.order_by("order")
        Enrollment.objects.create(course=course, user=student)
    body = api.get(f"{lms(client_a)}{course.id}/content/{quiz.id}/").json()
    assert body["content_type"] == "Quiz" and body["is_completed"] is False
    assert all(set(mcq) == {"id", "question", "options"} for mcq in body["content"]["mcqs"])
    coding = api.get(f"{lms(client_a)}{course.id}/content/{problem.id}/").json()["content"]
    assert coding["test_cases"] == [{"input": "2\n", "expected_output": "4\n"}]  # hidden case not shown
    # after a submission the answers are shown
    answers = [{"questionId": mcq["id"], "selectedOption": "A"} for mcq in body["content"]["mcqs"]]
    api.post(
        f"/activity/clients/{client_a.id}/courses/{course.id}/content/{quiz.id}/?activity_type=Quiz",
        {"userAnswers": answers},
    )
    after = api.get(f"{lms(client_a)}{course.id}/content/{quiz.id}/").json()
    assert after["content"]["mcqs"][0]["correct_answer"] == 1 and after["is_completed"] is True


def test_content_of_another_course_is_404(student_a, client_a, in_a):
    api, student = student_a
    with in_a():
        course, other = course_build(content_types=("Article",)), course_build(content_types=("Article",))
        Enrollment.objects.create(course=course, user=student)
        foreign = other.modules.get().submodules.get().contents.get()
        foreign_sub = other.modules.get().submodules.get()
    assert api.get(f"{lms(client_a)}{course.id}/content/{foreign.id}/").status_code == 404
    assert api.get(f"{lms(client_a)}{course.id}/sub-module/{foreign_sub.id}/").status_code == 404
    assert api.get(f"{lms(client_a)}{course.id}/content/{foreign.id}/past-submissions/").status_code == 404


def test_comments(student_a, client_a, in_a):
    api, student = student_a
    with in_a():
        course = course_build(content_types=("Article",))
        content = course.modules.get().submodules.get().contents.get()
        Enrollment.objects.create(course=course, user=student)
    url = f"{lms(client_a)}{course.id}/content/{content.id}/comment/"
    first = api.post(url, {"comment": "Nice"})
    assert first.status_code == 201
    assert first.json()["comment"] == "Nice" and first.json()["user"]["id"] == student.id
    assert api.post(url, {"text": "From the web client"}).status_code == 201
    blank = api.post(url, {"comment": "  "})
    assert blank.status_code == 400 and "comment" in blank.json()
    assert [row["comment"] for row in api.get(url).json()] == ["From the web client", "Nice"]


def test_leaderboard_ranks_enrolled_students_by_best_scores(client_a, in_a, as_user, make_user):
    api, viewer = as_user(client_a)
    with in_a():
        course = course_build(content_types=("Quiz", "CodingProblem"))
        quiz, problem = course.modules.get().submodules.get().contents.order_by("order")
    top, second = make_user(client_a, first_name="Top"), make_user(client_a, first_name="Second")
    with in_a():
        for user in (viewer, top, second):
            Enrollment.objects.create(course=course, user=user)
        ContentProgress.objects.create(user=top, content=quiz, best_score=Decimal("2"))
        ContentProgress.objects.create(user=top, content=problem, best_score=Decimal("20"))
        ContentProgress.objects.create(user=second, content=quiz, best_score=Decimal("1"))
        outsider = course_build(content_types=("Quiz",)).modules.get().submodules.get().contents.get()
        ContentProgress.objects.create(user=second, content=outsider, best_score=Decimal("50"))
    rows = api.get(f"{lms(client_a)}{course.id}/leaderboard/").json()
    assert [(row["user"]["id"], row["score"], row["rank"]) for row in rows] == [
        (top.id, 22.00, 1),
        (second.id, 1.00, 2),
        (viewer.id, 0.00, 3),
    ]
    assert rows[0]["user"]["role"] == "student"


def test_other_client_token_is_401(student_a, client_b):
    api, _ = student_a
    assert api.get(lms(client_b)).status_code == 401


def test_anonymous_is_401(api, client_a):
    assert api.get(lms(client_a)).status_code == 401


@pytest.mark.parametrize("size", [1, 20])
def test_query_budgets(size, client_a, in_a, student_a, make_user, assert_queries):
    """The same number of queries for 1 and for 20 items of each kind."""
    api, student = student_a
    with in_a():
        courses = [course_build(modules=size if n == 0 else 1, content_types=("Article", "Quiz")) for n in range(size)]
        course = courses[0]
        for _ in range(size):
            course.instructors.add(InstructorFactory())
        Enrollment.objects.create(course=course, user=student)
        submodule = course.modules.all()[0].submodules.get()
        for n in range(size):
            content_add(submodule, "Article", order=10 + n)
        quiz = submodule.contents.get(content_type="Quiz")
    for _ in range(size):
        with in_a():
            Enrollment.objects.create(course=course, user=make_user(client_a, profile_pic_url="https://p.test/x.png"))
    # auth = 1 query (user + session) in every request. The four cached reads (learner_reads):
    # cold, the shared part's queries + the caller's standing; warm, the standing only.
    detail, sub = f"{lms(client_a)}{course.id}/", f"{lms(client_a)}{course.id}/sub-module/{submodule.id}/"
    content = f"{lms(client_a)}{course.id}/content/{quiz.id}/"
    cache.clear_local()
    # courses+counts, instructors, trusted_by, profile pics; course shapes (3); standing (with
    # the caller's active days on each course: the cards' streaks)
    with assert_queries(1 + 4 + 3 + 1):
        assert len(api.get(lms(client_a)).json()) == size
    with assert_queries(1 + 1):
        assert len(api.get(lms(client_a)).json()) == size
    with assert_queries(1 + 3 + 1):  # course, modules with counts, submodules with counts; standing
        assert len(api.get(detail).json()["modules"]) == size
    with assert_queries(1 + 1):
        assert len(api.get(detail).json()["modules"]) == size
    with assert_queries(1 + 1 + 2):  # standing; submodule, its contents
        assert len(api.get(sub).json()["contents"]) == size + 2
    with assert_queries(1 + 1):
        assert len(api.get(sub).json()["contents"]) == size + 2
    with assert_queries(1 + 1 + 3):  # standing; content + item, quiz questions, course sequence
        assert api.get(content).status_code == 200
    with assert_queries(1 + 1):
        assert api.get(content).status_code == 200
    # enrolled users, their scores (one GROUP BY); the course's visibility from the cached shapes
    with assert_queries(1 + 2):
        assert len(api.get(f"{lms(client_a)}{course.id}/leaderboard/").json()) == size + 1
    with assert_queries(1):  # warm: the rendered rows
        assert len(api.get(f"{lms(client_a)}{course.id}/leaderboard/").json()) == size + 1
    with assert_queries(1 + 1):  # the standing (course shapes cached above)
        assert api.get(f"{lms(client_a)}{course.id}/user-course-dashboard/").status_code == 200


def test_course_of_client_a_is_404_on_client_b(client_a, client_b, in_a, as_user):
    with in_a():
        course = course_build(content_types=("Article",))
        content = course.modules.get().submodules.get().contents.get()
    api_b, _ = as_user(client_b)
    assert api_b.get(f"{lms(client_b)}{course.id}/").status_code == 404
    assert api_b.post(f"{lms(client_b)}{course.id}/enroll/").status_code == 404
    assert api_b.get(f"{lms(client_b)}{course.id}/content/{content.id}/").status_code == 404
    response = api_b.post(
        f"/activity/clients/{client_b.id}/track-time/", {"content_id": content.id, "time_spent_minutes": 1}
    )
    assert response.status_code == 400
