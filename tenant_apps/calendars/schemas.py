from datetime import datetime

from ninja import Field, Schema


class FeedStatusOut(Schema):
    active: bool = Field(..., description="A feed token exists (its URL cannot be shown again: rotate to get one).")
    created_at: datetime | None


class FeedTokenOut(Schema):
    token: str = Field(..., description="Shown once; only its hash is stored.")
    feed_url: str = Field(..., description="Subscribe to this in a calendar app (live classes and assessments).")
    live_class_feed_url: str = Field(
        ..., description="One live class's calendar: replace {class_id} with the class id."
    )
    created_at: datetime
