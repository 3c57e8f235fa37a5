"""Contract test: the admins' assessment list (H's ``/admin/assessment`` cards, V's
``/admin/assessments``): ``GET /admin-dashboard/api/clients/{id}/assessments/``
(docs/real-client.md, "Untimed assessments", "V's admin area").

Walked 1 Dec 2026 (session 20): H's cards printed "0 Sections" and "0 submissions" for the
demo assessments: they read ``quiz_sections_count + coding_sections_count``,
``submissions_count``, ``pass_rate`` (printed "<n>% pass" when a number) and ``courses[0].title``.

Found on the re-walk of 1 Dec 2026: H's admin card prints `` `${duration_minutes}m` `` and
showed "nullm" for the untimed demo assessment. The list answers 0 and ``has_time_limit``
as the learners' pages do; the authoring answers (create, detail) keep ``null``, which the
edit forms load back into their 1-1440 input.
"""

from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.assessment.models import Assessment, Question, Section, SectionType, Submission, SubmissionStatus
from tenant_apps.assessment.tests.factories import AssessmentFactory
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db


def adm(client) -> str:
    return f"/admin-dashboard/api/clients/{client.id}/assessments/"


def test_an_untimed_assessment_is_0_minutes_in_the_list_and_null_in_its_detail(client_a, as_user):
    with schema_context(client_a.schema_name):
        untimed = AssessmentFactory(duration_minutes=None)
        timed = AssessmentFactory(duration_minutes=45)
    admin, _ = as_user(client_a, role="admin")
    rows = {row["id"]: row for row in admin.get(adm(client_a)).json()}
    assert (rows[untimed.id]["duration_minutes"], rows[untimed.id]["has_time_limit"]) == (0, False)
    assert (rows[timed.id]["duration_minutes"], rows[timed.id]["has_time_limit"]) == (45, True)
    assert isinstance(rows[untimed.id]["duration_minutes"], int)
    detail = admin.get(f"{adm(client_a)}{untimed.id}/").json()
    assert detail["duration_minutes"] is None  # the edit form's value


def test_the_list_is_staff_only_and_per_client(client_a, client_b, as_user):
    student, _ = as_user(client_a)
    assert student.get(adm(client_a)).status_code == 403
    outsider, _ = as_user(client_b, role="admin")
    assert outsider.get(adm(client_a)).status_code in (401, 403)


def with_questions(assessment, quiz_sections: int, per_section: int, coding: int = 0) -> None:
    for n in range(quiz_sections + coding):
        kind = SectionType.MCQ if n < quiz_sections else SectionType.CODING
        section = Section.objects.create(assessment=assessment, title=f"S{n}", section_type=kind, order=n)
        for q in range(per_section):
            Question.objects.create(section=section, text=f"{n}.{q}", options=["a", "b"], correct_answer="a")


def attempt(assessment, user, status, score=None) -> Submission:
    return Submission.objects.create(
        assessment=assessment,
        user=user,
        status=status,
        score=score,
        started_at=timezone.now(),
        submitted_at=timezone.now() if status == SubmissionStatus.SUBMITTED else None,
    )


@pytest.mark.parametrize("count", [1, 20])
def test_the_list_costs_the_same_queries(client_a, as_user, make_user, count):
    with schema_context(client_a.schema_name):
        for assessment in AssessmentFactory.create_batch(count, duration_minutes=None):
            with_questions(assessment, quiz_sections=count % 3 + 1, per_section=count % 5 + 1, coding=1)
        for n, assessment in enumerate(Assessment.objects.all()):
            attempt(assessment, make_user(client_a), SubmissionStatus.SUBMITTED, Decimal(n % 100))
            attempt(assessment, make_user(client_a), SubmissionStatus.IN_PROGRESS)
    admin, _ = as_user(client_a, role="admin")
    with StatementCount(4):  # client, user, the assessments with their counts, their bands
        rows = admin.get(adm(client_a)).json()
    assert len(rows) == count and all(row["has_time_limit"] is False for row in rows)
    assert {(row["coding_sections_count"], row["submissions_count"]) for row in rows} == {(1, 2)}
    # (count % 3 + 1) quiz sections and a coding one, each with (count % 5 + 1) questions
    assert {(row["quiz_sections_count"], row["total_questions"]) for row in rows} == {
        (count % 3 + 1, (count % 3 + 2) * (count % 5 + 1))
    }


def test_the_cards_read_questions_price_and_currency(client_a, as_user):
    """V's card: `{total_questions} questions`, and for a paid one `{symbol of currency}{price}`."""
    with schema_context(client_a.schema_name):
        paid = AssessmentFactory(is_paid=True, amount=Decimal("1499.00"), instructions="Read first.")
        free = AssessmentFactory()
        with_questions(paid, quiz_sections=2, per_section=3)
    admin, _ = as_user(client_a, role="admin")

    rows = {row["id"]: row for row in admin.get(adm(client_a)).json()}

    assert (rows[paid.id]["total_questions"], rows[paid.id]["quiz_sections_count"]) == (6, 2)
    assert (rows[free.id]["total_questions"], rows[free.id]["quiz_sections_count"]) == (0, 0)
    assert (rows[paid.id]["price"], rows[paid.id]["currency"], rows[paid.id]["instructions"]) == (
        1499,
        "INR",
        "Read first.",
    )
    assert rows[free.id]["price"] == 0  # the card shows no price for a free one (`is_paid && price`)
    for row in rows.values():
        assert isinstance(row["price"], int | float) and isinstance(row["total_questions"], int)
        assert "quiz_sections" not in row  # the questions are the edit page's, not the list's


def test_the_cards_count_sections_submissions_and_the_pass_rate(client_a, client_b, as_user, make_user):
    """H's card: "<quiz + coding> Sections", "<submissions_count> submissions", "<pass_rate>%
    pass" (only when a number), and its first course's title."""
    with schema_context(client_a.schema_name):
        graded = AssessmentFactory(pass_percentage=Decimal("60.00"))
        with_questions(graded, quiz_sections=2, per_section=1, coding=1)
        for score in ("80.00", "60.00", "40.00"):  # two of three submitted attempts pass
            attempt(graded, make_user(client_a), SubmissionStatus.SUBMITTED, Decimal(score))
        attempt(graded, make_user(client_a), SubmissionStatus.IN_PROGRESS)
        no_pass_mark = AssessmentFactory()
        attempt(no_pass_mark, make_user(client_a), SubmissionStatus.SUBMITTED, Decimal("90.00"))
        untouched = AssessmentFactory(pass_percentage=Decimal("50.00"))
    with schema_context(client_b.schema_name):  # another client's attempts count there only
        other = AssessmentFactory(pass_percentage=Decimal("10.00"))
        attempt(other, make_user(client_b), SubmissionStatus.SUBMITTED, Decimal("90.00"))
    admin, _ = as_user(client_a, role="admin")

    rows = {row["id"]: row for row in admin.get(adm(client_a)).json()}

    card = rows[graded.id]
    assert (card["quiz_sections_count"], card["coding_sections_count"]) == (2, 1)
    assert card["submissions_count"] == 4  # started or submitted, as the submissions list has them
    assert card["pass_rate"] == 66.67 and isinstance(card["pass_rate"], float)
    assert card["courses"] == []  # an assessment belongs to no course here
    assert (rows[no_pass_mark.id]["submissions_count"], rows[no_pass_mark.id]["pass_rate"]) == (1, None)
    assert (rows[untouched.id]["submissions_count"], rows[untouched.id]["pass_rate"]) == (0, None)
    assert rows[untouched.id]["coding_sections_count"] == 0
    # the same counts on one assessment's authoring answer
    one = admin.get(f"{adm(client_a)}{graded.id}/").json()
    assert (one["coding_sections_count"], one["submissions_count"], one["pass_rate"]) == (1, 4, 66.67)
    outsider, _ = as_user(client_b, role="admin")
    assert outsider.get(adm(client_b)).json()[0]["submissions_count"] == 1
    assert outsider.get(f"{adm(client_a)}{graded.id}/").status_code in (401, 403)
