"""Grading assignment submissions: instructors and admins grade, scores reach progress
and the course leaderboard."""

import pytest
from django_tenants.utils import schema_context

from tenant_apps.lms.models import ContentProgress, Enrollment
from tenant_apps.lms.tests.factories import course_build
from tests.queries import StatementCount


def _submit(api, client, course, content, answer="My essay"):
    url = f"/activity/clients/{client.id}/courses/{course.id}/content/{content.id}/"
    response = api.post(f"{url}?activity_type=Assignment&sub_type=submitAnswer", {"answer": answer})
    assert response.status_code == 201, response.json()
    return response.json()["id"]


@pytest.fixture
def submitted(client_a, as_user):
    """A student who submitted the assignment of a one-of-each-type course."""
    api, student = as_user(client_a)
    with schema_context(client_a.schema_name):
        course = course_build()
        Enrollment.objects.create(course=course, user=student)
        assignment = course.modules.get().submodules.get().contents.get(content_type="Assignment")
    submission_id = _submit(api, client_a, course, assignment)
    return api, student, course, assignment, submission_id


def _base(client) -> str:
    return f"/admin-dashboard/api/clients/{client.id}/assignment-submissions/"


class GradingTests:
    def test_instructor_grades_and_the_leaderboard_follows(self, submitted, client_a, as_user):
        # given
        student_api, student, course, assignment, submission_id = submitted
        instructor, _ = as_user(client_a, role="instructor")
        queue = instructor.get(f"{_base(client_a)}?status=Submitted").json()
        assert [row["id"] for row in queue] == [submission_id]
        assert queue[0]["user"]["id"] == student.id and queue[0]["course_id"] == course.id
        assert queue[0]["payload"] == {"answer": "My essay"}

        # when
        response = instructor.post(f"{_base(client_a)}{submission_id}/grade/", {"score": "8", "feedback": "Good"})

        # then
        assert response.status_code == 200, response.json()
        body = response.json()
        assert body["status"] == "Graded" and body["score"] == 8.00
        assert body["result"]["feedback"] == "Good"
        past = student_api.get(
            f"/lms/clients/{client_a.id}/courses/{course.id}/content/{assignment.id}/past-submissions/"
        ).json()
        assert past[0]["status"] == "Graded" and past[0]["score"] == 8.00
        board = student_api.get(f"/lms/clients/{client_a.id}/courses/{course.id}/leaderboard/").json()
        # the graded marks, plus the points of the assignment the submission completed
        assert board[0]["user"]["id"] == student.id and (board[0]["marks"], board[0]["score"]) == (8.00, 18.00)
        assert instructor.get(f"{_base(client_a)}?status=Submitted").json() == []

    def test_regrading_lower_lowers_the_best_score(self, submitted, client_a, as_user):
        _, student, _, assignment, submission_id = submitted
        admin, _ = as_user(client_a, role="admin")

        admin.post(f"{_base(client_a)}{submission_id}/grade/", {"score": 9})
        admin.post(f"{_base(client_a)}{submission_id}/grade/", {"score": 4})

        with schema_context(client_a.schema_name):
            assert ContentProgress.objects.get(user=student, content=assignment).best_score == 4

    @pytest.mark.parametrize("score", [-1, "10.01", "abc"])
    def test_score_out_of_range_is_400(self, submitted, client_a, as_user, score):
        admin, _ = as_user(client_a, role="admin")
        _, _, _, _, submission_id = submitted

        response = admin.post(f"{_base(client_a)}{submission_id}/grade/", {"score": score})

        assert response.status_code == 400
        assert "score" in response.json()

    def test_roles_and_isolation(self, submitted, client_a, client_b, as_user):
        student_api, _, _, _, submission_id = submitted
        admin_b, _ = as_user(client_b, role="admin")
        admin_a, _ = as_user(client_a, role="admin")

        assert student_api.get(_base(client_a)).status_code == 403
        assert student_api.post(f"{_base(client_a)}{submission_id}/grade/", {"score": 1}).status_code == 403
        assert admin_b.get(_base(client_a)).status_code == 401
        assert admin_b.post(f"{_base(client_b)}{submission_id}/grade/", {"score": 1}).status_code == 404
        assert admin_a.post(f"{_base(client_a)}999999/grade/", {"score": 1}).status_code == 404

    def test_quiz_submissions_are_not_gradable(self, client_a, as_user):
        api, student = as_user(client_a)
        admin, _ = as_user(client_a, role="admin")
        with schema_context(client_a.schema_name):
            course = course_build()
            Enrollment.objects.create(course=course, user=student)
            quiz = course.modules.get().submodules.get().contents.get(content_type="Quiz")
        url = f"/activity/clients/{client_a.id}/courses/{course.id}/content/{quiz.id}/?activity_type=Quiz"
        quiz_submission = api.post(url, {"userAnswers": []}).json()

        assert admin.get(_base(client_a)).json() == []
        assert admin.post(f"{_base(client_a)}{quiz_submission['id']}/grade/", {"score": 1}).status_code == 404

    @pytest.mark.parametrize("count", [1, 20])
    def test_list_has_a_fixed_query_count(self, client_a, as_user, count):
        admin, _ = as_user(client_a, role="admin")
        with schema_context(client_a.schema_name):
            course = course_build()
            assignment = course.modules.get().submodules.get().contents.get(content_type="Assignment")
        for _ in range(count):
            api, student = as_user(client_a)
            with schema_context(client_a.schema_name):
                Enrollment.objects.create(course=course, user=student)
            _submit(api, client_a, course, assignment)
        admin.get(_base(client_a))  # warms the client cache

        # the user with its session; the submissions with learner, content, submodule, module
        with StatementCount(2):
            response = admin.get(_base(client_a))
        assert len(response.json()) == count
