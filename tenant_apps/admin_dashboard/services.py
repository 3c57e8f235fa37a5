"""Writes of the admin dashboard: an admin changes, deactivates or deletes a user of the
client, or resets a student's progress."""

from __future__ import annotations

from dataclasses import replace

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import FieldErrors
from core.updates import differing, fields_apply, given
from tenant_apps.accounts.actor import Actor
from tenant_apps.accounts.models import CLIENT_ROLES, User
from tenant_apps.accounts.services import email_normalize, sessions_revoke_all
from tenant_apps.activity import services as activity_services
from tenant_apps.admin_dashboard import selectors
from tenant_apps.admin_dashboard.errors import SelfChangeForbidden
from tenant_apps.admin_dashboard.models import ProgressReset, ResetVia
from tenant_apps.admin_dashboard.selectors import ResetScope
from tenant_apps.assessment import services as assessment_services
from tenant_apps.audit import services as audit
from tenant_apps.audit.models import AuditAction
from tenant_apps.lms import selectors as lms_selectors
from tenant_apps.lms import services as lms_services

PROFILE = ("first_name", "last_name", "email")


def _is_self(actor: Actor, user: User) -> bool:
    return actor.local_user_id == user.id


@transaction.atomic
def student_update(
    *,
    actor: Actor,
    user: User,
    role: str | None = None,
    is_active: bool | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
    email: str | None = None,
) -> User:
    """Change a user's role, active flag, name or e-mail address (fields left out stay).

    A role change or a deactivation revokes every session of the user: their tokens
    carry the old role, and a deactivated user must be signed out everywhere.
    """
    changed: list[str] = []
    before = {"role": user.role, "is_active": user.is_active, "email": user.email}
    if email is not None:
        email = email_normalize(email)
        if email != user.email:
            if User.objects.filter(email=email).exclude(pk=user.pk).exists():
                raise FieldErrors({"email": "A user with this email already exists."})
            user.email = email
            changed.append("email")
    names = given(first_name=first_name, last_name=last_name)
    changed += fields_apply(user, differing(user, {field: value.strip() for field, value in names.items()}))
    if role is not None and role != user.role:
        if role not in CLIENT_ROLES:
            raise FieldErrors({"role": f"Choose one of {', '.join(CLIENT_ROLES)}."})
        if _is_self(actor, user):
            raise SelfChangeForbidden({"role": "You cannot change your own role."})
        user.role = role
        changed.append("role")
    if is_active is not None and is_active != user.is_active:
        if _is_self(actor, user):
            raise SelfChangeForbidden({"is_active": "You cannot deactivate your own account."})
        user.is_active = is_active
        changed.append("is_active")
    if not changed:
        return user
    try:
        with transaction.atomic():
            user.save(update_fields=[*changed, "updated_at"])
    except IntegrityError as exc:  # the same address taken by a concurrent request
        raise FieldErrors({"email": "A user with this email already exists."}) from exc
    if "email" in changed or "first_name" in changed or "last_name" in changed:
        audit.record(
            action=AuditAction.USER_PROFILE_CHANGED,
            actor=actor,
            target_type="user",
            target_id=user.id,
            data={"from_email": before["email"], "email": user.email, "fields": [f for f in changed if f in PROFILE]},
        )
    for field, action in (("role", AuditAction.USER_ROLE_CHANGED), ("is_active", AuditAction.USER_ACTIVATION_CHANGED)):
        if field in changed:
            audit.record(
                action=action,
                actor=actor,
                target_type="user",
                target_id=user.id,
                data={"email": user.email, "from": before[field], "to": getattr(user, field)},
            )
    if "role" in changed or not user.is_active:
        sessions_revoke_all(user=user)
    return user


@transaction.atomic
def student_delete(*, actor: Actor, user: User) -> User:
    """DELETE marks the user deleted (and inactive) instead of dropping the row: the
    user's enrollments, progress, activity, submissions and certificates stay for the
    client's totals, while every admin read leaves the user out (GET is then a 404).
    The account cannot sign in, and all its sessions end."""
    if _is_self(actor, user):
        raise SelfChangeForbidden({"non_field_errors": "You cannot delete your own account."})
    user.is_active = False
    user.deleted_at = timezone.now()
    user.save(update_fields=["is_active", "deleted_at", "updated_at"])
    audit.record(
        action=AuditAction.USER_DELETED, actor=actor, target_type="user", target_id=user.id, data={"email": user.email}
    )
    sessions_revoke_all(user=user)
    return user


@transaction.atomic
def student_action(*, actor: Actor, user: User, action: str, course_id: int | None) -> User:
    """``activate``, ``enroll_course``, ``unenroll_course`` or ``reset_progress`` for one user
    (an admin's drawer).

    ``reset_progress`` here clears one course's activity events and tracked time only
    (``course_id`` required), as H's button says ("Clear activity log": completions, scores and
    assessments stay): the drawer sends no confirmation, so deleting completions and scores is
    only ``progress_reset`` with the student's e-mail typed (docs/real-client.md, "Progress
    reset")."""
    if action == "activate":
        return student_update(actor=actor, user=user, is_active=True)
    if action == "reset_progress":
        if course_id is None:
            raise FieldErrors(
                {
                    "course_id": "Choose the course to reset. Resetting all of a student's progress needs their "
                    "e-mail address typed: POST reset-progress/ with confirm_email."
                }
            )
        scope = replace(
            selectors.reset_scope_clean(
                adaptive=True, assessments=False, course_ids=[course_id], course_field="course_id"
            ),
            activity_only=True,
        )
        progress_reset(actor=actor, student_id=user.id, scope=scope, confirm_email=None, via=ResetVia.STUDENT_ACTION)
        return user
    if course_id is None:
        raise FieldErrors({"course_id": "This field is required for this action."})
    course = lms_selectors.course_get_for_user(course_id=course_id, actor=actor)
    if action == "enroll_course":
        lms_services.enrollment_create_for(course=course, user_id=user.id)
    else:
        lms_services.enrollment_delete_for(course=course, user_id=user.id)
    return user


@transaction.atomic
def progress_reset(
    *,
    actor: Actor,
    student_id: int,
    scope: ResetScope,
    confirm_email: str | None,
    note: str = "",
    via: str = ResetVia.RESET_PROGRESS,
) -> ProgressReset:
    """Delete a student's progress in ``scope`` (``selectors.reset_plan`` says which rows), in
    one transaction, and record it (history row and audit event).

    The student's row is locked first: identical concurrent resets run one after the other,
    and the second finds nothing left (it is recorded, with a total of 0). ``confirm_email``
    must be the student's address (case and surrounding spaces aside); only the one-course
    drawer action (``via=student_action``) passes None. Each app deletes its own rows and
    bumps its own caches (progress, tracked time); the daily rollup is rebuilt from what is
    left."""
    student = selectors.student_lock(student_id=student_id)
    if confirm_email is not None and confirm_email.strip().lower() != student.email.lower():
        raise FieldErrors({"confirm_email": "This is not the student's e-mail address: nothing was reset."})
    if scope.is_empty:
        raise FieldErrors({"detail": "Choose what to reset: adaptive (course progress), assessments or both."})
    plan = selectors.reset_plan(student=student, scope=scope)
    removed: dict[str, int] = {}
    if scope.adaptive and not scope.activity_only:
        removed |= lms_services.progress_reset(user_id=student.id, course_ids=scope.course_ids)
    if scope.adaptive:
        removed |= activity_services.progress_reset(user_id=student.id, course_ids=scope.course_ids)
    if scope.assessments:
        removed["assessment_submissions"] = assessment_services.progress_reset(
            user_id=student.id, assessment_ids=scope.assessment_ids
        )
    local = actor.local_user
    reset = ProgressReset.objects.create(
        student=student,
        performed_by=local,
        performed_by_email=actor.user.email,
        performed_by_is_platform_admin=actor.is_platform_admin,
        via=via,
        scope=scope.as_dict(),
        scope_label=plan["scope"],
        counts=removed,
        courses=plan["courses"],
        total=sum(removed.values()),
        note=(note or "").strip(),
    )
    audit.record(
        action=AuditAction.USER_PROGRESS_RESET,
        actor=actor,
        target_type="user",
        target_id=student.id,
        data={
            "email": student.email,
            "reset_id": reset.id,
            "via": via,
            "scope": scope.as_dict(),
            "counts": removed,
            "total": reset.total,
            "note": reset.note,
        },
    )
    return reset
