"""Contract tests for the admin student report the web clients' student pages read
(docs/real-client.md, "Admin student report").

- V's student detail page and drawer, and H's ``/admin/manage-students/{id}`` (its "Manage"
  tab and its KPI fallbacks) read ``GET …/manage-student/{id}/``: ``personal_info``,
  ``academic_summary`` (``total_time_spent`` as ``{value, unit}``), ``enrolled_courses[]``
  with ``marks``, ``progress_percentage``, ``completed_contents``/``total_contents``,
  ``activity_pattern_30_days``, ``assessments``, ``activity_breakdown``; the contract's
  ``id, user_name, email, role, is_active`` stay.
- H's detail page reads ``GET …/student-learning-journey/{id}/``: ``student``, ``summary``
  (``overall_completion_pct`` is called ``toFixed`` on), ``courses[].modules[].submodules[]``,
  ``weekly_progress``, ``assessments``, ``mock_interviews{summary, items}``, ``adaptive{quiz,
  coding, video}`` (destructured), ``activity_breakdown``, ``activity_pattern_30_days``,
  ``timeline``.
- H's ``/admin/profile/{id}`` reads ``GET …/student-profile/{id}/``: the user's profile with
  ``first_name, last_name, email, username, profile_picture, phone_number``.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.activity.models import TimeSpent
from tenant_apps.assessment.models import Submission as AssessmentSubmission
from tenant_apps.assessment.tests.factories import AssessmentFactory
from tenant_apps.dashboard.tests.helpers import complete, contents_of, event, log
from tenant_apps.lms.models import Enrollment
from tenant_apps.lms.tests.factories import course_build
from tenant_apps.mock_interviews.models import MockInterview
from tenants.timezone import client_today, client_zone
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db

TYPES = ("Article", "VideoTutorial", "Quiz")


def base(client) -> str:
    return f"/admin-dashboard/api/clients/{client.id}/"


def detail(client, student_id: int) -> str:
    return base(client) + f"manage-student/{student_id}/"


def journey(client, student_id: int) -> str:
    return base(client) + f"student-learning-journey/{student_id}/"


def profile(client, student_id: int) -> str:
    return base(client) + f"student-profile/{student_id}/"


def learning_history(client, student, *, courses: int = 1, attempts: int = 1, interviews: int = 1) -> dict:
    """A student with ``courses`` courses (2 weeks x 1 submodule x 3 contents each), the first
    week of each completed today with 2 marks on the quiz, events, a log entry, tracked time,
    assessment attempts and mock interviews."""
    with schema_context(client.schema_name):
        today = client_today(client_zone())
        built = []
        for n in range(courses):
            course = course_build(content_types=TYPES, modules=2, title=f"Course {n}")
            Enrollment.objects.create(course=course, user=student)
            contents = contents_of(course)
            for content in contents[:3]:
                complete(student, content, today, best_score="2" if content.content_type == "Quiz" else "0")
            event(student, today, course=course, content=contents[0], activity_type="complete")
            event(student, today, course=course, content=contents[2], activity_type="submit")
            built.append(course)
        log(student, today)
        TimeSpent.objects.create(user=student, date=today, seconds=5400, minutes=90)
        for n in range(attempts):
            assessment = AssessmentFactory(title=f"Test {n}")
            AssessmentSubmission.objects.create(
                assessment=assessment,
                user=student,
                status="submitted",
                started_at=timezone.now() - timedelta(hours=1),
                submitted_at=timezone.now(),
                score=Decimal("75.50"),
                marks_obtained=Decimal("15.10"),
                max_marks=Decimal("20"),
                offered_scholarship_percentage=Decimal("25"),
            )
        for n in range(interviews):
            MockInterview.objects.create(
                user=student,
                job_role=f"Backend {n}",
                experience_level="junior",
                interview_type="technical",
                status="completed",
                score=Decimal("80"),
                started_at=timezone.now(),
                submitted_at=timezone.now(),
            )
    return {"courses": built, "today": today}


def test_manage_student_answers_the_contract_and_the_report(as_user, client_a, make_user):
    # given
    admin, _ = as_user(client_a, role="admin")
    student = make_user(client_a, first_name="Grace", last_name="Hopper")
    history = learning_history(client_a, student)
    course = history["courses"][0]

    # when
    response = admin.get(detail(client_a, student.id))

    # then: the contract's fields
    assert response.status_code == 200, response.json()
    body = response.json()
    assert {k: body[k] for k in ("id", "user_name", "email", "role", "is_active")} == {
        "id": student.id,
        "user_name": "Grace Hopper",
        "email": student.email,
        "role": "student",
        "is_active": True,
    }
    # V's and H's report
    assert body["user_id"] == student.id
    info = body["personal_info"]
    assert (info["first_name"], info["last_name"], info["email"], info["is_active"]) == (
        "Grace",
        "Hopper",
        student.email,
        True,
    )
    assert info["username"] == student.email and info["date_joined"] and "last_login" in info
    summary = body["academic_summary"]
    assert summary == {
        "total_marks": 2.0,
        "total_time_spent": {"value": 1.5, "unit": "hours"},
        "enrolled_courses_count": 1,
        "assessment_submissions_count": 1,
        "current_streak": 1,
        "total_activities": 3,
    }
    [row] = body["enrolled_courses"]
    assert row["id"] == course.id and row["title"] == "Course 0"
    assert (row["completed_contents"], row["total_contents"]) == (3, 6)
    assert row["progress_percentage"] == 50.0 and row["marks"] == 2.0
    assert row["activity_count"] == 2 and row["last_activity"] and row["enrollment_date"]
    pattern = body["activity_pattern_30_days"]
    assert len(pattern) == 30 and pattern[-1]["date"] == history["today"].isoformat()
    assert pattern[-1] == {
        "date": history["today"].isoformat(),
        "activity_count": 3,
        "time_spent_hours": 1.5,
        "marks_earned": 2.0,
    }
    assert all(day["activity_count"] == 0 for day in pattern[:-1])
    [attempt] = body["assessments"]
    assert attempt["assessment_title"] == attempt["title"] == "Test 0"
    assert attempt["score"] == 75.5 and attempt["offered_scholarship_percentage"] == 25.0
    assert attempt["status"] == "submitted" and attempt["submitted_at"] and attempt["started_at"]
    assert body["activity_breakdown"] == {"Article": 1, "Quiz": 1, "Other": 1}


def test_the_learning_journey_reads_as_h_reads_it(as_user, client_a, make_user):
    # given
    admin, _ = as_user(client_a, role="admin")
    student = make_user(client_a, first_name="Alan", last_name="Turing")
    history = learning_history(client_a, student)
    course = history["courses"][0]

    # when
    body = admin.get(journey(client_a, student.id)).json()

    # then
    assert body["student"]["id"] == body["student"]["user_id"] == student.id
    assert body["student"]["name"] == "Alan Turing" and body["student"]["username"] == student.email
    assert body["summary"] == {
        "enrolled_courses_count": 1,
        "total_marks": 2.0,
        "total_time_hours": 1.5,
        "current_streak": 1,
        "total_activities": 3,
        "overall_completion_pct": 50.0,
        "last_activity_date": history["today"].isoformat(),
        "assessments_count": 1,
        "mock_interviews_count": 1,
        "adaptive_sessions_count": 0,
    }
    [row] = body["courses"]
    assert row["id"] == course.id and [m["weekno"] for m in row["modules"]] == [1, 2]
    week1, week2 = row["modules"]
    assert (week1["completed"], week1["total"], week1["progress_percentage"]) == (3, 3, 100.0)
    assert (week2["completed"], week2["total"], week2["progress_percentage"]) == (0, 3, 0.0)
    assert week1["submodules"][0]["completed"] == 3 and week1["submodules"][0]["total"] == 3
    [weeks] = body["weekly_progress"]
    assert weeks["course_id"] == course.id and weeks["course_title"] == "Course 0"
    [week] = weeks["weeks"]
    assert week["weekno"] == 1 and week["completed_count"] == 3
    assert week["type_counts"] == {"article": 1, "video": 1, "quiz": 1}
    assert {item["type"] for item in week["items"]} == {"article", "video", "quiz"}
    interviews = body["mock_interviews"]
    assert interviews["summary"] == {"total": 1, "completed": 1, "average_score": 80.0, "highest_score": 80.0}
    assert interviews["items"][0]["title"] == "Backend 0" and interviews["items"][0]["difficulty"] == "Easy"
    assert interviews["items"][0]["topic"] == "Technical" and interviews["items"][0]["score"] == 80.0
    assert interviews["items"][0]["subtopic"] == ""
    for part in ("quiz", "coding", "video"):
        assert body["adaptive"][part]["session_count"] == 0 and body["adaptive"][part]["sessions"] == []
    assert body["activity_breakdown"] == {"Article": 1, "Quiz": 1, "Other": 1}
    assert len(body["activity_pattern_30_days"]) == 30
    kinds = [entry["type"] for entry in body["timeline"]]
    assert kinds.count("content") == 3 and kinds.count("assessment") == 1 and kinds.count("mock_interview") == 1
    stamps = [entry["timestamp"] for entry in body["timeline"]]
    assert stamps == sorted(stamps, reverse=True)
    assert body["assessments"][0]["assessment_title"] == "Test 0"


def test_a_student_with_no_history_has_an_empty_report(as_user, client_a, make_user):
    admin, _ = as_user(client_a, role="admin")
    student = make_user(client_a)
    body = admin.get(detail(client_a, student.id)).json()
    assert body["enrolled_courses"] == [] and body["assessments"] == [] and body["activity_breakdown"] == {}
    assert body["academic_summary"]["total_marks"] == 0 and body["academic_summary"]["current_streak"] == 0
    assert all(day["activity_count"] == 0 for day in body["activity_pattern_30_days"])
    body = admin.get(journey(client_a, student.id)).json()
    assert body["summary"]["overall_completion_pct"] == 0 and body["summary"]["last_activity_date"] is None
    assert body["courses"] == body["weekly_progress"] == body["timeline"] == []
    assert body["mock_interviews"]["summary"]["average_score"] is None


def test_the_student_profile_for_h(as_user, client_a, make_user):
    admin, _ = as_user(client_a, role="admin")
    student = make_user(client_a, first_name="Ada", last_name="Lovelace", phone="+44 20 1234")
    response = admin.get(profile(client_a, student.id))
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["first_name"], body["last_name"], body["email"]) == (
        student.id,
        "Ada",
        "Lovelace",
        student.email,
    )
    assert body["username"] == student.email and body["phone_number"] == body["phone"] == "+44 20 1234"
    assert body["profile_picture"] == body["profile_pic_url"] == ""


@pytest.mark.parametrize("path", [detail, journey, profile])
def test_report_routes_refuse_wrong_roles_and_other_clients(path, as_user, client_a, client_b, make_user):
    student = make_user(client_a)
    learner, _ = as_user(client_a, role="student")
    instructor, _ = as_user(client_a, role="instructor")
    other_admin, _ = as_user(client_b, role="admin")
    admin_b_path_student = make_user(client_b)
    admin_a, _ = as_user(client_a, role="admin")
    assert learner.get(path(client_a, student.id)).status_code == 403
    assert instructor.get(path(client_a, student.id)).status_code == 403
    assert other_admin.get(path(client_a, student.id)).status_code == 401
    # client A's admin cannot reach client B's student by id through A's path or B's
    assert admin_a.get(path(client_b, admin_b_path_student.id)).status_code == 401
    missing = max(student.id, admin_b_path_student.id) + 1000
    assert admin_a.get(path(client_a, missing)).status_code == 404
    # an id of client B's schema names, on A's path, A's own user of that id or nobody
    response = admin_a.get(path(client_a, admin_b_path_student.id))
    assert response.status_code in (200, 404)
    assert admin_b_path_student.email.encode() not in response.raw


@pytest.mark.parametrize("path", [detail, journey, profile])
def test_a_deleted_user_has_no_report(path, as_user, client_a, make_user):
    admin, _ = as_user(client_a, role="admin")
    student = make_user(client_a)
    assert admin.delete(detail(client_a, student.id)).status_code == 200
    response = admin.get(path(client_a, student.id))
    assert response.status_code == 404


def test_the_platform_admin_reads_the_report_too(platform_admin, client_a, make_user):
    root, _ = platform_admin
    student = make_user(client_a)
    learning_history(client_a, student)
    assert root.get(detail(client_a, student.id)).json()["academic_summary"]["enrolled_courses_count"] == 1
    assert root.get(journey(client_a, student.id)).status_code == 200


@pytest.mark.parametrize("path", [detail, journey])
def test_the_report_costs_the_same_statements_at_any_size(path, as_user, client_a, make_user):
    admin, _ = as_user(client_a, role="admin")
    small, large = make_user(client_a), make_user(client_a)
    learning_history(client_a, small, courses=1, attempts=1, interviews=1)
    learning_history(client_a, large, courses=4, attempts=3, interviews=3)
    admin.get(detail(client_a, small.id))  # warm the client cache
    counts = []
    for student in (small, large):
        with StatementCount() as counted:
            assert admin.get(path(client_a, student.id)).status_code == 200
        counts.append(counted.count)
    assert counts[0] == counts[1], counts
    assert counts[0] == 1 + 14, counts  # authentication + the report's 14


def test_the_adaptive_sessions_are_typed_and_always_empty_in_the_openapi_document(api):
    """H's Adaptive tab reads session rows; the platform has none, and the document says so."""
    # given
    doc = api.get("/api/openapi.json").json()
    schemas = doc["components"]["schemas"]

    # when
    panels = {part: schemas[f"Adaptive{part}Out"]["properties"]["sessions"] for part in ("Quiz", "Coding", "Video")}

    # then
    for part, sessions in panels.items():
        row = schemas[sessions["items"]["$ref"].split("/")[-1]]
        assert sessions["type"] == "array" and sessions["maxItems"] == 0, sessions
        assert {"id", "status", "started_at", "completed_at"} <= set(row["properties"]), (part, row)
        assert "additionalProperties" not in row, (part, row)
