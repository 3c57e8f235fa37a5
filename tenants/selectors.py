"""Client lookups. The per-request lookup is cached; ``client_cache_clear`` drops it."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django_tenants.utils import get_public_schema_name

from platform_services.catalog.models import Feature
from tenants.errors import ClientNotFound, FeatureNotFound
from tenants.models import Client

_CACHE_KEY = "tenants:client:{}"
_PUBLIC_CACHE_KEY = "tenants:client:public"


def client_get_cached(*, client_id: int) -> Client | None:
    """The client for a path's ``client_id`` (cached; public schema is the source)."""
    key = _CACHE_KEY.format(client_id)
    client: Client | None = cache.get(key)
    if client is None:
        client = Client.objects.filter(id=client_id).first()
        if client is None:
            return None
        cache.set(key, client, settings.CLIENT_CACHE_SECONDS)
    return client


def client_cache_clear(*, client_id: int) -> None:
    """Drop the cached client now and again when the change commits, so a request that
    reads the old row in between cannot keep it cached after the commit."""
    keys = [_CACHE_KEY.format(client_id)]
    public = cache.get(_PUBLIC_CACHE_KEY)
    if public is None or public.id == client_id:
        keys.append(_PUBLIC_CACHE_KEY)
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def public_client_get_cached() -> Client | None:
    """The public client (the platform's own portal), cached like ``client_get_cached``;
    None before ``migrate_platform`` created it."""
    client: Client | None = cache.get(_PUBLIC_CACHE_KEY)
    if client is None:
        client = Client.objects.filter(schema_name=get_public_schema_name()).first()
        if client is None:
            return None
        cache.set(_PUBLIC_CACHE_KEY, client, settings.CLIENT_CACHE_SECONDS)
    return client


def public_client_get() -> Client:
    client: Client = Client.objects.get(schema_name=get_public_schema_name())
    return client


def client_get(*, client_id: int, include_public: bool = True) -> Client:
    clients = Client.objects.prefetch_related("features")
    if not include_public:
        clients = clients.exclude(schema_name=get_public_schema_name())
    client: Client | None = clients.filter(id=client_id).first()
    if client is None:
        raise ClientNotFound()
    return client


def feature_list(*, include_inactive: bool = False) -> QuerySet[Feature]:
    features = Feature.objects.order_by("id")
    return features if include_inactive else features.filter(is_active=True)


def feature_get(*, feature_id: int) -> Feature:
    feature = Feature.objects.filter(id=feature_id).first()
    if feature is None:
        raise FeatureNotFound()
    return feature


def feature_default_ids() -> list[int]:
    """The features a client created without an explicit selection starts with."""
    return list(Feature.objects.filter(is_active=True, is_default=True).order_by("id").values_list("id", flat=True))


def feature_client_count(*, feature: Feature) -> int:
    count: int = Client.features.through.objects.filter(feature_id=feature.id).count()
    return count


def client_list() -> QuerySet[Client]:
    clients: QuerySet[Client] = Client.objects.prefetch_related("features").exclude(
        schema_name=get_public_schema_name()
    )
    return clients.order_by("id")


@dataclass(frozen=True)
class FeatureCatalogue:
    """The catalogue as one loaded list (``FeatureCatalogueOut`` counts it)."""

    features: list[Feature]


def feature_catalogue(*, include_inactive: bool = False) -> FeatureCatalogue:
    """1 query: ``feature_list`` loaded, for the ``ai_linc`` envelope."""
    return FeatureCatalogue(features=list(feature_list(include_inactive=include_inactive)))
