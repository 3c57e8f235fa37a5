import factory

from tenant_apps.mailing.models import EmailJob, EmailJobStatus, EmailRecipient, RecipientStatus


class EmailJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmailJob

    subject = factory.Sequence(lambda n: f"Announcement {n}")
    body = "Hello there"
    status = EmailJobStatus.PENDING


class EmailRecipientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmailRecipient

    job = factory.SubFactory(EmailJobFactory)
    email = factory.Sequence(lambda n: f"person{n}@example.test")
    status = RecipientStatus.PENDING
