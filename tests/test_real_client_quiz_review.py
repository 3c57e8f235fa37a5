"""Contract test for the older build's quiz card reviewing a past attempt.

Walked 1 Dec 2026 (session 20): on a quiz the learner had passed 2/2, V's review said "Your
response was incorrect" under every question and marked no option as the learner's. The card
reviews an attempt from ``custom_dimension.userAnswers`` of the past-submissions list
(``questionId``, ``questionIndex``, ``selectedOption``, ``isCorrect``) and indexes it by the
quiz's questions, so a list shorter than the quiz white-screened it (why the field was left out
before). docs/real-client.md, "Quiz submission".

The statement: one row per question of the quiz as it is now, in its order, with the letter the
attempt chose (null: not answered) and whether it was right, from the graded result stored with
the attempt; ``null`` for contents that are not quizzes.
"""

import pytest
from django_tenants.utils import schema_context

from tenant_apps.lms.models import MCQ, ContentType, Enrollment, QuizMCQ
from tenant_apps.lms.tests.factories import course_build
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db


def lms(client, course) -> str:
    return f"/lms/clients/{client.id}/courses/{course.id}/"


def submit(api, client, course, content, answers):
    path = f"/activity/clients/{client.id}/courses/{course.id}/content/{content.id}/?activity_type="
    return api.post(path + content.content_type, {"userAnswers": answers})


def past(api, client, course, content) -> list[dict]:
    response = api.get(f"{lms(client, course)}content/{content.id}/past-submissions/")
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def quiz_course(client_a, as_user):
    """A course with a two-question quiz and an assignment; the student enrolled."""
    api, student = as_user(client_a, role="student")
    with schema_context(client_a.schema_name):
        course = course_build(content_types=("Quiz", "Assignment"))
        contents = {c.content_type: c for c in course.modules.get().submodules.get().contents.all()}
        Enrollment.objects.create(course=course, user=student)
        quiz = contents[ContentType.QUIZ]
        question_ids = list(
            QuizMCQ.objects.filter(quiz_id=quiz.item_id).order_by("order", "id").values_list("mcq_id", flat=True)
        )
        letters = ["ABCDEF"[MCQ.objects.get(id=pk).correct_answer] for pk in question_ids]
    return api, course, contents, question_ids, letters


def test_a_past_attempt_reviews_each_question_with_the_learners_letter(client_a, quiz_course):
    api, course, contents, question_ids, right = quiz_course
    quiz = contents[ContentType.QUIZ]
    wrong = "A" if right[1] != "A" else "B"
    answers = [
        {"questionId": question_ids[0], "selectedOption": right[0]},
        {"questionId": question_ids[1], "selectedOption": wrong},
    ]
    assert submit(api, client_a, course, quiz, answers).status_code in (200, 201)
    [row] = past(api, client_a, course, quiz)
    review = row["custom_dimension"]["userAnswers"]
    assert review == [
        {"questionId": question_ids[0], "questionIndex": 0, "selectedOption": right[0], "isCorrect": True},
        {"questionId": question_ids[1], "questionIndex": 1, "selectedOption": wrong, "isCorrect": False},
    ]
    assert row["marks"] == 1 and row["maximum_marks"] == 2


def test_every_question_has_a_row_even_when_the_attempt_skipped_it_or_the_quiz_grew(client_a, quiz_course):
    """The card indexes the rows by the quiz's questions: never fewer rows than questions."""
    api, course, contents, question_ids, right = quiz_course
    quiz = contents[ContentType.QUIZ]
    submit(api, client_a, course, quiz, [{"questionId": question_ids[1], "selectedOption": right[1]}])
    with schema_context(client_a.schema_name):
        added = MCQ.objects.create(question="Added later?", options=["x", "y"], correct_answer=0)
        QuizMCQ.objects.create(quiz_id=quiz.item_id, mcq=added, order=99)
    [row] = past(api, client_a, course, quiz)
    review = row["custom_dimension"]["userAnswers"]
    assert [r["questionId"] for r in review] == [*question_ids, added.id]
    assert [r["questionIndex"] for r in review] == [0, 1, 2]
    assert [r["selectedOption"] for r in review] == [None, right[1], None]
    assert [r["isCorrect"] for r in review] == [False, True, False]


def test_attempts_are_reviewed_each_on_its_own_newest_first(client_a, quiz_course):
    api, course, contents, question_ids, right = quiz_course
    quiz = contents[ContentType.QUIZ]
    submit(api, client_a, course, quiz, [{"questionIndex": 0, "selectedOption": right[0]}])
    both = [{"questionIndex": n, "selectedOption": letter} for n, letter in enumerate(right)]
    submit(api, client_a, course, quiz, both)
    newest, first = past(api, client_a, course, quiz)
    assert [r["isCorrect"] for r in newest["custom_dimension"]["userAnswers"]] == [True, True]
    assert [r["isCorrect"] for r in first["custom_dimension"]["userAnswers"]] == [True, False]


def test_other_contents_answer_null(client_a, quiz_course):
    api, course, contents, _, _ = quiz_course
    assignment = contents[ContentType.ASSIGNMENT]
    api.post(
        f"/activity/clients/{client_a.id}/courses/{course.id}/content/{assignment.id}/?activity_type=Assignment",
        {"answer": "My goals."},
    )
    rows = past(api, client_a, course, assignment)
    assert rows and all(row["custom_dimension"] is None for row in rows)


def test_another_learners_and_another_clients_attempts_stay_out(client_a, client_b, as_user, quiz_course):
    api, course, contents, question_ids, right = quiz_course
    quiz = contents[ContentType.QUIZ]
    submit(api, client_a, course, quiz, [{"questionIndex": 0, "selectedOption": right[0]}])
    peer, peer_user = as_user(client_a, role="student")
    with schema_context(client_a.schema_name):
        Enrollment.objects.create(course=course, user=peer_user)
    assert past(peer, client_a, course, quiz) == []
    outsider, _ = as_user(client_b, role="student")
    path = f"{lms(client_a, course)}content/{quiz.id}/past-submissions/"
    assert outsider.get(path).status_code in (401, 403)


@pytest.mark.parametrize("attempts", [1, 5])
def test_the_review_costs_one_query_whatever_the_attempts(attempts, client_a, quiz_course):
    api, course, contents, _, right = quiz_course
    quiz = contents[ContentType.QUIZ]
    for _ in range(attempts):
        submit(api, client_a, course, quiz, [{"questionIndex": 0, "selectedOption": right[0]}])
    past(api, client_a, course, quiz)  # warm the client lookup
    with StatementCount() as counted:
        assert len(past(api, client_a, course, quiz)) == attempts
    # auth, the course with the enrolment, the content, the attempts, the quiz's questions
    assert counted.count == 5, counted.statements


def test_a_graded_attempt_records_each_questions_letter_in_the_quizs_order(client_a, quiz_course):
    """What the demo seeds its passed attempt with (the one walked) and a learner's submit stores."""
    from tenant_apps.lms import grading

    _, _, contents, question_ids, right = quiz_course
    with schema_context(client_a.schema_name):
        questions = [MCQ.objects.get(id=pk) for pk in question_ids]
    attempt = grading.quiz_attempt(
        questions=questions, answers=[{"questionIndex": n, "selectedOption": r} for n, r in enumerate(right)]
    )
    assert (attempt["score"], attempt["max_score"], attempt["status"]) == (2, 2, "Accepted")
    assert [row["selected_option"] for row in attempt["result"]["answers"]] == right
