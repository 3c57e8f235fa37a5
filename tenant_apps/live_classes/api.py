"""Live Class API 1-3 (contract). Everyone logged in lists classes; admins and
instructors create them; admins update any class, instructors the ones they teach.

Beside the contract, the two reads H's live-sessions page makes: ``live-activities/`` (the
same classes in the client's shape, any role: H's admin pages read it too) and
``my-live-stats/`` (a student's own attendance summary)."""

from django.http import HttpResponse, JsonResponse
from ninja import Query, Router, Status

from api.auth import AuthedRequest, learner_auth, staff_auth
from api.pagination import paginate
from api.renderer import NumberEncoder
from tenant_apps.live_classes import selectors, services
from tenant_apps.live_classes.schemas import (
    LiveActivityOut,
    LiveClassCreatedOut,
    LiveClassFilter,
    LiveClassIn,
    LiveClassOut,
    LiveClassUpdateIn,
    LiveUpdatedOut,
    MyLiveStatsOut,
)
from tenants.middleware import wants_ai_linc_shapes

router = Router(tags=["live-class"])


@router.get("clients/{client_id}/sessions/", response=list[LiveClassOut] | list[LiveActivityOut])
def list_live_classes(request: AuthedRequest, client_id: int, response: HttpResponse, filters: Query[LiveClassFilter]):
    """The contract's sessions; for a client on the ``ai_linc`` response profile, the same
    classes (cancelled ones included, same filters and order) as ``live-activities/`` rows,
    whose ``instructor`` is the teacher's name: the older build's live page renders it as text
    (docs/real-client.md, "Response profile")."""
    classes = selectors.live_class_list(status=filters.status, upcoming=filters.upcoming)
    if not wants_ai_linc_shapes(request):
        return paginate(request, response, classes)
    rows = paginate(request, response, selectors.with_live_activity(classes, actor=request.auth))
    # Rendered here: Ninja would validate the rows against the union's first member too.
    answer = JsonResponse(
        [LiveActivityOut.from_orm(row).model_dump(mode="json") for row in rows], safe=False, encoder=NumberEncoder
    )
    for header, value in response.items():  # the pagination headers
        answer[header] = value
    return answer


@router.post("clients/{client_id}/sessions/create/", response={201: LiveClassCreatedOut}, auth=staff_auth)
def create_live_class(request: AuthedRequest, client_id: int, payload: LiveClassIn):
    return Status(201, services.live_class_create(actor=request.auth, **payload.dict()))


@router.api_operation(
    ["PUT", "PATCH"], "clients/{client_id}/sessions/{class_id}/update/", response=LiveUpdatedOut, auth=staff_auth
)
def update_live_class(request: AuthedRequest, client_id: int, class_id: int, payload: LiveClassUpdateIn):
    live_class = selectors.live_class_get(class_id=class_id)
    return services.live_class_update(live_class=live_class, actor=request.auth, **payload.dict())


@router.get("clients/{client_id}/live-activities/", response=list[LiveActivityOut])
def list_live_activities(request: AuthedRequest, client_id: int, response: HttpResponse):
    return paginate(request, response, selectors.live_activity_list(actor=request.auth))


@router.get("clients/{client_id}/my-live-stats/", response=MyLiveStatsOut, auth=learner_auth)
def get_my_live_stats(request: AuthedRequest, client_id: int):
    return selectors.my_live_stats(actor=request.auth)
