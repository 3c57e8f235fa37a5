"""A payment confirmed at the same moment by two browser callbacks and the webhook is
credited once. Rows are committed (other connections must see them) and deleted after;
see tenant_apps/assessment/tests/test_concurrency.py for why."""

import uuid
from decimal import Decimal

from django.test import Client as HttpClient
from django_tenants.utils import schema_context

from shared_apps.billing.models import AuditKind, PaymentAudit, PaymentTransaction, WebhookEvent
from tenant_apps.accounts.services import session_start
from tenant_apps.accounts.tests.factories import UserFactory
from tenant_apps.assessment.tests.concurrency import run_together
from tenant_apps.assessment.tests.factories import AssessmentFactory
from tenants.models import Client
from tenants.schema import use_public_schema


def test_simultaneous_verifications_credit_once(django_db_setup, django_db_blocker, razorpay_fake):
    with django_db_blocker.unblock():
        client = Client.objects.get(slug="alpha")
        with schema_context(client.schema_name):
            user = UserFactory()
            assessment = AssessmentFactory(
                slug=f"pay-race-{uuid.uuid4().hex[:8]}", is_paid=True, amount=Decimal("100.00")
            )
            token = session_start(user=user, client_id=client.id).access
        use_public_schema()
        auth = {"Authorization": f"Bearer {token}"}
        base = f"/payment-gateway/api/clients/{client.id}"
        try:
            order = HttpClient().post(
                f"{base}/create-order/",
                {"type_id": assessment.slug, "payment_type": "ASSESSMENT"},
                content_type="application/json",
                headers=auth,
            )
            assert order.status_code == 201
            checkout = razorpay_fake.capture(order.json()["order_id"])
            body = razorpay_fake.webhook(
                "payment.captured", checkout["razorpay_order_id"], checkout["razorpay_payment_id"]
            )
            hook_headers = razorpay_fake.webhook_headers(body)
            hook_headers.pop("Content-Type")

            def verify():
                response = HttpClient().post(
                    f"{base}/verify-payment/", checkout, content_type="application/json", headers=auth
                )
                return response.status_code, response.json()

            def webhook():
                response = HttpClient().post(
                    "/payment-gateway/api/webhook/razorpay/",
                    body,
                    content_type="application/json",
                    headers=hook_headers,
                )
                return response.status_code, response.json()

            results = run_together([verify, verify, webhook])
            assert [status for status, _ in results] == [200, 200, 200], results
            assert results[0][1] == results[1][1] and results[0][1]["status"] == "VERIFIED"
            assert results[2][1]["status"] in ("credited", "already_verified")
            txn = PaymentTransaction.objects.get(razorpay_order_id=checkout["razorpay_order_id"])
            assert txn.status == "VERIFIED"
            assert PaymentAudit.objects.filter(transaction=txn, kind=AuditKind.VERIFIED).count() == 1
        finally:
            txns = PaymentTransaction.objects.filter(client=client, user_id=user.id)
            PaymentAudit.objects.filter(transaction__in=txns).delete()
            WebhookEvent.objects.filter(transaction__in=txns).delete()
            txns.delete()
            with schema_context(client.schema_name):
                assessment.delete()
                user.delete()
            use_public_schema()


def test_simultaneous_create_orders_share_one_open_order(django_db_setup, django_db_blocker, razorpay_fake):
    with django_db_blocker.unblock():
        client = Client.objects.get(slug="alpha")
        with schema_context(client.schema_name):
            user = UserFactory()
            assessment = AssessmentFactory(
                slug=f"order-race-{uuid.uuid4().hex[:8]}", is_paid=True, amount=Decimal("100.00")
            )
            token = session_start(user=user, client_id=client.id).access
        use_public_schema()

        def create_order():
            response = HttpClient().post(
                f"/payment-gateway/api/clients/{client.id}/create-order/",
                {"type_id": assessment.slug, "payment_type": "ASSESSMENT"},
                content_type="application/json",
                headers={"Authorization": f"Bearer {token}"},
            )
            return response.status_code, response.json()

        try:
            results = run_together([create_order, create_order])
            assert [status for status, _ in results] == [201, 201], results
            assert results[0][1]["order_id"] == results[1][1]["order_id"]
            assert PaymentTransaction.objects.filter(client=client, user_id=user.id).count() == 1
        finally:
            txns = PaymentTransaction.objects.filter(client=client, user_id=user.id)
            PaymentAudit.objects.filter(transaction__in=txns).delete()
            txns.delete()
            with schema_context(client.schema_name):
                assessment.delete()
                user.delete()
            use_public_schema()
