"""A referral-program code is accepted at scholarship redemption (assessment app) and
its usage is counted."""

import pytest
from django_tenants.utils import schema_context

from tenant_apps.assessment.models import Submission
from tenant_apps.assessment.tests.factories import assessment_full, sheet
from tenant_apps.engagement.models import ReferralProgram
from tenant_apps.engagement.tests.factories import ReferralProgramFactory

pytestmark = pytest.mark.django_db


def test_program_code_redeems_and_counts(client_a, as_user):
    with schema_context(client_a.schema_name):
        full = assessment_full(title="Aptitude", slug="aptitude")
        ReferralProgramFactory(referral_code="PARTNER10")
        ReferralProgramFactory(referral_code="OLDCODE", is_active=False)
    base = f"/assessment/api/client/{client_a.id}"

    def submitted():
        api, user = as_user(client_a)
        api.get(f"{base}/start-assessment/aptitude/")
        api.post(f"{base}/assessment-submission/aptitude/final/", {"response_sheet": sheet(full)})
        return api, user

    api, user = submitted()
    inactive = api.post(f"{base}/redeem-scholarship/aptitude/", {"referral_code": "OLDCODE"})
    assert inactive.status_code == 400 and inactive.json()["referral_code"] == ["Unknown referral code."]
    response = api.post(f"{base}/redeem-scholarship/aptitude/", {"referral_code": "partner10"})
    assert response.status_code == 200, response.json()
    other_api, _ = submitted()
    assert other_api.post(f"{base}/redeem-scholarship/aptitude/", {"referral_code": "PARTNER10"}).status_code == 200
    with schema_context(client_a.schema_name):
        assert ReferralProgram.objects.get(referral_code="PARTNER10").usage_count == 2
        assert ReferralProgram.objects.get(referral_code="OLDCODE").usage_count == 0
        assert Submission.objects.get(user_id=user.id).referral_code_used == "PARTNER10"
