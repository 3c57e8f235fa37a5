from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.accounts.tests.factories import UserFactory
from tenant_apps.assessment.models import Question, Submission
from tenant_apps.assessment.tests.factories import AssessmentFactory, QuestionFactory, SectionFactory
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db


def adm(client) -> str:
    return f"/admin-dashboard/api/clients/{client.id}"


def budget(queries: int) -> int:
    """Statements for a request making ``queries`` of its own: the client (the two ``SET
    search_path`` around it are not counted) and the user; then the request's own."""
    return 2 + queries


@pytest.fixture
def admin(client_a, as_user):
    return as_user(client_a, role="admin")[0]


class TestAssessmentAuthoring:
    def test_create_and_list_with_contract_fields(self, client_a, admin):
        # when
        response = admin.post(
            f"{adm(client_a)}/assessments/",
            {"title": "Data Science Test", "description": "d", "is_active": True, "is_paid": True, "amount": "999.00"},
        )
        listed = admin.get(f"{adm(client_a)}/assessments/").json()
        # then
        assert response.status_code == 201
        body = response.json()
        assert body["slug"] == "data-science-test" and body["amount"] == 999.00 and body["is_paid"] is True
        assert set(body) >= {"id", "title", "description", "slug", "is_active", "is_paid", "amount"}
        assert [a["id"] for a in listed] == [body["id"]]

    def test_slugs_are_unique_per_client(self, client_a, client_b, as_user, admin):
        admin_b = as_user(client_b, role="admin")[0]
        first = admin.post(f"{adm(client_a)}/assessments/", {"title": "Quiz"}).json()
        second = admin.post(f"{adm(client_a)}/assessments/", {"title": "Quiz"}).json()
        other_client = admin_b.post(f"{adm(client_b)}/assessments/", {"title": "Quiz"}).json()
        explicit_clash = admin.post(f"{adm(client_a)}/assessments/", {"title": "X", "slug": "quiz"})
        numeric = admin.post(f"{adm(client_a)}/assessments/", {"title": "X", "slug": "123"})
        assert (first["slug"], second["slug"], other_client["slug"]) == ("quiz", "quiz-2", "quiz")
        assert explicit_clash.status_code == 400 and "slug" in explicit_clash.json()
        assert numeric.status_code == 400 and "slug" in numeric.json()

    def test_paid_needs_an_amount(self, client_a, admin):
        response = admin.post(f"{adm(client_a)}/assessments/", {"title": "Paid", "is_paid": True})
        assert response.status_code == 400 and "amount" in response.json()

    def test_update_by_slug_with_bands_and_delete(self, client_a, admin):
        created = admin.post(f"{adm(client_a)}/assessments/", {"title": "Scholarship test"}).json()
        url = f"{adm(client_a)}/assessments/{created['slug']}/"
        bands = [
            {"min_score_percentage": "80", "scholarship_percentage": "30"},
            {"min_score_percentage": "50", "scholarship_percentage": "10"},
        ]
        updated = admin.put(url, {"duration_minutes": 45, "scholarship_bands": bands}).json()
        assert updated["title"] == "Scholarship test" and updated["duration_minutes"] == 45
        assert updated["scholarship_bands"] == [
            {"min_score_percentage": 50.00, "scholarship_percentage": 10.00},
            {"min_score_percentage": 80.00, "scholarship_percentage": 30.00},
        ]
        bad = admin.put(
            f"{url}scholarship-bands/",
            {"scholarship_bands": [{"min_score_percentage": "50", "scholarship_percentage": "101"}]},
        )
        shrinking = admin.put(
            f"{url}scholarship-bands/",
            {
                "scholarship_bands": [
                    {"min_score_percentage": "50", "scholarship_percentage": "30"},
                    {"min_score_percentage": "90", "scholarship_percentage": "10"},
                ]
            },
        )
        assert bad.status_code == 400 and shrinking.status_code == 400
        assert admin.delete(url).status_code == 204
        assert admin.get(url).status_code == 404

    def test_program_fields_go_together(self, client_a, admin):
        response = admin.post(f"{adm(client_a)}/assessments/", {"title": "T", "program_slug": "fullstack"})
        assert response.status_code == 400 and "program_amount" in response.json()

    @pytest.mark.parametrize("count", [1, 20])
    def test_list_query_budget(self, client_a, admin, count):
        with schema_context(client_a.schema_name):
            AssessmentFactory.create_batch(count)
        # the assessments (1), their bands (1)
        with StatementCount(budget(2)):
            assert len(admin.get(f"{adm(client_a)}/assessments/").json()) == count


class TestSectionsAndQuestions:
    @pytest.mark.parametrize("count", [1, 20])
    def test_section_list_budget(self, client_a, admin, count):
        with schema_context(client_a.schema_name):
            assessment = AssessmentFactory()
            for section in SectionFactory.create_batch(count, assessment=assessment):
                QuestionFactory(section=section)
        # the assessment (1), its sections with question counts (1)
        with StatementCount(budget(2)):
            body = admin.get(f"{adm(client_a)}/assessments/{assessment.slug}/sections/").json()
        assert len(body) == count and {s["question_count"] for s in body} == {1}

    @pytest.mark.parametrize("count", [1, 20])
    def test_assessment_detail_budget(self, client_a, admin, count):
        with schema_context(client_a.schema_name):
            assessment = AssessmentFactory()
            for i in range(count):
                assessment.scholarship_bands.create(min_score_percentage=i, scholarship_percentage=i)
        # the assessment with its counts (1), its bands (1), its multiple-choice sections (1; none
        # here, so their questions cost nothing: tests/test_real_client_assessment_composer.py)
        with StatementCount(budget(3)):
            body = admin.get(f"{adm(client_a)}/assessments/{assessment.id}/").json()
        assert len(body["scholarship_bands"]) == count

    def test_author_sections_and_questions(self, client_a, admin):
        created = admin.post(f"{adm(client_a)}/assessments/", {"title": "Full"}).json()
        base = f"{adm(client_a)}/assessments/{created['id']}"
        mcq = admin.post(f"{base}/sections/", {"title": "MCQ", "section_type": "mcq"}).json()
        coding = admin.post(f"{base}/sections/", {"title": "Code", "section_type": "coding", "order": 1}).json()
        q1 = admin.post(
            f"{base}/sections/{mcq['id']}/questions/",
            {"text": "2+2?", "options": ["3", "4"], "correct_answer": "4", "marks": "2"},
        )
        q2 = admin.post(
            f"{base}/sections/{coding['id']}/questions/",
            {"text": "Print hi", "correct_answer": "print('hi')", "language": "python", "starter_code": "# code"},
        )
        assert q1.status_code == 201 and q2.status_code == 201
        assert q1.json()["correct_answer"] == "4" and q1.json()["marks"] == 2.00
        sections = admin.get(f"{base}/sections/").json()
        assert [(s["section_type"], s["question_count"]) for s in sections] == [("mcq", 1), ("coding", 1)]
        # update and delete
        edited = admin.put(f"{base}/questions/{q1.json()['id']}/", {"options": ["3", "4", "5"]})
        assert edited.status_code == 200 and edited.json()["options"] == ["3", "4", "5"]
        renamed = admin.put(f"{base}/sections/{mcq['id']}/", {"title": "Aptitude"})
        assert renamed.json()["title"] == "Aptitude"
        assert admin.delete(f"{base}/questions/{q2.json()['id']}/").status_code == 204
        assert admin.delete(f"{base}/sections/{coding['id']}/").status_code == 204
        assert len(admin.get(f"{base}/sections/").json()) == 1

    @pytest.mark.parametrize(
        ("payload", "field"),
        [
            ({"text": "Q", "options": ["only"], "correct_answer": "only"}, "options"),
            ({"text": "Q", "options": ["a", "a"], "correct_answer": "a"}, "options"),
            ({"text": "Q", "options": ["a", "b"], "correct_answer": "c"}, "correct_answer"),
            ({"text": "Q", "options": ["a", "b"], "correct_answer": "a", "marks": "0"}, "marks"),
        ],
    )
    def test_mcq_validation(self, client_a, admin, payload, field):
        with schema_context(client_a.schema_name):
            section = SectionFactory()
        url = f"{adm(client_a)}/assessments/{section.assessment_id}/sections/{section.id}/questions/"
        response = admin.post(url, payload)
        assert response.status_code == 400 and field in response.json()

    def test_text_questions_take_no_options(self, client_a, admin):
        with schema_context(client_a.schema_name):
            section = SectionFactory(section_type="text")
        url = f"{adm(client_a)}/assessments/{section.assessment_id}/sections/{section.id}/questions/"
        assert admin.post(url, {"text": "Q", "options": ["a", "b"]}).status_code == 400
        assert admin.post(url, {"text": "Essay: why?"}).status_code == 201

    def test_a_question_of_another_assessment_is_404(self, client_a, admin):
        with schema_context(client_a.schema_name):
            question = QuestionFactory()
            other = AssessmentFactory()
        assert admin.get(f"{adm(client_a)}/assessments/{other.id}/questions/{question.id}/").status_code == 404
        assert admin.put(f"{adm(client_a)}/assessments/{other.id}/questions/{question.id}/", {}).status_code == 404

    @pytest.mark.parametrize("count", [1, 20])
    def test_question_list_budget(self, client_a, admin, count):
        with schema_context(client_a.schema_name):
            section = SectionFactory()
            QuestionFactory.create_batch(count, section=section)
        url = f"{adm(client_a)}/assessments/{section.assessment_id}/sections/{section.id}/questions/"
        # the assessment (1), the section (1), its questions (1)
        with StatementCount(budget(3)):
            assert len(admin.get(url).json()) == count
        with schema_context(client_a.schema_name):
            assert Question.objects.count() == count


class TestSubmissionList:
    def _data(self, client, count):
        with schema_context(client.schema_name):
            first, second = AssessmentFactory(slug="first"), AssessmentFactory(slug="second")
            now = timezone.now()
            for i in range(count):
                Submission.objects.create(
                    assessment=first if i % 2 == 0 else second,
                    user=UserFactory(),
                    started_at=now,
                    status="submitted" if i % 4 == 0 else "in_progress",
                    score=Decimal("50.00") if i % 4 == 0 else None,
                    submitted_at=now if i % 4 == 0 else None,
                )
            return first, second

    def test_filters_by_assessment_and_status(self, client_a, admin):
        first, _ = self._data(client_a, 8)
        url = f"{adm(client_a)}/assessment-submissions/"
        everything = admin.get(url).json()
        by_id = admin.get(f"{url}?assessment_id={first.id}").json()
        by_slug = admin.get(f"{url}?assessment_id=first&status=submitted").json()
        assert len(everything) == 8 and len(by_id) == 4 and len(by_slug) == 2
        row = by_slug[0]
        assert row["assessment"] == {"id": first.id, "title": first.title, "slug": "first"}
        assert set(row["user"]) >= {"id", "email", "user_name"} and row["score"] == 50.00
        assert admin.get(f"{url}?status=bogus").status_code == 400

    def test_pagination_headers(self, client_a, admin):
        self._data(client_a, 5)
        response = admin.get(f"{adm(client_a)}/assessment-submissions/?page=1&page_size=2")
        assert len(response.json()) == 2 and response.headers["X-Total-Count"] == "5"

    @pytest.mark.parametrize("count", [1, 20])
    def test_query_budget(self, client_a, admin, count):
        self._data(client_a, count)
        # submissions joined with user and assessment (1)
        with StatementCount(budget(1)):
            assert len(admin.get(f"{adm(client_a)}/assessment-submissions/?status=in_progress").json()) == (
                count - (count + 3) // 4
            )


class TestAdminAccess:
    def test_student_on_admin_endpoints_is_403(self, client_a, as_user):
        api, _ = as_user(client_a)
        assert api.get(f"{adm(client_a)}/assessments/").status_code == 403
        assert api.post(f"{adm(client_a)}/assessments/", {"title": "x"}).status_code == 403
        assert api.get(f"{adm(client_a)}/assessment-submissions/").status_code == 403

    def test_admin_of_client_a_on_client_b_is_401(self, client_a, client_b, admin):
        assert admin.get(f"{adm(client_b)}/assessments/").status_code == 401

    def test_client_a_object_on_client_b_path_is_404(self, client_a, client_b, as_user):
        with schema_context(client_a.schema_name):
            assessment = AssessmentFactory(slug="only-at-a")
        admin_b = as_user(client_b, role="admin")[0]
        assert admin_b.get(f"{adm(client_b)}/assessments/{assessment.id}/").status_code == 404
        assert admin_b.get(f"{adm(client_b)}/assessments/only-at-a/").status_code == 404

    def test_platform_admin_may_author_at_any_client(self, client_a, platform_admin):
        api, _ = platform_admin
        assert api.post(f"{adm(client_a)}/assessments/", {"title": "By platform"}).status_code == 201
