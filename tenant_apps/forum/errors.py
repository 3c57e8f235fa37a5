from core.errors import NotFound


class ThreadNotFound(NotFound):
    pass


class CommentNotFound(NotFound):
    pass
