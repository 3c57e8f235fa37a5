"""Contract test for the older web build's roadmap page (V's ``/roadmap/{slug}``;
docs/real-client.md, "Scholarship report").

The page asks ``GET /assessment/api/client/{id}/redeem-scholarship/{slug}/`` (only a POST existed:
a 405, and the page went back to ``/assessments``) and reads ``score``, ``maximum_marks``,
``percentage_scholarship``, ``total_amount``, ``payable_amount`` (it subtracts from it),
``txn_status`` and ``stats{accuracy_percent, time_taken_minutes, percentile, score,
maximum_marks, total_questions, attempted_questions, topic_wise_stats{<topic>:
{accuracy_percent, rating_out_of_5}}, top_skills[].skill, low_skills[].skill}``.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.assessment.tests.factories import assessment_full, sheet
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db


def base(client) -> str:
    return f"/assessment/api/client/{client.id}"


@pytest.fixture
def full(client_a):
    with schema_context(client_a.schema_name):
        return assessment_full(title="Aptitude", slug="aptitude", program_amount=Decimal("120000"), duration_minutes=60)


def submit(api, client, full, **answers):
    api.get(f"{base(client)}/start-assessment/aptitude/")
    response = api.post(
        f"{base(client)}/assessment-submission/aptitude/final/", {"response_sheet": sheet(full, **answers)}
    )
    assert response.status_code == 200, response.json()


def test_the_roadmap_report_after_a_final_submit(client_a, as_user, full):
    # given: 2 of 3 MCQs right, the capital wrong, the code right: 4 of 6 marks (66.67 %, band 50 -> 10 %)
    learner, _ = as_user(client_a)
    best, _ = as_user(client_a)
    submit(learner, client_a, full, mcq_right=2, capital="London")
    submit(best, client_a, full)

    # when
    response = learner.get(f"{base(client_a)}/redeem-scholarship/aptitude/")

    # then
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["score"] == 4.0 and body["maximum_marks"] == 6.0
    assert body["percentage_scholarship"] == 10.0
    assert body["total_amount"] == 120000.0 and body["payable_amount"] == 108000.0
    assert body["txn_status"] == "VERIFIED" and body["is_paid"] is False and body["is_redeemed"] is False
    # while the answer key is withheld (the assessment has no end), the figures say nothing
    # the score does not (tests/test_security_result_stats.py): the coding question is worth
    # 2 marks, so the count of right answers would
    withheld = body["stats"]
    assert (withheld["total_questions"], withheld["attempted_questions"]) == (5, 5)
    assert (withheld["correct_answers"], withheld["incorrect_answers"], withheld["accuracy_percent"]) == (None,) * 3
    assert (withheld["topic_wise_stats"], withheld["top_skills"], withheld["low_skills"]) == ({}, [], [])
    assert withheld["score"] == 4.0 and withheld["percentile"] == 50.0
    # once the window has ended with no attempt open, every figure is shown
    with schema_context(client_a.schema_name):
        full["assessment"].end_time = timezone.now() - timedelta(seconds=1)
        full["assessment"].save(update_fields=["end_time"])
    stats = learner.get(f"{base(client_a)}/redeem-scholarship/aptitude/").json()["stats"]
    assert {
        k: stats[k] for k in ("total_questions", "attempted_questions", "correct_answers", "incorrect_answers")
    } == {
        "total_questions": 5,
        "attempted_questions": 5,
        "correct_answers": 3,
        "incorrect_answers": 2,
    }
    assert stats["accuracy_percent"] == 60.0 and stats["score"] == 4.0 and stats["maximum_marks"] == 6.0
    assert stats["percentile"] == 50.0  # 1 of the 2 submitted attempts is at or below it
    assert stats["total_time_minutes"] == 60 and isinstance(stats["time_taken_minutes"], float)
    sections = full["sections"]
    topics = stats["topic_wise_stats"]
    assert topics[sections["mcq"].title] == {
        "total": 3,
        "correct": 2,
        "incorrect": 1,
        "accuracy_percent": 66.67,
        "rating_out_of_5": 3.33,
    }
    assert topics[sections["text"].title]["accuracy_percent"] == 0.0
    assert [s["skill"] for s in stats["top_skills"]] == [sections["coding"].title, sections["mcq"].title]
    assert [s["skill"] for s in stats["low_skills"]] == [sections["text"].title]
    # the best attempt is at the top
    assert best.get(f"{base(client_a)}/redeem-scholarship/aptitude/").json()["stats"]["percentile"] == 100.0


def test_redeeming_shows_in_the_report(client_a, as_user, full):
    learner, _ = as_user(client_a)
    submit(learner, client_a, full)
    code = learner.post(f"{base(client_a)}/redeem-scholarship/aptitude/", {}).json()["referral_code"]
    body = learner.get(f"{base(client_a)}/redeem-scholarship/aptitude/").json()
    assert body["is_redeemed"] is True and body["referral_code"] == code
    assert body["percentage_scholarship"] == 50.0 and body["payable_amount"] == 60000.0


def test_no_report_before_the_final_submit(client_a, as_user, full):
    learner, _ = as_user(client_a)
    assert learner.get(f"{base(client_a)}/redeem-scholarship/aptitude/").status_code == 404
    learner.get(f"{base(client_a)}/start-assessment/aptitude/")
    response = learner.get(f"{base(client_a)}/redeem-scholarship/aptitude/")
    assert response.status_code == 404 and response.json()["code"] == "result_not_found"
    assert learner.get(f"{base(client_a)}/redeem-scholarship/nosuch/").status_code == 404


def test_the_report_is_the_learners_own_and_the_clients_own(client_a, client_b, as_user, full):
    learner, _ = as_user(client_a)
    submit(learner, client_a, full)
    other, _ = as_user(client_a)
    stranger, _ = as_user(client_b)
    assert other.get(f"{base(client_a)}/redeem-scholarship/aptitude/").status_code == 404
    assert stranger.get(f"{base(client_a)}/redeem-scholarship/aptitude/").status_code == 401
    assert stranger.get(f"{base(client_b)}/redeem-scholarship/aptitude/").status_code == 404
    assert learner.get(f"{base(client_a)}/redeem-scholarship/aptitude/").status_code == 200


def test_the_report_costs_the_same_statements_with_more_attempts(client_a, as_user, full):
    learner, _ = as_user(client_a)
    submit(learner, client_a, full)
    counts = []
    for _ in range(2):
        with StatementCount() as counted:
            assert learner.get(f"{base(client_a)}/redeem-scholarship/aptitude/").status_code == 200
        counts.append(counted.count)
        for _ in range(3):
            someone, _ = as_user(client_a)
            submit(someone, client_a, full, mcq_right=1)
    assert counts[0] == counts[1], counts
