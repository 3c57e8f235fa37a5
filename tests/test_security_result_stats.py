"""A learner's result figures must not give away the verdicts the assessment withholds
(docs/real-client.md, "Assessment result page": "Answer key").

While the answer key is withheld (until the window has ended and no attempt is still open),
the result page nulls every per-question verdict. Its ``stats`` still added the verdicts up
per section: a section of one auto-graded question showed that question's verdict in
``topic_wise_stats`` (and ``top_skills``/``low_skills``), so an account answering "London"
learnt that the written question's key is not "London", and the older build's scholarship
report (``GET …/redeem-scholarship/{slug}/``) showed the same figures. Now, while the key is
withheld, the figures say nothing the score does not: no per-section tallies, and the
counts of right and wrong answers only when the score already says them.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.assessment.models import SectionType
from tenant_apps.assessment.tests.factories import AssessmentFactory, QuestionFactory, SectionFactory
from tests.test_real_client_assessment_take import base, client_sheet, make_exam

pytestmark = pytest.mark.django_db

# Figures that differ between two learners for reasons that are not the verdicts.
OWN = {"time_taken_minutes", "percentage_time_taken", "percentile"}


@pytest.fixture
def exam(client_a):
    with schema_context(client_a.schema_name):
        return make_exam()


def _submit(api, client, exam: dict, letters: list, **answers) -> None:
    assert api.get(f"{base(client)}/start-assessment/math/").status_code == 200
    sheet = client_sheet(exam, letters, **answers)
    final = api.put(f"{base(client)}/assessment-submission/math/final/", {"response_sheet": sheet})
    assert final.status_code == 200, final.json()


def _stats(api, client, slug: str = "math") -> tuple[dict, dict]:
    """The ``stats`` of the result page and of the scholarship report."""
    result = api.get(f"{base(client)}/assessment-result/{slug}/")
    report = api.get(f"{base(client)}/redeem-scholarship/{slug}/")
    assert result.status_code == report.status_code == 200, (result.json(), report.json())
    return result.json()["stats"], report.json()["stats"]


def _without(stats: dict, names: set[str]) -> dict:
    return {name: value for name, value in stats.items() if name not in names}


def test_two_attempts_with_one_score_show_the_same_figures_while_the_key_is_withheld(client_a, as_user, exam):
    # given: an open assessment; two learners scoring 4 of 7 with different verdicts: the
    # first has the written question ("Capital of France?", a section of its own) wrong and
    # one more MCQ right, the second the other way round
    first, _ = as_user(client_a)
    _submit(first, client_a, exam, ["C", "B", "B"], capital="London")
    second, _ = as_user(client_a)
    _submit(second, client_a, exam, ["B", "B", "B"], capital="Paris")
    # when
    figures = [_stats(first, client_a), _stats(second, client_a)]
    # then: nothing tells them apart but their own time and standing
    for one, other in zip(*figures, strict=True):
        assert one["score"] == other["score"] == 4.0
        assert _without(one, OWN) == _without(other, OWN)
        # no per-section tally (the written section's would be its one verdict)
        assert (one["topic_wise_stats"], one["top_skills"], one["low_skills"]) == ({}, [], [])
        # the questions' marks differ (the coding one is worth 2): the count of right
        # answers would say more than the score, so it is not given
        assert (one["correct_answers"], one["incorrect_answers"], one["accuracy_percent"]) == (None, None, None)
        # what the learner did is still there
        assert (one["total_questions"], one["attempted_questions"]) == (6, 6)


def test_the_section_figures_come_with_the_key(client_a, as_user, exam):
    # given
    api, _ = as_user(client_a)
    _submit(api, client_a, exam, ["C", "B", "B"], capital="London")
    # when: the window ends with no attempt open
    with schema_context(client_a.schema_name):
        exam["exam"].end_time = timezone.now() - timedelta(seconds=1)
        exam["exam"].save(update_fields=["end_time"])
    # then: the per-section tallies and the counts are shown
    for stats in _stats(api, client_a):
        written = stats["topic_wise_stats"][exam["written"].title]
        assert (written["total"], written["correct"], written["incorrect"]) == (1, 0, 1)
        assert (stats["correct_answers"], stats["incorrect_answers"]) == (3, 3)
        assert stats["accuracy_percent"] == 50.0
        assert {row["skill"] for row in stats["top_skills"] + stats["low_skills"]} == {
            exam["quiz"].title,
            exam["written"].title,
            exam["coding"].title,
        }


def test_counts_the_score_already_says_are_shown(client_a, as_user):
    # given: every question worth 1 mark, so the score is the number of right answers; and a
    # section of one question
    with schema_context(client_a.schema_name):
        exam = AssessmentFactory(title="Even", slug="even", duration_minutes=30)
        quiz = SectionFactory(assessment=exam, section_type=SectionType.MCQ, order=0, title="Quiz")
        alone = SectionFactory(assessment=exam, section_type=SectionType.TEXT, order=1, title="Alone")
        mcqs = [
            QuestionFactory(section=quiz, options=["x", "y"], correct_answer="x", marks=Decimal(1)) for _ in range(2)
        ]
        capital = QuestionFactory(section=alone, text="Capital?", correct_answer="Paris", marks=Decimal(1))
    api, _ = as_user(client_a)
    assert api.get(f"{base(client_a)}/start-assessment/even/").status_code == 200
    sheet = {str(quiz.id): {str(mcqs[0].id): "x", str(mcqs[1].id): "y"}, str(alone.id): {str(capital.id): "Rome"}}
    assert api.put(f"{base(client_a)}/assessment-submission/even/final/", {"response_sheet": sheet}).status_code == 200
    # then: 1 of 3 right, as the score says; still no per-section tally
    for stats in _stats(api, client_a, "even"):
        assert stats["score"] == 1.0
        assert (stats["correct_answers"], stats["incorrect_answers"], stats["attempted_questions"]) == (1, 2, 3)
        assert stats["accuracy_percent"] == 33.33
        assert (stats["topic_wise_stats"], stats["top_skills"], stats["low_skills"]) == ({}, [], [])


def test_the_figures_are_the_learners_own(client_a, client_b, as_user, exam):
    api, _ = as_user(client_a)
    _submit(api, client_a, exam, ["C", "C", "C"])
    other, _ = as_user(client_a)
    assert other.get(f"{base(client_a)}/assessment-result/math/").status_code == 404
    assert other.get(f"{base(client_a)}/redeem-scholarship/math/").status_code == 404
    outsider, _ = as_user(client_b)
    assert outsider.get(f"{base(client_a)}/assessment-result/math/").status_code == 401
