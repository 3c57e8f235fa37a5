from core.errors import NotFound


class JobNotFound(NotFound):
    pass
