from core.errors import NotFound


class NotificationNotFound(NotFound):
    pass
