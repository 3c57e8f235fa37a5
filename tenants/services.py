"""Client provisioning: create (a spare schema or the template's DDL, tenants/provisioning.py),
update, drop; and which client schemas a release must migrate."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import override_settings
from django_tenants.utils import get_public_schema_name, schema_context, schema_exists

from core.errors import FieldErrors, full_clean
from core.updates import fields_apply
from platform_services.catalog.models import Feature
from tenant_apps.audit import services as audit
from tenant_apps.audit.models import AuditAction
from tenants import provisioning
from tenants.errors import FeatureInUse
from tenants.models import Client
from tenants.schema import use_public_schema
from tenants.selectors import client_cache_clear, feature_client_count, feature_default_ids

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,48}$")


def schema_name_for_slug(slug: str) -> str:
    return "c_" + slug.replace("-", "_")


def migrations_pending(*, schema_name: str) -> bool:
    """Whether ``migrate`` has anything to apply in this schema (its ``django_migrations``
    against the migration files' leaves), without running it and its post-migrate signals."""
    from django.db.migrations.executor import MigrationExecutor

    if schema_name == get_public_schema_name():
        use_public_schema()
    elif not schema_exists(schema_name):
        return True
    try:
        with schema_context(schema_name):
            executor = MigrationExecutor(connection)
            return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    finally:
        use_public_schema()


def template_schema_ensure(*, verbosity: int = 0, skip_if_current: bool = False) -> None:
    """Create and migrate the template schema new clients are copied from."""
    name = settings.TENANT_BASE_SCHEMA
    if skip_if_current and not migrations_pending(schema_name=name):
        return
    if not schema_exists(name):
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{name}"')
    call_command("migrate_schemas", tenant=True, schema_name=name, interactive=False, verbosity=verbosity)
    use_public_schema()


def public_client_ensure() -> Client:
    """The public client comes first, so its id is 1 on a new database."""
    client: Client | None = Client.objects.filter(schema_name=get_public_schema_name()).first()
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
    if settings.TENANT_SPARE_SCHEMAS > 0:
        transaction.on_commit(_spare_schemas_refill_enqueue)
    return client


def _spare_schemas_refill_enqueue() -> None:
    from django_q.tasks import async_task

    async_task("tenants.tasks.spare_schemas_refill", task_name="spare-schemas-refill")


def spare_schemas_fill(*, count: int | None = None) -> int:
    """Build spare schemas (settings.TENANT_SPARE_SCHEMAS) so client creation only renames one."""
    created = provisioning.spare_schemas_fill(settings.TENANT_SPARE_SCHEMAS if count is None else count)
    use_public_schema()
    return created


def spare_schemas_prune() -> int:
    """Drop spare schemas of an older migration state (migrate_platform, after migrating)."""
    return provisioning.spare_schemas_prune()


def tenant_schemas_behind() -> tuple[list[str], int]:
    """Client schemas whose applied migrations differ from the template's, and the total.

    A few statements whatever the number of clients (provisioning.migrations_fingerprints),
    instead of a full ``migrate`` per schema (0.38 s each, issue 11)."""
    template = provisioning.migrations_fingerprint(settings.TENANT_BASE_SCHEMA)
    clients = Client.objects.exclude(schema_name=get_public_schema_name()).order_by("id")
    names = list(clients.values_list("schema_name", flat=True))
    fingerprints = provisioning.migrations_fingerprints(names)
    return [name for name in names if template is None or fingerprints[name] != template], len(names)


def tenant_schemas_migrate(*, schema_names: list[str], processes: int = 1, verbosity: int = 0) -> None:
    """Run ``migrate`` in these client schemas: django-tenants' multiprocessing executor
    (``processes`` forked workers, a fresh connection per schema) or, for one process, its
    standard executor in this one."""
    if not schema_names:
        return
    from django_tenants.management.commands.migrate_schemas import Command as MigrateSchemas
    from django_tenants.migration_executors import get_executor

    parser = MigrateSchemas().create_parser("manage.py", "migrate_schemas")
    options = vars(parser.parse_args(["--tenant", "--noinput", "--skip-checks", f"--verbosity={verbosity}"]))
    parallel = processes > 1 and len(schema_names) > 1
    codename = "multiprocessing" if parallel else "standard"
    with override_settings(TENANT_MULTIPROCESSING_MAX_PROCESSES=processes, TENANT_MULTIPROCESSING_CHUNKS=8):
        get_executor(codename)(args=(), options=options).run_migrations(tenants=list(schema_names))
    use_public_schema()


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
def feature_update(*, feature: Feature, changes: Mapping[str, Any]) -> Feature:
    """Relabel a feature or switch its flags: ``changes`` holds the fields that change
    (``core.updates``). Deactivating one that clients select is refused."""
    locked = Feature.objects.select_for_update().get(id=feature.id)
    if changes.get("is_active") is False and locked.is_active and feature_client_count(feature=locked):
        raise FeatureInUse("Clients have this feature selected; deselect it from them before deactivating it.")
    changed = fields_apply(locked, changes)
    full_clean(locked, validate_unique=False)
    if changed:
        locked.save(update_fields=changed)
        _feature_audit(AuditAction.FEATURE_UPDATED, locked, locked.id, {"changed": dict(changes), "name": locked.name})
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


# What a platform admin may change on the public client (the platform's own portal): the
# response profile its platform-level routes answer in; its branding and activity stay fixed.
PUBLIC_CLIENT_FIELDS = frozenset({"response_profile"})


@transaction.atomic
def client_update(*, client: Client, changes: Mapping[str, Any]) -> Client:
    """Rebrand, (de)activate or re-zone a client: ``changes`` holds the fields that change
    (``core.updates``); on the public client only ``PUBLIC_CLIENT_FIELDS``."""
    if client.schema_name == get_public_schema_name():
        fixed = sorted(set(changes) - PUBLIC_CLIENT_FIELDS)
        if fixed:
            raise FieldErrors({key: "Fixed on the platform's own client." for key in fixed})
    zone_before = client.timezone
    changed = fields_apply(client, changes)
    full_clean(client, exclude=["schema_name"], validate_unique=False)
    client.save(update_fields=[*changed, "updated_at"])
    client_cache_clear(client_id=client.id)
    if client.timezone != zone_before:
        transaction.on_commit(lambda: _rollups_rebuild_enqueue(client.schema_name))
    if changed:
        audit.record(
            action=AuditAction.CLIENT_UPDATED,
            target_type="client",
            target_id=client.id,
            data={"changed": dict(changes)},
            schema_name=client.schema_name,
        )
    return client


@transaction.atomic
def client_drop(*, client: Client) -> None:
    """Delete the client's row and rename its schema out of the way in one transaction;
    the renamed schema is dropped after commit by a background task (and by
    migrate_platform), since DROP SCHEMA ... CASCADE of ~390 relations takes seconds."""
    with schema_context(get_public_schema_name()):
        if client.schema_name != get_public_schema_name():
            provisioning.schema_retire(client.schema_name)
        client.delete(force_drop=True)
    client_cache_clear(client_id=client.id)
    transaction.on_commit(_dropped_schemas_purge_enqueue)


def _rollups_rebuild_enqueue(schema_name: str) -> None:
    """The client's days moved with its time zone: the activity app rebuilds its daily
    rollup from the raw rows (named by path: this layer does not import the apps)."""
    from django_q.tasks import async_task

    async_task("tenant_apps.activity.tasks.rollups_rebuild_run", schema_name, task_name="rollups-rebuild")


def _dropped_schemas_purge_enqueue() -> None:
    from django_q.tasks import async_task

    async_task("tenants.tasks.dropped_schemas_purge", task_name="dropped-schemas-purge")


def dropped_schemas_purge() -> int:
    """Drop the schemas of dropped clients (renamed ``dropped_*``); how many."""
    purged = provisioning.dropped_schemas_purge()
    use_public_schema()
    return purged
