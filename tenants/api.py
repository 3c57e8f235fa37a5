"""Clients and features (Accounts 8-10), the public client-info (Student APIs 19) and the
client's time zone, which its own admins set (docs/timezones.md).

Every feature in a response carries ``name``, the machine key the portals gate their
navigation on, and ``label``, its display text (docs/real-client.md, "Feature names")."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from api.auth import admin_auth, platform_admin_auth
from api.pagination import paginate
from api.schemas import sent_fields
from core.updates import given
from platform_services.catalog.models import Feature
from tenants import selectors, services
from tenants.middleware import TenantRequest, wants_ai_linc_shapes
from tenants.models import Client
from tenants.schemas import (
    ClientFeaturesOut,
    ClientIn,
    ClientInfoOut,
    ClientOut,
    ClientTimezoneIn,
    ClientTimezoneOut,
    ClientUpdateIn,
    FeatureCatalogueOut,
    FeatureDetailOut,
    FeatureIn,
    FeatureSelectIn,
    FeatureSelectOut,
    FeatureUpdateIn,
)

clients_router = Router(tags=["clients"])
router = Router(tags=["clients"])


@clients_router.get("features/", auth=None, response=list[FeatureDetailOut] | FeatureCatalogueOut)
def list_features(
    request: TenantRequest, include_inactive: bool = False
) -> QuerySet[Feature] | selectors.FeatureCatalogue:
    """The catalogue: active features, or every one with ``include_inactive=true``. A bare
    array by contract; ``{total_features, features}`` when the public client is on the
    ``ai_linc`` response profile (docs/real-client.md, "Response profile")."""
    if wants_ai_linc_shapes(request):
        return selectors.feature_catalogue(include_inactive=include_inactive)
    return selectors.feature_list(include_inactive=include_inactive)


@clients_router.post("features/", auth=platform_admin_auth, response={201: FeatureDetailOut})
def create_feature(request: HttpRequest, payload: FeatureIn) -> Status[Feature]:
    return Status(201, services.feature_create(**payload.dict()))


@clients_router.get("features/{feature_id}/", auth=platform_admin_auth, response=FeatureDetailOut)
def get_feature(request: HttpRequest, feature_id: int) -> Feature:
    return selectors.feature_get(feature_id=feature_id)


@clients_router.api_operation(
    ["PUT", "PATCH"], "features/{feature_id}/", auth=platform_admin_auth, response=FeatureDetailOut
)
def update_feature(request: HttpRequest, feature_id: int, payload: FeatureUpdateIn) -> Feature:
    """Relabel, (de)activate or (un)default a feature; deactivating a selected one is a 400."""
    feature = selectors.feature_get(feature_id=feature_id)
    return services.feature_update(feature=feature, changes=given(**sent_fields(payload)))


@clients_router.delete("features/{feature_id}/", auth=platform_admin_auth, response={204: None})
def delete_feature(request: HttpRequest, feature_id: int) -> Status[None]:
    """Only a feature no client selects can go (else 400 ``feature_in_use``)."""
    services.feature_delete(feature=selectors.feature_get(feature_id=feature_id))
    return Status(204, None)


@clients_router.get("clients/{client_id}/features/select/", auth=platform_admin_auth, response=ClientFeaturesOut)
def get_client_features(request: HttpRequest, client_id: int) -> Client:
    """What the super-admin portal reads before it edits a client's selection."""
    return selectors.client_get(client_id=client_id)


@clients_router.api_operation(
    ["POST", "PATCH"], "clients/{client_id}/features/select/", auth=platform_admin_auth, response=FeatureSelectOut
)
def select_client_features(request: HttpRequest, client_id: int, payload: FeatureSelectIn) -> Client:
    """The contract's POST answers ``detail``; the super-admin portal PATCHes and reads
    ``message`` and ``client``: one answer holds all three."""
    client = selectors.client_get(client_id=client_id)
    services.client_features_set(client=client, feature_ids=payload.feature_ids)
    return selectors.client_get(client_id=client_id)


@clients_router.get("clients/", auth=platform_admin_auth, response=list[ClientOut])
def list_clients(request: HttpRequest, response: HttpResponse) -> QuerySet[Any] | list[Any]:
    return paginate(request, response, selectors.client_list())


@clients_router.post("clients/", auth=platform_admin_auth, response={201: ClientOut})
def create_client(request: HttpRequest, payload: ClientIn) -> Status[Client]:
    data = payload.dict()
    feature_ids = data.pop("feature_ids")  # None: the catalogue's defaults
    client = services.client_create(features=feature_ids, **data)
    return Status(201, selectors.client_get(client_id=client.id))


@clients_router.get("clients/{client_id}/", auth=platform_admin_auth, response=ClientOut)
def get_client(request: HttpRequest, client_id: int) -> Client:
    """Any client, the public one too (its ``response_profile`` is the platform routes')."""
    return selectors.client_get(client_id=client_id)


@clients_router.api_operation(["PUT", "PATCH"], "clients/{client_id}/", auth=platform_admin_auth, response=ClientOut)
def update_client(request: HttpRequest, client_id: int, payload: ClientUpdateIn) -> Client:
    """Rebrand or (de)activate a client; an inactive client's paths answer 403 tenant_inactive.
    On the public client only ``response_profile`` changes (400 for any other field)."""
    client = selectors.client_get(client_id=client_id)
    services.client_update(client=client, changes=given(**sent_fields(payload)))
    return selectors.client_get(client_id=client_id)


@router.get("clients/{client_id}/client-info/", auth=None, response=ClientInfoOut)
def get_client_info(request: HttpRequest, client_id: int) -> Client:
    return selectors.client_get(client_id=client_id)


@clients_router.get("clients/{client_id}/timezone/", auth=admin_auth, response=ClientTimezoneOut)
def get_client_timezone(request: HttpRequest, client_id: int) -> Client:
    """The client's time zone and the names a picker offers (client admins and platform admins)."""
    return selectors.client_get(client_id=client_id)


@clients_router.patch("clients/{client_id}/timezone/", auth=admin_auth, response=ClientTimezoneOut)
def update_client_timezone(request: HttpRequest, client_id: int, payload: ClientTimezoneIn) -> Client:
    """A client admin moves the client's days to another IANA zone (400 for an unknown name);
    every daily figure is counted in it from the next request on."""
    client = selectors.client_get(client_id=client_id)
    return services.client_update(client=client, changes={"timezone": payload.timezone})
