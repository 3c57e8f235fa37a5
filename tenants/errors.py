from core.errors import DomainError, NotFound


class ClientNotFound(NotFound):
    code = "client_not_found"


class ClientInactive(DomainError):
    status_code = 403
    code = "tenant_inactive"
    default_message = "This client is inactive."
