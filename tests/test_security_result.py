"""The learner's result page must not hand out an assessment's answer key while others can
still answer it (the ``attack2`` review of ``assessment-result/{slug}/``).

One final submit, with any answers, gave back the right letter of every question at once. A
second account (sign-up is open), or a friend who had finished, could hand the key to anyone
still in their attempt, and the scholarship offered by score makes that worth doing. The key
is shown once nobody can answer any more: the window's ``end_time`` has passed and no
attempt is still open.

The per-question verdicts are the key by elimination (the ``attack3`` review): an account
answering every question "A" learnt from ``is_correct`` and ``awarded_marks`` which questions
are A, a second account "B", and so on, three accounts for the whole key; a written or coding
question's verdict tested a guessed answer. They are withheld by the same rule.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.assessment.models import Submission
from tests.test_real_client_assessment_take import base, client_sheet, make_exam

pytestmark = pytest.mark.django_db


@pytest.fixture
def exam(client_a):
    with schema_context(client_a.schema_name):
        return make_exam()


def _finish(api, client, exam: dict, letters: list) -> dict:
    """Start, submit (sheet in H's form) and read the result page."""
    started = api.get(f"{base(client)}/start-assessment/math/")
    assert started.status_code == 200, started.json()
    sheet = client_sheet(exam, letters)
    final = api.put(f"{base(client)}/assessment-submission/math/final/", {"response_sheet": sheet})
    assert final.status_code == 200, final.json()
    result = api.get(f"{base(client)}/assessment-result/math/")
    assert result.status_code == 200, result.json()
    return result.json()


def _key(body: dict) -> list:
    return [row["correct_option"] for row in body["user_responses"]["quiz_responses"]]


def _set_window(client, exam, *, end_time) -> None:
    with schema_context(client.schema_name):
        exam["exam"].end_time = end_time
        exam["exam"].save(update_fields=["end_time"])


def test_a_blank_submit_does_not_give_the_key_of_an_open_assessment(client_a, as_user, exam):
    # given: an assessment with no end (open for good) and a learner in the middle of it
    peer, _ = as_user(client_a)
    assert peer.get(f"{base(client_a)}/start-assessment/math/").status_code == 200
    throwaway, _ = as_user(client_a)
    # when: another account submits nothing and reads its result
    body = _finish(throwaway, client_a, exam, [None, None, None])
    # then: no right letters
    assert _key(body) == [None, None, None, None]


def _verdicts(body: dict) -> list:
    """Every per-question verdict of the result page, in order."""
    responses = body["user_responses"]
    quiz = [(row["is_correct"], row["awarded_marks"]) for row in responses["quiz_responses"]]
    coding = [
        (row["is_correct"], row["all_test_cases_passed"], row["awarded_marks"])
        for row in responses["coding_problem_responses"]
    ]
    written = [
        (row["is_correct"], row["full_marks"], row["awarded_marks"]) for row in responses["subjective_responses"]
    ]
    return [quiz, coding, written]


WITHHELD = [[(None, None)] * 4, [(None, None, None)], [(None, None, None)]]


def test_the_verdicts_do_not_give_the_key_away_by_elimination(client_a, as_user, exam):
    # given: an assessment still open, and an account that answers every question "A"
    _set_window(client_a, exam, end_time=timezone.now() + timedelta(hours=2))
    probe, _ = as_user(client_a)
    # when
    body = _finish(probe, client_a, exam, ["A", "A", "A"])
    # then: no verdict per question (each would say whether "A" is right there), and no
    # letter; the learner's own answers and the score (an aggregate) are still shown
    assert _verdicts(body) == WITHHELD
    quiz = body["user_responses"]["quiz_responses"]
    assert [row["selected_answer"] for row in quiz] == ["A", "A", "A", "A"]
    assert body["score"] == 4.0 and body["maximum_marks"] == 7.0


def test_the_verdicts_are_shown_with_the_key_once_the_window_has_closed(client_a, as_user, exam):
    api, _ = as_user(client_a)
    _finish(api, client_a, exam, ["C", "B", None])
    assert _verdicts(api.get(f"{base(client_a)}/assessment-result/math/").json()) == WITHHELD
    _set_window(client_a, exam, end_time=timezone.now() - timedelta(seconds=1))
    body = api.get(f"{base(client_a)}/assessment-result/math/").json()
    assert _verdicts(body) == [
        [(True, 1.0), (False, 0.0), (False, 0.0), (True, 1.0)],
        [(True, True, 2.0)],
        [(True, True, 1.0)],
    ]


def test_nor_while_the_window_is_still_open(client_a, as_user, exam):
    _set_window(client_a, exam, end_time=timezone.now() + timedelta(hours=2))
    api, _ = as_user(client_a)
    assert _key(_finish(api, client_a, exam, ["C", "C", "C"])) == [None, None, None, None]


def test_nor_after_the_window_while_an_attempt_is_still_open(client_a, as_user, exam):
    # given: the window ended, but one learner started in time and still has minutes left
    api, _ = as_user(client_a)
    body = _finish(api, client_a, exam, ["B", "C", None])
    late, late_user = as_user(client_a)
    assert late.get(f"{base(client_a)}/start-assessment/math/").status_code == 200
    _set_window(client_a, exam, end_time=timezone.now() - timedelta(minutes=1))
    # then
    assert _key(api.get(f"{base(client_a)}/assessment-result/math/").json()) == [None] * 4
    # and once that attempt's time is up, the key is shown
    with schema_context(client_a.schema_name):
        Submission.objects.filter(user=late_user).update(deadline_at=timezone.now() - timedelta(seconds=1))
    body = api.get(f"{base(client_a)}/assessment-result/math/").json()
    assert _key(body) == ["C", "C", "C", "A"]
    first = body["user_responses"]["quiz_responses"][0]
    assert (first["correct_option"], first["selected_answer"], first["is_correct"]) == ("C", "B", False)


def test_the_key_is_shown_once_the_window_has_closed(client_a, as_user, exam):
    api, _ = as_user(client_a)
    _finish(api, client_a, exam, ["C", "B", None])
    _set_window(client_a, exam, end_time=timezone.now() - timedelta(seconds=1))
    body = api.get(f"{base(client_a)}/assessment-result/math/").json()
    assert _key(body) == ["C", "C", "C", "A"]
