"""E-mail jobs over HTTP, delivered to a real SMTP sink on 127.0.0.1."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.mailing.models import EmailJob, EmailRecipient
from tenant_apps.mailing.tests.factories import EmailJobFactory, EmailRecipientFactory
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db


def _jobs_path(client, suffix=""):
    return f"/admin-dashboard/api/clients/{client.id}/email-jobs/{suffix}"


class TestEmailJobSend:
    def test_three_recipients_get_three_messages(self, admin_a, client_a, smtp_sink, send_job):
        # given
        admin, _ = admin_a
        recipients = ["ann@example.test", "bob@example.test", "cy@example.test"]
        # when
        created = send_job(admin, client_a, {"subject": "Hello", "body": "Welcome aboard", "recipients": recipients})
        # then
        assert created.status_code == 201, created.json()
        assert set(created.json()) >= {"task_id", "subject", "status", "created_at"}
        assert sorted(r for m in smtp_sink.messages for r in m.recipients) == recipients
        assert all(len(m.recipients) == 1 and m.subject == "Hello" for m in smtp_sink.messages)
        detail = admin.get(_jobs_path(client_a, f"{created.json()['task_id']}/")).json()
        assert detail["recipients_count"] == 3
        assert detail["sent_count"] == 3
        assert detail["failed_count"] == 0
        assert detail["status"] == "completed"
        assert detail["completed_at"] is not None

    def test_refused_recipient_is_failed_and_resend_sends_only_to_it(
        self, admin_a, client_a, smtp_sink, send_job, django_capture_on_commit_callbacks
    ):
        # given
        admin, _ = admin_a
        smtp_sink.state.refuse.add("ghost@example.test")
        created = send_job(
            admin, client_a, {"subject": "Hi", "body": "x", "recipients": ["ok@example.test", "ghost@example.test"]}
        )
        task_id = created.json()["task_id"]
        detail = admin.get(_jobs_path(client_a, f"{task_id}/")).json()
        assert (detail["sent_count"], detail["failed_count"], detail["status"]) == (1, 1, "completed")
        with schema_context(client_a.schema_name):
            ghost = EmailRecipient.objects.get(email="ghost@example.test")
            assert "550" in ghost.last_error
            assert ghost.attempts == 1  # a 5xx refusal is permanent: no retry
        # when
        smtp_sink.state.refuse.clear()
        with django_capture_on_commit_callbacks(execute=True):
            resent = admin.post(f"/admin-dashboard/api/clients/{client_a.id}/email-resend-jobs/{task_id}/")
        # then
        assert resent.status_code == 200
        assert resent.json() == {"task_id": task_id, "status": "pending", "message": "Email job queued for resending"}
        delivered = [r for m in smtp_sink.messages for r in m.recipients]
        assert delivered == ["ok@example.test", "ghost@example.test"]
        detail = admin.get(_jobs_path(client_a, f"{task_id}/")).json()
        assert (detail["sent_count"], detail["failed_count"], detail["status"]) == (2, 0, "completed")

    def test_resend_without_failures_is_refused(self, admin_a, client_a, smtp_sink, send_job):
        admin, _ = admin_a
        created = send_job(admin, client_a, {"subject": "Hi", "body": "x", "recipients": ["ok@example.test"]})
        response = admin.post(
            f"/admin-dashboard/api/clients/{client_a.id}/email-resend-jobs/{created.json()['task_id']}/"
        )
        assert response.status_code == 400
        assert len(smtp_sink.messages) == 1

    def test_transient_refusal_is_retried(self, admin_a, client_a, smtp_sink, send_job):
        # given: the server answers 451 once for this address
        admin, _ = admin_a
        smtp_sink.state.fail_transiently["busy@example.test"] = 1
        # when
        created = send_job(admin, client_a, {"subject": "Hi", "body": "x", "recipients": ["busy@example.test"]})
        # then
        detail = admin.get(_jobs_path(client_a, f"{created.json()['task_id']}/")).json()
        assert (detail["sent_count"], detail["failed_count"]) == (1, 0)
        assert [m.recipients for m in smtp_sink.messages] == [["busy@example.test"]]
        with schema_context(client_a.schema_name):
            assert EmailRecipient.objects.get().attempts == 2

    def test_transient_refusal_gives_up_after_the_last_try(self, admin_a, client_a, smtp_sink, send_job):
        admin, _ = admin_a
        smtp_sink.state.fail_transiently["busy@example.test"] = 10
        created = send_job(admin, client_a, {"subject": "Hi", "body": "x", "recipients": ["busy@example.test"]})
        detail = admin.get(_jobs_path(client_a, f"{created.json()['task_id']}/")).json()
        assert (detail["sent_count"], detail["failed_count"], detail["status"]) == (0, 1, "failed")
        with schema_context(client_a.schema_name):
            recipient = EmailRecipient.objects.get()
        assert recipient.attempts == 3
        assert "451" in recipient.last_error

    def test_html_body_has_plain_text_alternative(self, admin_a, client_a, smtp_sink, send_job):
        admin, _ = admin_a
        body = "<h1>Big news</h1><p>Classes start <b>Monday</b> &amp; run all week.</p>"
        send_job(admin, client_a, {"subject": "News", "body": body, "recipients": ["ann@example.test"]})
        (received,) = smtp_sink.messages
        message = received.message
        assert message.is_multipart()
        types = [part.get_content_type() for part in message.walk()]
        assert "text/plain" in types and "text/html" in types
        assert received.text().replace("\r\n", "\n").strip() == "Big news\nClasses start Monday & run all week."

    def test_unreachable_server_fails_every_recipient_quickly(self, admin_a, client_a, settings, send_job):
        # given: nothing listens on the port
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
        admin, _ = admin_a
        # when
        created = send_job(
            admin, client_a, {"subject": "Hi", "body": "x", "recipients": ["a@example.test", "b@example.test"]}
        )
        # then: the first recipient used its tries, the second was not attempted
        detail = admin.get(_jobs_path(client_a, f"{created.json()['task_id']}/")).json()
        assert (detail["failed_count"], detail["status"]) == (2, "failed")
        with schema_context(client_a.schema_name):
            assert list(EmailRecipient.objects.values_list("attempts", flat=True)) == [3, 0]


class TestEmailJobValidation:
    @pytest.mark.parametrize(
        ("payload", "field"),
        [
            ({"subject": "Hi", "body": "x", "recipients": ["ok@example.test", "not-an-address"]}, "recipients"),
            ({"subject": "Hi", "body": "x", "recipients": []}, "recipients"),
            ({"subject": "", "body": "x", "recipients": ["ok@example.test"]}, "subject"),
            ({"subject": "Hi", "recipients": ["ok@example.test"]}, "body"),
            ({"subject": "Hi", "body": "x" * 100_001, "recipients": ["ok@example.test"]}, "body"),
        ],
    )
    def test_bad_input_is_400(self, admin_a, client_a, smtp_sink, payload, field, send_job):
        admin, _ = admin_a
        response = send_job(admin, client_a, payload)
        assert response.status_code == 400
        assert field in response.json()
        assert smtp_sink.messages == []
        with schema_context(client_a.schema_name):
            assert not EmailJob.objects.exists()

    def test_duplicate_addresses_get_one_message(self, admin_a, client_a, smtp_sink, send_job):
        admin, _ = admin_a
        send_job(admin, client_a, {"subject": "Hi", "body": "x", "recipients": ["a@example.test", "A@example.test"]})
        assert len(smtp_sink.messages) == 1


class TestEmailJobSchedule:
    def test_future_job_waits_for_its_schedule(self, admin_a, client_a, smtp_sink, send_job):
        # given
        from django_q.models import Schedule
        from django_q.scheduler import scheduler

        admin, _ = admin_a
        when = timezone.now() + timedelta(hours=2)
        # when
        created = send_job(
            admin,
            client_a,
            {"subject": "Later", "body": "x", "recipients": ["ann@example.test"], "scheduled_time": when.isoformat()},
        )
        # then: nothing is sent yet, a one-off schedule waits
        assert created.status_code == 201
        assert created.json()["status"] == "scheduled"
        assert smtp_sink.messages == []
        schedule = Schedule.objects.get(name__contains=created.json()["task_id"])
        assert schedule.next_run == when
        # when the time has come, the cluster's scheduler runs it (synchronously in tests)
        Schedule.objects.filter(id=schedule.id).update(next_run=timezone.now() - timedelta(seconds=1))
        scheduler()
        assert [m.recipients for m in smtp_sink.messages] == [["ann@example.test"]]
        assert not Schedule.objects.filter(id=schedule.id).exists()

    def test_past_scheduled_time_sends_now(self, admin_a, client_a, smtp_sink, send_job):
        admin, _ = admin_a
        when = (timezone.now() - timedelta(minutes=5)).isoformat()
        created = send_job(
            admin, client_a, {"subject": "Now", "body": "x", "recipients": ["a@example.test"], "scheduled_time": when}
        )
        assert created.json()["status"] == "pending"
        assert len(smtp_sink.messages) == 1


class TestEmailJobIdempotency:
    def test_running_the_task_again_sends_nothing_twice(self, client_a, smtp_sink):
        from tenant_apps.mailing.tasks import email_job_send_run

        with schema_context(client_a.schema_name):
            job = EmailJobFactory()
            EmailRecipientFactory(job=job, email="a@example.test")
            EmailRecipientFactory(job=job, email="b@example.test")
        email_job_send_run(client_a.schema_name, str(job.id))
        email_job_send_run(client_a.schema_name, str(job.id))
        assert sorted(r for m in smtp_sink.messages for r in m.recipients) == ["a@example.test", "b@example.test"]

    def test_recipient_interrupted_mid_delivery_is_not_resent_automatically(self, client_a, smtp_sink):
        # given: a worker claimed one recipient and died before recording the outcome
        from tenant_apps.mailing.tasks import email_job_send_run

        with schema_context(client_a.schema_name):
            job = EmailJobFactory(status="processing")
            EmailRecipientFactory(
                job=job, email="a@example.test", status="sending", claimed_at=timezone.now() - timedelta(hours=1)
            )
            EmailRecipientFactory(job=job, email="b@example.test")
        # when: the task is handed out again
        result = email_job_send_run(client_a.schema_name, str(job.id))
        assert result is not None
        # then
        assert [m.recipients for m in smtp_sink.messages] == [["b@example.test"]]
        assert result["status"] == "completed"
        with schema_context(client_a.schema_name):
            interrupted = EmailRecipient.objects.get(email="a@example.test")
        assert interrupted.status == "failed"
        assert "interrupted" in interrupted.last_error

    def test_recipient_claimed_by_a_live_run_is_left_alone(self, client_a, smtp_sink):
        from tenant_apps.mailing.tasks import email_job_send_run

        with schema_context(client_a.schema_name):
            job = EmailJobFactory(status="processing")
            EmailRecipientFactory(job=job, email="a@example.test", status="sending", claimed_at=timezone.now())
        result = email_job_send_run(client_a.schema_name, str(job.id))
        assert result is not None
        assert smtp_sink.messages == []
        assert result["status"] == "processing"


class TestEmailJobAccess:
    def test_student_is_forbidden(self, as_user, client_a):
        student, _ = as_user(client_a)
        assert student.get(_jobs_path(client_a)).status_code == 403
        response = student.post(_jobs_path(client_a), {"subject": "x", "body": "x", "recipients": ["a@example.test"]})
        assert response.status_code == 403

    def test_other_clients_token_is_401(self, admin_a, client_b):
        admin, _ = admin_a
        assert admin.get(_jobs_path(client_b)).status_code == 401

    def test_other_clients_job_is_404(self, as_user, client_a, client_b):
        with schema_context(client_a.schema_name):
            job = EmailJobFactory()
        admin_b, _ = as_user(client_b, role="admin")
        assert admin_b.get(_jobs_path(client_b, f"{job.id}/")).status_code == 404
        assert (
            admin_b.post(f"/admin-dashboard/api/clients/{client_b.id}/email-resend-jobs/{job.id}/").status_code == 404
        )
        assert admin_b.get(_jobs_path(client_b, "not-a-uuid/")).status_code == 404

    def test_platform_admin_may_send_for_a_client(self, platform_admin, client_a, smtp_sink, send_job):
        root, _ = platform_admin
        created = send_job(root, client_a, {"subject": "Hi", "body": "x", "recipients": ["a@example.test"]})
        assert created.status_code == 201
        with schema_context(client_a.schema_name):
            assert EmailJob.objects.get().created_by_id is None
        assert len(smtp_sink.messages) == 1


class TestEmailJobQueryBudget:
    @pytest.mark.parametrize("count", [1, 20])
    def test_list_is_constant(self, admin_a, client_a, count):
        admin, _ = admin_a
        with schema_context(client_a.schema_name):
            EmailJobFactory.create_batch(count)
        admin.get(_jobs_path(client_a))  # warms the cached client lookup
        # the user with its session, the count (the list is paged: X-Total-Count), the jobs, their recipients
        with StatementCount(4):
            response = admin.get(_jobs_path(client_a))
        assert len(response.json()) == count

    @pytest.mark.parametrize("count", [1, 20])
    def test_detail_is_constant(self, admin_a, client_a, count):
        admin, _ = admin_a
        with schema_context(client_a.schema_name):
            job = EmailJobFactory()
            EmailRecipientFactory.create_batch(count, job=job)
        admin.get(_jobs_path(client_a, f"{job.id}/"))
        # the user with its session, the job with its counts, its recipients
        with StatementCount(3):
            response = admin.get(_jobs_path(client_a, f"{job.id}/"))
        assert response.json()["recipients_count"] == count
