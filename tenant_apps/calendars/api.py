"""Calendars (docs/calendars.md): a learner's iCalendar feed (live classes and assessment
windows) and one live class's, at H's paths with a bearer token and at private
tokenised URLs a calendar app can subscribe to (no header needed), plus the endpoints
that make, rotate and revoke that URL. Mounted at ``/live-class/api/``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpResponse
from ninja import Router, Status

from api.auth import AuthedRequest
from tenant_apps.calendars import ical, selectors, services
from tenant_apps.calendars.errors import FeedNotFound
from tenant_apps.calendars.schemas import FeedStatusOut, FeedTokenOut
from tenants.middleware import TenantRequest, request_client

if TYPE_CHECKING:
    from tenant_apps.assessment.models import Assessment
    from tenant_apps.live_classes.models import LiveClass

router = Router(tags=["calendars"])

CLIENT = "clients/{client_id}/"
ICS_RESPONSE = {
    "responses": {
        200: {
            "description": "An iCalendar (RFC 5545) document, times in UTC.",
            "content": {"text/calendar": {"schema": {"type": "string"}}},
        },
        404: {"description": "Unknown, rotated or revoked feed token, or no such live class."},
    }
}


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # Private (the URL is a credential); calendar apps poll, an hour-old copy is fine.
    response["Cache-Control"] = "private, max-age=300"
    return response


def _learner_feed(request: TenantRequest, client_id: int, *, owner_name: str) -> HttpResponse:
    client = request_client(request)

    def assessment_url(assessment: Assessment) -> str:
        return request.build_absolute_uri(f"/assessment/api/client/{client_id}/assessment-details/{assessment.slug}/")

    body = ical.calendar_ics(
        name=f"{client.name}: {owner_name}",
        client_id=client_id,
        live_classes=selectors.feed_live_classes(),
        assessments=selectors.feed_assessments(),
        assessment_url=assessment_url,
    )
    return _ics(body, "calendar.ics")


def _live_class_feed(request: TenantRequest, client_id: int, class_id: int) -> HttpResponse:
    live_class: LiveClass | None = selectors.live_class_get(class_id=class_id)
    if live_class is None:
        raise FeedNotFound("No such live class.")
    client = request_client(request)
    body = ical.calendar_ics(name=f"{client.name}: {live_class.title}", client_id=client_id, live_classes=[live_class])
    return _ics(body, f"live-class-{class_id}.ics")


# --- with a bearer token (H's paths) ------------------------------------------------------------


@router.get(CLIENT + "my-live-calendar.ics", openapi_extra=ICS_RESPONSE)
def get_my_live_calendar(request: AuthedRequest, client_id: int):
    """The caller's calendar: the client's live classes and assessment windows."""
    user = request.auth.local_user
    return _learner_feed(request, client_id, owner_name=user.user_name if user else "live classes")


@router.get(CLIENT + "live-activities/{class_id}/calendar.ics", openapi_extra=ICS_RESPONSE)
def get_live_class_calendar(request: AuthedRequest, client_id: int, class_id: int):
    """One live class as a calendar file (add it to a calendar once)."""
    return _live_class_feed(request, client_id, class_id)


# --- subscription URLs (the token in the path is the credential) -------------------------------


@router.get(CLIENT + "calendar-feeds/{token}/calendar.ics", auth=None, openapi_extra=ICS_RESPONSE)
def get_calendar_feed(request: TenantRequest, client_id: int, token: str):
    """What a calendar app subscribed to the URL from ``POST calendar-feed/`` fetches."""
    owner = selectors.feed_owner(token=token)
    return _learner_feed(request, client_id, owner_name=owner.user_name)


@router.get(
    CLIENT + "calendar-feeds/{token}/live-activities/{class_id}/calendar.ics", auth=None, openapi_extra=ICS_RESPONSE
)
def get_calendar_feed_live_class(request: TenantRequest, client_id: int, token: str, class_id: int):
    selectors.feed_owner(token=token)
    return _live_class_feed(request, client_id, class_id)


# --- the caller's subscription URL ----------------------------------------------------------------


@router.get(CLIENT + "calendar-feed/", response=FeedStatusOut)
def get_calendar_feed_status(request: AuthedRequest, client_id: int):
    uid = request.auth.local_user_id
    row = selectors.feed_token_get(user_id=uid) if uid is not None else None
    return FeedStatusOut(active=row is not None, created_at=row.created_at if row else None)


@router.post(CLIENT + "calendar-feed/", response={201: FeedTokenOut})
def rotate_calendar_feed(request: AuthedRequest, client_id: int):
    """A new private subscription URL; any earlier one stops working (403 for a visiting
    platform admin, who has no calendar here)."""
    token, row = services.feed_token_rotate(actor=request.auth)
    base = request.build_absolute_uri(f"/live-class/api/clients/{client_id}/calendar-feeds/{token}/")
    return Status(
        201,
        {
            "token": token,
            "feed_url": base + "calendar.ics",
            "live_class_feed_url": base + "live-activities/{class_id}/calendar.ics",
            "created_at": row.created_at,
        },
    )


@router.delete(CLIENT + "calendar-feed/", response={204: None})
def revoke_calendar_feed(request: AuthedRequest, client_id: int):
    """The subscription URL stops working (204 also when there was none)."""
    services.feed_token_revoke(actor=request.auth)
    return Status(204, None)
