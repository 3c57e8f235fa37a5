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
from tenant_apps.audit import services as audit
from tenant_apps.audit.models import AuditAction
from tenants.errors import FeatureInUse
from tenants.models import Client
from tenants.schema import use_public_schema
from tenants.selectors import client_cache_clear, feature_client_count, feature_default_ids

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
    """Create a client and its schema (a clone of the template schema).

    ``features=None`` selects the catalogue's default features (``is_default``); a list,
    even an empty one, is selected as given."""
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
    use_public_schema()
    audit.record(
        action=AuditAction.CLIENT_CREATED,
        target_type="client",
        target_id=client.id,
        data={"name": client.name, "slug": client.slug, "schema_name": client.schema_name},
    )
    client_features_set(client=client, feature_ids=feature_default_ids() if features is None else features)
    return client


@transaction.atomic
def client_features_set(*, client: Client, feature_ids: list[int]) -> Client:
    """Select exactly these (active) features for one client; other clients keep theirs.

    The selected rows are locked, so a feature cannot be deleted or deactivated by a
    concurrent ``feature_delete``/``feature_update`` while it is being selected."""
    ids = set(feature_ids)
    found = set(
        Feature.objects.select_for_update()
        .filter(id__in=ids, is_active=True)
        .order_by("id")
        .values_list("id", flat=True)
    )
    missing = sorted(ids - found)
    if missing:
        raise FieldErrors({"feature_ids": f"Unknown or inactive feature ids: {missing}"})
    client.features.set(found)
    client_cache_clear(client_id=client.id)
    # A change to one client is recorded in that client's own trail (its admins see it).
    audit.record(
        action=AuditAction.CLIENT_FEATURES_CHANGED,
        target_type="client",
        target_id=client.id,
        data={"feature_ids": sorted(found)},
        schema_name=client.schema_name,
    )
    return client


@transaction.atomic
def feature_create(*, name: str, label: str, is_active: bool = True, is_default: bool = False) -> Feature:
    """Add a feature to the catalogue; ``name`` is the key portals compare, so it must be new."""
    feature = Feature(name=name.strip(), label=label.strip(), is_active=is_active, is_default=is_default)
    full_clean(feature, validate_unique=False)
    if Feature.objects.filter(name=feature.name).exists():
        raise FieldErrors({"name": "A feature with this name already exists."})
    try:
        with transaction.atomic():
            feature.save()
    except IntegrityError as exc:
        raise FieldErrors({"name": "A feature with this name already exists."}) from exc
    _feature_audit(AuditAction.FEATURE_CREATED, feature, feature.id, _feature_fields(feature))
    return feature


def _feature_fields(feature: Feature) -> dict[str, Any]:
    return {
        "name": feature.name,
        "label": feature.label,
        "is_active": feature.is_active,
        "is_default": feature.is_default,
    }


def _feature_audit(action: AuditAction, feature: Feature, pk: int, data: dict[str, Any]) -> None:
    """The catalogue is the platform's: its changes go to the public schema's trail."""
    audit.record(action=action, target_type="feature", target_id=pk, data=data, schema_name=get_public_schema_name())


@transaction.atomic
def feature_update(*, feature: Feature, **fields: Any) -> Feature:
    """Relabel a feature or switch its flags. Deactivating one that clients select is refused."""
    locked = Feature.objects.select_for_update().get(id=feature.id)
    if fields.get("is_active") is False and locked.is_active and feature_client_count(feature=locked):
        raise FeatureInUse("Clients have this feature selected; deselect it from them before deactivating it.")
    for key, value in fields.items():
        setattr(locked, key, value.strip() if isinstance(value, str) else value)
    full_clean(locked, validate_unique=False)
    if fields:
        locked.save(update_fields=list(fields))
        _feature_audit(AuditAction.FEATURE_UPDATED, locked, locked.id, {"changed": fields, "name": locked.name})
    return locked


@transaction.atomic
def feature_delete(*, feature: Feature) -> None:
    """Remove a feature from the catalogue, unless a client selects it."""
    locked = Feature.objects.select_for_update().get(id=feature.id)
    if feature_client_count(feature=locked):
        raise FeatureInUse("Clients have this feature selected; deselect it from them before deleting it.")
    pk = locked.id
    locked.delete()
    _feature_audit(AuditAction.FEATURE_DELETED, locked, pk, _feature_fields(locked))


@transaction.atomic
def client_update(*, client: Client, **fields: Any) -> Client:
    for key, value in fields.items():
        setattr(client, key, value)
    full_clean(client, exclude=["schema_name"], validate_unique=False)
    client.save(update_fields=[*fields.keys(), "updated_at"])
    client_cache_clear(client_id=client.id)
    if fields:
        audit.record(
            action=AuditAction.CLIENT_UPDATED,
            target_type="client",
            target_id=client.id,
            data={"changed": fields},
            schema_name=client.schema_name,
        )
    return client


def client_drop(*, client: Client) -> None:
    with schema_context(get_public_schema_name()):
        client.delete(force_drop=True)
    client_cache_clear(client_id=client.id)
