"""Request and response schemas of certificates. A certificate row is read from the
``Certificate`` itself; its links are made for the request answering it (signed, never stored)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.db.models import Q
from ninja import Field, FilterSchema, Schema

from api.schemas import JSONDecimal
from tenant_apps.certificates import services
from tenant_apps.certificates.models import Certificate
from tenant_apps.certificates.selectors import Verification
from tenants.middleware import TenantRequest, request_client

CertificateStatus = Literal["pending", "issued", "revoked"]


def _request(context: dict[str, Any] | None) -> TenantRequest:
    """The request a row is answered to (Ninja passes it to resolvers that ask for it)."""
    return (context or {})["request"]


def certificate_status(certificate: Certificate) -> CertificateStatus:
    if certificate.is_revoked:
        return "revoked"
    return "issued" if certificate.file else "pending"


class CertificateOut(Schema):
    """The contract's five fields first, then what the certificates app adds."""

    id: int
    course_id: int | None
    course_title: str = Field(
        ..., validation_alias="title", description="What is certified: the course's (or assessment's) title."
    )
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
    type: Literal["course", "assessment"] = Field(
        ..., validation_alias="kind", description="The web client's name for `kind`."
    )
    name: str = Field(..., validation_alias="title", description="The web client's name for `title`.")
    issuedDate: datetime = Field(..., validation_alias="issued_at", description="= `issued_at`.")  # noqa: N815 (the web client's key)
    studentName: str = Field(..., validation_alias="user_name", description="The name printed on the certificate.")  # noqa: N815
    studentEmail: str = Field(..., validation_alias="user.email")  # noqa: N815

    @staticmethod
    def resolve_certificate_url(certificate: Certificate, context: dict[str, Any] | None = None) -> str:
        request = _request(context)
        client_id = request_client(request).id
        return request.build_absolute_uri(
            f"/api/clients/{client_id}/certificates/{certificate.id}/?code={certificate.code}"
        )

    @staticmethod
    def resolve_status(certificate: Certificate) -> CertificateStatus:
        return certificate_status(certificate)

    @staticmethod
    def resolve_verification_code(certificate: Certificate, context: dict[str, Any] | None = None) -> str:
        return services.verification_code(client_id=request_client(_request(context)).id, certificate=certificate)

    @staticmethod
    def resolve_verification_url(certificate: Certificate, context: dict[str, Any] | None = None) -> str:
        request = _request(context)
        return services.verification_url(
            client_id=request_client(request).id, certificate=certificate, base_url=request.build_absolute_uri("/")
        )

    @staticmethod
    def resolve_download_url(certificate: Certificate, context: dict[str, Any] | None = None) -> str | None:
        request = _request(context)
        client_id = request_client(request).id
        return services.download_url(
            certificate=certificate,
            client_id=client_id,
            build_url=lambda token: request.build_absolute_uri(
                f"/api/clients/{client_id}/certificates/{certificate.id}/download/{token}/"
            ),
        )

    @staticmethod
    def resolve_download_expires_at(certificate: Certificate) -> datetime | None:
        return services.download_expires_at(certificate=certificate)


class CertificateAdminOut(CertificateOut):
    user_id: int
    user_name: str
    user_email: str = Field(..., validation_alias="user.email")
    revoke_reason: str


class CertificateDetailOut(Schema):
    # Read from the ``Certificate``; also the context of the HTML page (certificate.html).
    id: int
    course_id: int | None
    course_title: str = Field(..., validation_alias="title")
    user_name: str
    client_name: str
    issued_at: datetime
    revoked_at: datetime | None

    @staticmethod
    def resolve_client_name(certificate: Certificate, context: dict[str, Any] | None = None) -> str:
        return request_client(_request(context)).name


class CertificateFilter(FilterSchema):
    """``GET .../certificates/?user_id=&revoked=``"""

    user_id: int | None = None
    revoked: bool | None = None

    def filter_revoked(self, value: bool | None) -> Q:
        return Q(revoked_at__isnull=not value) if value is not None else Q()


class RevokeIn(Schema):
    reason: str = Field(..., min_length=1, max_length=1000)


class VerificationOut(Schema):
    # Read from a ``selectors.Verification``; also the context of the HTML page (verify.html).
    status: Literal["valid", "revoked"]
    verification_code: str = Field(..., validation_alias="code")
    holder_name: str = Field(..., validation_alias="certificate.user_name")
    kind: Literal["course", "assessment"] = Field(..., validation_alias="certificate.kind")
    title: str = Field(..., validation_alias="certificate.title")
    course_id: int | None = Field(..., validation_alias="certificate.course_id")
    assessment_id: int | None = Field(..., validation_alias="certificate.assessment_id")
    score: JSONDecimal | None = Field(..., validation_alias="certificate.score")
    issued_at: datetime = Field(..., validation_alias="certificate.issued_at")
    revoked_at: datetime | None = Field(..., validation_alias="certificate.revoked_at")
    client_id: int = Field(..., validation_alias="client.id")
    client_name: str = Field(..., validation_alias="client.name")

    @staticmethod
    def resolve_status(verification: Verification) -> Literal["valid", "revoked"]:
        return "revoked" if verification.certificate.is_revoked else "valid"


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
