"""Certificates: the learner's list (Student API 14) with download links, the shareable
page, the signed PDF download, the client admin's list, revocation and signatory, and
the public verification at ``/certificates/verify/{code}/`` (docs/certificates.md)."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from ninja import Query, Router

from api.auth import AuthedRequest, admin_auth
from api.pagination import paginate
from api.schemas import sent_fields
from core.errors import NotFound
from tenant_apps.certificates import selectors, services
from tenant_apps.certificates.errors import CertificateNotFound, DownloadLinkInvalid
from tenant_apps.certificates.schemas import (
    CertificateAdminOut,
    CertificateDetailOut,
    CertificateFilter,
    CertificateOut,
    CertificateSettingsIn,
    CertificateSettingsOut,
    RevokeIn,
    VerificationOut,
)

router = Router(tags=["certificates"])
admin_router = Router(tags=["certificates"])
verify_router = Router(tags=["certificates"])

CLIENT = "clients/{client_id}/"
PDF_RESPONSE = {
    "responses": {
        200: {
            "description": "The certificate PDF (the signed link is the credential).",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


# --- learner -----------------------------------------------------------------------------------


@router.get(CLIENT + "user-available-certificates/", response=list[CertificateOut])
def list_user_available_certificates(request: AuthedRequest, client_id: int):
    """Issues the certificates of newly completed courses first (a catch-up: completing a
    course queues its certificate at once), queues the PDF of any not rendered yet, then
    lists them all, newest first, with a download link for each rendered one."""
    services.certificates_issue_due(actor=request.auth)
    certificates = list(selectors.certificate_list(actor=request.auth))
    services.certificates_render_pending(certificates)
    return certificates


@router.get(
    CLIENT + "certificates/{certificate_id}/",
    auth=None,
    response=CertificateDetailOut,
    openapi_extra={"description": "An HTML certificate page; JSON when the request accepts application/json."},
)
def get_certificate(request: HttpRequest, client_id: int, certificate_id: int, code: str):
    """Public and shareable: the secret ``code`` of the certificate URL is the key (404
    for a wrong one)."""
    certificate = selectors.certificate_get_by_code(certificate_id=certificate_id, code=code)
    if certificate is None:
        raise NotFound()
    if "application/json" in request.headers.get("Accept", ""):
        return certificate
    detail = CertificateDetailOut.from_orm(certificate, context={"request": request})
    html = render_to_string("certificates/certificate.html", dict(detail))
    return HttpResponse(html, content_type="text/html; charset=utf-8")


@router.get(CLIENT + "certificates/{certificate_id}/download/{token}/", auth=None, openapi_extra=PDF_RESPONSE)
def download_certificate(request: HttpRequest, client_id: int, certificate_id: int, token: str):
    """The PDF behind a link from a certificate list (403 for a wrong or expired link, 404
    for a revoked certificate)."""
    if services.download_token_read(token=token, client_id=client_id) != certificate_id:
        raise DownloadLinkInvalid()
    certificate = selectors.certificate_get(certificate_id=certificate_id)
    if certificate.is_revoked or not certificate.file or not default_storage.exists(certificate.file):
        raise CertificateNotFound()
    return FileResponse(
        default_storage.open(certificate.file, "rb"),
        as_attachment=True,
        filename=f"certificate-{certificate.id}.pdf",
        content_type="application/pdf",
    )


# --- client admin ------------------------------------------------------------------------------


@admin_router.get(CLIENT + "certificates/", auth=admin_auth, response=list[CertificateAdminOut])
def list_certificates(
    request: AuthedRequest,
    client_id: int,
    response: HttpResponse,
    filters: Query[CertificateFilter],
):
    return paginate(request, response, selectors.certificate_admin_list(filters=filters))


@admin_router.post(CLIENT + "certificates/{certificate_id}/revoke/", auth=admin_auth, response=CertificateAdminOut)
def revoke_certificate(request: AuthedRequest, client_id: int, certificate_id: int, payload: RevokeIn):
    """From now on verification answers ``revoked`` and no download link is offered
    (400 ``already_revoked`` the second time)."""
    certificate = selectors.certificate_get(certificate_id=certificate_id)
    return services.certificate_revoke(certificate=certificate, actor=request.auth, reason=payload.reason)


@admin_router.get(CLIENT + "certificate-settings/", auth=admin_auth, response=CertificateSettingsOut)
def get_certificate_settings(request: AuthedRequest, client_id: int):
    return selectors.certificate_settings_get()


@admin_router.api_operation(
    ["PUT", "PATCH"], CLIENT + "certificate-settings/", auth=admin_auth, response=CertificateSettingsOut
)
def update_certificate_settings(request: AuthedRequest, client_id: int, payload: CertificateSettingsIn):
    """The signatory printed on certificates rendered from now on."""
    return services.certificate_settings_update(data=sent_fields(payload))


# --- public verification -----------------------------------------------------------------------


@verify_router.get(
    "verify/{code}/",
    auth=None,
    response=VerificationOut,
    openapi_extra={
        "description": "JSON; an HTML page when the request accepts text/html and not JSON (a scanned QR code)."
    },
)
def verify_certificate(request: HttpRequest, code: str):
    """Public: who holds the certificate, for what, since when, from which client, and
    whether it was revoked (404 for an unknown code). The code carries the client's id."""
    verification = selectors.certificate_verification_get(code=code)
    accept = request.headers.get("Accept", "")
    if "text/html" in accept and "application/json" not in accept:
        html = render_to_string("certificates/verify.html", dict(VerificationOut.from_orm(verification)))
        return HttpResponse(html, content_type="text/html; charset=utf-8")
    return verification
