"""Events out: endpoints, Standard Webhooks signatures checked by the reference library,
retries with backoff, redelivery, refused private targets, tenant isolation, and a worker
that dies mid-attempt."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from standardwebhooks import Webhook

from tenant_apps.audit.models import AuditEvent
from tenant_apps.webhooks import services
from tenant_apps.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db


def hooks(client) -> str:
    return f"/admin-dashboard/api/clients/{client.id}/webhooks/"


def register(api, client, url, events=("enrollment.created",), **extra) -> dict:
    response = api.post(hooks(client), {"url": url, "events": list(events), **extra})
    assert response.status_code == 201, response.json()
    return response.json()


def emit_in(client, event_type, data, capture) -> int:
    with schema_context(client.schema_name), capture(execute=True):
        return services.emit(event_type, data)


def verified(request, secret) -> dict:
    """The reference implementation accepts our signature (or raises)."""
    headers = {key: value for key, value in request["headers"].items() if key.startswith("webhook-")}
    return Webhook(secret).verify(request["body"], headers)


def rewind(client, **fields) -> None:
    """Move every delivery's clock back: the time a retry waits has passed."""
    with schema_context(client.schema_name):
        for delivery in WebhookDelivery.objects.all():
            for name, delta in fields.items():
                value = getattr(delivery, name)
                if value is not None:
                    WebhookDelivery.objects.filter(id=delivery.id).update(**{name: value - delta})


class TestEndpoints:
    def test_create_shows_the_secret_list_hides_it_reading_it_is_audited(self, client_a, admin_a, receiver):
        # given
        api, admin = admin_a
        # when
        created = register(api, client_a, receiver.url, events=["course.completed", "enrollment.created"])
        listed = api.get(hooks(client_a))
        secret = api.get(f"{hooks(client_a)}{created['id']}/secret/")
        # then
        assert created["secret"].startswith("whsec_") and len(created["secret"]) > 40
        assert created["events"] == ["course.completed", "enrollment.created"] and created["is_active"] is True
        assert listed.status_code == 200 and "secret" not in listed.json()[0]
        assert secret.json() == {"secret": created["secret"]}
        with schema_context(client_a.schema_name):
            rows = AuditEvent.objects.filter(target_type="webhook_endpoint").order_by("id")
            actions = list(rows.values_list("action", "actor_user_id"))
            trail = json.dumps(list(AuditEvent.objects.values_list("data", flat=True)))
        assert actions == [("webhook_endpoint.created", admin.id), ("webhook_endpoint.secret_viewed", admin.id)]
        assert created["secret"] not in trail

    def test_update_delete_and_event_types(self, client_a, admin_a, receiver):
        api, _ = admin_a
        created = register(api, client_a, receiver.url)
        path = f"{hooks(client_a)}{created['id']}/"
        patched = api.patch(path, {"is_active": False, "events": ["payment.captured"]})
        assert patched.status_code == 200
        assert patched.json()["is_active"] is False and patched.json()["events"] == ["payment.captured"]
        for null in ({"url": None}, {"events": None}, {"is_active": None}, {"description": None}):
            response = api.patch(path, null)
            assert response.status_code == 400 and next(iter(null)) in response.json(), response.json()
        types = [row["type"] for row in api.get(hooks(client_a) + "event-types/").json()]
        assert {"user.signed_up", "enrollment.created", "content.completed", "course.completed"} <= set(types)
        assert {"assessment.submitted", "payment.captured", "certificate.issued"} <= set(types)
        assert api.delete(path).status_code == 204
        assert api.get(path).status_code == 404
        assert api.delete(path).status_code == 404

    @pytest.mark.parametrize(
        "body, field",
        [
            ({"url": "ftp://example.com/x", "events": ["enrollment.created"]}, "url"),
            ({"url": "http://user:pw@127.0.0.1/x", "events": ["enrollment.created"]}, "url"),
            ({"url": "http://127.0.0.1:99999/x", "events": ["enrollment.created"]}, "url"),
            ({"url": "http://127.0.0.1/x", "events": ["no.such.event"]}, "events"),
            ({"url": "http://127.0.0.1/x", "events": []}, "events"),
            ({"events": ["enrollment.created"]}, "url"),
            ({"url": "   ", "events": ["enrollment.created"]}, "url"),
        ],
    )
    def test_bad_input_is_400_naming_the_field(self, client_a, admin_a, body, field):
        api, _ = admin_a
        response = api.post(hooks(client_a), body)
        assert response.status_code == 400, response.json()
        assert any(key.split(".")[0] == field for key in response.json()), response.json()

    @pytest.mark.parametrize(
        "url",
        [
            "http://127.0.0.1:8080/hook",
            "http://localhost/hook",
            "http://10.1.2.3/hook",
            "http://172.16.0.9/hook",
            "http://192.168.1.1/hook",
            "http://169.254.169.254/latest/meta-data/",
            "http://100.64.0.1/hook",
            "http://0.0.0.0/hook",
            "http://[::1]/hook",
            "http://[::ffff:127.0.0.1]/hook",
            "http://[fe80::1]/hook",
            "http://240.0.0.1/hook",
        ],
    )
    def test_private_and_loopback_targets_are_refused(self, client_a, admin_a, settings, url):
        # given: no network allowed (production's default)
        settings.WEBHOOK_ALLOWED_NETWORKS = []
        api, _ = admin_a
        # when
        response = api.post(hooks(client_a), {"url": url, "events": ["enrollment.created"]})
        # then
        assert response.status_code == 400 and "public addresses only" in response.json()["url"][0]

    def test_roles_and_tenant_isolation(self, client_a, client_b, admin_a, admin_b, as_user, platform_admin, receiver):
        # given
        api_a, _ = admin_a
        api_b, _ = admin_b
        mine = register(api_a, client_a, receiver.url)
        theirs = register(api_b, client_b, receiver.url)
        with schema_context(client_a.schema_name):
            highest_here = WebhookEndpoint.objects.order_by("-id").values_list("id", flat=True).first() or 0
        while theirs["id"] <= highest_here:  # an id no endpoint of client_a's schema has (each has its own ids)
            theirs = register(api_b, client_b, receiver.url)
        student, _ = as_user(client_a)
        instructor, _ = as_user(client_a, role="instructor")
        root, _ = platform_admin
        # then
        assert api_a.get(hooks(client_b)).status_code == 401
        assert api_a.get(f"{hooks(client_a)}{theirs['id']}/").status_code == 404
        assert api_a.get(f"{hooks(client_a)}{theirs['id']}/secret/").status_code == 404
        assert api_a.get(f"{hooks(client_a)}{theirs['id']}/deliveries/").status_code == 404
        assert student.get(hooks(client_a)).status_code == 403
        refused = instructor.post(hooks(client_a), {"url": receiver.url, "events": ["enrollment.created"]})
        assert refused.status_code == 403
        assert [row["id"] for row in root.get(hooks(client_a)).json()] == [mine["id"]]
        assert [row["id"] for row in api_a.get(hooks(client_a)).json()] == [mine["id"]]


class TestDelivery:
    def test_an_enrollment_is_posted_signed_per_standard_webhooks(
        self, client_a, admin_a, as_user, receiver, django_capture_on_commit_callbacks
    ):
        from tenant_apps.lms.tests.factories import CourseFactory

        # given
        api, _ = admin_a
        endpoint = register(api, client_a, receiver.url, events=["enrollment.created"])
        with schema_context(client_a.schema_name):
            course = CourseFactory(title="Hooked course")
        student_api, student = as_user(client_a)
        # when
        with django_capture_on_commit_callbacks(execute=True):
            enrolled = student_api.post(f"/lms/clients/{client_a.id}/courses/{course.id}/enroll/")
        # then
        assert enrolled.status_code == 201
        (request,) = receiver.requests
        assert request["method"] == "POST" and request["path"] == "/hooks/lms"
        assert request["headers"]["content-type"] == "application/json"
        assert request["headers"]["webhook-id"].startswith("msg_")
        assert request["headers"]["webhook-signature"].startswith("v1,")
        payload = verified(request, endpoint["secret"])
        assert payload["type"] == "enrollment.created"
        assert payload["data"]["course_id"] == course.id and payload["data"]["user_id"] == student.id
        with pytest.raises(Exception):  # a wrong secret does not verify
            verified(request, "whsec_" + "A" * 44)
        log = api.get(f"{hooks(client_a)}{endpoint['id']}/deliveries/").json()
        assert [(d["status"], d["attempts"], d["message_id"]) for d in log] == [
            ("succeeded", 1, request["headers"]["webhook-id"])
        ]
        (attempt,) = log[0]["attempt_log"]
        assert attempt["status_code"] == 200 and attempt["response_snippet"] == "answered 200"
        assert attempt["duration_ms"] >= 0 and attempt["number"] == 1

    def test_only_subscribed_active_endpoints_of_this_client_get_an_event(
        self, client_a, client_b, admin_a, admin_b, receiver, django_capture_on_commit_callbacks
    ):
        # given
        api_a, _ = admin_a
        api_b, _ = admin_b
        register(api_a, client_a, receiver.url, events=["course.completed"])
        register(api_a, client_a, receiver.url, events=["enrollment.created"], is_active=False)
        register(api_b, client_b, receiver.url, events=["enrollment.created"])
        # when
        queued = emit_in(client_a, "enrollment.created", {"n": 1}, django_capture_on_commit_callbacks)
        # then
        assert queued == 0 and receiver.requests == []
        with pytest.raises(ValueError):
            emit_in(client_a, "not.an.event", {}, django_capture_on_commit_callbacks)

    def test_a_failing_endpoint_is_retried_with_growing_delays_then_succeeds(
        self, client_a, admin_a, receiver, django_capture_on_commit_callbacks
    ):
        # given: the receiver fails twice
        api, _ = admin_a
        endpoint = register(api, client_a, receiver.url, events=["content.completed"])
        receiver.statuses = [500, 503]
        # when: the first attempt
        started = timezone.now()
        emit_in(client_a, "content.completed", {"content_id": 7}, django_capture_on_commit_callbacks)
        # then: pending, next try after the first delay (60 s); the sweep leaves it until then
        with schema_context(client_a.schema_name):
            delivery = WebhookDelivery.objects.get()
            assert delivery.status == "pending" and delivery.attempts == 1 and delivery.last_status_code == 500
            assert delivery.next_attempt_at is not None
            assert timedelta(seconds=59) < delivery.next_attempt_at - started < timedelta(seconds=70)
        with django_capture_on_commit_callbacks(execute=True):
            assert services.deliveries_sweep() == {}
        # when: the delay passes, the sweep re-queues it: second attempt fails (503)
        rewind(client_a, next_attempt_at=timedelta(seconds=61))
        second_at = timezone.now()
        assert services.deliveries_sweep() == {client_a.schema_name: 1}
        with schema_context(client_a.schema_name):
            delivery.refresh_from_db()
            assert delivery.status == "pending" and delivery.attempts == 2 and delivery.last_status_code == 503
            assert delivery.next_attempt_at is not None
            assert timedelta(seconds=299) < delivery.next_attempt_at - second_at < timedelta(seconds=310)
        rewind(client_a, next_attempt_at=timedelta(seconds=301))
        services.deliveries_sweep()
        # then: the third succeeds, every attempt carried the same webhook-id and a valid signature
        assert len(receiver.requests) == 3
        assert len({r["headers"]["webhook-id"] for r in receiver.requests}) == 1
        assert all(verified(r, endpoint["secret"])["data"] == {"content_id": 7} for r in receiver.requests)
        log = api.get(f"{hooks(client_a)}{endpoint['id']}/deliveries/").json()[0]
        assert log["status"] == "succeeded" and log["next_attempt_at"] is None
        assert [(a["number"], a["status_code"]) for a in log["attempt_log"]] == [(1, 500), (2, 503), (3, 200)]

    def test_it_fails_for_good_after_the_last_attempt_and_redelivery_sends_it_again(
        self, client_a, admin_a, receiver, settings, django_capture_on_commit_callbacks
    ):
        # given: two attempts in all
        settings.WEBHOOK_RETRY_DELAYS = [0]
        api, admin = admin_a
        endpoint = register(api, client_a, receiver.url, events=["course.completed"])
        receiver.statuses = [500, 500]
        emit_in(client_a, "course.completed", {"course_id": 1}, django_capture_on_commit_callbacks)
        services.deliveries_sweep()
        deliveries = f"{hooks(client_a)}{endpoint['id']}/deliveries/"
        (failed,) = api.get(deliveries).json()
        assert failed["status"] == "failed" and failed["attempts"] == 2
        services.deliveries_sweep()
        assert len(receiver.requests) == 2  # nothing more after the last attempt
        # when: an admin redelivers
        with django_capture_on_commit_callbacks(execute=True):
            redelivered = api.post(f"{deliveries}{failed['id']}/redeliver/")
        # then
        assert redelivered.status_code == 202 and redelivered.json()["message_id"] == failed["message_id"]
        assert len(receiver.requests) == 3
        assert receiver.requests[-1]["headers"]["webhook-id"] == failed["message_id"]
        after = api.get(f"{deliveries}{failed['id']}/").json()
        assert after["status"] == "succeeded" and after["attempts"] == 3
        with schema_context(client_a.schema_name):
            assert AuditEvent.objects.filter(action="webhook_delivery.redelivered", actor_user_id=admin.id).count() == 1
        assert api.post(f"{deliveries}999999/redeliver/").status_code == 404

    def test_the_delivery_log_filters_by_status_and_event_type(
        self, client_a, admin_a, receiver, django_capture_on_commit_callbacks
    ):
        """``DeliveryFilter``: each filter keeps exactly the deliveries it names."""
        api, _ = admin_a
        endpoint = register(api, client_a, receiver.url, events=["course.completed", "enrollment.created"])
        receiver.statuses = [410, 200]
        emit_in(client_a, "course.completed", {}, django_capture_on_commit_callbacks)
        emit_in(client_a, "enrollment.created", {}, django_capture_on_commit_callbacks)
        deliveries = f"{hooks(client_a)}{endpoint['id']}/deliveries/"

        def kinds(query: str) -> list[tuple[str, str]]:
            return sorted((row["event_type"], row["status"]) for row in api.get(deliveries + query).json())

        assert kinds("") == [("course.completed", "failed"), ("enrollment.created", "succeeded")]
        assert kinds("?status=failed") == [("course.completed", "failed")]
        assert kinds("?event_type=enrollment.created") == [("enrollment.created", "succeeded")]
        assert kinds("?status=failed&event_type=enrollment.created") == []
        assert api.get(deliveries + "?status=lost").status_code == 400

    def test_a_410_stops_retries(self, client_a, admin_a, receiver, django_capture_on_commit_callbacks):
        api, _ = admin_a
        register(api, client_a, receiver.url, events=["course.completed"])
        receiver.statuses = [410]
        emit_in(client_a, "course.completed", {}, django_capture_on_commit_callbacks)
        with schema_context(client_a.schema_name):
            assert WebhookDelivery.objects.get().status == "failed"

    def test_delivery_time_check_refuses_a_host_that_now_resolves_privately(
        self, client_a, admin_a, receiver, settings, django_capture_on_commit_callbacks
    ):
        """DNS rebinding: the address is checked again at every attempt, and the
        connection goes to the address checked."""
        # given: registered while 127.0.0.1 was allowed; then it is not
        api, _ = admin_a
        endpoint = register(api, client_a, receiver.url, events=["course.completed"])
        settings.WEBHOOK_ALLOWED_NETWORKS = []
        # when
        emit_in(client_a, "course.completed", {}, django_capture_on_commit_callbacks)
        # then
        assert receiver.requests == []
        (log,) = api.get(f"{hooks(client_a)}{endpoint['id']}/deliveries/").json()
        assert log["status"] == "pending" and "public addresses only" in log["attempt_log"][0]["error"]

    def test_an_attempt_whose_worker_died_is_taken_over_once_stale(
        self, client_a, admin_a, receiver, django_capture_on_commit_callbacks
    ):
        """At least once: a worker killed mid-attempt leaves the delivery ``sending``; no one
        takes it while it may still be live, and after the stale bound the sweep sends it
        again with the same webhook-id, once."""
        # given: an attempt claimed by a worker that then died (the claim committed, nothing else)
        api, _ = admin_a
        endpoint = register(api, client_a, receiver.url, events=["course.completed"])
        with schema_context(client_a.schema_name):
            services.emit("course.completed", {"course_id": 3})  # on_commit not run: the task is lost too
            delivery = WebhookDelivery.objects.get()
            assert services._claim(delivery.id) is not None
        # when: the sweep runs while the claim is fresh
        services.deliveries_sweep()
        assert receiver.requests == []
        # when: the claim goes stale
        rewind(client_a, claimed_at=timedelta(seconds=121))
        services.deliveries_sweep()
        services.deliveries_sweep()
        # then
        assert len(receiver.requests) == 1
        assert receiver.requests[0]["headers"]["webhook-id"] == delivery.message_id
        log = api.get(f"{hooks(client_a)}{endpoint['id']}/deliveries/").json()[0]
        assert log["status"] == "succeeded" and log["attempts"] == 2
        assert [a["number"] for a in log["attempt_log"]] == [2]

    def test_delivery_log_query_count_does_not_grow(
        self, client_a, admin_a, receiver, django_capture_on_commit_callbacks
    ):
        api, _ = admin_a
        endpoint = register(api, client_a, receiver.url, events=["course.completed"])
        path = f"{hooks(client_a)}{endpoint['id']}/deliveries/"
        emit_in(client_a, "course.completed", {}, django_capture_on_commit_callbacks)
        # auth (user + session), endpoint, deliveries, their attempts
        with StatementCount(4):
            one = api.get(path)
        receiver.statuses = [500] * 4
        for _ in range(4):
            emit_in(client_a, "course.completed", {}, django_capture_on_commit_callbacks)
        with StatementCount(4):
            five = api.get(path)
        assert len(one.json()) == 1 and len(five.json()) == 5
        assert sum(len(d["attempt_log"]) for d in five.json()) == 5
        with StatementCount(2):  # auth, endpoints
            api.get(hooks(client_a))
