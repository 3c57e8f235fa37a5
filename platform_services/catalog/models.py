from django.core.validators import RegexValidator
from django.db import models

# What the portals compare ``features[].name`` against: lowercase snake_case, exact match
# (the Next.js portal compares as is, the Vite portal lowercases first).
FEATURE_NAME_RE = r"^[a-z][a-z0-9_]{0,99}$"
FEATURE_NAME_HELP = "Use lowercase letters, digits and underscores, starting with a letter."


class Feature(models.Model):
    """A product feature a platform admin can switch on for a client (forum, jobs, ...).

    ``name`` is the machine key the portals gate their navigation on (``course``,
    ``live_sessions``, ``admin_emails``); ``label`` is what a person reads. Inactive
    features are kept for the record but can be neither selected nor listed by default;
    ``is_default`` features are what a client created without ``feature_ids`` starts with.
    """

    name = models.CharField(
        max_length=100,
        unique=True,
        validators=[RegexValidator(FEATURE_NAME_RE, FEATURE_NAME_HELP)],
    )
    label = models.CharField(max_length=100)
    is_active = models.BooleanField(default=True)
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
