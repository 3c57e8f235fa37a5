"""Attacks on the assessment take flow (start, autosave PUT/POST, final submit), in both
answer-sheet forms: the contract's ``{"<section>": {"<question>": answer}}`` and the web
clients' ``{quizSectionId: [...], ...}`` (tenant_apps/assessment/client_sheet.py).

Found by the ``attack`` review:
- the contract's sheet was stored with any section and question ids: another assessment's
  ids (or made-up ones) were kept in the learner's attempt (the clients' sheet refused them);
- the clients' sheet was translated value by value before any bound: a 2 MB sheet of one
  MCQ answered with 400,000 letters, or 40,000 copies of a section's entry, kept a worker
  busy for seconds before the 512 KB limit of the stored sheet refused it.
"""

from __future__ import annotations

import time

import pytest
from django_tenants.utils import schema_context

from tenant_apps.assessment.models import Submission, SubmissionStatus
from tenant_apps.assessment.tests.factories import assessment_full, sheet
from tests.test_real_client_assessment_take import make_exam

pytestmark = pytest.mark.django_db


def base(client) -> str:
    return f"/assessment/api/client/{client.id}"


@pytest.fixture
def exams(client_a):
    """``math`` (the take tests' exam) and another assessment ``other`` of the same client."""
    with schema_context(client_a.schema_name):
        return make_exam(), assessment_full(slug="other")


def saved_sheet(client, user) -> dict:
    with schema_context(client.schema_name):
        return Submission.objects.get(user=user, assessment__slug="math").response_sheet


def started(client_a, as_user):
    api, user = as_user(client_a)
    assert api.get(f"{base(client_a)}/start-assessment/math/").status_code == 200
    return api, user


# --- another assessment's ids in the sheet ------------------------------------------------


@pytest.mark.parametrize("method", ["PUT", "POST"])
def test_contract_sheet_with_another_assessments_section_is_refused(client_a, as_user, exams, method):
    # given
    exam, other = exams
    api, user = started(client_a, as_user)
    foreign = sheet(other)
    # when
    response = api.request(method, f"{base(client_a)}/assessment-submission/math/", {"response_sheet": foreign})
    # then: a 400 naming the foreign section, and nothing stored
    assert response.status_code == 400, response.raw
    section = str(other["sections"]["mcq"].id)
    assert f"response_sheet.{section}" in response.json(), response.json()
    assert saved_sheet(client_a, user) == {}


def test_contract_sheet_with_another_assessments_question_in_own_section_is_refused(client_a, as_user, exams):
    # given: this exam's MCQ section, answered with the other exam's question id
    exam, other = exams
    api, user = started(client_a, as_user)
    own, stranger = str(exam["quiz"].id), str(other["mcqs"][0].id)
    # when
    response = api.put(f"{base(client_a)}/assessment-submission/math/", {"response_sheet": {own: {stranger: "Four"}}})
    # then
    assert response.status_code == 400, response.raw
    assert f"response_sheet.{own}.{stranger}" in response.json(), response.json()
    assert saved_sheet(client_a, user) == {}


def test_final_submit_with_a_foreign_section_is_refused_and_stays_open(client_a, as_user, exams):
    # given
    exam, other = exams
    api, user = started(client_a, as_user)
    # when
    response = api.put(
        f"{base(client_a)}/assessment-submission/math/final/", {"response_sheet": {"999999": {"1": "x"}}}
    )
    # then
    assert response.status_code == 400, response.raw
    assert "response_sheet.999999" in response.json()
    with schema_context(client_a.schema_name):
        assert Submission.objects.get(user=user).status == SubmissionStatus.IN_PROGRESS


def test_contract_sheet_of_own_ids_and_metadata_still_saves(client_a, as_user, exams):
    exam, _ = exams
    api, user = started(client_a, as_user)
    own = {str(exam["quiz"].id): {str(exam["mcqs"][0].id): "Four"}, "metadata": {"tab_switches": 2}}
    response = api.put(f"{base(client_a)}/assessment-submission/math/", {"response_sheet": own})
    assert response.status_code == 200, response.raw
    assert saved_sheet(client_a, user) == own


# --- huge client sheets ------------------------------------------------------------------


def test_an_mcq_answered_with_more_letters_than_options_is_refused_at_once(client_a, as_user, exams):
    # given: a list of 400,000 letters (~2 MB) for a 4-option question
    exam, _ = exams
    api, user = started(client_a, as_user)
    quiz, mcq = str(exam["quiz"].id), str(exam["mcqs"][0].id)
    body = {"response_sheet": {"quizSectionId": [{quiz: {mcq: ["C"] * 400_000}}]}}
    # when
    began = time.perf_counter()
    response = api.put(f"{base(client_a)}/assessment-submission/math/", body)
    elapsed = time.perf_counter() - began
    # then
    assert response.status_code == 400, response.raw[:300]
    assert f"response_sheet.quizSectionId[0].{quiz}.{mcq}" in response.json(), response.json()
    assert saved_sheet(client_a, user) == {}
    assert elapsed < 1.5, f"{elapsed:.2f}s"


def test_more_entries_than_the_assessment_has_sections_are_refused(client_a, as_user, exams):
    # given: the same section's entry 40,000 times (~1.5 MB)
    exam, _ = exams
    api, user = started(client_a, as_user)
    entry = {str(exam["quiz"].id): {str(q.id): "C" for q in exam["mcqs"]}}
    # when
    response = api.put(
        f"{base(client_a)}/assessment-submission/math/", {"response_sheet": {"quizSectionId": [entry] * 40_000}}
    )
    # then
    assert response.status_code == 400, response.raw[:300]
    assert "response_sheet.quizSectionId" in response.json(), response.json()
    assert saved_sheet(client_a, user) == {}


def test_a_multi_select_answer_and_one_entry_per_section_still_save(client_a, as_user, exams):
    exam, _ = exams
    api, user = started(client_a, as_user)
    quiz, mcq = str(exam["quiz"].id), str(exam["mcqs"][0].id)
    body = {"response_sheet": {"quizSectionId": [{quiz: {mcq: ["a", "C", "A", "d"]}}, {quiz: {}}, {quiz: {}}]}}
    response = api.put(f"{base(client_a)}/assessment-submission/math/", body)
    assert response.status_code == 200, response.raw
    assert saved_sheet(client_a, user)[quiz][mcq] == ["Two", "Four", "Five"]


def test_final_submit_cannot_grow_the_sheet_past_its_limit(client_a, as_user, exams):
    # given: ~400 KB of metadata saved by autosave (under the 512 KiB limit)
    exam, _ = exams
    api, user = started(client_a, as_user)
    url = f"{base(client_a)}/assessment-submission/math/"
    saved = api.put(url, {"response_sheet": {"metadata": {"a": "x" * 400_000}}})
    assert saved.status_code == 200, saved.raw[:200]
    # when: the final submit merges another ~400 KB (the autosave's check of the merged sheet
    # was missing here)
    response = api.put(f"{url}final/", {"response_sheet": {"metadata": {"b": "y" * 400_000}}})
    # then
    assert response.status_code == 400, response.raw[:200]
    assert "response_sheet" in response.json()
    with schema_context(client_a.schema_name):
        row = Submission.objects.get(user=user)
        assert row.status == SubmissionStatus.IN_PROGRESS and "b" not in row.response_sheet["metadata"]
