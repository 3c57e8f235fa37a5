from core.errors import NotFound


class FeedNotFound(NotFound):
    """An unknown, rotated or revoked feed token (indistinguishable on purpose)."""

    code = "calendar_feed_not_found"
