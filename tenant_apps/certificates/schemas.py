from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from api.schemas import JSONDecimal

CertificateStatus = Literal["pending", "issued", "revoked"]


class CertificateOut(Schema):
    """The contract's five fields first, then what the certificates app adds."""

    id: int
    course_id: int | None
    course_title: str = Field(..., description="What is certified: the course's (or assessment's) title.")
    certificate_url: str = Field(..., description="The shareable certificate page.")
    issued_at: datetime
    kind: Literal["course", "assessment"]
    assessment_id: int | None
    title: str
    score: JSONDecimal | None
    status: CertificateStatus = Field(..., description="pending: the PDF is being rendered.")
    verification_code: str
    verification_url: str = Field(..., description="Public: anyone can check the certificate there.")
    download_url: str | None = Field(..., description="The PDF, for a limited time; null until rendered.")
    download_expires_at: datetime | None
    revoked_at: datetime | None
    # What the older web build's certificates page reads (docs/real-client.md, "Certificates").
    type: Literal["course", "assessment"] = Field(..., description="The web client's name for `kind`.")
    name: str = Field(..., description="The web client's name for `title`.")
    issuedDate: datetime = Field(..., description="= `issued_at`.")  # noqa: N815 (the web client's key)
    studentName: str = Field(..., description="The name printed on the certificate.")  # noqa: N815
    studentEmail: str  # noqa: N815


class CertificateAdminOut(CertificateOut):
    user_id: int
    user_name: str
    user_email: str
    revoke_reason: str


class CertificateDetailOut(Schema):
    id: int
    course_id: int | None
    course_title: str
    user_name: str
    client_name: str
    issued_at: datetime
    revoked_at: datetime | None


class RevokeIn(Schema):
    reason: str = Field(..., min_length=1, max_length=1000)


class VerificationOut(Schema):
    status: Literal["valid", "revoked"]
    verification_code: str
    holder_name: str
    kind: Literal["course", "assessment"]
    title: str
    course_id: int | None
    assessment_id: int | None
    score: JSONDecimal | None
    issued_at: datetime
    revoked_at: datetime | None
    client_id: int
    client_name: str


class CertificateSettingsOut(Schema):
    certificate_signatory_name: str
    certificate_signatory_title: str
    certificate_signature_url: str


class CertificateSettingsIn(Schema):
    """Only the fields sent change; an empty string clears one."""

    certificate_signatory_name: str | None = Field(None, max_length=200)
    certificate_signatory_title: str | None = Field(None, max_length=200)
    certificate_signature_url: str | None = Field(
        None, max_length=500, description="Drawn on the PDF when it is one of this platform's /images/ files."
    )
