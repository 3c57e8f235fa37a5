from core.errors import DomainError, NotFound


class RegistrationNotFound(NotFound):
    pass


class CheatSheetNotFound(NotFound):
    pass


class ReferralNotFound(NotFound):
    pass


class DuplicateRegistration(DomainError):
    code = "duplicate_registration"
    default_message = "You are already registered for this workshop."


class DownloadLinkInvalid(DomainError):
    status_code = 403
    code = "download_link_invalid"
    default_message = "This download link is invalid or has expired."
