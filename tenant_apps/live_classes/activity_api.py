"""The live-classes routes under ``/activity/`` (named after that mount, so the path leads
here): Activity API 4-8 (contract), attendance activities. Admins (client or platform) manage
them; every logged-in user lists the live ones and marks their own attendance.

Mounted at ``/activity/`` beside ``tenant_apps.activity.api.router``; the paths
(``admin/attendance-activities/``, ``student/...``) do not overlap with that router's.
"""

from typing import cast

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from api.auth import AuthedRequest, admin_auth
from api.pagination import paginate
from tenant_apps.live_classes import selectors, services
from tenant_apps.live_classes.schemas import (
    AttendanceActivityDetailOut,
    AttendanceActivityIn,
    AttendanceActivityOut,
    AttendanceActivityRowOut,
    AttendanceActivityUpdateIn,
    LiveAttendanceOut,
    LiveUpdatedOut,
    MarkAttendanceOut,
)

router = Router(tags=["activity: attendance"])

ACTIVITIES = "clients/{client_id}/admin/attendance-activities/"
ACTIVITY = ACTIVITIES + "{activity_id}/"


@router.get(ACTIVITIES, response=list[AttendanceActivityRowOut], auth=admin_auth)
def list_attendance_activities(request: HttpRequest, client_id: int, response: HttpResponse):
    return paginate(request, response, selectors.attendance_activity_list())


@router.post(ACTIVITIES, response={201: AttendanceActivityOut}, auth=admin_auth)
def create_attendance_activity(request: AuthedRequest, client_id: int, payload: AttendanceActivityIn):
    live_class = selectors.live_class_get(class_id=payload.live_class_id) if payload.live_class_id else None
    activity = services.attendance_activity_create(
        actor=request.auth, live_class=live_class, **payload.dict(exclude={"live_class_id"})
    )
    created = cast("selectors.ActivityWithCount", activity)  # a new activity has no attendance yet
    created.attendance_count = 0
    return Status(201, created)


@router.get(ACTIVITY, response=AttendanceActivityDetailOut, auth=admin_auth)
def get_attendance_activity(request: HttpRequest, client_id: int, activity_id: int):
    return selectors.attendance_activity_detail(activity_id=activity_id)


def _update(activity_id: int, payload: AttendanceActivityUpdateIn):
    activity = selectors.attendance_activity_get(activity_id=activity_id)
    return services.attendance_activity_update(activity=activity, **payload.dict())


@router.api_operation(["PUT", "PATCH"], ACTIVITY, response=AttendanceActivityDetailOut, auth=admin_auth)
def replace_attendance_activity(
    request: HttpRequest, client_id: int, activity_id: int, payload: AttendanceActivityUpdateIn
):
    _update(activity_id, payload)
    return selectors.attendance_activity_detail(activity_id=activity_id)


@router.delete(ACTIVITY, response={204: None}, auth=admin_auth)
def delete_attendance_activity(request: HttpRequest, client_id: int, activity_id: int):
    services.attendance_activity_delete(activity=selectors.attendance_activity_get(activity_id=activity_id))
    return Status(204, None)


@router.api_operation(["PUT", "PATCH"], ACTIVITY + "update/", response=LiveUpdatedOut, auth=admin_auth)
def update_attendance_activity(
    request: HttpRequest, client_id: int, activity_id: int, payload: AttendanceActivityUpdateIn
):
    return _update(activity_id, payload)


@router.get("clients/{client_id}/student/live-attendance/", response=list[LiveAttendanceOut])
def list_live_attendance(request: AuthedRequest, client_id: int, response: HttpResponse):
    return paginate(request, response, selectors.live_attendance_list(actor=request.auth))


@router.post("clients/{client_id}/student/mark-attendance/{activity_id}/", response=MarkAttendanceOut)
def mark_attendance(request: AuthedRequest, client_id: int, activity_id: int):
    attendance = services.attendance_mark(
        activity=selectors.attendance_activity_get(activity_id=activity_id), actor=request.auth
    )
    return attendance
