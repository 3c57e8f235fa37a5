"""A student pays for, takes, submits and redeems a scholarship on a paid assessment, then
pays for the program at the discounted price: HTTP only, Razorpay through the real SDK."""

from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from tenant_apps.assessment.tests.factories import assessment_full, sheet

pytestmark = pytest.mark.django_db


def test_pay_take_submit_redeem_and_pay_the_program(client_a, as_user, razorpay_fake):
    # given: a paid scholarship assessment for the "fullstack" program (Rs 50,000)
    api, _ = as_user(client_a)
    with schema_context(client_a.schema_name):
        full = assessment_full(
            slug="scholarship-test",
            is_paid=True,
            amount=Decimal("99.00"),
            program_slug="fullstack",
            program_amount=Decimal("50000.00"),
        )
    asm = f"/assessment/api/client/{client_a.id}"
    pay = f"/payment-gateway/api/clients/{client_a.id}"

    # the assessment cannot be started unpaid
    assert api.get(f"{asm}/start-assessment/scholarship-test/").status_code == 403

    # pay for the assessment (Checkout gives the browser the signed fields)
    order = api.post(f"{pay}/create-order/", {"type_id": "scholarship-test", "payment_type": "ASSESSMENT"}).json()
    assert order["amount"] == 9900
    verified = api.post(f"{pay}/verify-payment/", razorpay_fake.capture(order["order_id"]))
    assert verified.json()["status"] == "VERIFIED"
    assert api.get(f"{asm}/payment-status/scholarship-test/").json()["is_paid"] is True
    assert api.get(f"{asm}/assessment-details/scholarship-test/").json()["has_paid"] is True

    # take it: start, autosave twice, final submit (PUT, by slug)
    start = api.get(f"{asm}/start-assessment/scholarship-test/")
    assert start.status_code == 200
    answers = sheet(full, mcq_right=3, capital="Rome")  # 5 of 6 marks: 83.33% -> 25% band
    mcq = str(full["sections"]["mcq"].id)
    api.post(f"{asm}/assessment-submission/scholarship-test/", {"response_sheet": {mcq: answers[mcq]}})
    api.put(f"{asm}/assessment-submission/scholarship-test/", {"response_sheet": answers})
    result = api.put(f"{asm}/assessment-submission/scholarship-test/final/").json()
    assert (result["score"], result["offered_scholarship_percentage"]) == (83.33, 25.00)

    # the program costs 50,000 until the scholarship is redeemed
    program = {"type_id": "fullstack", "payment_type": "PROGRAM"}
    assert api.post(f"{pay}/create-order/", {**program, "amount": "37500.00"}).status_code == 400
    redeemed = api.post(f"{asm}/redeem-scholarship/scholarship-test/", {}).json()
    assert redeemed["scholarship_percentage"] == 25.00 and redeemed["referral_code"]

    # then: the program's order is for 37,500 (75% of 50,000), and once paid shows as paid
    assert api.get(f"{asm}/payment-status/fullstack/").json()["is_paid"] is False
    program_order = api.post(f"{pay}/create-order/", {**program, "amount": "37500.00"}).json()
    assert program_order["amount"] == 3750000 and program_order["amount_rupees"] == 37500.00
    api.post(f"{pay}/verify-payment/", razorpay_fake.capture(program_order["order_id"]))
    status = api.get(f"{asm}/payment-status/fullstack/").json()
    assert status["is_paid"] is True and status["payment_type"] == "PROGRAM"
    attempted = api.get(f"{asm}/attempted-assessments/").json()
    assert [(a["assessment"]["slug"], a["status"], a["is_redeemed"]) for a in attempted] == [
        ("scholarship-test", "submitted", True)
    ]
