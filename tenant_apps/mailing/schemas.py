from datetime import datetime
from uuid import UUID

from ninja import Field, Schema
from pydantic import BaseModel

from api.schemas import InDateTime
from tenant_apps.mailing.models import EmailJob, RecipientStatus


class EmailJobIn(Schema):
    subject: str = Field(..., max_length=255)
    # Optional here so a missing body gets the service's 400 naming the "body" field.
    body: str = Field("", description="Plain text or HTML; HTML is sent with a plain-text alternative.")
    recipients: list[str] = Field(..., description="E-mail addresses; each gets its own message.")
    scheduled_time: InDateTime | None = Field(None, description="Send at this time (UTC); now when absent or past.")


class EmailAddressOut(BaseModel):
    """A recipient as the clients' job pages list it; the platform keeps no name per recipient.
    A plain pydantic model (validated from dicts by pydantic's core, without Ninja's
    attribute getter): a page of jobs lists tens of thousands of them."""

    name: str = ""
    email: str


class EmailJobOut(Schema):
    task_id: UUID = Field(..., alias="id")
    subject: str
    status: str = Field(..., description="scheduled, pending, processing, completed or failed")
    scheduled_time: datetime | None
    created_at: datetime


class RecipientListsOut(Schema):
    """The names the clients' e-mail pages read for a job (docs/real-client.md, "E-mail jobs"):
    its title, its body, and its recipients in all, sent and failed. Needs the job's
    ``recipient_rows`` (``selectors.recipients_attach``)."""

    task_name: str = Field(..., validation_alias="subject")
    email_body: str = Field(..., validation_alias="body")
    emails: list[EmailAddressOut]
    successful_emails: list[EmailAddressOut]
    failed_emails: list[EmailAddressOut]

    @staticmethod
    def resolve_emails(job: EmailJob) -> list[dict[str, str]]:
        return [{"email": email} for email, _ in job.recipient_rows]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_successful_emails(job: EmailJob) -> list[dict[str, str]]:
        rows = job.recipient_rows  # type: ignore[attr-defined]
        return [{"email": email} for email, status in rows if status == RecipientStatus.SENT]

    @staticmethod
    def resolve_failed_emails(job: EmailJob) -> list[dict[str, str]]:
        rows = job.recipient_rows  # type: ignore[attr-defined]
        return [{"email": email} for email, status in rows if status == RecipientStatus.FAILED]


class EmailJobListOut(EmailJobOut, RecipientListsOut):
    """A job in the list: the contract's fields and the clients' names (the older build's
    history list read ``emails.length`` and white-screened without them)."""


class EmailJobDetailOut(RecipientListsOut):
    task_id: UUID = Field(..., alias="id")
    subject: str
    body: str
    status: str = Field(..., description="scheduled, pending, processing, completed or failed")
    recipients_count: int
    sent_count: int
    failed_count: int
    pending_count: int
    scheduled_time: datetime | None
    created_at: datetime
    started_at: datetime | None
    completed_at: datetime | None


class EmailResendOut(Schema):
    # Read from the ``EmailJob`` queued again.
    task_id: UUID = Field(..., validation_alias="id")
    status: str
    message: str

    @staticmethod
    def resolve_message(job: EmailJob) -> str:
        return "Email job queued for resending"
