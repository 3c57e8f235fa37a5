from core.errors import DomainError, NotFound


class DeliveryInFlight(DomainError):
    status_code = 409
    code = "delivery_in_flight"
    default_message = "An attempt of this delivery is in flight; try again when it has finished."


class EndpointNotFound(NotFound):
    pass


class DeliveryNotFound(NotFound):
    pass
