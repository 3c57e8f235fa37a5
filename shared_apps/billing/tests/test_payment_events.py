"""A captured payment is recorded in the client's audit trail and emitted as
``payment.captured`` to the client's webhooks, once, in the transaction that verifies it."""

from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from tenant_apps.assessment.tests.factories import AssessmentFactory
from tenant_apps.audit.models import AuditEvent
from tenant_apps.webhooks.models import WebhookDelivery, WebhookEndpoint
from tenant_apps.webhooks.signing import secret_generate

pytestmark = pytest.mark.django_db


def test_captured_payment_is_audited_and_emitted_once(client_a, client_b, as_user, razorpay_fake):
    # given
    with schema_context(client_a.schema_name):
        AssessmentFactory(slug="paid-test", is_paid=True, amount=Decimal("499.50"))
        WebhookEndpoint.objects.create(
            url="http://127.0.0.1:9/x", events=["payment.captured"], secret=secret_generate()
        )
    api, student = as_user(client_a, phone="9999999999")
    gw = f"/payment-gateway/api/clients/{client_a.id}"
    order_id = api.post(f"{gw}/create-order/", {"type_id": "paid-test", "payment_type": "ASSESSMENT"}).json()[
        "order_id"
    ]
    checkout = razorpay_fake.capture(order_id)
    # when: verified, then replayed
    assert api.post(f"{gw}/verify-payment/", checkout).status_code == 200
    assert api.post(f"{gw}/verify-payment/", checkout).status_code == 200
    # then
    with schema_context(client_a.schema_name):
        (row,) = AuditEvent.objects.filter(action="payment.captured")
        (delivery,) = WebhookDelivery.objects.all()
    assert row.actor_user_id == student.id and row.data["amount"] == "499.50"
    assert row.data["razorpay_payment_id"] == checkout["razorpay_payment_id"]
    assert "razorpay_signature" not in row.data
    assert delivery.event_type == "payment.captured"
    assert delivery.payload["data"]["transaction_id"] == row.target_id
    with schema_context(client_b.schema_name):
        assert not AuditEvent.objects.filter(action="payment.captured").exists()
