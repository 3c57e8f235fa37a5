import factory

from tenant_apps.mailing.models import EmailJob, EmailJobStatus, EmailRecipient, RecipientStatus
from tests.factories import ModelFactory


class EmailJobFactory(ModelFactory[EmailJob]):
    class Meta:
        model = EmailJob

    subject = factory.Sequence(lambda n: f"Announcement {n}")
    body = "Hello there"
    status = EmailJobStatus.PENDING


class EmailRecipientFactory(ModelFactory[EmailRecipient]):
    class Meta:
        model = EmailRecipient

    job = factory.SubFactory(EmailJobFactory)
    email = factory.Sequence(lambda n: f"person{n}@example.test")
    status = RecipientStatus.PENDING
