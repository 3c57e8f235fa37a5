"""What a data export contains: every row of the client's schema that points at the user,
found through Django's model metadata so a new model is included without being listed here,
and the public ledgers that name the user by id (payments).

Never exported, whatever the model: fields whose name marks a credential (passwords, tokens,
secrets, hashes, signatures, OTPs), and the fields and models listed below.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any
from zipfile import ZIP_DEFLATED, ZipFile

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q

from shared_apps.billing.models import PaymentAudit, PaymentTransaction

SECRET_FIELD_MARKERS = ("password", "secret", "token", "_hash", "signature", "otp")
# Beyond the markers: "<app_label>.<model_name>" -> field names left out.
EXCLUDED_FIELDS: dict[str, frozenset[str]] = {
    # A session id is half of a live credential (the JWT's ``sid``).
    "accounts.authsession": frozenset({"id"}),
    # Where the platform keeps the archive, not data about the user.
    "privacy.dataexport": frozenset({"file_key"}),
    # A progress reset's performer as a snapshot of their address: another person's e-mail in
    # the student's archive (the row keeps ``performed_by_id``).
    "admin_dashboard.progressreset": frozenset({"performed_by_email"}),
}
# Models that point at the user but hold nothing about them worth exporting.
EXCLUDED_MODELS: frozenset[str] = frozenset()
# Public tables that name a client's user by plain id (a public table never points into a
# client schema): model -> its user-id field; each also has ``client``.
PUBLIC_USER_TABLES: tuple[tuple[type[models.Model], str], ...] = (
    (PaymentTransaction, "user_id"),
    (PaymentAudit, "user_id"),
)


def _label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def _is_secret(name: str) -> bool:
    lowered = name.lower()
    return any(marker in lowered for marker in SECRET_FIELD_MARKERS)


def exported_fields(model: type[models.Model]) -> list[str]:
    """The column names (``attname``) of a model that go into the archive."""
    excluded = EXCLUDED_FIELDS.get(_label(model), frozenset())
    return [
        field.attname
        for field in model._meta.concrete_fields
        if field.name not in excluded and field.attname not in excluded and not _is_secret(field.name)
    ]


def user_fields(model: type[models.Model]) -> list[str]:
    """The names of a model's foreign keys (and one-to-ones) to the user model."""
    user_model = get_user_model()
    return [
        field.name
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is user_model and (field.many_to_one or field.one_to_one)
    ]


def user_models() -> list[tuple[type[models.Model], list[str]]]:
    """Every model of the client apps with a foreign key to the user (many-to-many tables
    included), with those keys; sorted by label so archives are stable."""
    tenant_apps = set(settings.TENANT_APPS)
    found = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_config.name not in tenant_apps or _label(model) in EXCLUDED_MODELS:
            continue
        if model._meta.proxy or not model._meta.managed:
            continue
        keys = user_fields(model)
        if keys:
            found.append((model, keys))
    return sorted(found, key=lambda item: _label(item[0]))


@dataclass(frozen=True)
class Section:
    """One JSON file of the archive: a model's rows that concern the user."""

    name: str
    rows: Callable[[], Iterator[dict[str, Any]]]


def rows_matching(model: type[models.Model], condition: Q) -> Callable[[], Iterator[dict[str, Any]]]:
    """A model's rows matching ``condition``, exported fields only, read in chunks when called."""

    def read() -> Iterator[dict[str, Any]]:
        query = model._default_manager.filter(condition).order_by("pk").values(*exported_fields(model))
        return query.iterator(chunk_size=500)

    return read


def sections(*, user_id: int, client_id: int) -> list[Section]:
    """The archive's files, in order: the profile, every client table, the public ledgers."""
    rows_of = rows_matching
    result = [Section("accounts.user", rows_of(get_user_model(), Q(pk=user_id)))]
    for model, keys in user_models():
        condition = Q()
        for key in keys:
            condition |= Q(**{key: user_id})
        result.append(Section(_label(model), rows_of(model, condition)))
    for model, field in PUBLIC_USER_TABLES:
        result.append(Section(_label(model), rows_of(model, Q(client_id=client_id, **{field: user_id}))))
    return result


class ArchiveEncoder(DjangoJSONEncoder):
    """Decimals as JSON numbers (as every API answer), the rest as Django encodes it."""

    def default(self, o: Any) -> Any:
        if isinstance(o, Decimal) and o.is_finite():
            return float(o)
        return super().default(o)


def write_archive(
    *, target: IO[bytes], parts: list[Section], manifest: dict[str, Any], on_section: Callable[[int], None]
) -> dict[str, int]:
    """Write the zip (one ``<app>.<model>.json`` array per section and ``manifest.json``) to
    ``target``, streaming rows; ``on_section(done)`` after each section. Returns the row
    count of every section."""
    counts: dict[str, int] = {}
    with ZipFile(target, "w", compression=ZIP_DEFLATED) as archive:
        for done, part in enumerate(parts, 1):
            count = 0
            with archive.open(f"{part.name}.json", "w") as member:
                member.write(b"[")
                for row in part.rows():
                    member.write((b",\n" if count else b"\n") + json.dumps(row, cls=ArchiveEncoder).encode())
                    count += 1
                member.write(b"\n]\n" if count else b"]\n")
            counts[part.name] = count
            on_section(done)
        body = {**manifest, "files": {f"{name}.json": rows for name, rows in counts.items()}}
        archive.writestr("manifest.json", json.dumps(body, cls=ArchiveEncoder, indent=2))
    return counts
