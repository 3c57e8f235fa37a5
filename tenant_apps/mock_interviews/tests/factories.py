import factory

from tenant_apps.mock_interviews.models import MockInterview


class MockInterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MockInterview

    job_role = factory.Sequence(lambda n: f"Backend Developer {n}")
    experience_level = "junior"
    interview_type = "technical"
