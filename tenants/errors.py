from core.errors import DomainError, NotFound


class ClientNotFound(NotFound):
    code = "client_not_found"


class ClientInactive(DomainError):
    status_code = 403
    code = "tenant_inactive"
    default_message = "This client is inactive."


class FeatureNotFound(NotFound):
    code = "feature_not_found"


class FeatureInUse(DomainError):
    code = "feature_in_use"
    default_message = "Clients have this feature selected; deselect it from them first."
