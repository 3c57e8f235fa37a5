from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.assessment.models import Submission
from tenant_apps.assessment.tests.factories import (
    AssessmentFactory,
    QuestionFactory,
    SectionFactory,
    assessment_full,
    sheet,
)
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db


def budget(queries: int) -> int:
    """Statements for a request making ``queries`` queries of its own: the client (cache
    cleared per test) and the user with its session (``SET search_path`` is not counted);
    then the request's own queries."""
    return 2 + queries


def base(client) -> str:
    return f"/assessment/api/client/{client.id}"


@pytest.fixture
def full(client_a):
    with schema_context(client_a.schema_name):
        return assessment_full(title="Aptitude", slug="aptitude")


class TestActiveAssessments:
    def test_lists_active_with_has_attempted(self, client_a, as_user, full):
        # given
        api, user = as_user(client_a)
        with schema_context(client_a.schema_name):
            AssessmentFactory(is_active=False)
        # when
        before = api.get(f"{base(client_a)}/active-assessments/").json()
        api.get(f"{base(client_a)}/start-assessment/aptitude/")
        after = api.get(f"{base(client_a)}/active-assessments/").json()
        # then
        assert [a["slug"] for a in before] == ["aptitude"]
        assert before[0]["has_attempted"] is False and after[0]["has_attempted"] is True
        assert set(before[0]) >= {"id", "title", "description", "slug", "is_paid", "amount", "has_attempted"}

    @pytest.mark.parametrize("count", [1, 20])
    def test_query_budget(self, client_a, as_user, count):
        api, _ = as_user(client_a)
        with schema_context(client_a.schema_name):
            AssessmentFactory.create_batch(count)
        # cold: the list (cached per client and version), the caller's attempted ones (2)
        with StatementCount(budget(2)):
            response = api.get(f"{base(client_a)}/active-assessments/")
        assert len(response.json()) == count
        # warm: auth (the client lookup is cached now) and the caller's attempted ones
        with StatementCount(1 + 1):
            assert api.get(f"{base(client_a)}/active-assessments/").json() == response.json()

    def test_assessment_writes_show_in_the_next_read_and_attempts_stay_per_user(self, client_a, as_user, full):
        # given: the list read (cached) by two students
        api, _ = as_user(client_a)
        peer, _ = as_user(client_a)
        with schema_context(client_a.schema_name):
            first = AssessmentFactory(title="First")
            second = AssessmentFactory(title="Second")
        path = f"{base(client_a)}/active-assessments/"
        aptitude = full["assessment"]
        assert {a["title"] for a in api.get(path).json()} == {"First", "Second", aptitude.title}
        assert peer.get(path).status_code == 200
        # when: one is renamed, one deactivated, one added
        with schema_context(client_a.schema_name):
            first.title = "Renamed"
            first.save()
            second.is_active = False
            second.save()
            third = AssessmentFactory(title="Third")
        # then
        rows = api.get(path).json()
        assert {a["title"] for a in rows} == {"Renamed", "Third", aptitude.title}
        # when: a student starts one
        assert api.get(f"{base(client_a)}/start-assessment/aptitude/").status_code == 200
        # then: it is attempted for that student only
        mine = {a["slug"]: a["has_attempted"] for a in api.get(path).json()}
        theirs = {a["slug"]: a["has_attempted"] for a in peer.get(path).json()}
        assert mine == {first.slug: False, third.slug: False, "aptitude": True}
        assert theirs == {first.slug: False, third.slug: False, "aptitude": False}
        # and deleting one shows too
        with schema_context(client_a.schema_name):
            first.delete()
        assert {a["slug"] for a in api.get(path).json()} == {third.slug, "aptitude"}


class TestDetail:
    @pytest.mark.parametrize("ref", ["id", "slug"])
    def test_detail_by_id_or_slug(self, client_a, as_user, full, ref):
        api, _ = as_user(client_a)
        key = full["assessment"].id if ref == "id" else "aptitude"
        body = api.get(f"{base(client_a)}/assessment-details/{key}/").json()
        assert body["slug"] == "aptitude"
        assert [s["section_type"] for s in body["sections"]] == ["mcq", "text", "coding"]
        assert [s["question_count"] for s in body["sections"]] == [3, 2, 1]
        assert body["has_paid"] is True and body["submission_status"] is None
        api.get(f"{base(client_a)}/start-assessment/aptitude/")
        assert api.get(f"{base(client_a)}/assessment-details/{key}/").json()["submission_status"] == "in_progress"
        assert [b["scholarship_percentage"] for b in body["scholarship_bands"]] == [10.00, 25.00, 50.00]

    @pytest.mark.parametrize("extra_sections", [0, 20])
    def test_detail_query_budget(self, client_a, as_user, full, extra_sections):
        api, _ = as_user(client_a)
        with schema_context(client_a.schema_name):
            for _ in range(extra_sections):
                SectionFactory(assessment=full["assessment"])
        # the assessment with submission status (1), sections with counts (1), bands (1)
        with StatementCount(budget(3)):
            body = api.get(f"{base(client_a)}/assessment-details/aptitude/").json()
        assert len(body["sections"]) == 3 + extra_sections

    def test_unknown_or_inactive_is_404(self, client_a, as_user):
        api, _ = as_user(client_a)
        with schema_context(client_a.schema_name):
            AssessmentFactory(slug="hidden", is_active=False)
        assert api.get(f"{base(client_a)}/assessment-details/hidden/").json() == {
            "detail": "Not found.",
            "code": "assessment_not_found",
        }
        assert api.get(f"{base(client_a)}/assessment-details/999999/").status_code == 404


class TestStartAndSave:
    def test_start_returns_questions_without_answers(self, client_a, as_user, full):
        api, _ = as_user(client_a)
        response = api.get(f"{base(client_a)}/start-assessment/aptitude/")
        assert response.status_code == 200
        body = response.json()
        assert body["submission"]["status"] == "in_progress"
        assert body["submission"]["response_sheet"] == {}
        questions = [q for s in body["assessment"]["sections"] for q in s["questions"]]
        assert len(questions) == 6
        assert all("correct_answer" not in q and "accepted_answers" not in q for q in questions)
        assert questions[0]["options"] == ["A", "B", "C", "D"]

    def test_start_resumes_the_same_submission_with_saved_answers(self, client_a, as_user, full):
        api, _ = as_user(client_a)
        first = api.get(f"{base(client_a)}/start-assessment/aptitude/").json()["submission"]
        answers = sheet(full)
        api.post(f"{base(client_a)}/assessment-submission/aptitude/", {"response_sheet": answers})
        again = api.get(f"{base(client_a)}/start-assessment/{full['assessment'].id}/").json()["submission"]
        assert again["id"] == first["id"] and again["started_at"] == first["started_at"]
        assert again["response_sheet"] == answers
        with schema_context(client_a.schema_name):
            assert Submission.objects.count() == 1

    @pytest.mark.parametrize("extra_questions", [0, 20])
    def test_resume_query_budget(self, client_a, as_user, full, extra_questions):
        api, _ = as_user(client_a)
        with schema_context(client_a.schema_name):
            QuestionFactory.create_batch(extra_questions, section=full["sections"]["mcq"])
        api.get(f"{base(client_a)}/start-assessment/aptitude/")
        # the assessment (1), the submission (1), sections (1), their questions (1); the
        # client is cached by the first start, so its lookup is not repeated
        with StatementCount(budget(4) - 1):
            body = api.get(f"{base(client_a)}/start-assessment/aptitude/").json()
        assert len(body["assessment"]["sections"][0]["questions"]) == 3 + extra_questions

    def test_save_merges_and_is_idempotent(self, client_a, as_user, full):
        api, _ = as_user(client_a)
        mcq, text = str(full["sections"]["mcq"].id), str(full["sections"]["text"].id)
        q1, q2 = (str(q.id) for q in full["mcqs"][:2])
        url = f"{base(client_a)}/assessment-submission/aptitude/"
        api.get(f"{base(client_a)}/start-assessment/aptitude/")
        # when: autosaves arrive piecemeal, some repeated, with PUT and POST
        api.post(url, {"response_sheet": {mcq: {q1: "A"}}})
        api.put(url, {"response_sheet": {mcq: {q2: "B"}, "metadata": {"tab_switches": 1}}})
        api.put(url, {"response_sheet": {mcq: {q1: "B"}}})
        second = api.put(url, {"response_sheet": {mcq: {q1: "B"}}})
        last = api.post(url, {"response_sheet": {text: {str(full["capital"].id): "Paris"}}})
        # then
        assert second.status_code == 200 and second.json()["status"] == "in_progress"
        assert last.json()["response_sheet"] == {
            mcq: {q1: "B", q2: "B"},
            "metadata": {"tab_switches": 1},
            text: {str(full["capital"].id): "Paris"},
        }

    def test_save_before_start_is_400(self, client_a, as_user, full):
        api, _ = as_user(client_a)
        response = api.post(f"{base(client_a)}/assessment-submission/aptitude/", {"response_sheet": {}})
        assert response.status_code == 400 and response.json()["code"] == "not_started"

    def test_save_rejects_malformed_sheet(self, client_a, as_user, full):
        api, _ = as_user(client_a)
        api.get(f"{base(client_a)}/start-assessment/aptitude/")
        response = api.post(f"{base(client_a)}/assessment-submission/aptitude/", {"response_sheet": {"1": "x"}})
        assert response.status_code == 400 and "response_sheet" in response.json()
        assert api.post(f"{base(client_a)}/assessment-submission/aptitude/", {}).status_code == 400

    def test_paid_assessment_cannot_start_unpaid(self, client_a, as_user):
        api, _ = as_user(client_a)
        with schema_context(client_a.schema_name):
            AssessmentFactory(slug="paid", is_paid=True, amount=Decimal("499.00"))
        response = api.get(f"{base(client_a)}/start-assessment/paid/")
        assert response.status_code == 403 and response.json()["code"] == "payment_required"
        save = api.post(f"{base(client_a)}/assessment-submission/paid/", {"response_sheet": {}})
        assert save.status_code == 400


class TestFinalSubmit:
    def test_final_submit_scores_on_the_server_and_freezes(self, client_a, as_user, full):
        # given: 2 of 3 MCQs, the capital (spaced, upper case) right, the code wrong: 3 of 6 marks
        api, _ = as_user(client_a)
        api.get(f"{base(client_a)}/start-assessment/aptitude/")
        answers = sheet(full, mcq_right=2, capital="  PARIS ", code="print(41)")
        api.put(f"{base(client_a)}/assessment-submission/aptitude/", {"response_sheet": answers})
        # when: the real client sends PUT to final, by slug
        response = api.put(f"{base(client_a)}/assessment-submission/aptitude/final/")
        # then
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "submitted" and body["submitted_at"]
        assert (body["score"], body["marks_obtained"], body["max_marks"]) == (50.00, 3.00, 6.00)
        assert body["offered_scholarship_percentage"] == 10.00
        again = api.post(f"{base(client_a)}/assessment-submission/aptitude/final/")
        assert again.status_code == 400 and again.json()["code"] == "already_submitted"
        save = api.post(f"{base(client_a)}/assessment-submission/aptitude/", {"response_sheet": answers})
        assert save.status_code == 400 and save.json()["code"] == "already_submitted"

    def test_final_submit_merges_a_last_sheet(self, client_a, as_user, full):
        api, _ = as_user(client_a)
        api.get(f"{base(client_a)}/start-assessment/aptitude/")
        response = api.post(f"{base(client_a)}/assessment-submission/aptitude/final/", {"response_sheet": sheet(full)})
        assert response.json()["score"] == 100.00
        assert response.json()["offered_scholarship_percentage"] == 50.00

    def test_final_submit_before_start_is_400(self, client_a, as_user, full):
        api, _ = as_user(client_a)
        response = api.post(f"{base(client_a)}/assessment-submission/aptitude/final/")
        assert response.status_code == 400 and response.json().get("code") == "not_started", response.json()

    def test_time_limit_is_enforced_on_the_server(self, client_a, as_user, full):
        # given: a 10-minute assessment started 11 minutes ago, one answer saved in time
        api, user = as_user(client_a)
        with schema_context(client_a.schema_name):
            full["assessment"].duration_minutes = 10
            full["assessment"].save()
        api.get(f"{base(client_a)}/start-assessment/aptitude/")
        in_time = sheet(full, mcq_right=1)
        mcq = str(full["sections"]["mcq"].id)
        api.put(f"{base(client_a)}/assessment-submission/aptitude/", {"response_sheet": {mcq: in_time[mcq]}})
        with schema_context(client_a.schema_name):
            started = timezone.now() - timedelta(minutes=11)
            Submission.objects.filter(user_id=user.id).update(
                started_at=started, deadline_at=started + timedelta(minutes=10)
            )
        # when
        late_save = api.put(f"{base(client_a)}/assessment-submission/aptitude/", {"response_sheet": sheet(full)})
        final = api.put(f"{base(client_a)}/assessment-submission/aptitude/final/", {"response_sheet": sheet(full)})
        # then: only what was saved in time is scored (1 of 6 marks)
        assert late_save.status_code == 400 and late_save.json()["code"] == "time_up"
        assert final.status_code == 200 and final.json()["marks_obtained"] == 1.00

    def test_resuming_after_the_time_limit_submits_what_was_saved(self, client_a, as_user, full):
        api, user = as_user(client_a)
        with schema_context(client_a.schema_name):
            full["assessment"].duration_minutes = 5
            full["assessment"].save()
        api.get(f"{base(client_a)}/start-assessment/aptitude/")
        api.put(f"{base(client_a)}/assessment-submission/aptitude/", {"response_sheet": sheet(full)})
        with schema_context(client_a.schema_name):
            started = timezone.now() - timedelta(hours=1)
            Submission.objects.filter(user_id=user.id).update(
                started_at=started, deadline_at=started + timedelta(minutes=5)
            )
        resumed = api.get(f"{base(client_a)}/start-assessment/aptitude/").json()["submission"]
        assert resumed["status"] == "submitted" and resumed["submitted_at"]
        status = api.get(f"{base(client_a)}/scholarship-assessment-status/aptitude/").json()
        assert status["score"] == 100.00 and status["offered_scholarship_percentage"] == 50.00


class TestScholarship:
    def _submit(self, api, client, full, **kw):
        api.get(f"{base(client)}/start-assessment/aptitude/")
        return api.post(f"{base(client)}/assessment-submission/aptitude/final/", {"response_sheet": sheet(full, **kw)})

    def test_redeem_once_returns_a_shareable_code(self, client_a, as_user, full):
        api, _ = as_user(client_a)
        status_before = api.get(f"{base(client_a)}/scholarship-assessment-status/aptitude/").json()
        self._submit(api, client_a, full)
        response = api.post(f"{base(client_a)}/redeem-scholarship/aptitude/", {})
        again = api.post(f"{base(client_a)}/redeem-scholarship/aptitude/", {})
        status_after = api.get(f"{base(client_a)}/scholarship-assessment-status/aptitude/").json()
        assert status_before == {
            "has_submitted": False,
            "score": None,
            "offered_scholarship_percentage": None,
            "is_redeemed": False,
            "referral_code": None,
            "status": "not_started",  # the web clients' (docs/real-client.md, "Learner status")
        }
        assert response.status_code == 200
        body = response.json()
        assert body["scholarship_percentage"] == 50.00 and body["message"] == "Scholarship redeemed successfully"
        assert len(body["referral_code"]) == 8
        assert again.status_code == 400 and again.json()["code"] == "already_redeemed"
        assert status_after == {
            "has_submitted": True,
            "score": 100.00,
            "offered_scholarship_percentage": 50.00,
            "is_redeemed": True,
            "referral_code": body["referral_code"],
            "status": "submitted",
        }

    def test_another_students_code_is_accepted_and_recorded(self, client_a, as_user, full):
        referrer_api, _ = as_user(client_a)
        self._submit(referrer_api, client_a, full)
        code = referrer_api.post(f"{base(client_a)}/redeem-scholarship/aptitude/", {}).json()["referral_code"]
        api, user = as_user(client_a)
        self._submit(api, client_a, full, capital="Rome")
        response = api.post(f"{base(client_a)}/redeem-scholarship/aptitude/", {"referral_code": code.lower()})
        assert response.status_code == 200 and response.json()["scholarship_percentage"] == 25.00
        with schema_context(client_a.schema_name):
            mine = Submission.objects.select_related("referred_by").get(user_id=user.id)
            assert mine.referred_by is not None
            assert mine.referred_by.referral_code == code and mine.referral_code_used == code

    def test_unknown_or_own_code_is_400(self, client_a, as_user, full):
        api, _ = as_user(client_a)
        self._submit(api, client_a, full)
        unknown = api.post(f"{base(client_a)}/redeem-scholarship/aptitude/", {"referral_code": "NOSUCH12"})
        assert unknown.status_code == 400 and unknown.json()["referral_code"] == ["Unknown referral code."]
        with schema_context(client_a.schema_name):
            assert Submission.objects.get().is_redeemed is False

    def test_redeem_needs_a_submitted_assessment_and_an_offer(self, client_a, as_user, full):
        api, _ = as_user(client_a)
        api.get(f"{base(client_a)}/start-assessment/aptitude/")
        early = api.post(f"{base(client_a)}/redeem-scholarship/aptitude/", {})
        api.post(f"{base(client_a)}/assessment-submission/aptitude/final/")  # nothing answered: 0%
        none = api.post(f"{base(client_a)}/redeem-scholarship/aptitude/", {})
        assert early.json()["code"] == "not_submitted" and none.json()["code"] == "no_scholarship"


class TestAttempted:
    @pytest.mark.parametrize("count", [1, 20])
    def test_attempted_list_and_budget(self, client_a, as_user, count):
        api, user = as_user(client_a)
        with schema_context(client_a.schema_name):
            for assessment in AssessmentFactory.create_batch(count):
                Submission.objects.create(assessment=assessment, user=user, started_at=timezone.now())
        # the submissions joined with their assessments (1)
        with StatementCount(budget(1)):
            body = api.get(f"{base(client_a)}/attempted-assessments/").json()
        assert len(body) == count
        assert set(body[0]["assessment"]) == {"id", "title", "slug"} and body[0]["status"] == "in_progress"


class TestIsolation:
    def test_token_of_client_a_on_client_b_is_401(self, client_a, client_b, as_user):
        api, _ = as_user(client_a)
        assert api.get(f"{base(client_b)}/active-assessments/").status_code == 401

    def test_client_a_assessment_is_not_found_at_client_b(self, client_a, client_b, as_user, full):
        api_b, _ = as_user(client_b)
        assessment_id = full["assessment"].id
        assert api_b.get(f"{base(client_b)}/assessment-details/{assessment_id}/").status_code == 404
        assert api_b.get(f"{base(client_b)}/start-assessment/aptitude/").status_code == 404
        assert api_b.get(f"{base(client_b)}/active-assessments/").json() == []

    def test_anonymous_is_401(self, client_a, api):
        assert api.get(f"{base(client_a)}/active-assessments/").status_code == 401

    def test_platform_admin_cannot_take_a_clients_assessment(self, client_a, platform_admin, full):
        api, _ = platform_admin
        assert api.get(f"{base(client_a)}/start-assessment/aptitude/").status_code == 403

    def test_a_platform_admin_does_not_see_the_student_sharing_its_id(
        self, api, client_a, public_client, as_user, make_user, token_for, full
    ):
        # given a student who submitted and redeemed, and a platform admin whose public
        # user id is the student's id in client_a's schema
        student_api, student = as_user(client_a)
        student_api.get(f"{base(client_a)}/start-assessment/aptitude/")
        student_api.post(f"{base(client_a)}/assessment-submission/aptitude/final/", {"response_sheet": sheet(full)})
        assert student_api.post(f"{base(client_a)}/redeem-scholarship/aptitude/", {}).status_code == 200
        root = make_user(public_client, role="superadmin", id=student.id, email="root@platform.test")
        root_api = api.with_token(token_for(root, public_client))
        # when
        status = root_api.get(f"{base(client_a)}/scholarship-assessment-status/aptitude/").json()
        active = root_api.get(f"{base(client_a)}/active-assessments/").json()
        detail = root_api.get(f"{base(client_a)}/assessment-details/aptitude/").json()
        attempted = root_api.get(f"{base(client_a)}/attempted-assessments/").json()
        # then: none of the student's rows are presented as the admin's own
        assert status["has_submitted"] is False and status["referral_code"] is None
        assert active[0]["has_attempted"] is False and detail["has_attempted"] is False
        assert attempted == []
