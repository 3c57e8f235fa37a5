from django.db import models
from django_tenants.models import DomainMixin, TenantMixin

from tenants.timezone import DEFAULT_TIMEZONE, validate_timezone


class ResponseProfile(models.TextChoices):
    """Which JSON type a response takes where the contract and the real web client disagree
    (docs/real-client.md, "Response profile"). Set per client by platform admins."""

    CONTRACT = "contract", "API contract"
    AI_LINC = "ai_linc", "AI-Linc web client"


class Client(TenantMixin):  # type: ignore[misc]  # django-tenants ships no types: its base is Any
    """A client portal (school, bootcamp, academy): one PostgreSQL schema each.

    Its integer ``id`` is the contract's ``client_id``. The ``public`` client (id 1)
    is the platform admins' own portal.
    """

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=50, unique=True)
    app_logo_url = models.URLField(max_length=500, blank=True, default="")
    app_icon_url = models.URLField(max_length=500, blank=True, default="")
    is_active = models.BooleanField(default=True)
    features = models.ManyToManyField("catalog.Feature", blank=True, related_name="clients")
    theme_settings = models.JSONField(default=dict, blank=True)
    login_img_url = models.URLField(max_length=500, blank=True, default="")
    login_logo_url = models.URLField(max_length=500, blank=True, default="")
    show_footer = models.BooleanField(default=True)
    pwa_manifest = models.JSONField(default=dict, blank=True)
    response_profile = models.CharField(
        max_length=20, choices=ResponseProfile.choices, default=ResponseProfile.CONTRACT
    )
    # The client's days: every figure bucketed by day counts in this IANA zone (docs/timezones.md).
    timezone = models.CharField(max_length=64, default=DEFAULT_TIMEZONE, validators=[validate_timezone])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    auto_create_schema = True
    auto_drop_schema = True
    # The template holds no client data, only bookkeeping rows (django_migrations,
    # content types): copying them makes the follow-up fake migrate a no-op.
    clone_mode = "DATA"

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.schema_name})"

    def create_schema(self, check_if_exists: bool = False, sync_schema: bool = True, verbosity: int = 1) -> bool:
        """A spare schema renamed, else the template's captured DDL replayed, in this
        transaction (tenants/provisioning.py); django-tenants' catalogue-walking clone only
        when the template has no blueprint."""
        from django_tenants.utils import get_creation_fakes_migrations, schema_exists

        from tenants.provisioning import schema_create_from_template, spare_schema_take

        if check_if_exists and schema_exists(self.schema_name):
            return False
        if sync_schema and get_creation_fakes_migrations():
            if spare_schema_take(self.schema_name) or schema_create_from_template(self.schema_name):
                return True
        return bool(super().create_schema(check_if_exists=False, sync_schema=sync_schema, verbosity=verbosity))


class Domain(DomainMixin):  # type: ignore[misc]  # django-tenants ships no types
    """Unused by path routing, but django-tenants requires the model to exist."""


class SchemaBlueprint(models.Model):
    """The template schema's DDL at one migration state (tenants/provisioning.py).

    ``fingerprint`` hashes the template's applied migrations, so a deploy that migrates the
    template gets a new row on first use; old rows are never read again."""

    fingerprint = models.CharField(max_length=64, unique=True)
    template = models.CharField(max_length=63)
    sql = models.TextField()
    sql_after_rows = models.TextField(default="")
    tables_with_rows = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.template} @ {self.fingerprint[:12]}"
