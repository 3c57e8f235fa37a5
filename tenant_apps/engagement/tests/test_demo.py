import pytest
from django_tenants.utils import schema_context

from shared_apps.jobs.demo import build_demo_jobs
from shared_apps.jobs.models import Job
from tenant_apps.engagement.demo import build_demo_engagement
from tenant_apps.engagement.models import CheatSheet, ReferralProgram, WorkshopRegistration, WorkshopVariable
from tenant_apps.mock_interviews.demo import build_demo_mock_interviews
from tenant_apps.mock_interviews.models import MockInterview

pytestmark = pytest.mark.django_db


def test_demo_builders_are_idempotent(client_a, make_user, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    student = make_user(client_a)
    users = {"student1@demo.local": student}
    for _ in range(2):
        with schema_context(client_a.schema_name):
            build_demo_engagement(client_a, users)
            build_demo_mock_interviews(client_a, users)
            build_demo_jobs(client_a, users)
    with schema_context(client_a.schema_name):
        assert CheatSheet.objects.count() == 1 and ReferralProgram.objects.get().referral_code == "DEMO10"
        assert WorkshopRegistration.objects.count() == 1 and WorkshopVariable.objects.count() == 3
        assert MockInterview.objects.count() == 1
    assert Job.objects.count() == 3
    assert (tmp_path / "cheat-sheets" / "sql-basics.txt").exists()
