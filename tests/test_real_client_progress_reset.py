"""Contract tests for the progress reset the web clients' admin student pages call
(docs/real-client.md, "Progress reset"), written from how the pages use the answers:

- H's "Reset learning progress" card asks ``GET …/manage-student/{id}/reset-progress/`` with
  ``adaptive=false`` / ``assessments=false`` when a box is unticked (and repeated
  ``course_ids``) for its dialog: it lists ``counts`` as number per key, compares ``total``
  with 0, joins ``preserved`` (strings), and asks the admin to type the student's address.
- It then ``POST``s ``{adaptive, assessments, confirm_email, note?}`` and reads ``total`` (a
  number) for its message; on a refusal it shows the answer's ``detail``.
- It lists ``GET …/reset-history/``'s ``results``: ``id`` (a key), ``total``, ``scope`` (text),
  ``performed_at`` (a date), ``performed_by`` (text) and ``note`` (text, may be empty).
- V's drawer and H's course card ("Clear activity log") ``POST …/manage-student/{id}/
  {action: "reset_progress", course_id}`` and read nothing but success.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from django_tenants.utils import schema_context

from tenant_apps.activity.models import UserActivity
from tenant_apps.admin_dashboard.models import ProgressReset
from tenant_apps.dashboard.tests.helpers import complete, contents_of, event
from tenant_apps.lms.models import ContentProgress, Enrollment
from tenant_apps.lms.tests.factories import course_build
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db

TYPES = ("Article", "Quiz")


def student_url(client, student_id: int, tail: str = "") -> str:
    return f"/admin-dashboard/api/clients/{client.id}/manage-student/{student_id}/{tail}"


def progress(client, student, courses: int = 1) -> list:
    """``courses`` courses, each with both contents completed and one event."""
    built = []
    with schema_context(client.schema_name):
        for n in range(courses):
            course = course_build(content_types=TYPES, title=f"Course {n}")
            Enrollment.objects.create(course=course, user=student)
            article, quiz = contents_of(course)
            complete(student, article)
            complete(student, quiz, best_score="3")
            event(student, datetime.now().date(), course=course, content=quiz, activity_type="complete")
            built.append(course)
    return built


def is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def test_the_preview_answers_what_h_dialog_reads_and_writes_nothing(as_user, client_a, make_user):
    # given
    admin, _ = as_user(client_a, role="admin")
    student = make_user(client_a, email="learner@x.test", first_name="Lin", last_name="Ear")
    [course] = progress(client_a, student)

    # when
    body = admin.get(student_url(client_a, student.id, "reset-progress/")).json()
    no_assessments = admin.get(student_url(client_a, student.id, "reset-progress/?assessments=false")).json()
    no_courses = admin.get(student_url(client_a, student.id, "reset-progress/?adaptive=false")).json()
    one_course = admin.get(student_url(client_a, student.id, f"reset-progress/?course_ids={course.id}")).json()
    nothing = admin.get(student_url(client_a, student.id, "reset-progress/?adaptive=false&assessments=false"))

    # then: numbers per key, a number total, strings
    assert isinstance(body["counts"], dict) and all(is_number(n) for n in body["counts"].values())
    assert body["counts"]["content_progress"] == 2 and body["counts"]["activities"] == 1
    assert body["counts"]["assessment_submissions"] == 0
    assert body["total"] == 3 and is_number(body["total"])
    assert isinstance(body["scope"], str) and body["scope"]
    assert body["preserved"] and all(isinstance(line, str) for line in body["preserved"])
    assert body["student"] == {"id": student.id, "email": "learner@x.test", "name": "Lin Ear"}
    assert body["confirmation_required"] == "learner@x.test"
    assert body["courses"] == [
        {
            "course_id": course.id,
            "course_title": "Course 0",
            "counts": {
                "content_progress": 2,
                "content_submissions": 0,
                "activities": 1,
                "activity_log": 0,
                "time_tracking": 0,
            },
            "total": 3,
        }
    ]
    assert "assessment_submissions" not in no_assessments["counts"] and no_assessments["total"] == 3
    assert no_courses["counts"] == {"assessment_submissions": 0} and no_courses["total"] == 0
    assert one_course["scope_detail"]["course_ids"] == [course.id] and one_course["total"] == 3
    # both unticked: H shows its own hint; the preview is an empty plan, not an error
    assert nothing.status_code == 200 and nothing.json()["total"] == 0 and nothing.json()["counts"] == {}
    with schema_context(client_a.schema_name):
        assert ContentProgress.objects.filter(user=student).count() == 2
        assert not ProgressReset.objects.exists()


def test_the_reset_and_the_history_answer_what_h_reads(as_user, client_a, make_user):
    # given
    admin, admin_user = as_user(client_a, role="admin")
    student = make_user(client_a, email="learner@x.test")
    progress(client_a, student)

    # when
    refused = admin.post(
        student_url(client_a, student.id, "reset-progress/"),
        {"adaptive": True, "assessments": True, "confirm_email": "someone@x.test"},
    )
    done = admin.post(
        student_url(client_a, student.id, "reset-progress/"),
        {"adaptive": True, "assessments": True, "confirm_email": "learner@x.test", "note": "fresh start"},
    )
    again = admin.post(
        student_url(client_a, student.id, "reset-progress/"),
        {"adaptive": True, "assessments": False, "confirm_email": "learner@x.test"},
    )
    history = admin.get(student_url(client_a, student.id, "reset-history/"))

    # then: a refusal H can show (detail), the result's numbers, the history's entries
    assert refused.status_code == 400 and isinstance(refused.json()["detail"], str)
    assert refused.json()["confirm_email"]
    assert done.status_code == 200, done.json()
    result = done.json()
    assert is_number(result["reset_id"]) and result["id"] == result["reset_id"]
    assert result["total"] == 3 and is_number(result["total"])
    assert result["counts"]["content_progress"] == 2 and all(is_number(n) for n in result["counts"].values())
    assert isinstance(result["scope"], str) and datetime.fromisoformat(result["performed_at"])
    assert again.json()["total"] == 0  # nothing left: H says so, and it is still recorded
    assert history.status_code == 200
    entries = history.json()["results"]
    assert [e["id"] for e in entries] == [again.json()["reset_id"], result["reset_id"]]
    newest, first = entries
    assert first["total"] == 3 and first["note"] == "fresh start" and newest["note"] == ""
    assert first["deleted_counts"] == result["counts"]
    assert first["performed_by"] == admin_user.email and isinstance(first["scope"], str)
    assert datetime.fromisoformat(first["performed_at"])
    assert history.json()["count"] == 2


def test_the_drawer_action_clears_the_chosen_courses_activity(as_user, client_a, make_user):
    # given
    admin, _ = as_user(client_a, role="admin")
    student = make_user(client_a)
    kept, cleared = progress(client_a, student, courses=2)

    # when
    response = admin.post(student_url(client_a, student.id), {"action": "reset_progress", "course_id": cleared.id})
    history = admin.get(student_url(client_a, student.id, "reset-history/")).json()

    # then: a success the clients only check; the course's events are gone, completions stay
    assert response.status_code == 200 and isinstance(response.json(), dict)
    with schema_context(client_a.schema_name):
        assert not UserActivity.objects.filter(user=student, course=cleared).exists()
        assert UserActivity.objects.filter(user=student, course=kept).count() == 1
        assert ContentProgress.objects.filter(user=student).count() == 4
    [entry] = history["results"]
    assert entry["via"] == "student_action" and entry["total"] == 1
    assert entry["scope_detail"]["activity_only"] is True and "Course 1" in entry["scope"]


def test_bad_preview_input_is_a_400_naming_the_field(as_user, client_a, make_user):
    # given
    admin, _ = as_user(client_a, role="admin")
    student = make_user(client_a)
    url = student_url(client_a, student.id, "reset-progress/")

    # when / then
    for query, field in (
        ("course_ids=abc", "course_ids"),
        (f"course_ids={10**20}", "course_ids"),
        ("course_ids=-3", "course_ids"),
        ("course_ids=999999", "course_ids"),
        ("assessment_ids=999999", "assessment_ids"),
        ("adaptive=maybe", "adaptive"),
        ("course_ids=1%00", "course_ids"),
    ):
        response = admin.get(f"{url}?{query}")
        assert response.status_code == 400, (query, response.json())
        assert field in str(response.json()), (query, response.json())
    assert admin.get(student_url(client_a, 999_999, "reset-progress/")).status_code == 404
    assert admin.get(student_url(client_a, 999_999, "reset-history/")).status_code == 404


def test_roles_and_other_clients(as_user, client_a, client_b, make_user, token_for, api):
    # given
    student = make_user(client_a)
    instructor, _ = as_user(client_a, role="instructor")
    learner = api.with_token(token_for(student, client_a))
    admin_b, _ = as_user(client_b, role="admin")
    admin_a, _ = as_user(client_a, role="admin")
    for _ in range(5):  # ids past every id of client_a's schema
        make_user(client_b)
    foreign = make_user(client_b, email="foreign@x.test")

    # when / then: only admins of the client
    for caller in (instructor, learner):
        assert caller.get(student_url(client_a, student.id, "reset-progress/")).status_code == 403
        assert caller.get(student_url(client_a, student.id, "reset-history/")).status_code == 403
        assert caller.post(student_url(client_a, student.id, "reset-progress/"), {}).status_code == 403
    assert admin_b.get(student_url(client_a, student.id, "reset-history/")).status_code in (401, 403)
    assert admin_b.get(student_url(client_a, student.id, "reset-progress/")).status_code in (401, 403)
    # another client's student is not found here
    with schema_context(client_a.schema_name):
        from tenant_apps.accounts.models import User

        assert not User.objects.filter(id=foreign.id).exists()
    assert admin_a.get(student_url(client_a, foreign.id, "reset-history/")).status_code == 404
    assert admin_a.get(student_url(client_a, foreign.id, "reset-progress/")).status_code == 404


def test_preview_and_history_cost_the_same_whatever_the_progress(as_user, client_a, make_user):
    # given: a student with 1 course and 1 reset, another with 4 courses and 4 resets
    admin, _ = as_user(client_a, role="admin")
    small, large = make_user(client_a, email="small@x.test"), make_user(client_a, email="large@x.test")
    progress(client_a, small, courses=1)
    progress(client_a, large, courses=4)
    admin.get(student_url(client_a, small.id, "reset-progress/"))  # warm the session caches

    # when
    counted = {}
    for student in (small, large):
        with StatementCount() as preview:
            assert admin.get(student_url(client_a, student.id, "reset-progress/")).status_code == 200
        counted[student.email] = preview.count
    resets = {small: 1, large: 4}
    for student, n in resets.items():
        for _ in range(n):
            admin.post(student_url(client_a, student.id, "reset-progress/"), {"confirm_email": student.email})
    history = {}
    for student in (small, large):
        with StatementCount() as listed:
            body = admin.get(student_url(client_a, student.id, "reset-history/")).json()
        assert body["count"] == resets[student]
        history[student.email] = listed.count

    # then
    assert counted["small@x.test"] == counted["large@x.test"], counted
    assert history["small@x.test"] == history["large@x.test"], history


def test_the_openapi_document_describes_the_routes(api):
    doc = api.get("/api/openapi.json").json()
    base = "/admin-dashboard/api/clients/{client_id}/manage-student/{student_id}/"
    reset = doc["paths"][base + "reset-progress/"]
    assert set(reset) >= {"get", "post"}
    assert "requestBody" in reset["post"] and "200" in reset["post"]["responses"]
    assert {p["name"] for p in reset["get"]["parameters"]} >= {"adaptive", "assessments", "course_ids"}
    assert "200" in doc["paths"][base + "reset-history/"]["get"]["responses"]


def test_the_preview_ids_are_integer_arrays_in_the_openapi_document(api):
    # given: H repeats ``course_ids`` / ``assessment_ids`` in the query, each a course's or an
    # assessment's id
    doc = api.get("/api/openapi.json").json()
    base = "/admin-dashboard/api/clients/{client_id}/manage-student/{student_id}/"

    # when
    params = {p["name"]: p["schema"] for p in doc["paths"][base + "reset-progress/"]["get"]["parameters"]}

    # then
    for name in ("course_ids", "assessment_ids"):
        assert params[name]["type"] == "array" and params[name]["items"] == {"type": "integer"}, params[name]


def test_a_preview_id_that_is_no_integer_names_its_parameter(as_user, client_a, make_user):
    # given
    admin, _ = as_user(client_a, role="admin")
    student = make_user(client_a)

    # when
    response = admin.get(student_url(client_a, student.id, "reset-progress/?course_ids=1&assessment_ids=x"))

    # then: the field is the parameter and the item (not the item's index alone)
    body = response.json()
    assert response.status_code == 400
    assert set(body) == {"detail", "assessment_ids.0"} and body["detail"].startswith("assessment_ids.0: "), body
