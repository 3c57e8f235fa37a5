import factory

from tenant_apps.mock_interviews.models import MockInterview
from tests.factories import ModelFactory


class MockInterviewFactory(ModelFactory[MockInterview]):
    class Meta:
        model = MockInterview

    job_role = factory.Sequence(lambda n: f"Backend Developer {n}")
    experience_level = "junior"
    interview_type = "technical"
