"""Clients and features (Accounts 8-10) and the public client-info (Student APIs 19)."""

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from api.auth import platform_admin_auth
from api.pagination import paginate
from api.schemas import DetailOut
from shared_apps.catalog.models import Feature
from tenants import selectors, services
from tenants.models import Client
from tenants.schemas import ClientIn, ClientInfoOut, ClientOut, ClientUpdateIn, FeatureOut, FeatureSelectIn

clients_router = Router(tags=["clients"])
router = Router(tags=["clients"])


@clients_router.get("features/", auth=None, response=list[FeatureOut])
def list_features(request: HttpRequest) -> QuerySet[Feature]:
    return selectors.feature_list()


@clients_router.post("clients/{client_id}/features/select/", auth=platform_admin_auth, response=DetailOut)
def select_client_features(request: HttpRequest, client_id: int, payload: FeatureSelectIn) -> dict[str, str]:
    client = selectors.client_get(client_id=client_id)
    services.client_features_set(client=client, feature_ids=payload.feature_ids)
    return {"detail": "Features updated successfully"}


@clients_router.get("clients/", auth=platform_admin_auth, response=list[ClientOut])
def list_clients(request: HttpRequest, response: HttpResponse) -> QuerySet | list:
    return paginate(request, response, selectors.client_list())


@clients_router.post("clients/", auth=platform_admin_auth, response={201: ClientOut})
def create_client(request: HttpRequest, payload: ClientIn) -> Status:
    data = payload.dict()
    feature_ids = data.pop("feature_ids")
    client = services.client_create(features=feature_ids, **data)
    return Status(201, selectors.client_get(client_id=client.id))


@clients_router.get("clients/{client_id}/", auth=platform_admin_auth, response=ClientOut)
def get_client(request: HttpRequest, client_id: int) -> Client:
    return selectors.client_get(client_id=client_id, include_public=False)


@clients_router.api_operation(["PUT", "PATCH"], "clients/{client_id}/", auth=platform_admin_auth, response=ClientOut)
def update_client(request: HttpRequest, client_id: int, payload: ClientUpdateIn) -> Client:
    """Rebrand or (de)activate a client; an inactive client's paths answer 403 tenant_inactive."""
    client = selectors.client_get(client_id=client_id, include_public=False)
    fields = {key: value for key, value in payload.dict(exclude_unset=True).items() if value is not None}
    services.client_update(client=client, **fields)
    return selectors.client_get(client_id=client_id)


@router.get("clients/{client_id}/client-info/", auth=None, response=ClientInfoOut)
def get_client_info(request: HttpRequest, client_id: int) -> Client:
    return selectors.client_get(client_id=client_id)
