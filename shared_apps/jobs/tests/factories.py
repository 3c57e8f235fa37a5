import factory
from django.utils import timezone

from shared_apps.jobs.models import Job
from tests.factories import ModelFactory


class JobFactory(ModelFactory[Job]):
    class Meta:
        model = Job

    title = factory.Sequence(lambda n: f"Developer {n}")
    company = factory.Sequence(lambda n: f"Company {n}")
    location = "Remote"
    job_type = "full_time"
    description = "Write code."
    requirements = factory.LazyFunction(lambda: ["Python"])
    application_url = "https://jobs.example.test/apply"
    posted_at = factory.LazyFunction(timezone.now)
