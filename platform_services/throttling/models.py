from django.db import models


class ThrottleBucket(models.Model):
    """A fixed-window counter, shared by every web process through the database."""

    key = models.CharField(max_length=255, primary_key=True)
    window_start = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
