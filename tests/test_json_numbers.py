"""Every decimal of a response is a JSON number rounded to 2 places, and the OpenAPI document
says so (docs/real-client.md, "Decimals are JSON numbers"): the real web client calls
``toFixed`` on scores, and ``"2.00".toFixed`` is not a function.

Pinned for the endpoints the client reads, as the client reads them; leaderboard rows carry
the contract's fields and the client's flat ones together and count all progress."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from shared_apps.billing.tests.conftest import _razorpay_server, razorpay_fake  # noqa: F401 - fixtures
from tenant_apps.assessment.tests.factories import AssessmentFactory, assessment_full, sheet
from tenant_apps.dashboard.periods import utc_today
from tenant_apps.dashboard.tests.helpers import complete, contents_of, track
from tenant_apps.lms.models import ContentProgress, Enrollment, QuizMCQ, Submission
from tenant_apps.lms.tests.factories import course_build

pytestmark = pytest.mark.django_db


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def lms(client) -> str:
    return f"/lms/clients/{client.id}/courses/"


# --- the OpenAPI document ----------------------------------------------------------------

# Every response property that was a decimal (declared "type: string") before decimals became
# numbers: (component, property).
FORMER_DECIMAL_STRINGS = {
    ("ActiveAssessmentOut", "amount"),
    ("ActivityOut", "maximum_marks"),
    ("ActivityOut", "obtained_marks"),
    ("ActivityOut", "score"),
    ("AssessmentDetailOut", "amount"),
    ("AssessmentOut", "amount"),
    ("AssessmentOut", "program_amount"),
    ("AssignmentOut", "max_marks"),
    ("AssignmentSubmissionOut", "max_score"),
    ("AssignmentSubmissionOut", "score"),
    ("AttemptedAssessmentOut", "offered_scholarship_percentage"),
    ("AttemptedAssessmentOut", "score"),
    ("CodingProblemOut", "max_marks"),
    ("CodingProblemOut", "time_limit_seconds"),
    ("CreateOrderOut", "amount_rupees"),
    ("FinalSubmitOut", "marks_obtained"),
    ("FinalSubmitOut", "max_marks"),
    ("FinalSubmitOut", "offered_scholarship_percentage"),
    ("FinalSubmitOut", "score"),
    ("HoursBucketOut", "hours"),
    ("LeaderboardRowOut", "score"),
    ("MockInterviewDetailOut", "score"),
    ("MockInterviewSubmitOut", "score"),
    ("OperationListOut", "progress"),
    ("OperationStatusOut", "progress"),
    ("QuestionAdminOut", "marks"),
    ("QuestionOut", "marks"),
    ("RedeemOut", "scholarship_percentage"),
    ("ReferralOut", "discount_percentage"),
    ("ScholarshipBandOut", "min_score_percentage"),
    ("ScholarshipBandOut", "scholarship_percentage"),
    ("ScholarshipStatusOut", "offered_scholarship_percentage"),
    ("ScholarshipStatusOut", "score"),
    ("SubmissionAdminOut", "marks_obtained"),
    ("SubmissionAdminOut", "max_marks"),
    ("SubmissionAdminOut", "offered_scholarship_percentage"),
    ("SubmissionAdminOut", "score"),
    ("SubmissionDetailOut", "max_score"),
    ("SubmissionDetailOut", "score"),
    ("PastSubmissionOut", "marks"),
    ("PastSubmissionOut", "max_score"),
    ("PastSubmissionOut", "maximum_marks"),
    ("PastSubmissionOut", "score"),
    ("VerifyPaymentOut", "amount"),
}
# Property names that hold a decimal quantity wherever they appear in a response.
DECIMAL_WORDS = ("score", "marks", "amount", "percentage", "hours", "price", "rate", "progress", "time_limit")


def _types(schema: dict, spec: dict) -> set[str]:
    """The JSON types a property schema allows ($ref, anyOf, oneOf, allOf followed)."""
    if "$ref" in schema:
        return {"object"}
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return set().union(*(_types(option, spec) for option in schema[key]))
    return {schema["type"]} if "type" in schema else set()


def _response_components(spec: dict) -> set[str]:
    """Every component reachable from a response of any operation."""
    found: set[str] = set()
    stack: list = [
        body["schema"]
        for item in spec["paths"].values()
        for operation in item.values()
        for response in operation.get("responses", {}).values()
        for body in response.get("content", {}).values()
        if "schema" in body
    ]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if ref:
                name = ref.rsplit("/", 1)[-1]
                if name not in found:
                    found.add(name)
                    stack.append(spec["components"]["schemas"][name])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def test_openapi_declares_response_decimals_as_numbers(api):
    # given
    spec = api.get("/api/openapi.json").json()
    components = spec["components"]["schemas"]
    in_responses = _response_components(spec)
    # then: the former decimal strings are numbers now (or null where optional)
    for name, prop in sorted(FORMER_DECIMAL_STRINGS):
        assert name in in_responses, name
        assert _types(components[name]["properties"][prop], spec) - {"null"} == {"number"}, (name, prop)
    # and no decimal-named property of any response is declared a string
    strings = [
        (name, prop)
        for name in sorted(in_responses)
        for prop, schema in components[name].get("properties", {}).items()
        if any(word in prop for word in DECIMAL_WORDS) and "string" in _types(schema, spec)
    ]
    assert strings == []


# --- leaderboards ------------------------------------------------------------------------


def _flat_row_types(row: dict) -> None:
    """The fields the web client reads on a leaderboard row, with their JSON types."""
    assert isinstance(row["id"], int) and row["id"] == row["user"]["id"]
    assert isinstance(row["name"], str) and row["name"]
    assert isinstance(row["user_name"], str) and row["user_name"] == row["user"]["user_name"]
    assert isinstance(row["profile_pic_url"], str)
    assert row["email"] is None or isinstance(row["email"], str)
    assert isinstance(row["rank"], int) and not isinstance(row["rank"], bool)


def test_course_leaderboard_rows_are_numbers_and_count_completed_content(client_a, as_user, make_user):
    # given: the same marks, but the reader also read the article and watched the video
    api, viewer = as_user(client_a, first_name="Viewer")
    reader = make_user(client_a, first_name="Reader", profile_pic_url="https://p.test/r.png")
    quizzer = make_user(client_a, first_name="Quizzer")
    with schema_context(client_a.schema_name):
        course = course_build(content_types=("Article", "VideoTutorial", "Quiz"))
        article, video, quiz = course.modules.get().submodules.get().contents.order_by("order")
        for user in (viewer, reader, quizzer):
            Enrollment.objects.create(course=course, user=user)
        for user in (reader, quizzer):
            ContentProgress.objects.create(user=user, content=quiz, is_completed=True, best_score=Decimal("2"))
        for content in (article, video):
            ContentProgress.objects.create(user=reader, content=content, is_completed=True)
    # when
    response = api.get(f"{lms(client_a)}{course.id}/leaderboard/")
    # then: 10 points per completed content on top of the marks
    assert response.status_code == 200
    rows = response.json()
    assert [(row["id"], row["marks"], row["completed_contents"], row["score"], row["rank"]) for row in rows] == [
        (reader.id, 2.0, 3, 32.0, 1),
        (quizzer.id, 2.0, 1, 12.0, 2),
        (viewer.id, 0.0, 0, 0.0, 3),
    ]
    for row in rows:
        _flat_row_types(row)
        assert is_number(row["score"]) and is_number(row["marks"])
        assert set(row["user"]) == {"id", "user_name", "profile_pic_url", "role"}
    assert rows[0]["name"] == reader.user_name and rows[0]["profile_pic_url"] == "https://p.test/r.png"
    # a learner sees only their own e-mail
    assert [row["email"] for row in rows] == [None, None, viewer.email]


def test_course_leaderboard_shows_emails_to_staff(client_a, as_user, make_user):
    # given
    instructor_api, _ = as_user(client_a, role="instructor")
    student = make_user(client_a)
    with schema_context(client_a.schema_name):
        course = course_build(content_types=("Article",))
        Enrollment.objects.create(course=course, user=student)
    # when
    rows = instructor_api.get(f"{lms(client_a)}{course.id}/leaderboard/").json()
    # then
    assert [(row["id"], row["email"]) for row in rows] == [(student.id, student.email)]


def test_overall_leaderboard_rows_are_numbers_and_count_completed_content(client_a, as_user, make_user):
    # given: equal marks over two courses; the reader completed an article more
    api, reader = as_user(client_a)
    quizzer = make_user(client_a)
    with schema_context(client_a.schema_name):
        first, second = course_build(content_types=("Article", "Quiz")), course_build(content_types=("Quiz",))
        for user in (reader, quizzer):
            Enrollment.objects.create(course=first, user=user)
            Enrollment.objects.create(course=second, user=user)
            complete(user, contents_of(first)[1], best_score="1.25")
            complete(user, contents_of(second)[0], best_score="1.50")
        complete(reader, contents_of(first)[0])
    # when
    rows = api.get(f"/api/clients/{client_a.id}/overall-leaderboard/").json()
    # then
    assert [
        (row["id"], row["marks"], row["completed_contents"], row["score"], row["total_score"], row["rank"])
        for row in rows
    ] == [
        (reader.id, 2.75, 3, 32.75, 33, 1),
        (quizzer.id, 2.75, 2, 22.75, 23, 2),
    ]
    for row in rows:
        _flat_row_types(row)
        assert is_number(row["marks"]) and is_number(row["score"]) and isinstance(row["total_score"], int)
        assert set(row["user"]) == {"id", "user_name", "profile_pic_url"}
    assert [row["email"] for row in rows] == [reader.email, None]


def test_daily_leaderboard_rows_have_the_clients_fields(client_a, as_user):
    # given
    api, me = as_user(client_a)
    day = utc_today() - timedelta(days=1)
    with schema_context(client_a.schema_name):
        contents = contents_of(course_build(content_types=("Article", "Quiz")))
        complete(me, contents[0], day)
        track(me, contents[0], day, 75)
    # when
    [row] = api.get(f"/api/clients/{client_a.id}/student/daily-progress-leaderboard/?date={day}").json()
    # then
    _flat_row_types(row)
    assert (row["score"], row["completed_contents"], row["minutes"], row["seconds"]) == (85, 1, 75, 4500)
    assert row["progress"] == {"hours": 1, "minutes": 15} and row["email"] == me.email


# --- courses, dashboards, submissions ------------------------------------------------------


def test_course_and_dashboard_numbers(client_a, as_user):
    # given
    api, student = as_user(client_a)
    with schema_context(client_a.schema_name):
        course = course_build(content_types=("Article", "Quiz", "CodingProblem"))
        Enrollment.objects.create(course=course, user=student)
        article, _, problem = course.modules.get().submodules.get().contents.order_by("order")
        complete(student, article)
        track(student, article, utc_today(), 90)
    # when
    dashboard = api.get(f"{lms(client_a)}{course.id}/user-course-dashboard/").json()
    detail = api.get(f"{lms(client_a)}{course.id}/").json()
    enrolled = api.get(f"/api/clients/{client_a.id}/student/enrolled-courses/").json()
    hours = api.get(f"/api/clients/{client_a.id}/student/hours-spent-graph/").json()
    coding = api.get(f"{lms(client_a)}{course.id}/content/{problem.id}/").json()
    # then
    assert dashboard["completion_percentage"] == 33.33
    assert [module["completion_percentage"] for module in detail["modules"]] == [33.33]
    assert [row["completion_percentage"] for row in enrolled] == [33.33]
    assert hours["data"][-1]["hours"] == 1.5 and all(is_number(bucket["hours"]) for bucket in hours["data"])
    # a decimal inside an untyped dict (the content's item) is a number too
    assert is_number(coding["content"]["max_marks"]) and is_number(coding["content"]["time_limit_seconds"])


def test_past_submissions_are_numbers_even_when_stored_as_strings(client_a, as_user):
    # given: a result stored before decimals were numbers
    api, student = as_user(client_a)
    with schema_context(client_a.schema_name):
        course = course_build(content_types=("Quiz",))
        quiz = course.modules.get().submodules.get().contents.get()
        Enrollment.objects.create(course=course, user=student)
        submission = Submission.objects.create(
            user=student,
            content=quiz,
            score=Decimal("1.00"),
            max_score=Decimal("2.00"),
            status="Partially Accepted",
            result={"obtained_marks": "1.00", "maximum_marks": "2.00", "answers": []},
        )
    # when
    past = api.get(f"{lms(client_a)}{course.id}/content/{quiz.id}/past-submissions/").json()
    one = api.get(f"{lms(client_a)}{course.id}/content/{quiz.id}/past-submissions/{submission.id}/").json()
    # then
    assert [(row["score"], row["max_score"]) for row in past] == [(1.0, 2.0)]
    assert (one["result"]["obtained_marks"], one["result"]["maximum_marks"]) == (1.0, 2.0)


def test_quiz_activity_answers_numbers(client_a, as_user):
    # given
    api, student = as_user(client_a)
    with schema_context(client_a.schema_name):
        course = course_build(content_types=("Quiz",))
        quiz = course.modules.get().submodules.get().contents.get()
        Enrollment.objects.create(course=course, user=student)
        mcq = QuizMCQ.objects.filter(quiz__content_entry=quiz)[0].mcq
    url = f"/activity/clients/{client_a.id}/courses/{course.id}/content/{quiz.id}/?activity_type=Quiz"
    # when
    body = api.post(url, {"userAnswers": [{"questionId": mcq.id, "selectedOption": "A"}]}).json()
    # then
    assert all(is_number(body[key]) for key in ("score", "obtained_marks", "maximum_marks"))


# --- assessments and payments ------------------------------------------------------------


def test_assessment_results_are_numbers(client_a, as_user):
    # given
    api, _ = as_user(client_a)
    admin, _ = as_user(client_a, role="admin")
    with schema_context(client_a.schema_name):
        full = assessment_full(title="Aptitude", slug="aptitude")
    student = f"/assessment/api/client/{client_a.id}"
    # when
    api.get(f"{student}/start-assessment/aptitude/")
    final = api.post(f"{student}/assessment-submission/aptitude/final/", {"response_sheet": sheet(full)}).json()
    status = api.get(f"{student}/scholarship-assessment-status/aptitude/").json()
    redeemed = api.post(f"{student}/redeem-scholarship/aptitude/", {}).json()
    attempted = api.get(f"{student}/attempted-assessments/").json()
    active = api.get(f"{student}/active-assessments/").json()
    detail = api.get(f"{student}/assessment-details/aptitude/").json()
    submissions = admin.get(f"/admin-dashboard/api/clients/{client_a.id}/assessment-submissions/").json()
    # then
    assert (final["score"], final["marks_obtained"], final["max_marks"]) == (100.0, 6.0, 6.0)
    assert is_number(final["offered_scholarship_percentage"])
    assert is_number(status["score"]) and is_number(status["offered_scholarship_percentage"])
    assert is_number(redeemed["scholarship_percentage"])
    assert all(is_number(row["score"]) and is_number(row["offered_scholarship_percentage"]) for row in attempted)
    assert all(is_number(row["amount"]) for row in active)
    assert is_number(detail["amount"])
    assert all(is_number(band[key]) for band in detail["scholarship_bands"] for key in band)
    assert all(is_number(row[key]) for row in submissions for key in ("score", "marks_obtained", "max_marks"))


def test_request_decimals_accept_numbers_and_numeric_strings(client_a, as_user):
    # given
    admin, _ = as_user(client_a, role="admin")
    url = f"/admin-dashboard/api/clients/{client_a.id}/assessments/"
    # when
    as_string = admin.post(url, {"title": "As string", "is_paid": True, "amount": "999.5"})
    as_number = admin.post(url, {"title": "As number", "is_paid": True, "amount": 12.25})
    # then
    assert (as_string.status_code, as_string.json()["amount"]) == (201, 999.5)
    assert (as_number.status_code, as_number.json()["amount"]) == (201, 12.25)


def test_create_order_amounts_are_numbers(client_a, as_user, razorpay_fake):  # noqa: F811 - fixture
    # given
    api, _ = as_user(client_a, phone="9999999999")
    with schema_context(client_a.schema_name):
        AssessmentFactory(slug="paid", is_paid=True, amount=Decimal("499.50"))
    # when
    response = api.post(
        f"/payment-gateway/api/clients/{client_a.id}/create-order/", {"type_id": "paid", "payment_type": "ASSESSMENT"}
    )
    # then: amount in paise (an integer, as Checkout expects) and in rupees
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["amount"], body["amount_rupees"]) == (49950, 499.5)
    assert isinstance(body["amount"], int) and is_number(body["amount_rupees"])


# --- admin analytics ---------------------------------------------------------------------


def test_admin_analytics_rates_are_numbers(client_a, as_user, make_user):
    # given
    admin, _ = as_user(client_a, role="admin")
    student = make_user(client_a)
    with schema_context(client_a.schema_name):
        course = course_build(content_types=("Article", "Quiz"))
        Enrollment.objects.create(course=course, user=student)
        complete(student, contents_of(course)[0], utc_today())
    base = f"/admin-dashboard/api/clients/{client_a.id}/"
    # when
    activity = admin.get(base + "student-activity-analytics/").json()
    attendance = admin.get(base + "attendance-analytics/").json()
    completion = admin.get(base + "course-completion-stats/").json()
    # then
    assert is_number(activity["completion_rate"])
    assert is_number(attendance["attendance_rate"])
    assert all(is_number(day["attendance_rate"]) for day in attendance["daily_breakdown"])
    assert is_number(completion["completion_rate"])
    assert [row["completion_rate"] for row in completion["course_breakdown"]] == [0.0]
