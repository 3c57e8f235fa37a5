"""Admin Dashboard API 33-38: numbers of the client and user management."""

from datetime import timedelta

import pytest
from django_tenants.utils import schema_context

from tenant_apps.accounts.models import AuthSession, User
from tenant_apps.accounts.tests.factories import DEFAULT_PASSWORD as PASSWORD
from tenant_apps.audit.models import AuditEvent
from tenant_apps.dashboard.periods import utc_today
from tenant_apps.dashboard.tests.helpers import complete, contents_of, event, log, track
from tenant_apps.lms.models import Enrollment
from tenant_apps.lms.tests.factories import course_build
from tests.queries import StatementCount

TYPES = ("Article", "Quiz")


def base(client) -> str:
    return f"/admin-dashboard/api/clients/{client.id}/"


@pytest.fixture
def in_a(client_a):
    return lambda: schema_context(client_a.schema_name)


@pytest.fixture
def admin_a(as_user, client_a):
    return as_user(client_a, role="admin", first_name="Ada", last_name="Admin")


@pytest.fixture
def warm(api, client_a):
    api.get(f"/api/clients/{client_a.id}/client-info/")


def test_core_admin_dashboard(admin_a, client_a, in_a, make_user):
    # given
    api, admin = admin_a
    today = utc_today()
    active, idle, logger_only = make_user(client_a), make_user(client_a), make_user(client_a)
    make_user(client_a, is_active=False)
    make_user(client_a, role="instructor")
    with in_a():
        course = course_build(content_types=TYPES, title="Python")
        course_build(content_types=TYPES, is_active=False)
        first = contents_of(course)[0]
        for user in (active, idle):
            Enrollment.objects.create(course=course, user=user)
        event(idle, today - timedelta(days=45), course=course, content=first)
        log(logger_only, today - timedelta(days=2))
        newest = event(active, today, course=course, content=first, activity_type="complete")
    # when
    body = api.get(base(client_a) + "core-admin-dashboard/").json()
    # then
    assert {key: body[key] for key in ("total_students", "total_courses", "total_enrollments", "active_students")} == {
        "total_students": 3,
        "total_courses": 2,
        "total_enrollments": 2,
        "active_students": 2,
    }
    assert body["recent_activities"][0] == {
        "id": newest.id,
        "activity_type": "complete",
        "created_at": body["recent_activities"][0]["created_at"],
        "user": {"id": active.id, "user_name": active.user_name, "profile_pic_url": ""},
        "course": {"id": course.id, "title": "Python"},
        "content": {"id": first.id, "title": first.title},
    }
    assert len(body["recent_activities"]) == 2


def test_core_admin_dashboard_activity_of_a_deleted_course(admin_a, client_a, in_a, make_user):
    """An activity whose course and content are gone shows them as null."""
    # given
    api, _ = admin_a
    learner = make_user(client_a)
    with in_a():
        orphan = event(learner, utc_today())
    # when
    recent = api.get(base(client_a) + "core-admin-dashboard/").json()["recent_activities"]
    # then
    assert [(row["id"], row["course"], row["content"]) for row in recent] == [(orphan.id, None, None)]


def test_manage_students_search_and_role_filter(admin_a, client_a, in_a, make_user):
    # given
    api, admin = admin_a
    grace = make_user(client_a, first_name="Grace", last_name="Hopper", email="gh@navy.test")
    alan = make_user(client_a, first_name="Alan", last_name="Turing", email="alan@bletchley.test")
    teacher = make_user(client_a, role="instructor", first_name="Ivan", last_name="Teach", email="ivan@x.test")
    with in_a():
        for course in (course_build(content_types=("Article",)), course_build(content_types=("Article",))):
            Enrollment.objects.create(course=course, user=grace)
    # when
    everyone = api.get(base(client_a) + "manage-students/").json()
    by_full_name = api.get(base(client_a) + "manage-students/?search=grace%20hop").json()
    by_email = api.get(base(client_a) + "manage-students/?search=BLETCHLEY").json()
    instructors = api.get(base(client_a) + "manage-students/?role=instructor").json()
    # then
    assert [row["id"] for row in everyone] == [admin.id, grace.id, alan.id, teacher.id]
    contract_row = {
        "id": grace.id,
        "user_name": "Grace Hopper",
        "email": "gh@navy.test",
        "profile_pic_url": "",
        "role": "student",
        "enrolled_courses_count": 2,
        "is_active": True,
    }
    assert len(by_full_name) == 1
    assert {key: by_full_name[0][key] for key in contract_row} == contract_row  # extra fields: H's
    assert [row["id"] for row in by_email] == [alan.id]
    assert [row["id"] for row in instructors] == [teacher.id]
    bad = api.get(base(client_a) + "manage-students/?role=wizard")
    assert bad.status_code == 400 and "role" in bad.json()
    paged = api.get(base(client_a) + "manage-students/?page=1&page_size=2")
    assert len(paged.json()) == 2 and paged.headers["X-Total-Count"] == "4"


def test_manage_student_get_put_delete(admin_a, client_a, make_user, token_for, api):
    # given
    admin_api, admin = admin_a
    student = make_user(client_a, first_name="Sam", last_name="Student")
    student_api = api.with_token(token_for(student, client_a))
    url = base(client_a) + f"manage-student/{student.id}/"
    courses = f"/lms/clients/{client_a.id}/courses/"
    # when / then: read (the contract's fields; the report beside them: tests/test_real_client_student_report.py)
    read = admin_api.get(url).json()
    assert {key: read[key] for key in ("id", "user_name", "email", "role", "is_active")} == {
        "id": student.id,
        "user_name": "Sam Student",
        "email": student.email,
        "role": "student",
        "is_active": True,
    }
    # a change of role revokes the user's sessions
    assert student_api.get(courses).status_code == 200
    promoted = admin_api.put(url, {"role": "instructor"})
    assert promoted.status_code == 200 and promoted.json()["role"] == "instructor"
    assert student_api.get(courses).status_code == 401
    # a body without changes keeps sessions
    student_api = api.with_token(token_for(student, client_a))
    assert admin_api.put(url, {"role": "instructor", "is_active": True}).status_code == 200
    assert student_api.get(courses).status_code == 200
    # deactivation revokes too; reactivation brings the account back
    assert admin_api.put(url, {"is_active": False}).json()["is_active"] is False
    assert student_api.get(courses).status_code == 401
    assert admin_api.put(url, {"is_active": True}).json()["is_active"] is True
    # validation
    bad = admin_api.put(url, {"role": "superadmin"})
    assert bad.status_code == 400 and "role" in bad.json()
    # DELETE deletes (see test_deleted_user_is_gone_from_every_admin_read) and signs out
    student_api = api.with_token(token_for(student, client_a))
    deleted = admin_api.delete(url)
    assert deleted.status_code == 200 and deleted.json()["is_active"] is False
    assert student_api.get(courses).status_code == 401
    with schema_context(client_a.schema_name):
        assert not AuthSession.objects.filter(user_id=student.id, revoked_at__isnull=True).exists()
    missing = base(client_a) + "manage-student/999999/"
    assert admin_api.get(missing).status_code == 404
    assert admin_api.put(missing, {"is_active": False}).status_code == 404
    assert admin_api.delete(missing).status_code == 404


def test_manage_student_patch_edits_name_and_email(admin_a, client_a, make_user, token_for, api):
    """The web client's student page PATCHes first_name, last_name and email: they change,
    fields left out stay, a taken or malformed address is a 400 that writes nothing."""
    # given
    admin_api, _ = admin_a
    student = make_user(client_a, first_name="Sam", last_name="Student", email="sam@a.test")
    other = make_user(client_a, email="taken@a.test")
    student_api = api.with_token(token_for(student, client_a))
    url = base(client_a) + f"manage-student/{student.id}/"
    # when
    edited = admin_api.patch(url, {"first_name": "Samuel", "email": " Samuel@A.test "})
    # then
    assert edited.status_code == 200, edited.content
    assert edited.json()["email"] == "samuel@a.test" and edited.json()["user_name"] == "Samuel Student"
    with schema_context(client_a.schema_name):
        row = User.objects.get(pk=student.id)
        assert (row.first_name, row.last_name, row.email) == ("Samuel", "Student", "samuel@a.test")
        event = AuditEvent.objects.get(action="user.profile_changed", target_id=str(student.id))
        assert event.data["from_email"] == "sam@a.test" and event.data["email"] == "samuel@a.test"
    # an edit of the name keeps the user's sessions
    assert student_api.get(f"/lms/clients/{client_a.id}/courses/").status_code == 200
    # refusals write nothing
    for body in ({"email": "taken@a.test", "first_name": "X"}, {"email": "not-an-address", "last_name": "Y"}):
        refused = admin_api.patch(url, body)
        assert refused.status_code == 400 and "email" in refused.json(), refused.content
    assert admin_api.patch(url, {"first_name": "n" * 151}).status_code == 400
    with schema_context(client_a.schema_name):
        row = User.objects.get(pk=student.id)
        assert (row.first_name, row.last_name, row.email) == ("Samuel", "Student", "samuel@a.test")
        assert User.objects.get(pk=other.id).email == "taken@a.test"


def test_manage_student_post_actions(admin_a, client_a, client_b, make_user, api, token_for):
    """The older build's drawer POSTs {action, course_id}: activate, enroll_course and
    unenroll_course take effect; bad or foreign input is refused and writes nothing."""
    # given
    admin_api, _ = admin_a
    student = make_user(client_a, is_active=False)
    with schema_context(client_a.schema_name):
        course = course_build(content_types=TYPES)
    with schema_context(client_b.schema_name):
        foreign = course_build(content_types=TYPES)
    url = base(client_a) + f"manage-student/{student.id}/"

    def enrolled() -> bool:
        with schema_context(client_a.schema_name):
            return Enrollment.objects.filter(user_id=student.id, course_id=course.id).exists()

    # when / then
    assert admin_api.post(url, {"action": "activate"}).json()["is_active"] is True
    assert admin_api.post(url, {"action": "enroll_course", "course_id": course.id}).status_code == 200
    assert enrolled()
    again = admin_api.post(url, {"action": "enroll_course", "course_id": course.id})
    assert again.status_code == 400 and again.json()["code"] == "already_enrolled"
    assert admin_api.post(url, {"action": "unenroll_course", "course_id": course.id}).status_code == 200
    assert not enrolled()
    not_enrolled = admin_api.post(url, {"action": "unenroll_course", "course_id": course.id})
    assert not_enrolled.status_code == 400
    for body in (
        {"action": "enroll_course"},
        {"action": "reset_progress"},
        {"action": "enroll_course", "course_id": 10**20},
        {"action": "enroll_course", "course_id": "x\u0000"},
    ):
        assert admin_api.post(url, body).status_code == 400, body
    # another client's course id is not found here, and nothing is written
    if foreign.id != course.id:
        assert admin_api.post(url, {"action": "enroll_course", "course_id": foreign.id}).status_code == 404
    assert not enrolled()
    # students may not act
    student_api = api.with_token(token_for(make_user(client_a), client_a))
    assert student_api.post(url, {"action": "activate"}).status_code == 403
    assert admin_api.post(base(client_a) + "manage-student/999999/", {"action": "activate"}).status_code == 404


def test_deleted_user_is_gone_from_every_admin_read_and_history_is_kept(admin_a, client_a, in_a, make_user, api):
    # given: a student with an enrollment, activity and tracked time, and another student
    admin_api, _ = admin_a
    today = utc_today()
    gone = make_user(client_a, email="gone@x.test", first_name="Gone")
    kept = make_user(client_a, email="kept@x.test")
    with in_a():
        course = course_build(content_types=TYPES, title="Python")
        first = contents_of(course)[0]
        for user in (gone, kept):
            Enrollment.objects.create(course=course, user=user)
        event(gone, today, course=course, content=first)
        track(gone, first, today, 15)
        complete(gone, first, today)
    url = base(client_a) + f"manage-student/{gone.id}/"
    analytics = base(client_a) + "student-activity-analytics/"
    before = admin_api.get(analytics).json()

    # when
    assert admin_api.delete(url).status_code == 200

    # then: every admin read leaves the user out
    assert admin_api.get(url).status_code == 404
    assert admin_api.put(url, {"is_active": True}).status_code == 404  # no way back through the API
    assert admin_api.delete(url).status_code == 404
    listed = [row["id"] for row in admin_api.get(base(client_a) + "manage-students/").json()]
    assert gone.id not in listed and kept.id in listed
    assert admin_api.get(base(client_a) + "manage-students/?search=gone").json() == []
    assert admin_api.get(base(client_a) + "manage-students/?role=student").json()[0]["id"] == kept.id
    assert admin_api.get(analytics + f"?student_id={gone.id}").status_code == 404
    core = admin_api.get(base(client_a) + "core-admin-dashboard/").json()
    assert core["total_students"] == 1
    assert all(row["user"]["id"] != gone.id for row in core["recent_activities"])
    # the history stays: the client's totals still count it, and the rows are there
    after = admin_api.get(analytics).json()
    assert (after["total_activities"], after["total_time_spent"]) == (
        before["total_activities"],
        before["total_time_spent"],
    )
    assert core["total_enrollments"] == 2
    with in_a():
        assert Enrollment.objects.filter(user_id=gone.id).count() == 1
        row = User.objects.get(id=gone.id)
        assert row.deleted_at is not None and row.is_active is False
    # and the account cannot sign in
    login = api.post(f"/accounts/clients/{client_a.id}/user/login/", {"email": "gone@x.test", "password": PASSWORD})
    assert login.status_code == 401


def test_admin_cannot_demote_deactivate_or_delete_themselves(admin_a, client_a, make_user, token_for, api):
    admin_api, admin = admin_a
    url = base(client_a) + f"manage-student/{admin.id}/"
    demote = admin_api.put(url, {"role": "student"})
    assert demote.status_code == 400 and demote.json()["code"] == "self_change_forbidden" and "role" in demote.json()
    deactivate = admin_api.put(url, {"is_active": False})
    assert deactivate.status_code == 400 and "is_active" in deactivate.json()
    delete = admin_api.delete(url)
    assert delete.status_code == 400
    assert delete.json() == {
        "detail": "You cannot delete your own account.",
        "code": "self_change_forbidden",
        "non_field_errors": ["You cannot delete your own account."],
    }
    assert admin_api.put(url, {"role": "admin", "is_active": True}).status_code == 200  # no change is fine
    assert admin_api.get(url).json()["role"] == "admin"
    # another admin may demote this one
    other_api = api.with_token(token_for(make_user(client_a, role="admin"), client_a))
    assert other_api.put(url, {"role": "student"}).json()["role"] == "student"
    assert admin_api.get(url).status_code == 401  # sessions revoked


def test_platform_admin_manages_users_of_a_client(platform_admin, client_a, make_user):
    api, root = platform_admin
    student = make_user(client_a)
    url = base(client_a) + f"manage-student/{student.id}/"
    assert api.put(url, {"role": "admin"}).json()["role"] == "admin"
    assert api.delete(url).json()["is_active"] is False


def test_student_activity_analytics(admin_a, client_a, in_a, make_user):
    # given
    api, _ = admin_a
    today = utc_today()
    sara, sam = make_user(client_a), make_user(client_a)
    with in_a():
        course = course_build(modules=2, content_types=TYPES)
        contents = contents_of(course)
        for user in (sara, sam):
            Enrollment.objects.create(course=course, user=user)
        event(sara, today, course=course, content=contents[0])
        log(sara, today)
        event(sam, today - timedelta(days=1))
        event(sam, today - timedelta(days=40))  # outside the default 30 days
        track(sara, contents[0], today, 12)
        track(sam, contents[0], today - timedelta(days=1), 3)
        complete(sara, contents[0], today)
        complete(sara, contents[1], today)
        complete(sam, contents[0], today - timedelta(days=1))
    # when
    everyone = api.get(base(client_a) + "student-activity-analytics/").json()
    only_sara = api.get(base(client_a) + f"student-activity-analytics/?student_id={sara.id}").json()
    yesterday = (today - timedelta(days=1)).isoformat()
    one_day = api.get(
        base(client_a) + f"student-activity-analytics/?start_date={yesterday}&end_date={yesterday}"
    ).json()
    # then
    assert everyone["total_activities"] == 3 and everyone["total_time_spent"] == 15
    assert everyone["completion_rate"] == 37.5  # 3 of 2 x 4 contents
    assert len(everyone["daily_breakdown"]) == 30
    assert everyone["daily_breakdown"][-1] == {
        "date": today.isoformat(),
        "activities": 2,
        "time_spent_minutes": 12,
        "contents_completed": 2,
    }
    assert (only_sara["total_activities"], only_sara["total_time_spent"], only_sara["completion_rate"]) == (2, 12, 50.0)
    assert one_day["daily_breakdown"] == [
        {"date": yesterday, "activities": 1, "time_spent_minutes": 3, "contents_completed": 1}
    ]
    assert api.get(base(client_a) + "student-activity-analytics/?student_id=999999").status_code == 404
    bad = api.get(base(client_a) + "student-activity-analytics/?end_date=2026-02-31")
    assert bad.status_code == 400 and "end_date" in bad.json()


def test_course_completion_stats(admin_a, client_a, in_a, make_user):
    # given
    api, _ = admin_a
    done, halfway, idle = make_user(client_a), make_user(client_a), make_user(client_a)
    with in_a():
        course = course_build(content_types=TYPES, title="Python")
        empty = course_build(modules=0, title="Empty")
        for user in (done, halfway, idle):
            Enrollment.objects.create(course=course, user=user)
        Enrollment.objects.create(course=empty, user=done)
        first, second = contents_of(course)
        complete(done, first)
        complete(done, second)
        complete(halfway, first)
    # when
    body = api.get(base(client_a) + "course-completion-stats/").json()
    single = api.get(base(client_a) + f"course-completion-stats/?course_id={course.id}").json()
    # then
    assert {key: body[key] for key in ("total_courses", "completed_courses", "in_progress_courses")} == {
        "total_courses": 2,
        "completed_courses": 1,
        "in_progress_courses": 1,
    }
    assert body["completion_rate"] == 25.0  # 1 of 4 enrollments
    assert single["course_breakdown"] == [
        {
            "course_id": course.id,
            "title": "Python",
            "is_active": True,
            "total_contents": 2,
            "enrolled_students": 3,
            "completed_students": 1,
            "in_progress_students": 1,
            "not_started_students": 1,
            "completion_rate": 33.33,
        }
    ]
    assert single["total_courses"] == 1
    assert api.get(base(client_a) + "course-completion-stats/?course_id=999999").status_code == 404
    assert api.get(base(client_a) + "course-completion-stats/?course_id=x").status_code == 400


PATHS = [
    "core-admin-dashboard/",
    "manage-students/",
    "student-activity-analytics/",
    "attendance-analytics/",
    "course-completion-stats/",
]


@pytest.mark.parametrize("role", ["student", "instructor"])
def test_non_admins_get_403(role, as_user, client_a, make_user):
    api, _ = as_user(client_a, role=role)
    target = make_user(client_a)
    for path in PATHS:
        assert api.get(base(client_a) + path).status_code == 403, path
    url = base(client_a) + f"manage-student/{target.id}/"
    assert api.get(url).status_code == 403
    assert api.put(url, {"is_active": False}).status_code == 403
    assert api.delete(url).status_code == 403


def test_tenant_isolation(admin_a, client_a, client_b, as_user, make_user, in_a):
    from django.db.models import Max

    from tenant_apps.accounts.models import User

    api_a, _ = admin_a
    api_b, _ = as_user(client_b, role="admin")
    with schema_context(client_b.schema_name):
        highest_b = User.objects.aggregate(top=Max("id"))["top"]
    user_a = make_user(client_a)
    while user_a.id <= highest_b:  # an id that exists on A only
        user_a = make_user(client_a)
    with in_a():
        course = course_build(content_types=("Article",))
    for path in PATHS:
        assert api_a.get(base(client_b) + path).status_code == 401, path
        assert api_a.with_token(None).get(base(client_a) + path).status_code == 401, path
    # client A's ids are unknown on client B
    assert api_b.get(base(client_b) + f"manage-student/{user_a.id}/").status_code == 404
    assert api_b.put(base(client_b) + f"manage-student/{user_a.id}/", {"is_active": False}).status_code == 404
    assert api_b.delete(base(client_b) + f"manage-student/{user_a.id}/").status_code == 404
    assert api_b.get(base(client_b) + f"student-activity-analytics/?student_id={user_a.id}").status_code == 404
    assert api_b.get(base(client_b) + f"course-completion-stats/?course_id={course.id}").status_code == 404
    assert api_b.get(base(client_b) + "manage-students/").json()[0]["email"] != user_a.email
    with schema_context(client_a.schema_name):
        assert User.objects.get(id=user_a.id).is_active  # untouched by client B's admin


@pytest.mark.parametrize("size", [1, 20])
def test_query_budgets(size, admin_a, client_a, in_a, make_user, warm):
    """The same number of queries for 1 and for 20 users / courses / days."""
    api, admin = admin_a
    today = utc_today()
    users = [make_user(client_a) for _ in range(size)]
    with in_a():
        for n in range(size):
            course = course_build(content_types=TYPES)
            first, second = contents_of(course)
            for user in users:
                Enrollment.objects.create(course=course, user=user)
            complete(users[n], first, today - timedelta(days=n))
            track(users[n], second, today - timedelta(days=n), 5)
            event(users[n], today - timedelta(days=n), course=course, content=first)
    # every request: 1 query for the user and session
    with StatementCount(1 + 5):  # student counts, courses, enrollments, recent activities, minutes per day
        assert len(api.get(base(client_a) + "core-admin-dashboard/").json()["recent_activities"]) == min(size, 10)
    with StatementCount(1 + 1):  # users with enrollment counts
        assert len(api.get(base(client_a) + "manage-students/").json()) == size + 1
    with StatementCount(1 + 4):  # events, minutes, completions per day; completion rate
        assert api.get(base(client_a) + "student-activity-analytics/").json()["total_activities"] == size
    with StatementCount(1 + 5):  # + the student's existence
        assert api.get(base(client_a) + f"student-activity-analytics/?student_id={users[0].id}").status_code == 200
    with StatementCount(1 + 1):  # courses with enrollment splits
        assert len(api.get(base(client_a) + "course-completion-stats/").json()["course_breakdown"]) == size
    with StatementCount(1 + 14):  # the user and the student report (admin_dashboard.selectors.student_report)
        assert api.get(base(client_a) + f"manage-student/{users[0].id}/").status_code == 200


def test_attendance_analytics(admin_a, client_a, in_a, make_user):
    from tenant_apps.dashboard.tests.helpers import at
    from tenant_apps.live_classes.models import Attendance, AttendanceActivity

    # given: 4 active students (one inactive and one instructor don't count)
    api, _ = admin_a
    today = utc_today()
    students = [make_user(client_a) for _ in range(4)]
    make_user(client_a, is_active=False)
    make_user(client_a, role="instructor")
    with in_a():
        lecture = AttendanceActivity.objects.create(title="Lecture", scheduled_time=at(today, 9))
        lab = AttendanceActivity.objects.create(title="Lab", scheduled_time=at(today, 15), is_active=False)
        old = AttendanceActivity.objects.create(title="Old", scheduled_time=at(today - timedelta(days=60)))
        yesterday = AttendanceActivity.objects.create(title="Y", scheduled_time=at(today - timedelta(days=1)))
        for student in students[:3]:
            Attendance.objects.create(activity=lecture, user=student)
        Attendance.objects.create(activity=lab, user=students[0])
        Attendance.objects.create(activity=old, user=students[0])
        Attendance.objects.create(activity=yesterday, user=students[1])
    # when
    body = api.get(base(client_a) + "attendance-analytics/").json()
    day = (today - timedelta(days=1)).isoformat()
    one_day = api.get(base(client_a) + f"attendance-analytics/?start_date={day}&end_date={day}").json()
    # then
    assert (body["total_activities"], body["total_attendance"], body["active_students"]) == (3, 5, 4)
    assert body["attendance_rate"] == 41.67  # 5 of 3 x 4
    assert len(body["daily_breakdown"]) == 30
    assert body["daily_breakdown"][-1] == {
        "date": today.isoformat(),
        "activities": 2,
        "attendance": 4,
        "attendance_rate": 50.0,
    }
    assert one_day["daily_breakdown"] == [{"date": day, "activities": 1, "attendance": 1, "attendance_rate": 25.0}]
    bad = api.get(base(client_a) + "attendance-analytics/?start_date=2026-1-99")
    assert bad.status_code == 400 and "start_date" in bad.json()


@pytest.mark.parametrize("size", [1, 20])
def test_attendance_query_budget(size, admin_a, client_a, in_a, make_user, warm):
    from tenant_apps.dashboard.tests.helpers import at
    from tenant_apps.live_classes.models import Attendance, AttendanceActivity

    api, _ = admin_a
    today = utc_today()
    students = [make_user(client_a) for _ in range(size)]
    with in_a():
        for n in range(size):
            activity = AttendanceActivity.objects.create(title=f"A{n}", scheduled_time=at(today - timedelta(days=n)))
            for student in students:
                Attendance.objects.create(activity=activity, user=student)
    with StatementCount(1 + 2):  # activities with marks per day, active students
        assert api.get(base(client_a) + "attendance-analytics/").json()["total_attendance"] == size * size
