"""Admin Dashboard API 33-38 (contract "Analytics & Dashboard"): client admins (and
platform admins) see the client's numbers and manage its users. Mounted at
``/admin-dashboard/api/``; every path runs in the client's schema."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from api.auth import AuthedRequest, JWTAuth, admin_auth
from api.pagination import paginate
from core.errors import PermissionDenied
from tenant_apps.accounts.models import ADMIN_ROLES, ClientRoleName, Role
from tenant_apps.admin_dashboard import selectors, services
from tenant_apps.admin_dashboard.schemas import (
    AttendanceAnalyticsOut,
    CoreDashboardOut,
    CourseCompletionStatsOut,
    CourseCompletionStudentOut,
    ProgressResetHistoryOut,
    ProgressResetIn,
    ProgressResetOut,
    ProgressResetPreviewOut,
    StreakHolderOut,
    StudentActionIn,
    StudentActivityAnalyticsOut,
    StudentDetailOut,
    StudentLearningJourneyOut,
    StudentListOut,
    StudentOut,
    StudentPageOut,
    StudentProfileOut,
    StudentUpdateIn,
)
from tenant_apps.dashboard import selectors as dashboard_selectors
from tenant_apps.dashboard.periods import date_range
from tenants.middleware import TenantRequest, wants_ai_linc_shapes
from tenants.timezone import client_zone

router = Router(tags=["admin dashboard"], auth=admin_auth)

BASE = "clients/{client_id}/"
ANALYTICS_DEFAULT_DAYS = 30
# H's manage-students page loads the whole roster in one call (``limit=10000``) and filters,
# sorts and pages it in the browser; a smaller cap left its table empty (a 400).
ROSTER_LIMIT_MAX = 10_000


@router.get(BASE + "core-admin-dashboard/", response=CoreDashboardOut)
def get_core_admin_dashboard(request: HttpRequest, client_id: int):
    return selectors.core_dashboard()


@router.get(BASE + "manage-students/", response=list[StudentListOut] | StudentPageOut)
def list_manage_students(
    request: TenantRequest,
    client_id: int,
    response: HttpResponse,
    search: str | None = None,
    role: ClientRoleName | None = None,
    page: int = Query(1, ge=1, le=1_000_000),
    limit: int = Query(20, ge=1, le=ROSTER_LIMIT_MAX),
):
    """The contract's array (``?page=&page_size=`` paginate it by headers); for a client on the
    ``ai_linc`` response profile, ``{students, pagination}`` of ``?page=&limit=``."""
    students = selectors.student_list(search=search, role=role)
    if not wants_ai_linc_shapes(request):
        return paginate(request, response, students)
    total = students.count()
    pages = max(1, -(-total // limit))
    return StudentPageOut.model_validate(
        {
            "students": list(students[(page - 1) * limit : page * limit]),
            "pagination": {
                "current_page": page,
                "total_pages": pages,
                "total_students": total,
                "limit": limit,
                "has_next": page < pages,
                "has_previous": page > 1,
            },
        },
        from_attributes=True,
    )


@router.get(BASE + "manage-student/{student_id}/", response=StudentDetailOut)
def get_manage_student(request: HttpRequest, client_id: int, student_id: int):
    """The contract's user and, beside it, the student report the web clients' student pages
    read (docs/real-client.md, "Admin student report")."""
    return selectors.student_report(student_id=student_id)


@router.get(BASE + "student-learning-journey/{student_id}/", response=StudentLearningJourneyOut)
def get_student_learning_journey(request: HttpRequest, client_id: int, student_id: int):
    """H's learning journey of one user: the same report, grouped as H's detail page reads it."""
    return selectors.student_report(student_id=student_id)


@router.get(BASE + "student-profile/{student_id}/", response=StudentProfileOut)
def get_student_profile(request: HttpRequest, client_id: int, student_id: int):
    """A user's profile as the admin reads it (H's ``/admin/profile/{id}``)."""
    return selectors.student_get(student_id=student_id)


@router.api_operation(["PUT", "PATCH"], BASE + "manage-student/{student_id}/", response=StudentOut)
def update_manage_student(request: AuthedRequest, client_id: int, student_id: int, payload: StudentUpdateIn):
    user = selectors.student_get(student_id=student_id)
    return services.student_update(
        actor=request.auth,
        user=user,
        role=payload.role,
        is_active=payload.is_active,
        first_name=payload.first_name,
        last_name=payload.last_name,
        email=payload.email,
    )


@router.post(BASE + "manage-student/{student_id}/", response=StudentOut)
def act_on_manage_student(request: AuthedRequest, client_id: int, student_id: int, payload: StudentActionIn):
    """The web clients' drawer actions: activate, enrol in or unenrol from a course, reset the
    progress of one course (``reset_progress``; all of it is ``reset-progress/``)."""
    user = selectors.student_get(student_id=student_id)
    return services.student_action(actor=request.auth, user=user, action=payload.action, course_id=payload.course_id)


@router.get(BASE + "manage-student/{student_id}/reset-progress/", response=ProgressResetPreviewOut)
def preview_progress_reset(
    request: HttpRequest,
    client_id: int,
    student_id: int,
    adaptive: bool = True,
    assessments: bool = True,
    course_ids: list[int] = Query([], description="Repeat for several; absent: every course."),
    assessment_ids: list[int] = Query([], description="Repeat for several; absent: every assessment."),
):
    """What ``POST`` with this scope would delete now, by kind and by course, and what stays;
    nothing is written (docs/real-client.md, "Progress reset")."""
    student = selectors.student_get(student_id=student_id)
    scope = selectors.reset_scope_clean(
        adaptive=adaptive, assessments=assessments, course_ids=course_ids, assessment_ids=assessment_ids
    )
    return selectors.reset_plan(student=student, scope=scope)


@router.post(BASE + "manage-student/{student_id}/reset-progress/", response=ProgressResetOut)
def reset_progress(request: AuthedRequest, client_id: int, student_id: int, payload: ProgressResetIn):
    """Irreversible: deletes the student's progress in the scope, only if ``confirm_email`` is
    the student's e-mail address (400 on ``confirm_email`` otherwise, nothing written)."""
    selectors.student_get(student_id=student_id)  # 404 before judging the scope
    scope = selectors.reset_scope_clean(
        adaptive=payload.adaptive,
        assessments=payload.assessments,
        course_ids=payload.course_ids,
        assessment_ids=payload.assessment_ids,
    )
    return services.progress_reset(
        actor=request.auth,
        student_id=student_id,
        scope=scope,
        confirm_email=payload.confirm_email,
        note=payload.note or "",
    )


@router.get(BASE + "manage-student/{student_id}/reset-history/", response=ProgressResetHistoryOut)
def get_progress_reset_history(request: HttpRequest, client_id: int, student_id: int):
    """The student's past progress resets, newest first: who, when, what, how many rows, why."""
    return selectors.reset_history(student_id=student_id)


@router.delete(BASE + "manage-student/{student_id}/", response=StudentOut)
def delete_manage_student(request: AuthedRequest, client_id: int, student_id: int):
    """Deletes the user, keeping their history (answers the user with ``is_active: false``);
    see docs/dashboards.md."""
    user = selectors.student_get(student_id=student_id)
    return services.student_delete(actor=request.auth, user=user)


@router.get(
    BASE + "student-activity-analytics/",
    response=StudentActivityAnalyticsOut | list[StreakHolderOut],
    auth=JWTAuth(roles=ADMIN_ROLES | {Role.STUDENT}),
)
def get_student_activity_analytics(
    request: AuthedRequest,
    client_id: int,
    student_id: int | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
):
    """The contract's analytics object, for admins only. For a client on the ``ai_linc``
    response profile, the per-student streak holders the web clients read here, a bare
    array, for admins and students alike (docs/real-client.md, "Response profile")."""
    ai_linc = wants_ai_linc_shapes(request)
    if request.auth.role == Role.STUDENT and not ai_linc:
        raise PermissionDenied()
    period = date_range(start=start_date, end=end_date, default_days=ANALYTICS_DEFAULT_DAYS, zone=client_zone(request))
    if ai_linc:
        return dashboard_selectors.streak_holders(period=period, student_id=student_id)
    return selectors.student_activity_analytics(period=period, student_id=student_id)


@router.get(BASE + "attendance-analytics/", response=AttendanceAnalyticsOut)
def get_attendance_analytics(
    request: HttpRequest, client_id: int, start_date: date | None = None, end_date: date | None = None
):
    period = date_range(start=start_date, end=end_date, default_days=ANALYTICS_DEFAULT_DAYS, zone=client_zone(request))
    return selectors.attendance_analytics(period=period)


@router.get(BASE + "course-completion-stats/", response=CourseCompletionStatsOut | list[CourseCompletionStudentOut])
def get_course_completion_stats(request: TenantRequest, client_id: int, course_id: int | None = None):
    """The contract's per-course totals; for a client on the ``ai_linc`` response profile,
    one row per student and course (docs/real-client.md, "Response profile")."""
    if wants_ai_linc_shapes(request):
        return selectors.course_completion_rows(course_id=course_id)
    return selectors.course_completion_stats(course_id=course_id)
