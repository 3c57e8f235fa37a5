"""A student's data on request (docs/data-requests.md): the export job and its signed link,
and a client admin's erasure of a student."""

from __future__ import annotations

import io
import json
import time
import uuid
import zipfile
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core import signing
from django.test import Client as DjangoClient
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.billing.models import PaymentTransaction
from tenant_apps.accounts.models import AuthSession, User
from tenant_apps.accounts.tests.factories import DEFAULT_PASSWORD
from tenant_apps.activity.models import ActivityLog, UserActivity
from tenant_apps.admin_dashboard.models import ProgressReset
from tenant_apps.assessment.models import Submission
from tenant_apps.assessment.tests.factories import AssessmentFactory
from tenant_apps.audit.models import AuditEvent
from tenant_apps.dashboard.tests.helpers import contents_of
from tenant_apps.engagement.models import WorkshopRegistration
from tenant_apps.forum.models import Bookmark, Comment, Thread
from tenant_apps.forum.tests.factories import CommentFactory, ThreadFactory
from tenant_apps.live_classes.models import Attendance, AttendanceActivity
from tenant_apps.lms.models import ContentProgress, Enrollment
from tenant_apps.lms.tests.factories import course_build
from tenant_apps.mailing.models import EmailJob, EmailRecipient
from tenant_apps.mock_interviews.models import MockInterview
from tenant_apps.notifications.models import Notification
from tenant_apps.privacy import archive, services
from tenant_apps.privacy.models import DataErasure, DataExport, ExportStatus
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def my_data(client) -> str:
    return f"/api/clients/{client.id}/my-data/exports/"


def erase_path(client, user_id: int) -> str:
    return f"/admin-dashboard/api/clients/{client.id}/manage-student/{user_id}/erase/"


def download(url: str):
    response = DjangoClient().get(url.removeprefix("http://testserver"))
    body = response.getvalue()  # streamed (FileResponse) or not
    return response.status_code, response.headers, body


def give_history(client, user: User, *, tag: str) -> dict:
    """Rows of every kind a student leaves behind, marked with ``tag``."""
    with schema_context(client.schema_name):
        course = course_build(content_types=("Article", "Quiz"))
        Enrollment.objects.create(course=course, user=user)
        content = contents_of(course)[0]
        ContentProgress.objects.create(user=user, content=content, is_completed=True, completed_at=timezone.now())
        UserActivity.objects.create(user=user, course=course, content=content, activity_type="view")
        ActivityLog.objects.create(user=user, action=f"login-{tag}")
        thread = ThreadFactory(author=user, title=f"Thread by {tag}", body=f"Body by {tag}")
        CommentFactory(thread=thread, author=user, body=f"Comment by {tag}")
        Bookmark.objects.create(user=user, thread=thread)
        Notification.objects.create(user=user, title=f"Hello {tag}", message="Welcome")
        assessment = AssessmentFactory()
        Submission.objects.create(
            assessment=assessment, user=user, started_at=timezone.now(), response_sheet={"q1": f"answer-{tag}"}
        )
        MockInterview.objects.create(
            user=user, job_role=f"Engineer {tag}", experience_level="entry", interview_type="technical"
        )
        WorkshopRegistration.objects.create(
            user=user, workshop_name="SQL", workshop_date=timezone.now(), additional_info={"city": f"City-{tag}"}
        )
        activity = AttendanceActivity.objects.create(title="Roll call", scheduled_time=timezone.now())
        Attendance.objects.create(activity=activity, user=user)
        job = EmailJob.objects.create(subject="News", body="Hi")
        EmailRecipient.objects.create(job=job, email=user.email)
    payment = PaymentTransaction.objects.create(
        client=client,
        user_id=user.id,
        payment_type="assessment",
        type_id=str(assessment.id),
        target_key=str(assessment.id),
        base_amount=Decimal("499.00"),
        amount=Decimal("499.00"),
        amount_paise=49900,
        receipt=f"rcpt-{uuid.uuid4().hex[:12]}",
        razorpay_order_id=f"order_{uuid.uuid4().hex[:14]}",
        razorpay_signature="sig-secret-value",
        status="VERIFIED",
    )
    return {"thread": thread, "payment": payment}


def run_export(api, client, django_capture_on_commit_callbacks) -> dict:
    """Request an export; the queued build runs at commit (django-q2 in sync mode)."""
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(my_data(client))
    assert response.status_code == 202, response.json()
    job = response.json()
    assert job["status"] == "pending" and job["job_id"] == job["id"]
    status = api.get(my_data(client) + f"{job['id']}/")
    assert status.status_code == 200
    return status.json()


def read_zip(body: bytes) -> dict[str, Any]:
    """Each JSON file of the archive by name (a list of rows, or the manifest's object)."""
    with zipfile.ZipFile(io.BytesIO(body)) as archive_file:
        return {name: json.loads(archive_file.read(name)) for name in archive_file.namelist()}


class TestExport:
    def test_archive_holds_the_students_rows_and_nobody_elses(
        self, as_user, client_a, make_user, media, django_capture_on_commit_callbacks
    ):
        # given
        api, student = as_user(client_a, phone="+911234567890", first_name="Asha")
        other = make_user(client_a, first_name="Other")
        mine = give_history(client_a, student, tag="mine")
        give_history(client_a, other, tag="theirs")
        # when
        job = run_export(api, client_a, django_capture_on_commit_callbacks)
        # then
        assert job["status"] == "completed" and job["progress"] == 100 and job["attempts"] == 1
        assert job["download_url"].startswith(f"http://testserver/api/clients/{client_a.id}/my-data/exports/download/")
        assert job["link_expires_at"].endswith("Z")
        status, headers, body = download(job["download_url"])
        assert status == 200 and headers["Content-Type"] == "application/zip"
        assert headers["Content-Disposition"].startswith('attachment; filename="data-export-')
        files = read_zip(body)
        # every model pointing at the user has its file, found through the model metadata
        for model, _ in archive.user_models():
            assert f"{model._meta.app_label}.{model._meta.model_name}.json" in files
        assert {"manifest.json", "accounts.user.json", "billing.paymenttransaction.json"} <= set(files)
        assert files["manifest.json"]["user_id"] == student.id
        profile = files["accounts.user.json"]
        assert len(profile) == 1 and profile[0]["email"] == student.email and profile[0]["phone"] == "+911234567890"
        for name, expected in {
            "lms.enrollment.json": 1,
            "lms.contentprogress.json": 1,
            "activity.useractivity.json": 1,
            "activity.activitylog.json": 1,
            "forum.thread.json": 1,
            "forum.comment.json": 1,
            "forum.bookmark.json": 1,
            "notifications.notification.json": 1,
            "assessment.submission.json": 1,
            "mock_interviews.mockinterview.json": 1,
            "engagement.workshopregistration.json": 1,
            "live_classes.attendance.json": 1,
            "mailing.emailrecipient.json": 1,
            "billing.paymenttransaction.json": 1,
        }.items():
            assert len(files[name]) == expected, name
        assert files["forum.thread.json"][0]["title"] == "Thread by mine"
        assert files["assessment.submission.json"][0]["response_sheet"] == {"q1": "answer-mine"}
        payment = files["billing.paymenttransaction.json"][0]
        assert payment["id"] == mine["payment"].id and payment["amount"] == 499.0  # a JSON number
        # nothing of the other student, no credentials
        text = "".join(json.dumps(v) for v in files.values())
        assert "theirs" not in text and other.email not in text
        assert "password" not in profile[0] and "razorpay_signature" not in payment and "sig-secret-value" not in text
        sessions = files["accounts.authsession.json"]
        assert sessions and all("id" not in row for row in sessions)
        with schema_context(client_a.schema_name):
            session = AuthSession.objects.filter(user=student).first()
            assert session is not None
            assert str(session.id) not in text
        assert job["counts"]["lms.enrollment"] == 1

    def test_concurrent_requests_share_one_open_job(self, as_user, client_a, media):
        api, student = as_user(client_a)
        # no commit callbacks run: the job stays pending, as while a worker is busy
        first = api.post(my_data(client_a)).json()
        second = api.post(my_data(client_a)).json()
        assert first["id"] == second["id"]
        with schema_context(client_a.schema_name):
            assert DataExport.objects.filter(user=student).count() == 1
            # the database itself refuses a second open export
            from django.db import IntegrityError, transaction

            with pytest.raises(IntegrityError), transaction.atomic():
                DataExport.objects.create(user=student)

    def test_a_new_export_after_completion_replaces_the_old_archive(
        self, as_user, client_a, media, django_capture_on_commit_callbacks
    ):
        api, _ = as_user(client_a)
        first = run_export(api, client_a, django_capture_on_commit_callbacks)
        second = run_export(api, client_a, django_capture_on_commit_callbacks)
        assert first["id"] != second["id"]
        assert download(first["download_url"])[0] == 404  # only the newest archive is kept
        assert download(second["download_url"])[0] == 200
        listed = api.get(my_data(client_a)).json()
        assert [row["id"] for row in listed] == [second["id"], first["id"]]
        assert listed[1]["download_url"] is None

    def test_tampered_expired_and_foreign_links_are_refused(
        self, as_user, client_a, client_b, media, django_capture_on_commit_callbacks
    ):
        api, student = as_user(client_a)
        job = run_export(api, client_a, django_capture_on_commit_callbacks)
        good = job["download_url"].removeprefix("http://testserver")
        token = good.rstrip("/").rsplit("/", 1)[-1]
        base = "/api/clients/{}/my-data/exports/download/{}/"

        class OldSigner(signing.TimestampSigner):
            def timestamp(self):
                return signing.b62_encode(int(time.time()) - services.link_ttl() - 5)

        stale = OldSigner(salt=services.LINK_SALT).sign_object({"c": client_a.id, "e": job["id"], "u": student.id})
        forged = signing.TimestampSigner(salt="another-salt").sign_object(
            {"c": client_a.id, "e": job["id"], "u": student.id}
        )
        assert download(base.format(client_a.id, stale))[0] == 403
        assert download(base.format(client_a.id, token[:-2] + "xx"))[0] == 403
        assert download(base.format(client_a.id, forged))[0] == 403
        assert download(base.format(client_b.id, token))[0] == 403  # another client's path
        assert download(good)[0] == 200

    def test_roles_tenants_and_missing_jobs(
        self, as_user, client_a, client_b, platform_admin, api, media, django_capture_on_commit_callbacks
    ):
        api_a, _ = as_user(client_a)
        api_b, _ = as_user(client_b)
        root, _ = platform_admin
        job = api_a.post(my_data(client_a)).json()
        assert api.post(my_data(client_a)).status_code == 401
        assert api_b.post(my_data(client_a)).status_code == 401  # B's token on A's path
        assert api_b.get(my_data(client_b) + f"{job['id']}/").status_code == 404  # A's job at B
        other, _ = as_user(client_a)
        assert other.get(my_data(client_a) + f"{job['id']}/").status_code == 404  # someone else's job
        assert api_a.get(my_data(client_a) + f"{uuid.uuid4()}/").status_code == 404
        assert api_a.get(my_data(client_a) + "not-a-uuid/").status_code == 404
        assert root.post(my_data(client_a)).status_code == 403  # a visiting platform admin has no data here
        assert root.get(my_data(client_a)).json() == []

    def test_list_query_budget(self, as_user, client_a, media, api):
        student_api, student = as_user(client_a)
        api.get(f"/api/clients/{client_a.id}/client-info/")  # warm the client cache
        for size in (1, 5):
            with schema_context(client_a.schema_name):
                DataExport.objects.filter(user=student).delete()
                for _ in range(size):
                    DataExport.objects.create(user=student, status=ExportStatus.COMPLETED)
            with StatementCount(2):  # auth, exports
                assert len(student_api.get(my_data(client_a)).json()) == size


class TestBackground:
    def test_a_job_whose_worker_died_is_rebuilt_when_read(
        self, as_user, client_a, media, settings, django_capture_on_commit_callbacks
    ):
        # given: a run claimed the job, wrote part of it and was killed (heartbeat stopped)
        api, student = as_user(client_a)
        job = api.post(my_data(client_a)).json()
        settings.DATA_EXPORT_STALE_SECONDS = 60
        with schema_context(client_a.schema_name):
            DataExport.objects.filter(id=job["id"]).update(
                status=ExportStatus.PROCESSING,
                progress=40,
                attempts=1,
                heartbeat_at=timezone.now() - timedelta(seconds=120),
            )
        # when: the student polls
        with django_capture_on_commit_callbacks(execute=True):
            polled = api.get(my_data(client_a) + f"{job['id']}/").json()
        assert polled["status"] == "processing"  # the answer read before the rebuild ran
        # then
        done = api.get(my_data(client_a) + f"{job['id']}/").json()
        assert done["status"] == "completed" and done["attempts"] == 2 and done["progress"] == 100
        assert download(done["download_url"])[0] == 200

    def test_a_live_run_is_left_alone_and_repeats_do_nothing(
        self, as_user, client_a, media, django_capture_on_commit_callbacks
    ):
        api, student = as_user(client_a)
        job = api.post(my_data(client_a)).json()
        with schema_context(client_a.schema_name):
            DataExport.objects.filter(id=job["id"]).update(
                status=ExportStatus.PROCESSING, attempts=1, heartbeat_at=timezone.now()
            )
            assert services.data_export_build(export_id=job["id"], client_id=client_a.id) is None
            DataExport.objects.filter(id=job["id"]).update(status=ExportStatus.PENDING, heartbeat_at=None)
            first = services.data_export_build(export_id=job["id"], client_id=client_a.id)
            assert first is not None and first.status == ExportStatus.COMPLETED
            assert services.data_export_build(export_id=job["id"], client_id=client_a.id) is None  # a repeat
            assert DataExport.objects.get(id=job["id"]).attempts == 2  # the one claim after the live run

    def test_gives_up_after_too_many_dead_runs(self, as_user, client_a, media, settings):
        api, _ = as_user(client_a)
        job = api.post(my_data(client_a)).json()
        settings.DATA_EXPORT_MAX_ATTEMPTS = 2
        with schema_context(client_a.schema_name):
            DataExport.objects.filter(id=job["id"]).update(
                status=ExportStatus.PROCESSING, attempts=2, heartbeat_at=None
            )
            services.data_export_build(export_id=job["id"], client_id=client_a.id)
        body = api.get(my_data(client_a) + f"{job['id']}/").json()
        assert body["status"] == "failed" and "Gave up after 2 attempts" in body["error"]
        assert body["download_url"] is None


def test_an_export_request_is_audited_once_per_new_job(as_user, client_a, media):
    """The request that creates a job records ``user.data_exported`` (actor and target: the
    student); asking again while it is open answers that job and records nothing new."""
    api, student = as_user(client_a)
    first = api.post(my_data(client_a))
    assert first.status_code == 202
    assert api.post(my_data(client_a)).json()["id"] == first.json()["id"]
    with schema_context(client_a.schema_name):
        (audited,) = AuditEvent.objects.filter(action="user.data_exported")
    assert audited.actor_user_id == student.id and audited.actor_client_id == client_a.id
    assert (audited.target_type, audited.target_id) == ("user", str(student.id))
    assert audited.data == {"export_id": first.json()["id"]}


class TestErasure:
    def test_admin_erases_a_student(
        self, as_user, client_a, make_user, media, api, token_for, django_capture_on_commit_callbacks
    ):
        # given
        admin, admin_user = as_user(client_a, role="admin")
        student_api, student = as_user(
            client_a, first_name="Asha", last_name="Rao", phone="+919999", profile_pic_url="https://x.test/a.png"
        )
        other = make_user(client_a)
        mine = give_history(client_a, student, tag="mine")
        give_history(client_a, other, tag="theirs")
        job = run_export(student_api, client_a, django_capture_on_commit_callbacks)
        old_email = student.email
        # when
        with django_capture_on_commit_callbacks(execute=True):
            response = admin.post(erase_path(client_a, student.id))
        # then
        assert response.status_code == 200, response.json()
        body = response.json()
        assert body["user_id"] == student.id and body["summary"]["accounts.authsession.deleted"] >= 1
        with schema_context(client_a.schema_name):
            erased = User.objects.get(id=student.id)
            assert erased.email.startswith(f"erased-{student.id}-") and erased.email.endswith("@erased.invalid")
            assert (erased.first_name, erased.last_name, erased.phone, erased.profile_pic_url) == (
                "Deleted",
                "user",
                "",
                "",
            )
            assert not erased.has_usable_password() and not erased.is_active and erased.deleted_at
            assert not AuthSession.objects.filter(user=erased).exists()
            assert not Notification.objects.filter(user=erased).exists()
            assert not DataExport.objects.filter(user=erased).exists()
            assert WorkshopRegistration.objects.get(user=erased).additional_info == {}
            assert EmailRecipient.objects.filter(email=erased.email).count() == 1
            assert not EmailRecipient.objects.filter(email=old_email).exists()
            # learning records and forum posts stay, authored by the anonymised account
            assert ContentProgress.objects.filter(user=erased).count() == 1
            assert Submission.objects.filter(user=erased).count() == 1
            thread = Thread.objects.get(id=mine["thread"].id)
            assert thread.author_id == erased.id and Comment.objects.filter(author=erased).count() == 1
            # the other student is untouched
            assert Notification.objects.filter(user=other).count() == 1
            assert User.objects.get(id=other.id).email == other.email
            record = DataErasure.objects.get(user_id=student.id)
            assert record.erased_by_id == admin_user.id and record.erased_by_role == "admin"
            assert old_email not in json.dumps(record.summary)
            # the audit trail names the admin as actor and the student as target
            (audited,) = AuditEvent.objects.filter(action="user.erased")
            assert (audited.actor_user_id, audited.actor_email, audited.actor_role) == (
                admin_user.id,
                admin_user.email,
                "admin",
            )
            assert audited.actor_client_id == client_a.id
            assert (audited.target_type, audited.target_id) == ("user", str(student.id))
            assert audited.data == {"erasure_id": record.id, "summary": record.summary}
            assert old_email not in json.dumps(audited.data)
        # payments are kept, pointing at the anonymised account
        payment = PaymentTransaction.objects.get(id=mine["payment"].id)
        assert payment.user_id == student.id and payment.amount == Decimal("499.00") and payment.status == "VERIFIED"
        # the forum shows the author as "Deleted user"
        detail = admin.get(f"/community-forum/api/clients/{client_a.id}/threads/{mine['thread'].id}/")
        assert detail.status_code == 200
        assert detail.json()["author"]["name"] == "Deleted user" and detail.json()["body"] == "Body by mine"
        # the old token, the old password and the export link are dead
        assert student_api.get(my_data(client_a)).status_code == 401
        login = api.post(
            f"/accounts/clients/{client_a.id}/user/login/", {"email": old_email, "password": DEFAULT_PASSWORD}
        )
        assert login.status_code in (400, 401)
        assert download(job["download_url"])[0] == 404
        # the erasure is listed, and a second erasure finds nobody
        records = admin.get(f"/admin-dashboard/api/clients/{client_a.id}/data-erasures/").json()
        assert [r["user_id"] for r in records] == [student.id]
        assert admin.post(erase_path(client_a, student.id)).status_code == 404

    def test_a_deleted_student_can_still_be_erased(self, as_user, client_a, make_user):
        admin, _ = as_user(client_a, role="admin")
        student = make_user(client_a)
        deleted = admin.delete(f"/admin-dashboard/api/clients/{client_a.id}/manage-student/{student.id}/")
        assert deleted.status_code == 200
        assert admin.post(erase_path(client_a, student.id)).status_code == 200

    def test_roles_and_tenants(self, as_user, client_a, client_b, make_user, platform_admin):
        student = make_user(client_a)
        admin_b, _ = as_user(client_b, role="admin")
        student_api, _ = as_user(client_a)
        instructor, _ = as_user(client_a, role="instructor")
        staff = make_user(client_a, role="instructor")
        assert student_api.post(erase_path(client_a, student.id)).status_code == 403
        assert instructor.post(erase_path(client_a, student.id)).status_code == 403
        assert admin_b.post(erase_path(client_a, student.id)).status_code == 401  # B's admin on A's path
        # on its own path, B's admin reaches only B's users (ids of different schemas collide)
        admin_b.post(erase_path(client_b, student.id))
        with schema_context(client_a.schema_name):
            assert User.objects.get(id=student.id).email == student.email
            assert not DataErasure.objects.exists()
        admin_a, admin_a_user = as_user(client_a, role="admin")
        assert admin_a.post(erase_path(client_a, 999999)).status_code == 404
        assert admin_a.post(erase_path(client_a, staff.id)).status_code == 400  # staff are not erased here
        assert admin_a.post(erase_path(client_a, admin_a_user.id)).status_code == 400
        root, _ = platform_admin
        assert root.post(erase_path(client_a, student.id)).status_code == 200  # platform admins act everywhere

    def test_erasure_list_query_budget(self, as_user, client_a, api):
        admin, _ = as_user(client_a, role="admin")
        api.get(f"/api/clients/{client_a.id}/client-info/")
        for size in (1, 5):
            with schema_context(client_a.schema_name):
                DataErasure.objects.all().delete()
                for n in range(size):
                    DataErasure.objects.create(user_id=n + 1, erased_by_client_id=client_a.id, erased_by_role="admin")
            with StatementCount(2):  # auth, records
                assert len(admin.get(f"/admin-dashboard/api/clients/{client_a.id}/data-erasures/").json()) == size


def test_every_user_model_is_known_to_the_export():
    """The walk finds the models by metadata; the credentials rule hides secrets everywhere."""
    labels = {f"{model._meta.app_label}.{model._meta.model_name}" for model, _ in archive.user_models()}
    assert {
        "accounts.authsession",
        "lms.enrollment",
        "forum.thread",
        "assessment.submission",
        "notifications.notification",
        "live_classes.attendance",
        "privacy.dataexport",
    } <= labels
    for label in services.ERASURE_DELETE | set(services.ERASURE_BLANK):
        assert label in labels, label
    assert "password" not in archive.exported_fields(User)
    assert "razorpay_signature" not in archive.exported_fields(PaymentTransaction)


def reset_path(client, user_id: int) -> str:
    return f"/admin-dashboard/api/clients/{client.id}/manage-student/{user_id}/reset-progress/"


def progress_reset_by(admin, client, student: User, *, note: str) -> None:
    """A progress reset of ``student`` through the admin's own route (recorded even when it
    finds nothing to remove)."""
    response = admin.post(reset_path(client, student.id), {"confirm_email": student.email, "note": note})
    assert response.status_code == 200, response.json()


class TestProgressResets:
    def test_the_archive_holds_the_students_resets_without_the_admins_address(
        self, as_user, client_a, make_user, media, django_capture_on_commit_callbacks
    ):
        # given
        admin, admin_user = as_user(client_a, role="admin")
        student_api, student = as_user(client_a)
        other = make_user(client_a)
        progress_reset_by(admin, client_a, student, note="Fresh start for mine")
        progress_reset_by(admin, client_a, other, note="Fresh start for theirs")
        # when
        job = run_export(student_api, client_a, django_capture_on_commit_callbacks)
        # then
        files = read_zip(download(job["download_url"])[2])
        [row] = files["admin_dashboard.progressreset.json"]
        assert row["student_id"] == student.id and row["note"] == "Fresh start for mine"
        assert row["performed_by_id"] == admin_user.id and row["via"] == "reset_progress"
        assert "performed_by_email" not in row and admin_user.email not in json.dumps(row)
        assert job["counts"]["admin_dashboard.progressreset"] == 1

    def test_erasure_blanks_the_note_and_keeps_the_reset(self, as_user, client_a, make_user):
        # given
        admin, _ = as_user(client_a, role="admin")
        student, other = make_user(client_a), make_user(client_a)
        progress_reset_by(admin, client_a, student, note="Fresh start for mine")
        progress_reset_by(admin, client_a, other, note="Fresh start for theirs")
        # when
        response = admin.post(erase_path(client_a, student.id))
        # then
        assert response.status_code == 200, response.json()
        assert response.json()["summary"]["admin_dashboard.progressreset.blanked"] == 1
        with schema_context(client_a.schema_name):
            [kept] = ProgressReset.objects.filter(student_id=student.id)
            assert kept.note == "" and kept.scope_label and kept.performed_at
            assert ProgressReset.objects.get(student_id=other.id).note == "Fresh start for theirs"
