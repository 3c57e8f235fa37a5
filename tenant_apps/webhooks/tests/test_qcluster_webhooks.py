"""A real ``manage.py qcluster`` killed (SIGKILL) while its worker is posting a webhook: the
delivery is not lost, and reaches the receiver again once, with the same ``webhook-id``.

Rows are committed (the worker is another process) through ``django_db_blocker`` and
deleted at the end, as in ``shared_apps/operations/tests/test_qcluster.py``."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.operations.tests.test_qcluster import Cluster
from tenants.schema import use_public_schema
from tests.fakes.http import FakeHttpServer

pytestmark = pytest.mark.slow
WAIT_SECONDS = 40


def wait_for(predicate, what: str, cluster: Cluster | None = None) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if predicate():
            return
        if cluster is not None:
            cluster.check_alive()
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def committed(django_db_setup, django_db_blocker, monkeypatch):
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", False)
    started = timezone.now()
    with django_db_blocker.unblock():
        yield connection.settings_dict["NAME"]
        from django_q.models import OrmQ, Task

        Task.objects.filter(started__gte=started).delete()
        OrmQ.objects.all().delete()
        use_public_schema()


def test_a_killed_worker_neither_loses_nor_multiplies_a_delivery(committed, settings):
    from tenant_apps.webhooks import services
    from tenant_apps.webhooks.models import WebhookDelivery, WebhookEndpoint
    from tenant_apps.webhooks.signing import secret_generate
    from tenants.models import Client

    # given: a receiver that holds the first POST (the worker dies while waiting for it)
    arrived, release = threading.Event(), threading.Event()
    seen: list[str] = []

    def handle(method, path, headers, body):
        seen.append(headers["webhook-id"])
        if len(seen) == 1:
            arrived.set()
            release.wait(30)
        return 200, {}, "ok"

    settings.WEBHOOK_SENDING_STALE_SECONDS = 3  # here (the sweep) and in the clusters (env)
    alpha = Client.objects.get(slug="alpha")
    with FakeHttpServer(handle) as receiver, schema_context(alpha.schema_name):
        endpoint = WebhookEndpoint.objects.create(
            url=receiver.url + "/in", events=["course.completed"], secret=secret_generate()
        )
        first = Cluster(committed, 0, WEBHOOK_SENDING_STALE_SECONDS="3").start()
        second = None
        try:
            with transaction.atomic():
                services.emit("course.completed", {"course_id": 1})
            delivery = WebhookDelivery.objects.get(endpoint=endpoint)
            wait_for(arrived.is_set, "the first POST", first)
            delivery.refresh_from_db()
            assert delivery.status == "sending" and delivery.attempts == 1
            # when: the whole cluster is killed mid-attempt, then a new one starts
            first.kill()
            release.set()
            second = Cluster(committed, 0, WEBHOOK_SENDING_STALE_SECONDS="3").start()
            time.sleep(3.5)  # the claim goes stale
            with schema_context("public"):
                queued = services.deliveries_sweep()
            assert queued == {alpha.schema_name: 1}
            wait_for(
                lambda: WebhookDelivery.objects.get(id=delivery.id).status == "succeeded", "the redelivery", second
            )
            time.sleep(2)  # anything else queued would have arrived by now
            # then: at least once, and no more than the one retry, with the same webhook-id
            delivery.refresh_from_db()
            assert seen == [delivery.message_id, delivery.message_id]
            assert delivery.attempts == 2
            assert list(delivery.attempt_log.values_list("number", "status_code")) == [(2, 200)]
        finally:
            release.set()
            first.stop()
            if second is not None:
                second.stop()
            endpoint.delete()
