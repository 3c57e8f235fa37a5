"""The sweep that finishes e-mail jobs whose worker died (tasks run in-process)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.mailing import services
from tenant_apps.mailing.models import EmailJob, EmailRecipient
from tenant_apps.mailing.tasks import email_jobs_sweep_run
from tenant_apps.mailing.tests.factories import EmailJobFactory, EmailRecipientFactory

pytestmark = pytest.mark.django_db

LONG_AGO = timedelta(hours=1)


def _stuck_job(*, statuses: dict[str, str], job_status: str = "processing", age: timedelta = LONG_AGO, attempts=1):
    """A job as a killed worker leaves it: rows untouched for ``age``."""
    then = timezone.now() - age
    job = EmailJobFactory(status=job_status, attempts=attempts)
    for email, status in statuses.items():
        EmailRecipientFactory(
            job=job,
            email=email,
            status=status,
            claimed_at=then if status != "pending" else None,
            sent_at=then if status == "sent" else None,
        )
    EmailJob.objects.filter(id=job.id).update(updated_at=then, started_at=then)
    return job


def _detail(api, client, job):
    return api.get(f"/admin-dashboard/api/clients/{client.id}/email-jobs/{job.id}/").json()


def _counts(detail):
    return detail["status"], detail["sent_count"], detail["failed_count"], detail["pending_count"]


class SweepTests:
    def test_a_job_left_processing_by_a_killed_worker_is_finished_and_resend_works(
        self, admin_a, client_a, smtp_sink, django_capture_on_commit_callbacks
    ):
        # given: the worker died while delivering to the third recipient
        admin, _ = admin_a
        with schema_context(client_a.schema_name):
            job = _stuck_job(statuses={"one@x.test": "sent", "two@x.test": "sent", "three@x.test": "sending"})
        resend = f"/admin-dashboard/api/clients/{client_a.id}/email-resend-jobs/{job.id}/"
        assert _counts(_detail(admin, client_a, job)) == ("processing", 2, 0, 1)
        assert admin.post(resend).status_code == 400  # the defect: nothing_to_resend

        # when
        outcome = email_jobs_sweep_run()

        # then: a final status with true counts; the interrupted one is failed, not resent
        assert outcome["finished"] == 1 and outcome["schemas"] >= 2
        detail = _detail(admin, client_a, job)
        assert _counts(detail) == ("completed", 2, 1, 0)
        assert detail["completed_at"] is not None
        with schema_context(client_a.schema_name):
            assert EmailRecipient.objects.get(email="three@x.test").last_error == services.INTERRUPTED
        assert smtp_sink.messages == []
        # and an admin's resend delivers exactly what was never confirmed
        with django_capture_on_commit_callbacks(execute=True):
            assert admin.post(resend).status_code == 200
        assert [m.recipients for m in smtp_sink.messages] == [["three@x.test"]]
        assert _counts(_detail(admin, client_a, job)) == ("completed", 3, 0, 0)

    def test_never_tried_recipients_are_queued_again(
        self, admin_a, client_a, smtp_sink, django_capture_on_commit_callbacks
    ):
        admin, _ = admin_a
        with schema_context(client_a.schema_name):
            job = _stuck_job(statuses={"one@x.test": "sent", "two@x.test": "pending", "three@x.test": "pending"})

        with django_capture_on_commit_callbacks(execute=True):
            outcome = email_jobs_sweep_run()

        assert outcome["requeued"] == 1
        assert sorted(r for m in smtp_sink.messages for r in m.recipients) == ["three@x.test", "two@x.test"]
        assert _counts(_detail(admin, client_a, job)) == ("completed", 3, 0, 0)
        with schema_context(client_a.schema_name):
            assert EmailJob.objects.get(id=job.id).attempts == 2

    def test_gives_up_after_max_attempts_and_resend_still_works(self, admin_a, client_a, settings, smtp_sink):
        settings.MAILING_MAX_ATTEMPTS = 3
        admin, _ = admin_a
        with schema_context(client_a.schema_name):
            job = _stuck_job(statuses={"one@x.test": "sending", "two@x.test": "pending"}, attempts=3)

        email_jobs_sweep_run()

        assert _counts(_detail(admin, client_a, job)) == ("failed", 0, 2, 0)
        with schema_context(client_a.schema_name):
            two = EmailRecipient.objects.get(email="two@x.test")
        assert two.last_error.startswith("Not sent: delivery runs of this job stopped 3 times")
        assert smtp_sink.messages == []
        resent = admin.post(f"/admin-dashboard/api/clients/{client_a.id}/email-resend-jobs/{job.id}/")
        assert resent.status_code == 200
        with schema_context(client_a.schema_name):
            assert EmailJob.objects.get(id=job.id).attempts == 0

    def test_a_lost_pending_job_is_queued_again(self, admin_a, client_a, smtp_sink, django_capture_on_commit_callbacks):
        admin, _ = admin_a
        with schema_context(client_a.schema_name):
            job = _stuck_job(statuses={"one@x.test": "pending"}, job_status="pending", attempts=0)

        with django_capture_on_commit_callbacks(execute=True):
            email_jobs_sweep_run()

        assert _counts(_detail(admin, client_a, job)) == ("completed", 1, 0, 0)

    def test_live_and_finished_jobs_are_left_alone(self, client_a, smtp_sink, settings):
        settings.Q_CLUSTER = {**settings.Q_CLUSTER, "timeout": 100}
        with schema_context(client_a.schema_name):
            # a run that started 2 minutes ago may still be alive (timeout 100 s + 30 s)
            live = _stuck_job(statuses={"one@x.test": "sending"}, age=timedelta(seconds=120))
            done = _stuck_job(statuses={"two@x.test": "sent"}, job_status="completed")
            scheduled = _stuck_job(statuses={"three@x.test": "pending"}, job_status="scheduled")
            before = list(EmailRecipient.objects.order_by("id").values_list("status", "last_error"))

        assert email_jobs_sweep_run() == {"schemas": 2, "finished": 0, "requeued": 0}

        with schema_context(client_a.schema_name):
            assert list(EmailRecipient.objects.order_by("id").values_list("status", "last_error")) == before
            statuses = dict(EmailJob.objects.values_list("id", "status"))
        assert [statuses[j.id] for j in (live, done, scheduled)] == ["processing", "completed", "scheduled"]

    def test_the_bound_follows_the_cluster_timeout(self, client_a, settings):
        settings.Q_CLUSTER = {**settings.Q_CLUSTER, "timeout": 100}
        assert services.job_stale_after() == timedelta(seconds=130)
        with schema_context(client_a.schema_name):
            _stuck_job(statuses={"one@x.test": "sending"}, age=timedelta(seconds=140))

        assert email_jobs_sweep_run()["finished"] == 1

    def test_every_client_schema_is_swept(self, client_a, client_b):
        jobs = {}
        for client in (client_a, client_b):
            with schema_context(client.schema_name):
                jobs[client.schema_name] = _stuck_job(statuses={"one@x.test": "sending"}).id

        assert email_jobs_sweep_run()["finished"] == 2

        for schema_name, job_id in jobs.items():
            with schema_context(schema_name):
                assert EmailJob.objects.get(id=job_id).status == "failed"


def test_the_sweep_is_scheduled_by_a_migration(db):
    from django_q.models import Schedule

    schedule = Schedule.objects.get(func="tenant_apps.mailing.tasks.email_jobs_sweep_run")

    assert (schedule.schedule_type, schedule.minutes, schedule.repeats) == ("I", 5, -1)
