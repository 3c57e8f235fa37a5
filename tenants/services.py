"""Client provisioning: create (schema cloned from the template), update, drop."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django_tenants.utils import get_public_schema_name, schema_context, schema_exists

from core.errors import FieldErrors, full_clean
from shared_apps.catalog.models import Feature
from tenants.models import Client
from tenants.schema import use_public_schema
from tenants.selectors import client_cache_clear

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,48}$")


def schema_name_for_slug(slug: str) -> str:
    return "c_" + slug.replace("-", "_")


def template_schema_ensure(*, verbosity: int = 0) -> None:
    """Create and migrate the template schema new clients are cloned from."""
    name = settings.TENANT_BASE_SCHEMA
    if not schema_exists(name):
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{name}"')
    call_command("migrate_schemas", tenant=True, schema_name=name, interactive=False, verbosity=verbosity)
    use_public_schema()


def public_client_ensure() -> Client:
    """The public client comes first, so its id is 1 on a new database."""
    client = Client.objects.filter(schema_name=get_public_schema_name()).first()
    if client is None:
        client = Client(schema_name=get_public_schema_name(), name="Platform", slug="platform")
        client.save()
    return client


@transaction.atomic
def client_create(*, name: str, slug: str, features: list[int] | None = None, **fields: Any) -> Client:
    """Create a client and its schema (a clone of the template schema)."""
    slug = (slug or "").strip().lower()
    errors: dict[str, str] = {}
    if not name or not name.strip():
        errors["name"] = "This field may not be blank."
    if not SLUG_RE.match(slug):
        errors["slug"] = "Use 1-49 lowercase letters, digits or hyphens."
    elif Client.objects.filter(slug=slug).exists():
        errors["slug"] = "A client with this slug already exists."
    if errors:
        raise FieldErrors(errors)
    client = Client(schema_name=schema_name_for_slug(slug), name=name.strip(), slug=slug, **fields)
    full_clean(client, exclude=["schema_name"], validate_unique=False)
    try:
        with transaction.atomic():
            client.save(verbosity=0)
    except IntegrityError as exc:
        raise FieldErrors({"slug": "A client with this slug already exists."}) from exc
    if features:
        client_features_set(client=client, feature_ids=features)
    use_public_schema()
    return client


@transaction.atomic
def client_features_set(*, client: Client, feature_ids: list[int]) -> Client:
    ids = set(feature_ids)
    found = set(Feature.objects.filter(id__in=ids).values_list("id", flat=True))
    missing = sorted(ids - found)
    if missing:
        raise FieldErrors({"feature_ids": f"Unknown feature ids: {missing}"})
    client.features.set(found)
    client_cache_clear(client_id=client.id)
    return client


@transaction.atomic
def client_update(*, client: Client, **fields: Any) -> Client:
    for key, value in fields.items():
        setattr(client, key, value)
    full_clean(client, exclude=["schema_name"], validate_unique=False)
    client.save(update_fields=[*fields.keys(), "updated_at"])
    client_cache_clear(client_id=client.id)
    return client


def client_drop(*, client: Client) -> None:
    with schema_context(get_public_schema_name()):
        client.delete(force_drop=True)
    client_cache_clear(client_id=client.id)
