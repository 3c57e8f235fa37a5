from core.errors import NotFound


class OperationNotFound(NotFound):
    code = "operation_not_found"


class ClientNotFound(NotFound):
    code = "client_not_found"
