"""An admin resets a student's progress: which rows really go and which stay, the rollup and
caches the dashboards and leaderboards read, the history and the audit trail, and refusals
that write nothing (docs/real-client.md, "Progress reset")."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.billing.models import PaymentTransaction
from tenant_apps.accounts.models import User
from tenant_apps.activity.models import ActivityLog, DailyActivity, TimeSpent, UserActivity
from tenant_apps.admin_dashboard.models import ProgressReset
from tenant_apps.assessment.models import Submission as AssessmentSubmission
from tenant_apps.assessment.tests.factories import AssessmentFactory
from tenant_apps.audit.models import AuditEvent
from tenant_apps.dashboard.tests.helpers import complete, contents_of, event, log
from tenant_apps.lms.models import ContentProgress, Enrollment, Submission
from tenant_apps.lms.tests.factories import course_build
from tenants.timezone import client_today, client_zone

pytestmark = pytest.mark.django_db

TYPES = ("Article", "Quiz")


def base(client) -> str:
    return f"/admin-dashboard/api/clients/{client.id}/"


def reset_url(client, student_id: int) -> str:
    return base(client) + f"manage-student/{student_id}/reset-progress/"


def learn(student, course, day) -> None:
    """Progress of ``student`` in ``course``: both contents completed (2 marks on the quiz),
    a graded attempt, an event and 10 minutes tracked on the first content."""
    article, quiz = contents_of(course)
    Enrollment.objects.get_or_create(course=course, user=student)
    complete(student, article, day)
    complete(student, quiz, day, best_score="2")
    Submission.objects.create(
        user=student, content=quiz, content_type="Quiz", status="Accepted", score=Decimal("2"), max_score=Decimal("2")
    )
    event(student, day, course=course, content=quiz, activity_type="complete")
    TimeSpent.objects.create(
        user=student, content=article, course=course, date=day, seconds=600, minutes=10
    )  # the rollup is rebuilt by the next helper call or below


def attempt(student, assessment, **fields) -> AssessmentSubmission:
    return AssessmentSubmission.objects.create(
        assessment=assessment,
        user=student,
        status="submitted",
        started_at=timezone.now() - timedelta(hours=1),
        submitted_at=timezone.now(),
        score=Decimal("80"),
        **fields,
    )


@pytest.fixture
def world(client_a, make_user):
    """Two students with progress in two courses, a log entry and platform time each, and
    assessment attempts: a plain one, a paid one (its payment in the billing ledger), a
    redeemed scholarship and one whose referral code another student used."""
    student = make_user(client_a, email="reset.me@x.test")
    other = make_user(client_a, email="other@x.test")
    with schema_context(client_a.schema_name):
        from tenant_apps.activity.rollups import rollups_rebuild

        day = client_today(client_zone())
        python, sql = course_build(content_types=TYPES, title="Python"), course_build(content_types=TYPES, title="SQL")
        for user in (student, other):
            for course in (python, sql):
                learn(user, course, day)
            log(user, day)
            TimeSpent.objects.create(user=user, date=day, on_platform=True, seconds=1200, minutes=20)
        rollups_rebuild(user_ids=[student.id, other.id])
        plain, paid, redeemed, referrer = (
            AssessmentFactory(title="Plain"),
            AssessmentFactory(title="Paid", is_paid=True, amount=Decimal("499.00")),
            AssessmentFactory(title="Redeemed"),
            AssessmentFactory(title="Referrer"),
        )
        attempt(student, plain)
        attempt(student, paid)
        attempt(student, redeemed, is_redeemed=True, redeemed_at=timezone.now())
        code = attempt(student, referrer, referral_code="REFCODE1")
        attempt(other, referrer, referred_by=code, referral_code_used="REFCODE1")
        attempt(other, plain)
    payment = PaymentTransaction.objects.create(
        client=client_a,
        user_id=student.id,
        payment_type="ASSESSMENT",
        type_id=str(paid.id),
        target_key=str(paid.id),
        base_amount=Decimal("499.00"),
        amount=Decimal("499.00"),
        amount_paise=49900,
        receipt=f"rcpt-{uuid.uuid4().hex[:12]}",
        razorpay_order_id=f"order_{uuid.uuid4().hex[:14]}",
        status="VERIFIED",
    )
    return {
        "student": student,
        "other": other,
        "python": python,
        "sql": sql,
        "day": day,
        "payment": payment,
        "assessments": {"plain": plain, "paid": paid, "redeemed": redeemed, "referrer": referrer},
    }


def rows_of(client, user) -> dict[str, int]:
    with schema_context(client.schema_name):
        return {
            "content_progress": ContentProgress.objects.filter(user=user).count(),
            "content_submissions": Submission.objects.filter(user=user).count(),
            "activities": UserActivity.objects.filter(user=user).count(),
            "activity_log": ActivityLog.objects.filter(user=user).count(),
            "time_tracking": TimeSpent.objects.filter(user=user).count(),
            "assessment_submissions": AssessmentSubmission.objects.filter(user=user).count(),
            "enrollments": Enrollment.objects.filter(user=user).count(),
        }


def rollup_of(client, user) -> list[tuple]:
    with schema_context(client.schema_name):
        return list(DailyActivity.objects.filter(user=user).values_list("day", "events", "seconds", "minutes"))


def test_a_full_reset_removes_the_students_progress_and_nothing_else(as_user, client_a, world):
    # given
    admin, admin_user = as_user(client_a, role="admin")
    student, other = world["student"], world["other"]
    other_before, other_rollup = rows_of(client_a, other), rollup_of(client_a, other)
    assert rows_of(client_a, student) == {
        "content_progress": 4,
        "content_submissions": 2,
        "activities": 2,
        "activity_log": 1,
        "time_tracking": 3,
        "assessment_submissions": 4,
        "enrollments": 2,
    }

    # when
    response = admin.post(
        reset_url(client_a, student.id), {"confirm_email": " Reset.Me@x.test ", "note": "asked to start over"}
    )

    # then: the student's progress is gone; enrollments, the redeemed and the referrer attempt stay
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["counts"] == {
        "content_progress": 4,
        "content_submissions": 2,
        "activities": 2,
        "activity_log": 1,
        "time_tracking": 3,
        "assessment_submissions": 2,
    }
    assert body["total"] == 14 and body["note"] == "asked to start over"
    assert rows_of(client_a, student) == {
        "content_progress": 0,
        "content_submissions": 0,
        "activities": 0,
        "activity_log": 0,
        "time_tracking": 0,
        "assessment_submissions": 2,
        "enrollments": 2,
    }
    with schema_context(client_a.schema_name):
        kept = set(AssessmentSubmission.objects.filter(user=student).values_list("assessment__title", flat=True))
        assert kept == {"Redeemed", "Referrer"}
        # the referral of the other student still points at the kept attempt
        assert AssessmentSubmission.objects.get(user=other, assessment__title="Referrer").referred_by_id is not None
    assert rollup_of(client_a, student) == []
    # the other student is untouched, rows and rollup
    assert rows_of(client_a, other) == other_before and rollup_of(client_a, other) == other_rollup
    # the payment is untouched, so the paid assessment may be started again without paying
    world["payment"].refresh_from_db()
    assert world["payment"].status == "VERIFIED"
    assert PaymentTransaction.objects.filter(user_id=student.id, client=client_a).count() == 1
    # recorded: history and audit
    with schema_context(client_a.schema_name):
        reset = ProgressReset.objects.get()
        assert (reset.student_id, reset.total, reset.via) == (student.id, 14, "reset_progress")
        assert (reset.performed_by_id, reset.performed_by_email) == (admin_user.id, admin_user.email)
        assert reset.scope == {
            "adaptive": True,
            "assessments": True,
            "course_ids": None,
            "assessment_ids": None,
            "activity_only": False,
        }
        audit = AuditEvent.objects.get(action="user.progress_reset")
        assert audit.target_id == str(student.id) and audit.data["total"] == 14
        assert audit.data["counts"]["assessment_submissions"] == 2


def test_a_course_reset_keeps_other_courses_the_log_and_platform_time(as_user, client_a, world):
    # given
    admin, _ = as_user(client_a, role="admin")
    student, python, sql = world["student"], world["python"], world["sql"]

    # when
    response = admin.post(
        reset_url(client_a, student.id),
        {"course_ids": [python.id], "assessments": False, "confirm_email": student.email},
    )

    # then
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["counts"] == {
        "content_progress": 2,
        "content_submissions": 1,
        "activities": 1,
        "activity_log": 0,
        "time_tracking": 1,
    }
    assert [(c["course_id"], c["course_title"], c["total"]) for c in body["courses"]] == [(python.id, "Python", 5)]
    with schema_context(client_a.schema_name):
        assert not ContentProgress.objects.filter(user=student, content__submodule__module__course=python).exists()
        assert ContentProgress.objects.filter(user=student, content__submodule__module__course=sql).count() == 2
        assert Submission.objects.filter(user=student).count() == 1
        assert UserActivity.objects.filter(user=student, course=sql).count() == 1
        assert ActivityLog.objects.filter(user=student).count() == 1
        assert TimeSpent.objects.filter(user=student, on_platform=True).count() == 1
        assert AssessmentSubmission.objects.filter(user=student).count() == 4
    # the rollup equals a rebuild from what is left: 1 event + 1 log entry, 10 + 20 minutes
    assert rollup_of(client_a, student) == [(world["day"], 2, 1800, 30)]


def test_leaderboards_and_reports_reflect_the_reset_at_once(as_user, client_a, world, token_for, api):
    # given: the course leaderboard and the admin report read (and cached) before the reset
    admin, _ = as_user(client_a, role="admin")
    student, other, python = world["student"], world["other"], world["python"]
    board_url = f"/lms/clients/{client_a.id}/courses/{python.id}/leaderboard/"
    viewer = api.with_token(token_for(other, client_a))

    def scores() -> dict[int, float]:
        response = viewer.get(board_url)
        assert response.status_code == 200, response.json()
        return {row["user"]["id"]: row["score"] for row in response.json()}

    def overall() -> dict[int, float]:
        rows = viewer.get(f"/api/clients/{client_a.id}/overall-leaderboard/").json()
        return {row["id"]: row["score"] for row in rows}

    before = scores()
    assert before[student.id] == before[other.id] == 22.0
    assert overall()[student.id] == overall()[other.id] == 44.0
    report = base(client_a) + f"manage-student/{student.id}/"
    assert admin.get(report).json()["academic_summary"]["total_marks"] == 4.0

    # when
    assert admin.post(reset_url(client_a, student.id), {"confirm_email": student.email}).status_code == 200

    # then: the next reads count nothing for the student, and the other student is unchanged
    after = scores()
    assert after.get(student.id, 0) == 0 and after[other.id] == 22.0
    assert overall().get(student.id, 0) == 0 and overall()[other.id] == 44.0
    summary = admin.get(report).json()["academic_summary"]
    assert summary["total_marks"] == 0 and summary["total_activities"] == 0
    assert summary["total_time_spent"]["value"] == 0


def test_refusals_write_nothing(as_user, client_a, client_b, world, make_user, token_for, api):
    # given
    admin, _ = as_user(client_a, role="admin")
    student = world["student"]
    before = rows_of(client_a, student)
    url = reset_url(client_a, student.id)
    instructor, _ = as_user(client_a, role="instructor")
    learner = api.with_token(token_for(student, client_a))
    admin_b, _ = as_user(client_b, role="admin")

    # when / then: a wrong address, nothing selected, bad ids, roles, another client
    wrong = admin.post(url, {"confirm_email": "other@x.test"})
    assert wrong.status_code == 400 and "confirm_email" in wrong.json()
    nothing = admin.post(url, {"adaptive": False, "assessments": False, "confirm_email": student.email})
    assert nothing.status_code == 400
    for body in (
        {"course_ids": [999_999], "confirm_email": student.email},
        {"course_ids": [10**20], "confirm_email": student.email},
        {"course_ids": [0], "confirm_email": student.email},
        {"course_ids": "1", "confirm_email": student.email},
        {"assessment_ids": [999_999], "confirm_email": student.email},
        {"adaptive": [], "confirm_email": student.email},
        {"confirm_email": student.email + "\u0000"},
        {"confirm_email": student.email, "note": "x\u0000"},
        {"confirm_email": student.email, "note": "x" * 1001},
        {"note": "missing address"},
    ):
        response = admin.post(url, body)
        assert response.status_code == 400, (body, response.json())
    assert instructor.post(url, {"confirm_email": student.email}).status_code == 403
    assert learner.post(url, {"confirm_email": student.email}).status_code == 403
    assert admin_b.post(url, {"confirm_email": student.email}).status_code in (401, 403)
    with schema_context(client_a.schema_name):
        highest_here = User.objects.order_by("-id").values_list("id", flat=True).first() or 0
    foreign = make_user(client_b, email="foreign@x.test")
    while foreign.id <= highest_here:  # an id no user of client_a's schema has
        foreign = make_user(client_b)
    assert admin.post(reset_url(client_a, foreign.id), {"confirm_email": foreign.email}).status_code == 404
    assert rows_of(client_a, student) == before
    with schema_context(client_a.schema_name):
        assert not ProgressReset.objects.exists()
        assert not AuditEvent.objects.filter(action="user.progress_reset").exists()


def test_the_drawer_action_clears_one_courses_activity_and_keeps_its_progress(as_user, client_a, world):
    # given
    admin, _ = as_user(client_a, role="admin")
    student, python, sql = world["student"], world["python"], world["sql"]
    url = base(client_a) + f"manage-student/{student.id}/"

    # when: without a course, and with an unknown one, it is refused
    everything = admin.post(url, {"action": "reset_progress"})
    unknown = admin.post(url, {"action": "reset_progress", "course_id": 999_999})
    done = admin.post(url, {"action": "reset_progress", "course_id": python.id})

    # then: the course's events and tracked time go; completions, scores, attempts stay
    assert everything.status_code == 400 and "course_id" in everything.json()
    assert unknown.status_code == 400 and "course_id" in unknown.json()
    assert done.status_code == 200 and done.json()["id"] == student.id
    with schema_context(client_a.schema_name):
        assert not UserActivity.objects.filter(user=student, course=python).exists()
        assert not TimeSpent.objects.filter(user=student, course=python).exists()
        assert UserActivity.objects.filter(user=student, course=sql).count() == 1
        assert TimeSpent.objects.filter(user=student, course=sql).count() == 1
        assert ContentProgress.objects.filter(user=student).count() == 4
        assert Submission.objects.filter(user=student).count() == 2
        assert AssessmentSubmission.objects.filter(user=student).count() == 4
        [reset] = ProgressReset.objects.all()
        assert reset.via == "student_action" and reset.scope["course_ids"] == [python.id]
        assert reset.scope["activity_only"] is True
        assert reset.counts == {"activities": 1, "activity_log": 0, "time_tracking": 1} and reset.total == 2
    # the rollup is rebuilt: the SQL event, the log entry; the SQL and platform minutes
    assert rollup_of(client_a, student) == [(world["day"], 2, 1800, 30)]


def test_a_platform_admin_may_reset_and_is_named_in_the_history(platform_admin, client_a, world):
    # given
    api, root = platform_admin
    student = world["student"]

    # when
    response = api.post(reset_url(client_a, student.id), {"assessments": False, "confirm_email": student.email})
    history = api.get(base(client_a) + f"manage-student/{student.id}/reset-history/").json()

    # then
    assert response.status_code == 200, response.json()
    assert history["results"][0]["performed_by"] == root.email == "root@platform.test"
    with schema_context(client_a.schema_name):
        reset = ProgressReset.objects.get()
        assert reset.performed_by_id is None and reset.performed_by_is_platform_admin
