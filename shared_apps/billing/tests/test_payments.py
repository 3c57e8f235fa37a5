"""Payments against a Razorpay-compatible server on 127.0.0.1, driven by the real SDK."""

import base64
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone
from django_q.models import Schedule
from django_tenants.utils import schema_context

from shared_apps.billing import tasks
from shared_apps.billing.models import AuditKind, PaymentAudit, PaymentTransaction, WebhookEvent
from tenant_apps.assessment.tests.factories import AssessmentFactory, assessment_full, sheet
from tests.fakes.razorpay import hmac_sha256

pytestmark = pytest.mark.django_db

WEBHOOK = "/payment-gateway/api/webhook/razorpay/"


def gw(client) -> str:
    return f"/payment-gateway/api/clients/{client.id}"


@pytest.fixture
def paid(client_a):
    with schema_context(client_a.schema_name):
        return AssessmentFactory(slug="paid-test", title="Paid test", is_paid=True, amount=Decimal("499.50"))


@pytest.fixture
def student(client_a, as_user):
    return as_user(client_a, phone="9999999999")


def order_for(api, client, slug="paid-test", **extra):
    return api.post(f"{gw(client)}/create-order/", {"type_id": slug, "payment_type": "ASSESSMENT", **extra})


class TestCreateOrder:
    def test_creates_a_razorpay_order_at_the_servers_price(self, client_a, student, paid, razorpay_fake):
        # given
        api, user = student
        # when: the real client sends only type_id, payment_type and notes
        response = order_for(api, client_a, notes={"source": "web"})
        # then: Checkout options, amount in paise
        assert response.status_code == 201
        body = response.json()
        assert body["amount"] == 49950 and body["amount_rupees"] == 499.50 and body["currency"] == "INR"
        assert body["key"] == "rzp_test_k1" and body["order_id"].startswith("order_")
        assert body["name"] == client_a.name and body["description"] == "Paid test"
        assert body["prefill"] == {"name": user.user_name, "email": user.email, "contact": "9999999999"}
        # and the SDK called the fake with Basic auth, paise, receipt and notes
        [sent] = razorpay_fake.server.requests
        assert sent["method"] == "POST" and sent["path"] == "/v1/orders"
        assert sent["headers"]["authorization"] == "Basic " + base64.b64encode(b"rzp_test_k1:k1_secret").decode()
        order = json.loads(sent["body"])
        assert order["amount"] == 49950 and order["currency"] == "INR" and order["receipt"] == body["receipt"]
        assert order["notes"] == {
            "source": "web",
            "client_id": str(client_a.id),
            "user_id": str(user.id),
            "payment_type": "ASSESSMENT",
            "type_id": "paid-test",
            "target_key": str(paid.id),
        }

    def test_the_ledger_row_is_in_the_public_schema(self, client_a, student, paid, razorpay_fake):
        api, user = student
        order_id = order_for(api, client_a).json()["order_id"]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT client_id, user_id, payment_type, target_key, amount, status "
                "FROM public.billing_paymenttransaction WHERE razorpay_order_id = %s",
                [order_id],
            )
            row = cursor.fetchone()
            cursor.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'billing_paymenttransaction'"
            )
            (tables,) = cursor.fetchone()
        assert row == (client_a.id, user.id, "ASSESSMENT", str(paid.id), Decimal("499.50"), "CREATED")
        assert tables == 1  # only public has the table

    def test_an_amount_that_disagrees_is_refused(self, client_a, student, paid, razorpay_fake):
        api, _ = student
        cheap = order_for(api, client_a, amount="1.00")
        right = order_for(api, client_a, amount="499.50")
        assert cheap.status_code == 400 and "amount" in cheap.json()
        assert right.status_code == 201
        assert len(razorpay_fake.orders) == 1

    @pytest.mark.parametrize(
        ("payload", "field"),
        [
            ({"type_id": "paid-test", "payment_type": "GIFT"}, "payment_type"),
            ({"type_id": "nope", "payment_type": "ASSESSMENT"}, "type_id"),
            ({"type_id": "paid-test", "payment_type": "ASSESSMENT", "currency": "USD"}, "currency"),
            ({"payment_type": "ASSESSMENT"}, "type_id"),
        ],
    )
    def test_bad_requests_are_400(self, client_a, student, paid, razorpay_fake, payload, field):
        api, _ = student
        response = api.post(f"{gw(client_a)}/create-order/", payload)
        assert response.status_code == 400 and field in response.json()
        assert razorpay_fake.orders == {}

    def test_a_free_assessment_has_nothing_to_pay(self, client_a, student, razorpay_fake):
        api, _ = student
        with schema_context(client_a.schema_name):
            AssessmentFactory(slug="free")
        assert order_for(api, client_a, "free").status_code == 400

    def test_without_keys_payments_answer_503(self, client_a, student, paid, settings):
        api, _ = student
        settings.RAZORPAY_KEY_ID = settings.RAZORPAY_KEY_SECRET = ""
        create = order_for(api, client_a)
        verify = api.post(
            f"{gw(client_a)}/verify-payment/",
            {"razorpay_order_id": "order_x", "razorpay_payment_id": "pay_x", "razorpay_signature": "x"},
        )
        assert create.status_code == 503 and "RAZORPAY_KEY_ID" in create.json()["detail"]
        assert verify.status_code == 503

    def test_razorpay_refusing_the_keys_is_503(self, client_a, student, paid, razorpay_fake, settings):
        api, _ = student
        settings.RAZORPAY_KEY_SECRET = "wrong"
        response = order_for(api, client_a)
        assert response.status_code == 503 and response.json()["code"] == "payment_provider_error"
        assert PaymentTransaction.objects.count() == 0

    def test_an_open_order_is_reused(self, client_a, student, paid, razorpay_fake):
        api, _ = student
        first = order_for(api, client_a).json()
        second = order_for(api, client_a, str(paid.id)).json()
        assert first["order_id"] == second["order_id"] and len(razorpay_fake.orders) == 1

    def test_a_price_change_supersedes_the_open_order(self, client_a, student, paid, razorpay_fake):
        # given: an open order at 499.50, then the admin changes the price
        api, _ = student
        old = order_for(api, client_a).json()["order_id"]
        with schema_context(client_a.schema_name):
            paid.amount = Decimal("600.00")
            paid.save()
        # when
        new = order_for(api, client_a).json()
        # then: a new order at the new price; the old one is closed, yet still credited if paid
        assert new["order_id"] != old and new["amount"] == 60000
        assert PaymentTransaction.objects.get(razorpay_order_id=old).status == "FAILED"
        late = api.post(f"{gw(client_a)}/verify-payment/", razorpay_fake.capture(old))
        assert late.status_code == 200 and late.json()["status"] == "VERIFIED"

    def test_already_paid_is_refused(self, client_a, student, paid, razorpay_fake):
        api, _ = student
        order_id = order_for(api, client_a).json()["order_id"]
        api.post(f"{gw(client_a)}/verify-payment/", razorpay_fake.capture(order_id))
        again = order_for(api, client_a)
        assert again.status_code == 400 and "already been paid" in again.json()["type_id"][0]


class TestVerifyPayment:
    def test_valid_signature_verifies_once_and_replays_the_same(self, client_a, student, paid, razorpay_fake):
        # given
        api, _ = student
        order_id = order_for(api, client_a).json()["order_id"]
        checkout = razorpay_fake.capture(order_id)
        # when
        first = api.post(f"{gw(client_a)}/verify-payment/", checkout)
        replay = api.post(f"{gw(client_a)}/verify-payment/", checkout)
        # then
        assert first.status_code == 200 and replay.status_code == 200
        assert first.json() == replay.json()
        assert first.json()["status"] == "VERIFIED" and first.json()["amount"] == 499.50
        assert first.json()["payment_id"] == checkout["razorpay_payment_id"]
        assert first.json()["message"] == "Payment verified successfully"
        txn = PaymentTransaction.objects.get()
        assert txn.status == "VERIFIED" and txn.verified_via == "checkout"
        kinds = list(PaymentAudit.objects.filter(transaction=txn).values_list("kind", flat=True))
        assert kinds.count(AuditKind.VERIFIED) == 1 and kinds.count(AuditKind.VERIFY_REPLAYED) == 1

    def test_forged_signature_is_400_and_recorded(self, client_a, student, paid, razorpay_fake):
        api, _ = student
        order_id = order_for(api, client_a).json()["order_id"]
        checkout = razorpay_fake.capture(order_id)
        forged = {**checkout, "razorpay_signature": hmac_sha256("not-the-secret", f"{order_id}|pay_forged")}
        response = api.post(f"{gw(client_a)}/verify-payment/", forged)
        assert response.status_code == 400
        assert response.json()["razorpay_signature"] == ["Invalid payment signature."]
        assert PaymentTransaction.objects.get().status == "CREATED"
        assert PaymentAudit.objects.filter(kind=AuditKind.SIGNATURE_INVALID).count() == 1

    def test_signature_of_another_order_is_refused(self, client_a, student, paid, razorpay_fake):
        api, _ = student
        with schema_context(client_a.schema_name):
            AssessmentFactory(slug="other-paid", is_paid=True, amount=Decimal("10.00"))
        first = order_for(api, client_a).json()["order_id"]
        second = order_for(api, client_a, "other-paid").json()["order_id"]
        checkout = razorpay_fake.capture(first)
        swapped = {**checkout, "razorpay_order_id": second}
        assert api.post(f"{gw(client_a)}/verify-payment/", swapped).status_code == 400

    def test_another_users_or_clients_order_is_unknown(self, client_a, client_b, as_user, student, paid, razorpay_fake):
        api, _ = student
        order_id = order_for(api, client_a).json()["order_id"]
        checkout = razorpay_fake.capture(order_id)
        other_api, _ = as_user(client_a)
        api_b, _ = as_user(client_b)
        by_other = other_api.post(f"{gw(client_a)}/verify-payment/", checkout)
        at_b = api_b.post(f"{gw(client_b)}/verify-payment/", checkout)
        cross = api.post(f"{gw(client_b)}/verify-payment/", checkout)
        assert by_other.status_code == 400 and by_other.json()["razorpay_order_id"] == ["Unknown order."]
        assert at_b.status_code == 400
        assert cross.status_code == 401
        assert PaymentTransaction.objects.get().status == "CREATED"

    def test_a_platform_admin_cannot_verify_for_a_student_sharing_its_id(
        self, api, client_a, public_client, student, make_user, token_for, paid, razorpay_fake
    ):
        # given a student's order, and a platform admin whose public user id is the student's id
        student_api, student_user = student
        order_id = order_for(student_api, client_a).json()["order_id"]
        checkout = razorpay_fake.capture(order_id)
        root = make_user(public_client, role="superadmin", id=student_user.id, email="root@platform.test")
        root_api = api.with_token(token_for(root, public_client))
        # when
        forged = root_api.post(f"{gw(client_a)}/verify-payment/", {**checkout, "razorpay_signature": "0" * 64})
        valid = root_api.post(f"{gw(client_a)}/verify-payment/", checkout)
        # then: refused before the ledger is touched; nothing is recorded against the student
        assert forged.status_code == 403 and valid.status_code == 403
        assert PaymentTransaction.objects.get().status == "CREATED"
        assert not PaymentAudit.objects.filter(kind=AuditKind.SIGNATURE_INVALID).exists()

    def test_payment_status_reflects_the_ledger(self, client_a, student, paid, razorpay_fake):
        api, _ = student
        url = f"/assessment/api/client/{client_a.id}/payment-status/paid-test/"
        before = api.get(url).json()
        order_id = order_for(api, client_a).json()["order_id"]
        verified = api.post(f"{gw(client_a)}/verify-payment/", razorpay_fake.capture(order_id)).json()
        after = api.get(url).json()
        by_id = api.get(f"/assessment/api/client/{client_a.id}/payment-status/{paid.id}/").json()
        assert before == {
            "program_id": "paid-test",
            "is_paid": False,
            "transaction_id": None,
            "paid_at": None,
            "payment_type": None,
        }
        assert after["is_paid"] is True and after["transaction_id"] == verified["transaction_id"]
        assert after["paid_at"].endswith("Z") or after["paid_at"].endswith("+00:00")
        assert by_id["is_paid"] is True


class TestWebhook:
    def _post(self, api, fake, body: bytes, **header_kw):
        headers = fake.webhook_headers(body, **header_kw)
        return api._client.post(
            WEBHOOK,
            data=body,
            content_type="application/json",
            headers={k: v for k, v in headers.items() if k != "Content-Type"},
        )

    def test_captured_payment_is_credited_without_the_browser_callback(
        self, api, client_a, student, paid, razorpay_fake
    ):
        # given: the student paid, but the Checkout callback never reached the server
        student_api, _ = student
        order_id = order_for(student_api, client_a).json()["order_id"]
        checkout = razorpay_fake.capture(order_id)
        # when
        body = razorpay_fake.webhook("payment.captured", order_id, checkout["razorpay_payment_id"])
        response = self._post(api, razorpay_fake, body, event_id="evt_1")
        # then
        assert response.status_code == 200 and response.json() == {"status": "credited"}
        txn = PaymentTransaction.objects.get()
        assert txn.status == "VERIFIED" and txn.verified_via == "webhook"
        assert txn.razorpay_payment_id == checkout["razorpay_payment_id"]
        start = student_api.get(f"/assessment/api/client/{client_a.id}/start-assessment/paid-test/")
        assert start.status_code == 200
        # and the late browser callback is a replay that changes nothing
        late = student_api.post(f"{gw(client_a)}/verify-payment/", checkout)
        assert late.status_code == 200 and late.json()["status"] == "VERIFIED"
        assert PaymentAudit.objects.filter(kind=AuditKind.VERIFIED).count() == 1

    def test_duplicate_event_is_processed_once(self, api, client_a, student, paid, razorpay_fake):
        student_api, _ = student
        order_id = order_for(student_api, client_a).json()["order_id"]
        checkout = razorpay_fake.capture(order_id)
        body = razorpay_fake.webhook("order.paid", order_id, checkout["razorpay_payment_id"])
        first = self._post(api, razorpay_fake, body, event_id="evt_dup")
        second = self._post(api, razorpay_fake, body, event_id="evt_dup")
        assert first.json() == {"status": "credited"} and second.json() == {"status": "duplicate"}
        assert WebhookEvent.objects.count() == 1
        assert PaymentAudit.objects.filter(kind=AuditKind.VERIFIED).count() == 1

    def test_invalid_signature_is_400_and_recorded(self, api, client_a, student, paid, razorpay_fake):
        student_api, _ = student
        order_id = order_for(student_api, client_a).json()["order_id"]
        body = razorpay_fake.webhook("payment.captured", order_id)
        response = self._post(api, razorpay_fake, body, secret="attacker")
        assert response.status_code == 400
        assert PaymentTransaction.objects.get().status == "CREATED"
        assert WebhookEvent.objects.count() == 0
        assert PaymentAudit.objects.filter(kind=AuditKind.WEBHOOK_SIGNATURE_INVALID).count() == 1

    def test_tampered_body_is_refused(self, api, client_a, student, paid, razorpay_fake):
        student_api, _ = student
        order_id = order_for(student_api, client_a).json()["order_id"]
        body = razorpay_fake.webhook("payment.captured", order_id)
        headers = razorpay_fake.webhook_headers(body)
        tampered = body.replace(b'"captured"', b'"captured" ')
        response = api._client.post(
            WEBHOOK,
            data=tampered,
            content_type="application/json",
            headers={"X-Razorpay-Signature": headers["X-Razorpay-Signature"]},
        )
        assert response.status_code == 400

    def test_amount_mismatch_is_not_credited(self, api, client_a, student, paid, razorpay_fake):
        student_api, _ = student
        order_id = order_for(student_api, client_a).json()["order_id"]
        body = razorpay_fake.webhook("payment.captured", order_id, amount=100)
        assert self._post(api, razorpay_fake, body).json() == {"status": "amount_mismatch"}
        assert PaymentTransaction.objects.get().status == "CREATED"

    def test_failed_payment_marks_the_order_failed(self, api, client_a, student, paid, razorpay_fake):
        student_api, _ = student
        order_id = order_for(student_api, client_a).json()["order_id"]
        body = razorpay_fake.webhook("payment.failed", order_id, error_description="Card declined")
        assert self._post(api, razorpay_fake, body).json() == {"status": "failed"}
        txn = PaymentTransaction.objects.get()
        assert txn.status == "FAILED" and txn.failure_reason == "Card declined"

    def test_unknown_order_and_other_events_are_acknowledged(self, api, client_a, student, paid, razorpay_fake):
        student_api, _ = student
        order_id = order_for(student_api, client_a).json()["order_id"]
        refund = razorpay_fake.webhook("refund.created", order_id)
        assert self._post(api, razorpay_fake, refund).json() == {"status": "ignored"}
        razorpay_fake.orders["order_unknown0000"] = {**razorpay_fake.orders[order_id], "id": "order_unknown0000"}
        stray = razorpay_fake.webhook("payment.captured", "order_unknown0000")
        assert self._post(api, razorpay_fake, stray).json() == {"status": "unknown_order"}

    def test_without_secret_the_webhook_is_503(self, api, settings):
        settings.RAZORPAY_WEBHOOK_SECRET = ""
        response = api._client.post(WEBHOOK, data=b"{}", content_type="application/json")
        assert response.status_code == 503


class TestPricing:
    def test_assessment_price_is_less_a_redeemed_scholarship(self, client_a, student, razorpay_fake):
        # given: a free assessment taken (100% -> 50% scholarship, redeemed), later made paid
        api, _ = student
        with schema_context(client_a.schema_name):
            full = assessment_full(slug="later-paid")
        asm = f"/assessment/api/client/{client_a.id}"
        api.get(f"{asm}/start-assessment/later-paid/")
        api.post(f"{asm}/assessment-submission/later-paid/final/", {"response_sheet": sheet(full)})
        api.post(f"{asm}/redeem-scholarship/later-paid/", {})
        with schema_context(client_a.schema_name):
            full["assessment"].is_paid, full["assessment"].amount = True, Decimal("999.99")
            full["assessment"].save()
        # when
        order = order_for(api, client_a, "later-paid", amount="500.00").json()
        # then: 999.99 less 50%, rounded half-up to the paisa
        assert order["amount"] == 50000 and order["amount_rupees"] == 500.00
        assert json.loads(razorpay_fake.server.requests[-1]["body"])["amount"] == 50000

    @pytest.mark.parametrize("suffix", ["", "/", "/v1", "/v1/"])
    def test_base_url_may_name_v1_or_not(self, client_a, student, paid, razorpay_fake, settings, suffix):
        api, _ = student
        settings.RAZORPAY_BASE_URL = razorpay_fake.server.url + suffix
        assert order_for(api, client_a).status_code == 201
        assert razorpay_fake.server.requests[-1]["path"] == "/v1/orders"


class TestReconciliation:
    def _age(self, minutes: int) -> None:
        PaymentTransaction.objects.update(created_at=timezone.now() - timedelta(minutes=minutes))

    def test_a_payment_whose_callback_and_webhooks_were_lost_is_credited(self, client_a, student, paid, razorpay_fake):
        # given: paid at Razorpay 20 minutes ago; nothing ever reached the server
        api, _ = student
        order_id = order_for(api, client_a).json()["order_id"]
        checkout = razorpay_fake.capture(order_id)
        self._age(20)
        # when: the scheduled sweep runs (tasks are synchronous in tests)
        assert tasks.payments_reconcile_due() == 1
        # then
        txn = PaymentTransaction.objects.get()
        assert txn.status == "VERIFIED" and txn.verified_via == "reconcile"
        assert txn.razorpay_payment_id == checkout["razorpay_payment_id"]
        assert razorpay_fake.server.requests[-1]["path"] == f"/v1/orders/{order_id}/payments"
        assert tasks.payments_reconcile_due() == 0

    def test_unpaid_recent_and_mismatched_orders_are_not_credited(self, client_a, student, paid, razorpay_fake):
        api, _ = student
        order_id = order_for(api, client_a).json()["order_id"]
        assert tasks.payments_reconcile_due() == 0  # too recent
        self._age(20)
        txn = PaymentTransaction.objects.get()
        assert tasks.transaction_reconcile(txn.pk) == "not_paid"
        payment_id = razorpay_fake.capture(order_id)["razorpay_payment_id"]
        razorpay_fake.payments[payment_id]["amount"] = 100
        assert tasks.transaction_reconcile(txn.pk) == "amount_mismatch"
        assert PaymentTransaction.objects.get().status == "CREATED"

    def test_without_keys_reconciliation_waits(self, client_a, student, paid, razorpay_fake, settings):
        api, _ = student
        order_for(api, client_a)
        settings.RAZORPAY_KEY_ID = ""
        assert tasks.transaction_reconcile(PaymentTransaction.objects.get().pk) == "error"

    def test_the_sweep_is_scheduled(self, db):
        schedule = Schedule.objects.get(name="billing-reconcile-payments")
        assert schedule.func == "shared_apps.billing.tasks.payments_reconcile_due" and schedule.minutes == 10
