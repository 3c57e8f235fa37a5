"""Contract tests for the web client's learner course pages (docs/real-client.md, "Course
detail", "Submodule", "Content detail", "Quiz submission").

Each test pins the fields the client's course, submodule and content pages read, with their
JSON types, and that the contract's own fields are still answered beside them. Written from
what the pages do with each value, not from their code.
"""

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.certificates.models import Certificate
from tenant_apps.lms.models import ContentType, Enrollment
from tenant_apps.lms.tests.factories import InstructorFactory, content_add, course_build
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db

ALL_TYPES = ("Article", "VideoTutorial", "Quiz", "Assignment", "CodingProblem")


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def lms(client, course) -> str:
    return f"/lms/clients/{client.id}/courses/{course.id}/"


def quiz_post(client, course, content) -> str:
    return f"/activity/clients/{client.id}/courses/{course.id}/content/{content.id}/?activity_type=Quiz"


@pytest.fixture
def in_a(client_a):
    return lambda: schema_context(client_a.schema_name)


@pytest.fixture
def student_a(as_user, client_a):
    return as_user(client_a, role="student")


@pytest.fixture
def admin_a(as_user, client_a):
    return as_user(client_a, role="admin")


@pytest.fixture
def assert_queries(api, client_a):
    """``with assert_queries(n): ...``; the client lookup cache is warmed up first."""
    api.get(f"/lms/clients/{client_a.id}/courses/")
    return StatementCount


@pytest.fixture
def course_of_everything(student_a, client_a, in_a):
    """A one-week course, one submodule with one content of each type, the student enrolled."""
    _, student = student_a
    with in_a():
        course = course_build(content_types=ALL_TYPES, description="Learn it all.")
        course.instructors.add(InstructorFactory(name="Grace", linkedin="https://linkedin.test/grace"))
        submodule = course.modules.get().submodules.get()
        contents = {content.content_type: content for content in submodule.contents.all()}
        Enrollment.objects.create(course=course, user=student)
    return course, submodule, contents


# --- course detail -----------------------------------------------------------------------


def test_course_detail_answers_the_clients_fields_beside_the_contracts(client_a, student_a, course_of_everything):
    # given
    api, _ = student_a
    course, submodule, _ = course_of_everything
    api.post(f"{lms(client_a, course)}toggle-like/")
    # when
    body = api.get(lms(client_a, course)).json()
    # then the contract's fields
    assert (body["id"], body["title"], body["description"]) == (course.id, course.title, "Learn it all.")
    assert (body["likes_count"], body["is_liked"], body["is_enrolled"]) == (1, True, True)
    # and the client's names for the same course
    assert (body["course_id"], body["course_title"], body["course_description"]) == (
        course.id,
        course.title,
        "Learn it all.",
    )
    assert body["enrolled_students"] == 1 and is_int(body["enrolled_students"])
    assert (body["liked_count"], body["is_liked_by_current_user"]) == (1, True)
    assert body["is_certified"] is False and body["certificate_available"] is True
    assert isinstance(body["updated_at"], str) and body["updated_at"]
    assert body["content_lock_enabled"] is False and body["lock_threshold_value"] is None
    [instructor] = body["instructors"]
    assert set(instructor) == {"id", "name", "bio", "profile_pic_url", "linkedin"}
    assert (instructor["name"], instructor["linkedin"]) == ("Grace", "https://linkedin.test/grace")
    [module] = body["modules"]
    assert {"id", "weekno", "title", "completion_percentage", "submodules"} <= set(module)
    assert is_number(module["completion_percentage"])
    [outline] = module["submodules"]
    assert (outline["id"], outline["title"], outline["order"]) == (submodule.id, submodule.title, submodule.order)
    counts = {
        key: outline[key]
        for key in (
            "video_count",
            "quiz_count",
            "article_count",
            "coding_problem_count",
            "assignment_count",
            "subjective_question_count",
        )
    }
    assert counts == {
        "video_count": 1,
        "quiz_count": 1,
        "article_count": 1,
        "coding_problem_count": 1,
        "assignment_count": 1,
        "subjective_question_count": 0,
    }


def test_course_detail_is_certified_once_the_user_holds_its_certificate(
    client_a, student_a, in_a, course_of_everything
):
    api, student = student_a
    course, _, _ = course_of_everything
    with in_a():
        Certificate.objects.create(
            user=student, course=course, title=course.title, user_name="x", issued_at=timezone.now()
        )
    assert api.get(lms(client_a, course)).json()["is_certified"] is True


def test_course_detail_counts_every_enrolled_student(client_a, student_a, in_a, make_user, course_of_everything):
    api, _ = student_a
    course, _, _ = course_of_everything
    with in_a():
        for _ in range(3):
            Enrollment.objects.create(course=course, user=make_user(client_a))
    assert api.get(lms(client_a, course)).json()["enrolled_students"] == 4


# --- submodule ---------------------------------------------------------------------------

OUTLINE_ITEM = {"id", "title", "content_type", "order", "duration_in_minutes", "marks", "status", "submissions"}


def test_submodule_answers_the_clients_outline_beside_the_contracts_contents(client_a, student_a, course_of_everything):
    # given
    api, _ = student_a
    course, submodule, contents = course_of_everything
    # when
    body = api.get(f"{lms(client_a, course)}sub-module/{submodule.id}/").json()
    # then the contract's fields
    assert (body["id"], body["title"], body["order"]) == (submodule.id, submodule.title, submodule.order)
    assert [row["id"] for row in body["contents"]] == [content.id for content in contents.values()]
    assert all(row["is_completed"] is False for row in body["contents"])
    # and the client's outline
    module = submodule.module
    assert body["status"] == "success"
    assert (body["courseId"], body["moduleName"], body["weekNo"]) == (course.id, module.title, module.weekno)
    assert (body["submoduleId"], body["submoduleName"]) == (submodule.id, submodule.title)
    by_type = {row["content_type"]: row for row in body["data"]}
    assert [row["id"] for row in body["data"]] == [row["id"] for row in body["contents"]]
    for row in body["data"]:
        assert OUTLINE_ITEM | {"obtainedMarks"} == set(row)
        assert is_int(row["order"]) and is_int(row["duration_in_minutes"]) and is_int(row["submissions"])
        assert is_number(row["marks"])
        assert row["status"] == "non-complete" and row["submissions"] == 0 and row["obtainedMarks"] is None
    minutes = {content_type: row["duration_in_minutes"] for content_type, row in by_type.items()}
    assert minutes == {"Article": 5, "VideoTutorial": 10, "Quiz": 10, "Assignment": 0, "CodingProblem": 0}
    marks = {content_type: row["marks"] for content_type, row in by_type.items()}
    assert marks == {"Article": 0, "VideoTutorial": 0, "Quiz": 2, "Assignment": 10, "CodingProblem": 20}


def test_submodule_outline_follows_the_learners_attempts(client_a, student_a, course_of_everything):
    # given one wrong and one right attempt at the quiz, and a completed article
    api, _ = student_a
    course, submodule, contents = course_of_everything
    quiz = contents[ContentType.QUIZ]
    for letter in ("A", "B"):
        answers = [{"questionIndex": index, "selectedOption": letter} for index in range(2)]
        assert api.post(quiz_post(client_a, course, quiz), {"userAnswers": answers}).status_code == 201
    article = contents[ContentType.ARTICLE]
    api.post(f"/activity/clients/{client_a.id}/courses/{course.id}/content/{article.id}/?activity_type=Article", {})
    # when
    body = api.get(f"{lms(client_a, course)}sub-module/{submodule.id}/").json()
    # then
    by_type = {row["content_type"]: row for row in body["data"]}
    assert (by_type["Quiz"]["status"], by_type["Quiz"]["submissions"], by_type["Quiz"]["obtainedMarks"]) == (
        "complete",
        2,
        2,
    )
    assert is_number(by_type["Quiz"]["obtainedMarks"])
    assert (by_type["Article"]["status"], by_type["Article"]["obtainedMarks"]) == ("complete", None)
    assert by_type["CodingProblem"]["status"] == "non-complete"


# --- content detail ----------------------------------------------------------------------

DETAILS_KEYS = {
    "VideoTutorial": {"video_url", "description", "difficulty_level", "title"},
    "Article": {"content", "reading_time_minutes"},
    "Quiz": {"mcqs"},
    "CodingProblem": {
        "problem_title",
        "problem_statement",
        "input_format",
        "output_format",
        "sample_input",
        "sample_output",
        "constraints",
        "test_cases",
        "template_code",
        "tags",
        "difficulty_level",
    },
    "Assignment": {"description", "instructions"},
}


@pytest.mark.parametrize("content_type", ALL_TYPES)
def test_content_detail_answers_the_clients_fields_beside_the_contracts(
    content_type, client_a, student_a, course_of_everything
):
    # given
    api, _ = student_a
    course, _, contents = course_of_everything
    content = contents[content_type]
    # when
    body = api.get(f"{lms(client_a, course)}content/{content.id}/").json()
    # then the contract's fields
    assert (body["id"], body["content_type"], body["content_id"]) == (content.id, content_type, content.item_id)
    assert isinstance(body["content"], dict) and body["is_completed"] is False
    assert "next_content" in body and "previous_content" in body
    # and the client's
    assert body["content_title"] == content.title == body["title"]
    assert is_int(body["duration_in_minutes"]) and is_int(body["order"]) and body["order"] == content.order
    assert body["status"] == "non-complete"
    assert is_number(body["marks"])
    assert DETAILS_KEYS[content_type] <= set(body["details"])


def test_content_detail_types_the_details_as_the_client_reads_them(client_a, student_a, course_of_everything):
    api, _ = student_a
    course, _, contents = course_of_everything

    def details(content_type: str) -> dict:
        return api.get(f"{lms(client_a, course)}content/{contents[content_type].id}/").json()

    video = details("VideoTutorial")
    assert video["details"]["video_url"] == "https://videos.example.test/v.mp4"
    assert (video["duration_in_minutes"], video["marks"]) == (10, 0)
    article = details("Article")
    assert (article["details"]["content"], article["details"]["reading_time_minutes"]) == ("Some text.", 5)
    coding = details("CodingProblem")
    problem = coding["details"]
    assert problem["test_cases"] == [{"input": "2\n", "expected_output": "4\n"}]  # samples only
    assert (problem["sample_input"], problem["sample_output"]) == ("2\n", "4\n")
    assert isinstance(problem["template_code"], dict) and problem["template_code"]["python3"] == "n = int(input())\n"
    assert isinstance(problem["tags"], str)  # the client splits it on commas
    assert (problem["problem_statement"], problem["difficulty_level"], coding["marks"]) == (
        "Print twice the number.",
        "Easy",
        20,
    )
    assignment = details("Assignment")
    assert (assignment["details"]["instructions"], assignment["marks"]) == ("Write an essay.", 10)


def test_quiz_details_hide_the_answers_until_submitted(client_a, student_a, course_of_everything):
    # given
    api, _ = student_a
    course, _, contents = course_of_everything
    quiz = contents[ContentType.QUIZ]
    path = f"{lms(client_a, course)}content/{quiz.id}/"
    # when read before submitting
    before = api.get(path)
    # then
    body = before.json()
    assert (body["marks"], body["duration_in_minutes"]) == (2, 10)
    for mcq in body["details"]["mcqs"]:
        assert set(mcq) == {"id", "question_text", "question", "options"}
        assert isinstance(mcq["options"], list) and all(isinstance(option, str) for option in mcq["options"])
    assert b"correct_option" not in before.raw and b"Because two." not in before.raw
    # when submitted, then read again
    answers = [{"questionId": mcq["id"], "selectedOption": "A"} for mcq in body["details"]["mcqs"]]
    api.post(quiz_post(client_a, course, quiz), {"userAnswers": answers})
    after = api.get(path).json()
    # then the answers show, as letters
    assert after["status"] == "complete"
    assert [(mcq["correct_option"], mcq["explanation"]) for mcq in after["details"]["mcqs"]] == [
        ("B", "Because two.")
    ] * 2


def test_staff_read_quiz_answers_in_details(client_a, admin_a, course_of_everything):
    api, _ = admin_a
    course, _, contents = course_of_everything
    body = api.get(f"{lms(client_a, course)}content/{contents[ContentType.QUIZ].id}/").json()
    assert all(mcq["correct_option"] == "B" for mcq in body["details"]["mcqs"])


# --- quiz submission ---------------------------------------------------------------------


def test_quiz_submission_answers_the_questions_the_results_view_reads(client_a, student_a, course_of_everything):
    """The client builds its results (and the score it shows) from ``questions``; without
    them it graded the answers itself against answers it was never sent, and showed 0/2."""
    # given
    api, _ = student_a
    course, _, contents = course_of_everything
    quiz = contents[ContentType.QUIZ]
    mcqs = api.get(f"{lms(client_a, course)}content/{quiz.id}/").json()["details"]["mcqs"]
    answers = [{"questionId": mcqs[0]["id"], "questionIndex": 0, "selectedOption": "B"}]
    answers.append({"questionId": mcqs[1]["id"], "questionIndex": 1, "selectedOption": "C"})
    # when
    response = api.post(quiz_post(client_a, course, quiz), {"userAnswers": answers})
    # then
    assert response.status_code == 201
    body = response.json()
    assert (body["obtained_marks"], body["maximum_marks"]) == (1, 2)
    assert is_number(body["obtained_marks"]) and is_number(body["maximum_marks"])
    first, second = body["questions"]
    assert first == {
        "question_id": mcqs[0]["id"],
        "question_text": mcqs[0]["question_text"],
        "options": {"A": "one", "B": "two", "C": "three", "D": "four"},
        "selected_option": "B",
        "correct_option": "B",
        "is_correct": True,
        "explanation": "Because two.",
    }
    assert (second["selected_option"], second["is_correct"]) == ("C", False)
    # the contract's answer stays
    assert [row["question_id"] for row in body["answers"]] == [mcqs[0]["id"], mcqs[1]["id"]]
    assert body["submission_id"] and body["status"] and body["is_completed"] is True


def test_a_past_quiz_submission_keeps_its_questions(client_a, student_a, course_of_everything):
    api, _ = student_a
    course, _, contents = course_of_everything
    quiz = contents[ContentType.QUIZ]
    submitted = api.post(
        quiz_post(client_a, course, quiz), {"userAnswers": [{"questionIndex": 0, "selectedOption": "B"}]}
    )
    detail = api.get(f"{lms(client_a, course)}content/{quiz.id}/past-submissions/{submitted.json()['id']}/").json()
    assert [row["is_correct"] for row in detail["result"]["questions"]] == [True, False]


def test_the_past_attempts_list_carries_the_quiz_cards_names(client_a, student_a, course_of_everything):
    # the older build's quiz card reads marks, maximum_marks and created_at per attempt; it
    # showed "0 out of 0" and "Invalid Date" (re-walk of 1 Dec 2026)
    api, _ = student_a
    course, _, contents = course_of_everything
    quiz = contents[ContentType.QUIZ]
    answers = [{"questionIndex": 0, "selectedOption": "B"}]
    api.post(quiz_post(client_a, course, quiz), {"userAnswers": answers})
    [row] = api.get(f"{lms(client_a, course)}content/{quiz.id}/past-submissions/").json()
    assert row["marks"] == row["score"] and is_number(row["marks"]) and row["marks"] == 1
    assert row["maximum_marks"] == row["max_score"] == 2 and is_number(row["maximum_marks"])
    assert row["created_at"] == row["submitted_at"] and isinstance(row["created_at"], str)
    # the card's review: one row per question of the quiz (tests/test_real_client_quiz_review.py)
    assert [a["selectedOption"] for a in row["custom_dimension"]["userAnswers"]] == ["B", None]


# --- query budgets -----------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 6])
def test_learner_pages_keep_their_query_budgets(size, client_a, in_a, student_a, assert_queries):
    """The client's fields cost no query: the same count for 1 and 6 of everything, with
    instructors, attempts and every content type."""
    api, student = student_a
    with in_a():
        course = course_build(modules=size, content_types=ALL_TYPES)
        for _ in range(size):
            course.instructors.add(InstructorFactory())
        submodule = course.modules.all()[0].submodules.get()
        for n in range(size):
            content_add(submodule, "Quiz", order=10 + n)
        Enrollment.objects.create(course=course, user=student)
        quizzes = list(submodule.contents.filter(content_type="Quiz"))
    for quiz in quizzes:
        api.post(quiz_post(client_a, course, quiz), {"userAnswers": [{"questionIndex": 0, "selectedOption": "B"}]})
    # auth = 1 query (user + session) in every request; the cached reads (learner_reads) then
    # run the caller's standing only, once the first request filled the client's cache (the
    # cold counts: tenant_apps/lms/tests/test_learner_api.py)
    api.get(lms(client_a, course))
    with assert_queries(1 + 1):
        body = api.get(lms(client_a, course)).json()
    assert len(body["modules"]) == size and len(body["instructors"]) == size
    api.get(f"{lms(client_a, course)}sub-module/{submodule.id}/")
    with assert_queries(1 + 1):
        body = api.get(f"{lms(client_a, course)}sub-module/{submodule.id}/").json()
    assert len(body["data"]) == len(ALL_TYPES) + size
    assert all(row["submissions"] == 1 for row in body["data"] if row["content_type"] == "Quiz")
    api.get(f"{lms(client_a, course)}content/{quizzes[-1].id}/")
    with assert_queries(1 + 1):
        assert api.get(f"{lms(client_a, course)}content/{quizzes[-1].id}/").json()["marks"] == 2
