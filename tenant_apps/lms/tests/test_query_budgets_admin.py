"""Admin lists and details cost the same number of queries for 1 and for 20 items."""

import pytest

from tenant_apps.lms.models import ContentComment, Enrollment, Quiz, Submission
from tenant_apps.lms.tests.factories import InstructorFactory, QuizFactory, content_add, course_build


@pytest.mark.parametrize("size", [1, 20])
def test_admin_query_budgets(size, client_a, in_a, admin_a, student_a, assert_queries):
    api, admin = admin_a
    learner, student = student_a
    with in_a():
        for n in range(size):
            course = course_build(modules=size if n == size - 1 else 1, content_types=("Quiz", "Article"))
            course.instructors.add(InstructorFactory())
        submodule = course.modules.all()[0].submodules.get()
        for n in range(size):
            content_add(submodule, "CodingProblem", order=10 + n)
            QuizFactory(questions=3)
        quiz_content = submodule.contents.get(content_type="Quiz")
        Enrollment.objects.create(course=course, user=student)
        for n in range(size):
            Submission.objects.create(user=student, content=quiz_content, content_type="Quiz", status="Accepted")
            ContentComment.objects.create(user=student, content=quiz_content, text=f"c{n}")
    adm = f"/admin-dashboard/api/clients/{client_a.id}"
    lms = f"/lms/clients/{client_a.id}/courses/{course.id}"
    # 1 = the auth query of every request
    with assert_queries(1 + 4):  # courses (with card counts), instructors, trusted_by, enrolled pictures
        assert len(api.get(f"{adm}/courses/").json()) == size
    with assert_queries(1 + 5):  # course, instructors, trusted_by, modules, submodules
        assert len(api.get(f"{adm}/courses/{course.id}/").json()["modules"]) == size
    with assert_queries(1 + 7):  # + contents with items, quiz questions
        assert api.get(f"{adm}/courses/{course.id}/view-course-details/").status_code == 200
    with assert_queries(1 + 2):  # course, modules
        assert len(api.get(f"{adm}/courses/{course.id}/modules/").json()) == size
    with assert_queries(1 + 2):  # submodule, contents
        assert (
            api.get(f"{adm}/courses/{course.id}/modules/{submodule.module_id}/submodules/{submodule.id}/").status_code
            == 200
        )
    with assert_queries(1 + 2):  # submodule, contents
        assert len(api.get(f"{adm}/courses/{course.id}/submodules/{submodule.id}/contents/").json()) == size + 2
    with assert_queries(1 + 2):  # the content with its item (the editor's details), the quiz's questions
        assert (
            api.get(f"{adm}/courses/{course.id}/submodules/{submodule.id}/contents/{quiz_content.id}/").status_code
            == 200
        )
    with assert_queries(1 + 1):  # contents with submodule and module
        assert len(api.get(f"{adm}/contents/?course_id={course.id}").json()) == size * 2 + size
    with assert_queries(1 + 2):  # content with everything, quiz questions
        assert api.get(f"{adm}/contents/{quiz_content.id}/").status_code == 200
    with in_a():
        quizzes = Quiz.objects.count()
    with assert_queries(1 + 2):  # quizzes, their questions
        assert len(api.get(f"{adm}/quizzes/").json()) == quizzes
    with assert_queries(1 + 4):  # course (+ enrollment), content, submissions, the quiz's question order
        assert len(learner.get(f"{lms}/content/{quiz_content.id}/past-submissions/").json()) == size
    with assert_queries(1 + 3):  # course, content, comments with users
        assert len(learner.get(f"{lms}/content/{quiz_content.id}/comment/").json()) == size
