"""The older build's assessment composer saved twice at the same moment (a double click on
"Save", two tabs) must give the assessment one quiz section (the ``attack3`` review).

``composer_questions_add`` looks for the assessment's multiple-choice section and makes one
when there is none. Two saves of an assessment without one each found none and each made
one: 8 simultaneous PATCHes made 2 sections "S", holding 7 and 1 questions. Each save now
locks the assessment's row first, so the second finds the section the first made.

Like ``tests/test_concurrent_toggles.py``, this commits its own rows (other connections
cannot see a test transaction) and deletes them afterwards.
"""

from __future__ import annotations

import uuid

from django.test import Client as HttpClient
from django_tenants.utils import schema_context

from tenant_apps.accounts.services import session_start
from tenant_apps.accounts.tests.factories import UserFactory
from tenant_apps.assessment.models import Assessment, Section, SectionType
from tenant_apps.assessment.tests.concurrency import run_together
from tenants.models import Client
from tenants.schema import use_public_schema

SIMULTANEOUS = 8
QUESTION = {"question_text": "2+2?", "option_a": "3", "option_b": "4", "correct_option": "B"}


def test_simultaneous_composer_saves_make_one_quiz_section(django_db_setup, django_db_blocker):
    # given: a committed admin and an assessment without a quiz section
    with django_db_blocker.unblock():
        client = Client.objects.get(slug="alpha")
        with schema_context(client.schema_name):
            admin = UserFactory(email=f"race-{uuid.uuid4().hex[:8]}@x.test", role="admin")
            exam = Assessment.objects.create(title="Race", slug=f"race-{uuid.uuid4().hex[:8]}")
            token = session_start(user=admin, client_id=client.id).access
        use_public_schema()
    url = f"/admin-dashboard/api/clients/{client.id}/assessments/{exam.id}/"
    # a different question per save: the section keeps every question it has not got yet
    bodies = [
        {"quiz_section": {"title": "S"}, "mcqs": [{**QUESTION, "question_text": f"{n}+2?"}]}
        for n in range(SIMULTANEOUS)
    ]

    def save(body: dict) -> int:
        response = HttpClient().patch(
            url, body, headers={"Authorization": f"Bearer {token}"}, content_type="application/json"
        )
        return response.status_code

    try:
        # when
        with django_db_blocker.unblock():
            statuses = run_together([lambda body=body: save(body) for body in bodies])
        # then: every save answered, one section holds every question
        assert statuses == [200] * SIMULTANEOUS
        with django_db_blocker.unblock(), schema_context(client.schema_name):
            sections = Section.objects.filter(assessment=exam, section_type=SectionType.MCQ)
            assert [(s.title, s.questions.count()) for s in sections] == [("S", SIMULTANEOUS)]
            orders = sorted(sections[0].questions.values_list("order", flat=True))
            assert orders == list(range(1, SIMULTANEOUS + 1))
    finally:
        with django_db_blocker.unblock(), schema_context(client.schema_name):
            exam.delete()
            admin.delete()
        use_public_schema()
