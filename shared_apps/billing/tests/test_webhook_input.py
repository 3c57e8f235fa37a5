"""A correctly signed Razorpay webhook whose body is not the expected shape is a 400
naming the field, and nothing is stored (it was a 500: ``'list' object has no attribute
'get'``, or a jsonb error for ``\\u0000``)."""

import json

import pytest

from core.untrusted_input import NUL_MESSAGE, TOO_DEEP_MESSAGE
from shared_apps.billing.models import PaymentAudit, WebhookEvent

WEBHOOK = "/payment-gateway/api/webhook/razorpay/"


def post_signed(api, fake, body: bytes):
    headers = fake.webhook_headers(body, event_id="evt_odd")
    return api._client.post(
        WEBHOOK,
        data=body,
        content_type="application/json",
        headers={k: v for k, v in headers.items() if k != "Content-Type"},
    )


@pytest.mark.parametrize(
    ("event", "field"),
    [
        ({"event": "payment.captured", "payload": []}, "payload"),
        ({"event": "payment.captured", "payload": "x"}, "payload"),
        ({"event": "payment.captured", "payload": {"payment": [1]}}, "payload.payment"),
        ({"event": "payment.captured", "payload": {"payment": {"entity": "x"}}}, "payload.payment.entity"),
        ({"event": ["payment.captured"], "payload": {}}, "event"),
        ([1], "non_field_errors"),
    ],
)
def test_a_signed_webhook_of_the_wrong_shape_is_a_field_error(api, razorpay_fake, event, field):
    response = post_signed(api, razorpay_fake, json.dumps(event).encode())

    assert response.status_code == 400, response.content
    body = response.json()
    assert isinstance(body[field], list) and body[field], body
    assert isinstance(body["detail"], str)
    assert not WebhookEvent.objects.exists()


def test_a_signed_webhook_with_a_nul_is_a_field_error(api, razorpay_fake):
    body = json.dumps({"event": "payment.captured", "payload": {"payment": {"entity": {"id": "pay_\x00"}}}})

    response = post_signed(api, razorpay_fake, body.encode())

    assert response.status_code == 400
    assert response.json()["payload.payment.entity.id"] == [NUL_MESSAGE]
    assert not WebhookEvent.objects.exists()


def test_a_signed_webhook_nested_too_deep_is_a_field_error(api, razorpay_fake):
    body = ('{"event": "x", "payload": ' + "[" * 3000 + "]" * 3000 + "}").encode()

    response = post_signed(api, razorpay_fake, body)

    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [TOO_DEEP_MESSAGE]
    assert not WebhookEvent.objects.exists()


def test_an_unknown_event_of_the_right_shape_is_still_recorded(api, razorpay_fake):
    body = json.dumps({"event": "refund.created", "payload": {"refund": {"entity": {"id": "rfnd_1"}}}}).encode()

    response = post_signed(api, razorpay_fake, body)

    assert response.status_code == 200 and response.json() == {"status": "ignored"}
    assert WebhookEvent.objects.get().event == "refund.created"
    assert not PaymentAudit.objects.filter(kind="webhook_signature_invalid").exists()
