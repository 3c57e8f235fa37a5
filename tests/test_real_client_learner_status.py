"""Contract tests: the learner's status on an assessment, and the fields the web clients'
assessment pages read beside the contract's (docs/real-client.md, "Learner status").

- The older build's instruction page (``/assessment/{slug}``) reads ``status`` from
  ``assessment-details/``: ``submitted`` shows "View Results", ``in_progress`` "Resume", any
  other value "Start Assessment"; the page had only the contract's ``submission_status`` and
  offered every learner "Start" (a submitted one too).
- The newer build's list cards and detail page read ``status`` (``submitted`` → "View
  Results", ``in_progress`` → "Resume"; without it a submitted assessment said "Start
  Assessment"), ``requires_purchase``/``purchased``/``price``/``currency`` (its "Pay · ₹…"
  button), ``start_time``/``end_time`` (its "Starts …"/"Ended" labels), ``created_at`` (its
  sort) and the take policy (``show_result``, ``evaluation_mode``, ``review_status``, …).
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from conftest import ApiClient
from shared_apps.billing.models import PaymentTransaction
from tenant_apps.assessment.models import Submission
from tenant_apps.assessment.tests.factories import AssessmentFactory, assessment_full, sheet
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db

V_STATUSES = {"not_started", "in_progress", "submitted"}  # the older build's type
H_STATUSES = {"not_started", "in_progress", "submitted", "completed", "finalized", "expired"}


def base(client) -> str:
    return f"/assessment/api/client/{client.id}/"


def detail(api, client, slug: str) -> dict:
    response = api.get(f"{base(client)}assessment-details/{slug}/")
    assert response.status_code == 200, response.json()
    return response.json()


def row(api, client, slug: str) -> dict:
    response = api.get(f"{base(client)}active-assessments/")
    assert response.status_code == 200
    return next(item for item in response.json() if item["slug"] == slug)


def status_everywhere(api, client, slug: str) -> str:
    """The status as the detail, the list row and the scholarship status give it (one value)."""
    statuses = {
        detail(api, client, slug)["status"],
        row(api, client, slug)["status"],
        api.get(f"{base(client)}scholarship-assessment-status/{slug}/").json()["status"],
    }
    assert len(statuses) == 1, statuses
    return statuses.pop()


@pytest.fixture
def exam(client_a):
    with schema_context(client_a.schema_name):
        return assessment_full(slug="exam", duration_minutes=30)


def test_the_status_follows_the_attempt_start_resume_result(client_a, as_user, exam):
    api, user = as_user(client_a)
    assert status_everywhere(api, client_a, "exam") == "not_started"
    body = detail(api, client_a, "exam")
    assert body["submission_status"] is None  # the contract's field, unchanged
    assert body["has_attempted"] is False and body["is_attempted"] is False

    assert api.get(f"{base(client_a)}start-assessment/exam/").status_code == 200
    assert status_everywhere(api, client_a, "exam") == "in_progress"
    assert detail(api, client_a, "exam")["submission_status"] == "in_progress"
    assert row(api, client_a, "exam")["has_attempted"] is True

    final = api.put(f"{base(client_a)}assessment-submission/exam/final/", {"response_sheet": sheet(exam)})
    assert final.status_code == 200, final.json()
    assert status_everywhere(api, client_a, "exam") == "submitted"
    # what the older build branches on, in its own value set
    assert detail(api, client_a, "exam")["status"] in V_STATUSES


def test_an_attempt_past_its_time_limit_is_expired_until_graded(client_a, as_user, exam):
    """Time ran out while the learner was away: nothing can be answered any more (an
    autosave is a 400 ``time_up``); the next start grades what was saved in time."""
    api, user = as_user(client_a)
    assert api.get(f"{base(client_a)}start-assessment/exam/").status_code == 200
    with schema_context(client_a.schema_name):
        Submission.objects.filter(user_id=user.id).update(deadline_at=timezone.now() - timedelta(minutes=5))
    assert status_everywhere(api, client_a, "exam") == "expired"
    autosave = api.put(f"{base(client_a)}assessment-submission/exam/", {"response_sheet": sheet(exam)})
    assert autosave.status_code == 400
    resumed = api.get(f"{base(client_a)}start-assessment/exam/")
    assert resumed.status_code == 200 and resumed.json()["status"] == "submitted"
    assert status_everywhere(api, client_a, "exam") == "submitted"


def test_a_closed_window_without_an_attempt_is_expired_and_open_windows_are_not(client_a, as_user):
    now = timezone.now()
    with schema_context(client_a.schema_name):
        AssessmentFactory(slug="closed", start_time=now - timedelta(days=2), end_time=now - timedelta(hours=1))
        AssessmentFactory(slug="later", start_time=now + timedelta(days=1), end_time=now + timedelta(days=2))
    api, _ = as_user(client_a)
    assert status_everywhere(api, client_a, "closed") == "expired"
    assert api.get(f"{base(client_a)}start-assessment/closed/").status_code == 400  # it cannot be started
    assert status_everywhere(api, client_a, "later") == "not_started"
    later = row(api, client_a, "later")
    assert later["start_time"] is not None and later["end_time"] is not None


def test_each_learner_has_their_own_status(client_a, as_user, exam):
    first, _ = as_user(client_a)
    second, _ = as_user(client_a)
    assert first.get(f"{base(client_a)}start-assessment/exam/").status_code == 200
    assert status_everywhere(first, client_a, "exam") == "in_progress"
    assert status_everywhere(second, client_a, "exam") == "not_started"


def test_every_status_is_in_the_newer_builds_set_and_typed_in_openapi(client_a, as_user, exam):
    api, _ = as_user(client_a)
    assert status_everywhere(api, client_a, "exam") in H_STATUSES
    schemas = ApiClient().get("/api/openapi.json").json()["components"]["schemas"]
    for name in ("AssessmentDetailOut", "ActiveAssessmentOut", "ScholarshipStatusOut"):
        assert set(schemas[name]["properties"]["status"]["enum"]) <= H_STATUSES


def test_the_rows_carry_the_cards_fields_with_their_types(client_a, as_user):
    with schema_context(client_a.schema_name):
        AssessmentFactory(slug="paid", is_paid=True, amount=Decimal("49.50"))
        AssessmentFactory(slug="free")
    api, _ = as_user(client_a)
    for item in (row(api, client_a, "paid"), detail(api, client_a, "paid")):
        assert item["price"] == 49.5 and isinstance(item["price"], float) and item["amount"] == 49.5
        assert item["currency"] == "INR" and item["requires_purchase"] is True and item["purchased"] is False
        assert isinstance(item["created_at"], str) and item["start_time"] is None and item["end_time"] is None
        assert item["show_result"] is True and item["evaluation_mode"] == "auto"
        assert item["review_status"] == "not_required" and item["can_reattempt"] is False
        assert item["proctoring_enabled"] is False and item["allow_mobile"] is True
        assert item["tab_switch_limit_enabled"] is False and item["tab_switch_limit_count"] is None
    free = row(api, client_a, "free")
    assert free["price"] == 0 and free["requires_purchase"] is False and free["purchased"] is False


def pay(client, user, assessment, status: str, minutes_ago: int = 0) -> None:
    payment = PaymentTransaction.objects.create(
        client=client,
        user_id=user.id,
        payment_type="ASSESSMENT",
        type_id=str(assessment.id),
        target_key=str(assessment.id),
        base_amount=assessment.amount,
        amount=assessment.amount,
        amount_paise=int(assessment.amount * 100),
        receipt=f"rcpt-{uuid.uuid4().hex[:12]}",
        razorpay_order_id=f"order_{uuid.uuid4().hex[:14]}",
        status=status,
    )
    # created_at is set on insert: an older order is dated back
    PaymentTransaction.objects.filter(id=payment.id).update(created_at=timezone.now() - timedelta(minutes=minutes_ago))


def test_txn_status_and_purchased_follow_the_learners_payments(client_a, as_user):
    with schema_context(client_a.schema_name):
        paid = AssessmentFactory(slug="paid", is_paid=True, amount=Decimal("99.00"))
        AssessmentFactory(slug="free")
    api, user = as_user(client_a)
    other, _ = as_user(client_a)
    assert detail(api, client_a, "free")["txn_status"] is None
    assert detail(api, client_a, "paid")["txn_status"] is None  # never ordered

    pay(client_a, user, paid, "FAILED", minutes_ago=10)
    assert detail(api, client_a, "paid")["txn_status"] == "failed"
    pay(client_a, user, paid, "CREATED")
    body = detail(api, client_a, "paid")
    assert (body["txn_status"], body["purchased"], body["has_paid"]) == ("pending", False, False)
    assert row(api, client_a, "paid")["purchased"] is False

    PaymentTransaction.objects.filter(user_id=user.id, status="CREATED").update(status="VERIFIED")
    body = detail(api, client_a, "paid")
    assert (body["txn_status"], body["purchased"], body["has_paid"]) == ("paid", True, True)
    assert row(api, client_a, "paid")["purchased"] is True
    # another learner's payment buys nothing for this one
    assert detail(other, client_a, "paid")["txn_status"] is None
    assert row(other, client_a, "paid")["purchased"] is False


def test_another_clients_payment_and_token_count_for_nothing(client_a, client_b, as_user):
    with schema_context(client_a.schema_name):
        paid_a = AssessmentFactory(slug="paid", is_paid=True, amount=Decimal("10.00"))
    with schema_context(client_b.schema_name):
        AssessmentFactory(slug="paid", is_paid=True, amount=Decimal("10.00"))
    api_b, user_b = as_user(client_b)
    pay(client_a, user_b, paid_a, "VERIFIED")  # the same user id paid at client A, not at B
    assert detail(api_b, client_b, "paid")["txn_status"] is None
    assert row(api_b, client_b, "paid")["purchased"] is False
    assert api_b.get(f"{base(client_a)}assessment-details/paid/").status_code in (401, 403)
    assert api_b.get(f"{base(client_a)}active-assessments/").status_code in (401, 403)


def test_the_older_builds_anonymous_status_check_is_refused(client_a, exam):
    """V's banner also fetches the detail without a token before navigating: the contract
    requires authentication (an anonymous caller has no status), so it gets a 401 and V
    opens the instruction page, which asks again with the token."""
    response = ApiClient().get(f"{base(client_a)}assessment-details/exam/")
    assert response.status_code == 401


@pytest.mark.parametrize("size", [1, 5])
def test_the_list_and_detail_cost_the_same_statements(client_a, as_user, size):
    api, user = as_user(client_a)
    with schema_context(client_a.schema_name):
        assessments = [
            AssessmentFactory(slug=f"a-{n}", is_paid=n % 2 == 1, amount=Decimal("5.00") if n % 2 else Decimal(0))
            for n in range(size + 1)
        ]
        for assessment in assessments[:size]:
            Submission.objects.create(assessment=assessment, user=user, started_at=timezone.now())
    for assessment in assessments:
        if assessment.is_paid:
            pay(client_a, user, assessment, "VERIFIED")
    api.get(f"{base(client_a)}active-assessments/")  # fills the client's cached list
    with StatementCount(1 + 1 + 1):  # auth, the caller's attempts, the caller's paid assessments
        rows = api.get(f"{base(client_a)}active-assessments/").json()
    assert sum(item["status"] == "in_progress" for item in rows) == size
    assert sum(item["purchased"] for item in rows) == sum(a.is_paid for a in assessments)
    # auth, the assessment with the caller's submission, sections, bands, the caller's payments
    with StatementCount(1 + 4):
        assert detail(api, client_a, "a-1")["txn_status"] == "paid"
