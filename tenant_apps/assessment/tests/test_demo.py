import pytest
from django_tenants.utils import schema_context

from tenant_apps.assessment.demo import build_demo_assessments
from tenant_apps.assessment.models import Assessment, Question

pytestmark = pytest.mark.django_db


def test_demo_assessments_are_idempotent(client_a):
    with schema_context(client_a.schema_name):
        build_demo_assessments(client_a, {})
        build_demo_assessments(client_a, {})
        assert sorted(Assessment.objects.values_list("slug", "is_paid")) == [
            ("fullstack-scholarship-test", True),
            ("python-basics", False),
        ]
        assert Question.objects.count() == 10
