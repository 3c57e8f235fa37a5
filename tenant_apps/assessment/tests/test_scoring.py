from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from tenant_apps.assessment.models import ScholarshipBand
from tenant_apps.assessment.selectors import assessment_sections_with_questions
from tenant_apps.assessment.services import response_sheet_merge, scholarship_for_score, score_compute
from tenant_apps.assessment.tests.factories import assessment_full, sheet


def bands(*pairs):
    return [ScholarshipBand(min_score_percentage=Decimal(a), scholarship_percentage=Decimal(b)) for a, b in pairs]


class TestScholarshipBands:
    @pytest.mark.parametrize(
        ("score", "expected"),
        [("0", "0.00"), ("49.99", "0.00"), ("50", "10"), ("79.99", "10"), ("80", "25"), ("100", "50")],
    )
    def test_highest_band_reached_wins(self, score, expected):
        offered = scholarship_for_score(bands=bands((80, 25), (50, 10), (95, 50)), score=Decimal(score))
        assert offered == Decimal(expected)

    def test_no_bands_offer_nothing(self):
        assert scholarship_for_score(bands=[], score=Decimal("100")) == Decimal("0")


class TestResponseSheetMerge:
    def test_merges_per_section_and_is_idempotent(self):
        current = {"1": {"10": "A"}, "metadata": {"a": 1}}
        incoming = {"1": {"11": "B"}, "2": {"20": "x"}, "metadata": {"b": 2}}
        once = response_sheet_merge(current, incoming)
        assert once == {"1": {"10": "A", "11": "B"}, "2": {"20": "x"}, "metadata": {"a": 1, "b": 2}}
        assert response_sheet_merge(once, incoming) == once
        assert current == {"1": {"10": "A"}, "metadata": {"a": 1}}  # not mutated


@pytest.mark.django_db
class TestScore:
    @pytest.fixture
    def full(self, client_a):
        with schema_context(client_a.schema_name):
            full = assessment_full()
            full["loaded"] = assessment_sections_with_questions(assessment=full["assessment"])
            return full

    @pytest.mark.parametrize(
        ("kwargs", "marks", "percentage"),
        [
            ({}, "6", "100.00"),
            ({"mcq_right": 0, "capital": "", "code": ""}, "0", "0.00"),
            ({"mcq_right": 1, "capital": "paris,   FRANCE", "code": "x"}, "2", "33.33"),
            ({"mcq_right": 3, "capital": "Lyon", "code": "  PRINT(42) "}, "5", "83.33"),
        ],
    )
    def test_server_side_scoring(self, full, kwargs, marks, percentage):
        obtained, maximum, pct = score_compute(sections=full["loaded"], response_sheet=sheet(full, **kwargs))
        # the ungraded essay question does not count towards the maximum
        assert (obtained, maximum, pct) == (Decimal(marks), Decimal("6"), Decimal(percentage))

    def test_answers_under_the_wrong_section_or_unknown_ids_score_nothing(self, full):
        mcq = full["sections"]["mcq"]
        misplaced = {str(full["sections"]["text"].id): {str(q.id): "B" for q in full["mcqs"]}, "999": {"1": "B"}}
        assert score_compute(sections=full["loaded"], response_sheet=misplaced)[0] == 0
        as_index = {str(mcq.id): {str(q.id): 1 for q in full["mcqs"]}}
        assert score_compute(sections=full["loaded"], response_sheet=as_index)[0] == 0
