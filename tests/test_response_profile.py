"""One explicit mechanism where the contract and the AI-Linc web client want different JSON
types: a client's ``response_profile`` (``contract`` by default, ``ai_linc`` on request),
set by platform admins. Each conflicting endpoint is tested under both profiles."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django_tenants.utils import schema_context

from shared_apps.operations.models import CourseOperation
from tenant_apps.dashboard.periods import utc_today
from tenant_apps.dashboard.tests.helpers import at, complete, contents_of, event, log, track
from tenant_apps.live_classes.models import Attendance, AttendanceActivity
from tenant_apps.lms.models import Content, ContentType, Enrollment
from tenant_apps.lms.tests.factories import course_build
from tenants.models import Client
from tests.queries import StatementCount


def admin_path(client, rest: str) -> str:
    return f"/admin-dashboard/api/clients/{client.id}/{rest}"


@pytest.fixture
def ai_linc(client_a, platform_admin):
    """Client A switched to the web client's shapes the way an operator does it."""
    root, _ = platform_admin
    response = root.patch(f"/accounts/clients/{client_a.id}/", {"response_profile": "ai_linc"})
    assert response.status_code == 200, response.json()
    assert response.json()["response_profile"] == "ai_linc"
    return client_a


def test_a_client_answers_the_contract_until_a_platform_admin_switches_it(client_a, as_user, platform_admin):
    # given
    admin, _ = as_user(client_a, role="admin")
    root, _ = platform_admin

    # when
    by_client_admin = admin.patch(f"/accounts/clients/{client_a.id}/", {"response_profile": "ai_linc"})
    unknown = root.patch(f"/accounts/clients/{client_a.id}/", {"response_profile": "vintage"})

    # then
    assert Client.objects.get(id=client_a.id).response_profile == "contract"
    assert by_client_admin.status_code == 403
    assert unknown.status_code == 400 and "response_profile" in unknown.json()
    assert Client.objects.get(id=client_a.id).response_profile == "contract"


def test_heatmap_is_an_array_by_contract_and_a_day_keyed_object_for_the_web_client(client_a, client_b, as_user):
    # given: a quiz event and a log entry today, an article event yesterday
    api, student = as_user(client_a)
    today = utc_today()
    with schema_context(client_a.schema_name):
        course = course_build(content_types=(ContentType.QUIZ, ContentType.ARTICLE))
        quiz, article = (
            Content.objects.get(submodule__module__course=course, content_type=t) for t in ("Quiz", "Article")
        )
        event(student, today, course=course, content=quiz)
        log(student, today)
        event(student, today - timedelta(days=1), course=course, content=article)
    path = f"/api/clients/{client_a.id}/student/user-activity-heatmap/?start_date={today - timedelta(days=1)}"

    # when
    contract = api.get(path).json()
    Client.objects.filter(id=client_a.id).update(response_profile="ai_linc")
    cache.clear()  # the client row is cached for CLIENT_CACHE_SECONDS; PATCH clears it, update() does not
    web = api.get(path).json()

    # then
    assert contract["heatmap_data"][-1] == {"date": today.isoformat(), "count": 2, "level": 4}
    days = web["heatmap_data"]
    assert list(days) == [(today - timedelta(days=1)).isoformat(), today.isoformat()]
    assert days[today.isoformat()] == {
        "Quiz": 1, "Article": 0, "Assignment": 0, "CodingProblem": 0, "DevCodingProblem": 0,
        "VideoTutorial": 0, "total": 2,
    }  # fmt: skip
    assert days[(today - timedelta(days=1)).isoformat()]["Article"] == 1
    # another client keeps the contract
    other, _ = as_user(client_b)
    assert isinstance(
        other.get(f"/api/clients/{client_b.id}/student/user-activity-heatmap/").json()["heatmap_data"], list
    )


def test_manage_students_is_an_array_by_contract_and_an_envelope_for_the_web_client(
    ai_linc, client_b, as_user, make_user
):
    # given: an admin and five students
    admin, _ = as_user(ai_linc, role="admin")
    for n in range(5):
        make_user(ai_linc, email=f"s{n}@x.test")
    admin_b, _ = as_user(client_b, role="admin")

    # when
    page = admin.get(f"/admin-dashboard/api/clients/{ai_linc.id}/manage-students/?role=student&page=2&limit=2")
    contract = admin_b.get(f"/admin-dashboard/api/clients/{client_b.id}/manage-students/")

    # then
    body = page.json()
    assert [s["email"] for s in body["students"]] == ["s2@x.test", "s3@x.test"]
    assert body["pagination"] == {
        "current_page": 2, "total_pages": 3, "total_students": 5, "limit": 2, "has_next": True, "has_previous": True,
    }  # fmt: skip
    assert isinstance(contract.json(), list)


# --- course-completion stats: per-course totals (contract) or per-student rows (ai_linc) --------


def test_course_completion_stats_are_per_student_rows_for_the_web_client(ai_linc, client_b, as_user, make_user):
    # given: two courses; Ann completed 1 of 2 contents of the first and is in both, Bob only in
    # the second; three attendance activities, two started (Ann marked one), one to come
    admin, _ = as_user(ai_linc, role="admin")
    ann = make_user(ai_linc, first_name="Ann", last_name="Lee", email="ann@x.test")
    bob = make_user(ai_linc, first_name="Bob", last_name="Ray", email="bob@x.test")
    teacher = make_user(ai_linc, role="instructor")
    today = utc_today()
    with schema_context(ai_linc.schema_name):
        python = course_build(content_types=("Article", "Quiz"), title="Python")
        sql = course_build(content_types=("Article",), title="SQL")
        for user, course in ((ann, python), (ann, sql), (bob, sql), (teacher, python)):
            Enrollment.objects.create(user=user, course=course)
        complete(ann, contents_of(python)[0], today)
        complete(teacher, contents_of(python)[0], today)
        lecture = AttendanceActivity.objects.create(title="Lecture", scheduled_time=at(today - timedelta(days=1)))
        AttendanceActivity.objects.create(title="Lab", scheduled_time=at(today - timedelta(days=2)))
        AttendanceActivity.objects.create(title="Later", scheduled_time=at(today + timedelta(days=3)))
        Attendance.objects.create(activity=lecture, user=ann)

    # when
    rows = admin.get(admin_path(ai_linc, "course-completion-stats/")).json()
    only_sql = admin.get(admin_path(ai_linc, f"course-completion-stats/?course_id={sql.id}")).json()
    missing = admin.get(admin_path(ai_linc, "course-completion-stats/?course_id=999999"))

    # then: one row per student and course; staff are not students
    pairs = [(r["student_id"], r["course_id"]) for r in rows]
    assert pairs == [(ann.id, python.id), (ann.id, sql.id), (bob.id, sql.id)]
    assert rows[0] == {
        "student_id": ann.id, "name": "Ann Lee", "email": "ann@x.test", "course_id": python.id,
        "course_title": "Python", "completed_contents": 1, "total_contents": 2, "completion_percentage": 50.0,
        "attended_activities": 1, "total_attendance_activities": 2, "attendance_percentage": 50.0,
    }  # fmt: skip
    assert (rows[2]["completion_percentage"], rows[2]["attendance_percentage"]) == (0.0, 0.0)
    assert [(r["student_id"], r["course_title"]) for r in only_sql] == [(ann.id, "SQL"), (bob.id, "SQL")]
    assert missing.status_code == 404
    for row in rows:  # the JSON types the page computes with
        assert all(isinstance(row[k], int) for k in ("student_id", "course_id", "completed_contents", "total_contents"))
        assert isinstance(row["completion_percentage"], float) and isinstance(row["attendance_percentage"], float)
    # another client keeps the contract's object
    admin_b, _ = as_user(client_b, role="admin")
    contract = admin_b.get(admin_path(client_b, "course-completion-stats/")).json()
    assert set(contract) == {
        "total_courses", "completed_courses", "in_progress_courses", "completion_rate", "course_breakdown",
    }  # fmt: skip


def test_course_completion_stats_keep_the_contract_by_default(client_a, as_user, make_user):
    admin, _ = as_user(client_a, role="admin")
    ann = make_user(client_a)
    with schema_context(client_a.schema_name):
        course = course_build(content_types=("Article",))
        Enrollment.objects.create(user=ann, course=course)
        complete(ann, contents_of(course)[0])
    body = admin.get(admin_path(client_a, "course-completion-stats/")).json()
    assert body["total_courses"] == 1 and body["completed_courses"] == 1 and body["completion_rate"] == 100.0
    assert body["course_breakdown"][0]["course_id"] == course.id


def test_course_completion_rows_roles_and_isolation(ai_linc, client_b, api, as_user, make_user):
    path = admin_path(ai_linc, "course-completion-stats/")
    assert api.get(path).status_code == 401
    for role in ("student", "instructor"):
        assert as_user(ai_linc, role=role)[0].get(path).status_code == 403
    admin_b, _ = as_user(client_b, role="admin")
    assert admin_b.get(path).status_code == 401  # client B's token on client A's path
    with schema_context(client_b.schema_name):
        course_b = course_build(content_types=("Article",))
    admin, _ = as_user(ai_linc, role="admin")
    assert admin.get(path + f"?course_id={course_b.id}").status_code == 404  # B's course is not A's
    with schema_context(ai_linc.schema_name):
        assert not Enrollment.objects.exists()
    assert admin.get(path).json() == []
    assert admin.get(path + "?course_id=abc").status_code == 400


@pytest.mark.parametrize("size", [1, 5])
def test_course_completion_rows_query_budget(size, ai_linc, as_user, make_user):
    admin, _ = as_user(ai_linc, role="admin")
    with schema_context(ai_linc.schema_name):
        courses = [course_build(content_types=("Article", "Quiz")) for _ in range(2)]
        AttendanceActivity.objects.create(title="Lecture", scheduled_time=at(utc_today() - timedelta(days=1)))
    for n in range(size):
        student = make_user(ai_linc)
        with schema_context(ai_linc.schema_name):
            for course in courses:
                Enrollment.objects.create(user=student, course=course)
                complete(student, contents_of(course)[0])
    admin.get(admin_path(ai_linc, "course-completion-stats/"))  # warm the client cache
    with StatementCount(1 + 1):  # auth, the rows
        assert len(admin.get(admin_path(ai_linc, "course-completion-stats/")).json()) == 2 * size
    with StatementCount(1 + 2):  # auth, the course exists, the rows
        assert len(admin.get(admin_path(ai_linc, f"course-completion-stats/?course_id={courses[0].id}")).json()) == size


# --- streak holders: admin-only object (contract) or streak holders students read (ai_linc) ------


def test_students_read_streak_holders_for_the_web_client(ai_linc, as_user, make_user):
    # given
    api, me = as_user(ai_linc)
    today = utc_today()
    sara = make_user(ai_linc, first_name="Sara", last_name="Long", email="sara@x.test")
    sam = make_user(ai_linc, first_name="Sam", last_name="Short")
    idle = make_user(ai_linc)
    teacher = make_user(ai_linc, role="instructor")
    with schema_context(ai_linc.schema_name):
        content = contents_of(course_build(content_types=("Article",)))[0]
        for back in range(4):  # Sara: 4 days running, up to today
            event(sara, today - timedelta(days=back))
        log(sam, today - timedelta(days=1))  # Sam: yesterday and the day before (today is not over)
        track(sam, content, today - timedelta(days=2), 5)
        event(me, today - timedelta(days=5))  # me: active once, streak broken
        event(idle, today - timedelta(days=400))  # long ago: outside the period, no streak
        event(teacher, today)  # staff are not streak holders
    query = f"?start_date={today - timedelta(days=9)}&end_date={today}"

    # when
    response = api.get(admin_path(ai_linc, "student-activity-analytics/" + query))

    # then
    assert response.status_code == 200, response.json()
    rows = response.json()
    assert [row["user_id"] for row in rows] == [sara.id, sam.id, me.id]
    assert rows[0] == {
        "user_id": sara.id, "studentName": "Sara Long", "Present_streak": 4, "Active_days": 4,
        "profile_pic_url": sara.profile_pic_url,
    }  # fmt: skip
    assert (rows[1]["Present_streak"], rows[1]["Active_days"]) == (2, 2)
    assert (rows[2]["Present_streak"], rows[2]["Active_days"]) == (0, 1)
    for row in rows:  # nothing private about other students: no e-mail, time or marks
        assert set(row) == {"user_id", "studentName", "Present_streak", "Active_days", "profile_pic_url"}
    # admins of an ai_linc client read the same array (the web clients' admin pages do)
    admin, _ = as_user(ai_linc, role="admin")
    assert admin.get(admin_path(ai_linc, "student-activity-analytics/" + query)).json() == rows


def test_streak_counts_days_before_the_period(ai_linc, as_user):
    api, me = as_user(ai_linc)
    today = utc_today()
    with schema_context(ai_linc.schema_name):
        for back in range(6):
            event(me, today - timedelta(days=back))
    rows = api.get(admin_path(ai_linc, f"student-activity-analytics/?start_date={today}&end_date={today}")).json()
    assert (rows[0]["Present_streak"], rows[0]["Active_days"]) == (6, 1)


def test_streak_holders_are_admin_only_analytics_by_contract(client_a, as_user):
    # given: a client on the default profile
    student, me = as_user(client_a)
    admin, _ = as_user(client_a, role="admin")
    with schema_context(client_a.schema_name):
        event(me, utc_today())
    path = admin_path(client_a, "student-activity-analytics/")
    # then: students are refused, admins get the contract's object
    assert student.get(path).status_code == 403
    body = admin.get(path).json()
    assert isinstance(body, dict) and body["total_activities"] == 1 and "daily_breakdown" in body


def test_streak_holders_roles_and_isolation(ai_linc, client_b, api, as_user, make_user):
    path = admin_path(ai_linc, "student-activity-analytics/")
    assert api.get(path).status_code == 401
    assert as_user(ai_linc, role="instructor")[0].get(path).status_code == 403
    student_b, _ = as_user(client_b)
    assert student_b.get(path).status_code == 401  # client B's token on client A's path
    Client.objects.filter(id=client_b.id).update(response_profile="ai_linc")
    cache.clear()
    with schema_context(ai_linc.schema_name):
        event(make_user(ai_linc), utc_today())
    assert student_b.get(admin_path(client_b, "student-activity-analytics/")).json() == []  # B sees B only
    student, _ = as_user(ai_linc)
    assert student.get(path + "?start_date=2026-02-31").status_code == 400


@pytest.mark.parametrize("size", [1, 5])
def test_streak_holders_query_budget(size, ai_linc, as_user, make_user):
    api, _ = as_user(ai_linc)
    today = utc_today()
    with schema_context(ai_linc.schema_name):
        for n in range(size):
            user = make_user(ai_linc)
            for back in range(n + 1):
                event(user, today - timedelta(days=back))
    path = admin_path(ai_linc, f"student-activity-analytics/?start_date={today.replace(day=1)}&end_date={today}")
    api.get(path)  # warm the client cache
    with StatementCount(1 + 2):  # auth, every student's active days, the students
        assert len(api.get(path).json()) == size


# --- the super-admin portal: platform-level routes answer in the public client's profile --------


@pytest.fixture
def platform_ai_linc(public_client, platform_admin):
    """The platform's own portal (the public client, where the super-admin portal logs in)
    switched to the web clients' shapes, the way an operator does it."""
    root, _ = platform_admin
    response = root.patch(f"/accounts/clients/{public_client.id}/", {"response_profile": "ai_linc"})
    assert response.status_code == 200, response.json()
    assert root.get(f"/accounts/clients/{public_client.id}/").json()["response_profile"] == "ai_linc"
    return root


def test_only_the_profile_of_the_public_client_changes(public_client, platform_admin, as_user, client_a):
    root, _ = platform_admin
    for field, value in (("is_active", False), ("name", "Renamed")):
        refused = root.patch(f"/accounts/clients/{public_client.id}/", {field: value})
        assert refused.status_code == 400 and field in refused.json()
    admin, _ = as_user(client_a, role="admin")
    assert admin.patch(f"/accounts/clients/{public_client.id}/", {"response_profile": "ai_linc"}).status_code == 403
    assert Client.objects.get(id=public_client.id).response_profile == "contract"


def test_feature_catalogue_is_an_array_by_contract_and_an_envelope_for_the_super_admin_portal(
    api, public_client, platform_admin, as_user, client_a
):
    # given: a tenant on ai_linc does not change a platform-level route
    Client.objects.filter(id=client_a.id).update(response_profile="ai_linc")
    admin_a, _ = as_user(client_a, role="admin")
    contract = api.get("/accounts/features/").json()
    assert isinstance(contract, list) and contract
    assert isinstance(admin_a.get("/accounts/features/").json(), list)
    # when: the public client is switched
    root, _ = platform_admin
    root.patch(f"/accounts/clients/{public_client.id}/", {"response_profile": "ai_linc"})
    anonymous = api.get("/accounts/features/").json()
    as_root = root.get("/accounts/features/").json()
    # then
    assert anonymous == as_root == admin_a.get("/accounts/features/").json()
    assert anonymous == {"total_features": len(contract), "features": contract}
    every = api.get("/accounts/features/?include_inactive=true").json()
    assert every["total_features"] == len(every["features"]) >= len(contract)


@pytest.mark.parametrize("profile", ["contract", "ai_linc"])
def test_feature_catalogue_query_budget(profile, api, public_client):
    Client.objects.filter(id=public_client.id).update(response_profile=profile)
    api.get("/accounts/features/")  # warm the public client's cache
    with StatementCount(1):  # the features
        api.get("/accounts/features/")


def _operation(client, **fields):
    return CourseOperation.objects.create(
        **{"operation_type": "duplicate", "client": client, "course_ids": [1], **fields}
    )


def test_operation_status_says_in_progress_for_the_super_admin_portal(platform_admin, public_client, as_user, client_a):
    # given: a running operation of client A
    running = _operation(client_a, status="processing")
    failed = _operation(client_a, status="failed", error="Course not found.")
    root, _ = platform_admin
    admin, _ = as_user(client_a, role="admin")
    # when / then: the contract's value by default, with the portal's fields beside
    body = root.get(f"/lms/course-operations/{running.id}/status/").json()
    assert body["status"] == "processing" and body["message"] == "In progress."
    assert body["result_data"] is None and body["error_details"] is None and body["completed_at"] is None
    assert root.get(f"/lms/course-operations/{failed.id}/status/").json()["error_details"] == {
        "error_type": "OperationFailed", "error_message": "Course not found.",
    }  # fmt: skip
    root.patch(f"/accounts/clients/{public_client.id}/", {"response_profile": "ai_linc"})
    web = root.get(f"/lms/course-operations/{running.id}/status/").json()
    assert web == body | {"status": "in_progress", "updated_at": web["updated_at"]}
    # a client admin on the platform-level route gets the platform's profile too
    assert admin.get(f"/lms/course-operations/{running.id}/status/").json()["status"] == "in_progress"


def test_duplicate_result_data_as_the_super_admin_portal_reads_it(
    platform_ai_linc, client_a, client_b, django_capture_on_commit_callbacks
):
    # given: what the portal sends
    with schema_context(client_a.schema_name):
        course = course_build(modules=2, content_types=("Article", "Quiz"), title="Python")
    with django_capture_on_commit_callbacks(execute=True):
        started = platform_ai_linc.post(
            "/lms/course-operations/duplicate/",
            {"course_id": course.id, "from_client_id": client_a.id, "to_client_id": client_b.id},
        )
    assert started.status_code == 202, started.json()
    # when
    status = platform_ai_linc.get(f"/lms/course-operations/{started.json()['operation_id']}/status/").json()
    # then
    assert status["status"] == "completed" and status["completed_at"] == status["finished_at"]
    data = status["result_data"]
    assert data["new_course_title"] == "Python" and data["published"] is True  # into another client: same title
    assert (data["modules_count"], data["submodules_count"], data["content_count"]) == (2, 2, 4)
    with schema_context(client_b.schema_name):
        assert Content.objects.filter(submodule__module__course_id=data["new_course_id"]).count() == 4
    assert status["result"]["new_course_id"] == data["new_course_id"]  # the contract's result stays


def test_operation_list_is_an_array_by_contract_and_an_envelope_for_the_super_admin_portal(
    platform_admin, public_client, as_user, client_a, client_b
):
    # given: five operations of client A (one running, one delete), one of client B
    root, _ = platform_admin
    ops = [_operation(client_a) for _ in range(3)]
    ops.append(_operation(client_a, status="processing"))
    ops.append(_operation(client_a, operation_type="delete"))
    other = _operation(client_b)
    contract = root.get("/lms/course-operations/").json()
    assert isinstance(contract, list) and len(contract) == 6
    # when
    root.patch(f"/accounts/clients/{public_client.id}/", {"response_profile": "ai_linc"})
    first = root.get("/lms/course-operations/?limit=2").json()
    rest = root.get("/lms/course-operations/?limit=2&offset=4").json()
    running = root.get("/lms/course-operations/?status=in_progress").json()
    deletes = root.get("/lms/course-operations/?type=delete").json()
    admin_a, _ = as_user(client_a, role="admin")
    seen_by_a = admin_a.get("/lms/course-operations/").json()
    # then
    assert (first["total_count"], first["limit"], first["offset"], len(first["operations"])) == (6, 2, 0, 2)
    assert [op["operation_id"] for op in first["operations"]] == [row["operation_id"] for row in contract[:2]]
    assert len(rest["operations"]) == 2
    assert [op["status"] for op in running["operations"]] == ["in_progress"]
    assert [op["operation_id"] for op in deletes["operations"]] == [str(ops[-1].id)]
    assert set(first["operations"][0]) >= {"operation_type", "progress", "message", "created_at", "result_data"}
    assert str(other.id) not in {op["operation_id"] for op in seen_by_a["operations"]}  # isolation
    assert seen_by_a["total_count"] == 5
    for bad in ("type=move", "limit=0", "limit=101", "offset=-1", "status=bogus"):
        assert root.get(f"/lms/course-operations/?{bad}").status_code == 400, bad


@pytest.mark.parametrize("size", [1, 5])
def test_operation_envelope_query_budget(size, platform_ai_linc, client_a):
    for _ in range(size):
        _operation(client_a, status="completed", result={"new_course_id": 7, "copied": {"modules": 1}})
    platform_ai_linc.get("/lms/course-operations/")
    with StatementCount(1 + 2):  # auth, count, page
        assert len(platform_ai_linc.get("/lms/course-operations/").json()["operations"]) == size


@pytest.mark.parametrize(
    ("path", "shapes"),
    [
        ("/api/clients/{client_id}/student/user-activity-heatmap/", {"HeatmapOut", "HeatmapByDayOut"}),
        ("/admin-dashboard/api/clients/{client_id}/manage-students/", {"array", "StudentPageOut"}),
        (
            "/admin-dashboard/api/clients/{client_id}/course-completion-stats/",
            {"CourseCompletionStatsOut", "array"},
        ),
        (
            "/admin-dashboard/api/clients/{client_id}/student-activity-analytics/",
            {"StudentActivityAnalyticsOut", "array"},
        ),
        ("/accounts/features/", {"array", "FeatureCatalogueOut"}),
        ("/lms/course-operations/", {"array", "OperationPageOut"}),
    ],
)
def test_both_shapes_are_in_the_openapi_document(path, shapes, api):
    spec = api.get("/api/openapi.json").json()
    schema = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    options = {option.get("$ref", "").split("/")[-1] or option.get("type") for option in schema.get("anyOf", [schema])}
    assert options == shapes, schema


def test_operation_status_enum_names_both_values(api):
    spec = api.get("/api/openapi.json").json()
    status = spec["components"]["schemas"]["OperationStatusOut"]["properties"]["status"]
    assert {"processing", "in_progress"} <= set(status["enum"])
