from django.db import models


class Feature(models.Model):
    """A product feature a platform admin can switch on for a client (forum, jobs, ...)."""

    name = models.CharField(max_length=100, unique=True)
    code = models.SlugField(max_length=100, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
