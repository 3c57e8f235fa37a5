from datetime import datetime
from uuid import UUID

from ninja import Field, Schema

from api.schemas import InDateTime
from tenant_apps.mailing.models import EmailJob


class EmailJobIn(Schema):
    subject: str = Field(..., max_length=255)
    # Optional here so a missing body gets the service's 400 naming the "body" field.
    body: str = Field("", description="Plain text or HTML; HTML is sent with a plain-text alternative.")
    recipients: list[str] = Field(..., description="E-mail addresses; each gets its own message.")
    scheduled_time: InDateTime | None = Field(None, description="Send at this time (UTC); now when absent or past.")


class EmailJobOut(Schema):
    task_id: UUID = Field(..., alias="id")
    subject: str
    status: str = Field(..., description="scheduled, pending, processing, completed or failed")
    scheduled_time: datetime | None
    created_at: datetime


class EmailJobDetailOut(Schema):
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
