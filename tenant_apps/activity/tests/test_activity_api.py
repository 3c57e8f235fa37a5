"""Activity API 1-3 and the submissions that ride on API 1."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tenant_apps.accounts.actor import Actor
from tenant_apps.activity.models import ActivityLog, TimeSpent, UserActivity
from tenant_apps.activity.services import time_track
from tenant_apps.lms.models import ContentProgress, Enrollment, Submission
from tenant_apps.lms.tests.factories import course_build


@pytest.fixture
def enrolled(client_a, as_user, in_a):
    """A student enrolled in a course with one content of each type, in learning order."""
    api, student = as_user(client_a)
    with in_a():
        course = course_build()
        Enrollment.objects.create(course=course, user=student)
        contents = {c.content_type: c for c in course.modules.get().submodules.get().contents.all()}
    return api, student, course, contents


def url(client, course, content, query: str = "") -> str:
    return f"/activity/clients/{client.id}/courses/{course.id}/content/{content.id}/{query}"


def test_view_start_complete(enrolled, client_a, in_a):
    api, student, course, contents = enrolled
    article = contents["Article"]
    view = api.post(url(client_a, course, article), {"activity_type": "view", "metadata": {"from": "list"}})
    assert view.status_code == 201
    assert set(view.json()) == {"id", "activity_type", "created_at"} and view.json()["activity_type"] == "view"
    with in_a():
        assert not ContentProgress.objects.filter(user=student, is_completed=True).exists()
    assert api.post(url(client_a, course, article), {"activity_type": "complete"}).status_code == 201
    with in_a():
        assert ContentProgress.objects.get(user=student, content=article).is_completed
        assert UserActivity.objects.filter(user=student).count() == 2
    bad = api.post(url(client_a, course, article), {"activity_type": "dance"})
    assert bad.status_code == 400 and "activity_type" in bad.json()


def test_quiz_answers_by_index_when_no_question_id(enrolled, client_a, in_a):
    """``questionIndex`` places an answer only when ``questionId`` is absent; an unknown
    ``questionId`` is a 400 even with a valid index."""
    api, student, course, contents = enrolled
    quiz = contents["Quiz"]
    by_index = api.post(
        url(client_a, course, quiz, "?activity_type=Quiz"),
        {"userAnswers": [{"questionIndex": 1, "selectedOption": "A"}]},
    )
    assert by_index.status_code == 201, by_index.json()
    assert [row["selected_option"] for row in by_index.json()["answers"]] == [None, "A"]
    unknown = api.post(
        url(client_a, course, quiz, "?activity_type=Quiz"),
        {"userAnswers": [{"questionId": 999999, "questionIndex": 0, "selectedOption": "A"}]},
    )
    assert unknown.status_code == 400 and "userAnswers.0.questionId" in unknown.json()
    out_of_range = api.post(
        url(client_a, course, quiz, "?activity_type=Quiz"),
        {"userAnswers": [{"questionIndex": 5, "selectedOption": "A"}]},
    )
    assert out_of_range.status_code == 400


def test_article_and_video_complete_with_empty_body(enrolled, client_a, in_a):
    api, student, course, contents = enrolled
    for kind in ("Article", "VideoTutorial"):
        response = api.post(url(client_a, course, contents[kind], f"?activity_type={kind}"), {})
        assert response.status_code == 201 and response.json()["is_completed"] is True
    wrong = api.post(url(client_a, course, contents["Article"], "?activity_type=Quiz"), {})
    assert wrong.status_code == 400
    dashboard = api.get(f"/lms/clients/{client_a.id}/courses/{course.id}/user-course-dashboard/").json()
    assert dashboard["completed_contents"] == 2 and dashboard["completion_percentage"] == 40.0


def test_quiz_is_graded_on_the_server(enrolled, client_a, in_a):
    api, student, course, contents = enrolled
    quiz = contents["Quiz"]
    with in_a():
        first, second = [link.mcq for link in quiz.quiz.quiz_mcqs.all()]
    answers = [
        {"questionId": first.id, "questionIndex": 0, "selectedOption": "B"},  # correct (index 1)
        {"questionId": second.id, "questionIndex": 1, "selectedOption": "C"},
    ]
    response = api.post(
        url(client_a, course, quiz, "?activity_type=Quiz&sub_type=submitAnswer"), {"userAnswers": answers}
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["obtained_marks"], body["maximum_marks"], body["score"]) == (1.00, 2.00, 1.00)
    assert body["answers"] == [
        {
            "question_id": first.id,
            "selected_option": "B",
            "correct_option": "B",
            "is_correct": True,
            "explanation": first.explanation,
        },
        {
            "question_id": second.id,
            "selected_option": "C",
            "correct_option": "B",
            "is_correct": False,
            "explanation": second.explanation,
        },
    ]
    assert body["status"] == "Partially Accepted" and body["is_completed"] is True
    # an unanswered question counts as wrong; a letter beyond the options is a 400
    only_one = api.post(
        url(client_a, course, quiz, "?activity_type=Quiz"),
        {"userAnswers": [{"questionId": first.id, "selectedOption": "b"}]},
    )
    assert only_one.json()["answers"][1]["selected_option"] is None
    bad = api.post(
        url(client_a, course, quiz, "?activity_type=Quiz"),
        {"userAnswers": [{"questionId": first.id, "selectedOption": "F"}]},
    )
    assert bad.status_code == 400 and "userAnswers.0.selectedOption" in bad.json()
    stranger = api.post(
        url(client_a, course, quiz, "?activity_type=Quiz"),
        {"userAnswers": [{"questionId": 999999, "selectedOption": "A"}]},
    )
    assert stranger.status_code == 400
    assert api.post(url(client_a, course, quiz, "?activity_type=Quiz"), {}).status_code == 400
    # past submissions
    past = api.get(f"/lms/clients/{client_a.id}/courses/{course.id}/content/{quiz.id}/past-submissions/").json()
    assert [(row["score"], row["status"]) for row in past] == [
        (1.00, "Partially Accepted"),
        (1.00, "Partially Accepted"),
    ]
    one = api.get(f"/lms/clients/{client_a.id}/courses/{course.id}/content/{quiz.id}/past-submissions/{past[0]['id']}/")
    assert one.status_code == 200 and one.json()["result"]["maximum_marks"] == 2.00
    assert (
        api.get(
            f"/lms/clients/{client_a.id}/courses/{course.id}/content/{quiz.id}/past-submissions/999999/"
        ).status_code
        == 404
    )
    with in_a():
        assert ContentProgress.objects.get(user=student, content=quiz).best_score == 1


def test_assignment_submission(enrolled, client_a, in_a):
    api, student, course, contents = enrolled
    assignment = contents["Assignment"]
    missing = api.post(url(client_a, course, assignment, "?activity_type=Assignment&sub_type=submitAnswer"), {})
    assert missing.status_code == 400 and "answer" in missing.json()
    response = api.post(
        url(client_a, course, assignment, "?activity_type=Assignment&sub_type=submitAnswer"), {"answer": "My essay"}
    )
    assert response.status_code == 201 and response.json()["status"] == "Submitted"
    with in_a():
        assert Submission.objects.get(user=student).payload == {"answer": "My essay"}
        assert ContentProgress.objects.get(user=student, content=assignment).is_completed


def test_coding_problem_run_and_submit(enrolled, client_a, in_a):
    api, student, course, contents = enrolled
    problem = contents["CodingProblem"]
    good = "n = int(input())\nprint(n * 2)\n"
    run = api.post(
        url(client_a, course, problem, "?activity_type=CodingProblem&sub_type=runCode"),
        {"source_code": good, "language_id": 71, "stdin": ""},
    )
    assert run.status_code == 200, run.json()
    assert run.json()["results"][0] | {"time": None, "memory": None} == {
        "input": "2\n",
        "expected_output": "4\n",
        "actual_output": "4\n",
        "status": "Accepted",
        "stderr": "",
        "time": None,
        "memory": None,
    }
    custom = api.post(
        url(client_a, course, problem, "?activity_type=CodingProblem&sub_type=customRunCode"),
        {"source_code": good, "language_id": 71, "stdin": "5"},
    )
    assert custom.json()["results"][0]["actual_output"] == "10\n"
    # the web client names the custom input `input`
    as_input = api.post(
        url(client_a, course, problem, "?activity_type=CodingProblem&sub_type=customRunCode"),
        {"source_code": good, "language_id": 71, "input": "7"},
    )
    assert as_input.json()["results"][0]["actual_output"] == "14\n"
    with in_a():
        assert not Submission.objects.exists()  # runs are not graded
    wrong = api.post(
        url(client_a, course, problem, "?activity_type=CodingProblem&sub_type=submitCode"),
        {"source_code": "print(4)", "language_id": 71},
    )
    assert wrong.status_code == 201
    assert (
        wrong.json()["status"],
        wrong.json()["passed"],
        wrong.json()["failed"],
        wrong.json()["total_test_cases"],
    ) == ("Wrong Answer", 1, 1, 2)
    assert wrong.json()["results"][1]["input"] is None  # hidden case
    with in_a():
        assert not ContentProgress.objects.get(user=student, content=problem).is_completed
    accepted = api.post(
        url(client_a, course, problem, "?activity_type=CodingProblem&sub_type=submitCode"),
        {"source_code": good, "language_id": 71},
    )
    assert accepted.json()["status"] == "Accepted" and accepted.json()["score"] == 20.00
    with in_a():
        progress = ContentProgress.objects.get(user=student, content=problem)
        assert progress.is_completed and progress.best_score == 20 and progress.attempts == 2
    unsupported = api.post(
        url(client_a, course, problem, "?activity_type=CodingProblem&sub_type=runCode"),
        {"source_code": good, "language_id": 54},
    )
    assert unsupported.status_code == 400 and "language_id" in unsupported.json()
    no_code = api.post(
        url(client_a, course, problem, "?activity_type=CodingProblem&sub_type=submitCode"), {"language_id": 71}
    )
    assert no_code.status_code == 400 and "source_code" in no_code.json()
    bad_sub = api.post(url(client_a, course, problem, "?activity_type=CodingProblem&sub_type=dance"), {})
    assert bad_sub.status_code == 400


def test_activity_needs_enrollment_and_the_right_course(client_a, client_b, as_user, enrolled, in_a):
    api, student, course, contents = enrolled
    stranger, _ = as_user(client_a)
    assert stranger.post(url(client_a, course, contents["Article"]), {"activity_type": "view"}).status_code == 403
    with in_a():
        other = course_build(content_types=("Article",))
        Enrollment.objects.create(course=other, user=student)
    assert api.post(url(client_a, other, contents["Article"]), {"activity_type": "view"}).status_code == 404
    assert api.post(url(client_b, course, contents["Article"]), {"activity_type": "view"}).status_code == 401


def test_activity_log(student_a, client_a, in_a):
    api, student = student_a
    response = api.post(
        f"/activity/clients/{client_a.id}/activity-log/", {"action": "opened_course", "details": {"course_id": 3}}
    )
    assert response.status_code == 201 and response.json()["action"] == "opened_course"
    with in_a():
        assert ActivityLog.objects.get(user=student).details == {"course_id": 3}
    assert api.post(f"/activity/clients/{client_a.id}/activity-log/", {"details": {}}).status_code == 400


def test_track_time_accumulates_per_day(enrolled, client_a, in_a):
    api, student, course, contents = enrolled
    article = contents["Article"]
    path = f"/activity/clients/{client_a.id}/track-time/"
    assert api.post(path, {"content_id": article.id, "time_spent_minutes": 5}).json() == {
        "total_time_spent": 5,
        "session_time": 5,
        "total_time_spent_seconds": 300,
        "credited_seconds": 300,
    }
    assert api.post(path, {"content_id": article.id, "time_spent_minutes": 3}).json() == {
        "total_time_spent": 8,
        "session_time": 3,
        "total_time_spent_seconds": 480,
        "credited_seconds": 180,
    }
    with in_a():
        time_track(
            actor=Actor.at_home(student, client_a),
            content_id=article.id,
            minutes=4,
            day=timezone.now().date() - timedelta(days=1),
        )
        assert TimeSpent.objects.filter(user=student).count() == 2
        assert TimeSpent.objects.get(user=student, date=timezone.now().date()).course_id == course.id
    assert api.post(path, {"content_id": article.id, "time_spent_minutes": 1}).json()["total_time_spent"] == 13
    assert api.post(path, {"content_id": 999999, "time_spent_minutes": 1}).status_code == 400
    assert api.post(path, {"content_id": article.id, "time_spent_minutes": -1}).status_code == 400


def test_history_outlives_a_deleted_course(enrolled, client_a, in_a, as_user):
    api, student, course, contents = enrolled
    api.post(
        f"/activity/clients/{client_a.id}/track-time/", {"content_id": contents["Article"].id, "time_spent_minutes": 7}
    )
    admin, _ = as_user(client_a, role="admin")
    assert admin.delete(f"/admin-dashboard/api/clients/{client_a.id}/courses/{course.id}/").status_code == 204
    with in_a():
        assert TimeSpent.objects.get(user=student).minutes == 7


def test_track_time_needs_an_enrollment_and_caps_a_day_at_24_hours(enrolled, client_a, in_a, as_user):
    api, student, course, contents = enrolled
    path = f"/activity/clients/{client_a.id}/track-time/"
    article = contents["Article"]
    outsider, _ = as_user(client_a)

    assert outsider.post(path, {"content_id": article.id, "time_spent_minutes": 5}).status_code == 403
    assert api.post(path, {"content_id": article.id, "time_spent_minutes": 1400}).json()["session_time"] == 1400
    capped = api.post(path, {"content_id": contents["VideoTutorial"].id, "time_spent_minutes": 100}).json()
    assert capped == {
        "total_time_spent": 40,
        "session_time": 40,
        "total_time_spent_seconds": 2400,
        "credited_seconds": 2400,
    }
    full = api.post(path, {"content_id": article.id, "time_spent_minutes": 10}).json()
    assert full == {
        "total_time_spent": 1400,
        "session_time": 0,
        "total_time_spent_seconds": 84000,
        "credited_seconds": 0,
    }
    # a first ping of the day on a third content when the day is full: nothing credited, no row
    first_on_full = api.post(path, {"content_id": contents["Quiz"].id, "time_spent_minutes": 5}).json()
    assert (first_on_full["session_time"], first_on_full["credited_seconds"]) == (0, 0)
    with in_a():
        assert sum(TimeSpent.objects.filter(user=student).values_list("minutes", flat=True)) == 24 * 60
        assert not TimeSpent.objects.filter(user=student, content=contents["Quiz"]).exists()


def test_the_web_clients_heartbeat_adds_seconds_of_platform_time(enrolled, client_a, in_a):
    """The web client posts ``{time_spent_seconds, session_id, date, device_type, session_only}``
    about once a minute, with no content: time on the platform as a whole."""
    api, student, course, contents = enrolled
    path = f"/activity/clients/{client_a.id}/track-time/"
    beat = {"session_id": "4f0c1c52-7a43-4d3c-9d2e-0a8c6a2b9a11", "date": "2026-01-01", "device_type": "desktop"}

    first = api.post(path, {**beat, "time_spent_seconds": 45, "session_only": False})
    second = api.post(path, {**beat, "time_spent_seconds": 40, "session_only": True})

    assert first.status_code == 200, first.json()
    assert second.json() == {
        "total_time_spent": 1,
        "session_time": 0,
        "total_time_spent_seconds": 85,
        "credited_seconds": 40,
    }
    with in_a():
        row = TimeSpent.objects.get(user=student)
        # the server's UTC day counts, not the client's own date
        assert (row.on_platform, row.content_id, row.date, row.seconds, row.minutes) == (
            True, None, timezone.now().date(), 85, 1,
        )  # fmt: skip
    # the platform's time is the student's time on the dashboards
    daily = api.get(f"/api/clients/{client_a.id}/student/user-daily-time-spent/").json()
    assert daily["total_minutes"] == 1
    # the contract's per-content time goes to its own row, within the same 24 hours
    assert api.post(path, {"content_id": contents["Article"].id, "time_spent_minutes": 2}).json()["session_time"] == 2
    with in_a():
        assert TimeSpent.objects.filter(user=student).count() == 2


@pytest.mark.parametrize(
    "body, field",
    [
        ({"time_spent_seconds": -1}, "time_spent_seconds"),
        ({"time_spent_seconds": 86401}, "time_spent_seconds"),
        ({"time_spent_seconds": 30, "device_type": "fridge"}, "device_type"),
        ({"time_spent_seconds": 30, "session_id": ["x"]}, "session_id"),
        ({"content_id": 1}, "time_spent_minutes"),
        ({}, "content_id"),
    ],
)
def test_a_bad_heartbeat_or_half_a_contract_body_is_a_field_error(enrolled, client_a, in_a, body, field):
    api, student, course, contents = enrolled

    response = api.post(f"/activity/clients/{client_a.id}/track-time/", body)

    assert response.status_code == 400
    assert field in response.json()
    with in_a():
        assert not TimeSpent.objects.filter(user=student).exists()


def test_a_visiting_platform_admin_has_no_platform_time(client_a, platform_admin):
    root, _ = platform_admin

    response = root.post(f"/activity/clients/{client_a.id}/track-time/", {"time_spent_seconds": 30})

    assert response.status_code == 403
