from core.errors import DomainError, NotFound, PermissionDenied


class CertificateNotFound(NotFound):
    code = "certificate_not_found"


class AlreadyRevoked(DomainError):
    code = "already_revoked"
    default_message = "This certificate has already been revoked."


class DownloadLinkInvalid(PermissionDenied):
    code = "download_link_invalid"
    default_message = "This download link is invalid or has expired."
