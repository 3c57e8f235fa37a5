"""Issuing a certificate emits ``certificate.issued`` and records ``certificate.issued`` in
the audit trail, once per certificate and in the issuing transaction; revoking records
``certificate.revoked`` with the admin as actor."""

from __future__ import annotations

import pytest

from tenant_apps.audit.models import AuditEvent
from tenant_apps.certificates.models import Certificate
from tenant_apps.certificates.tasks import course_certificate_issue_run
from tenant_apps.dashboard.tests.helpers import complete, contents_of
from tenant_apps.lms.models import Enrollment
from tenant_apps.lms.tests.factories import course_build
from tenant_apps.webhooks.tests.test_events import emitted, listen

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.PUBLIC_BASE_URL = "https://learn.example.test"


def completed_course(in_schema, student, *, title: str = "Ethics"):
    with in_schema():
        course = course_build(content_types=("Article",), title=title)
        Enrollment.objects.create(course=course, user=student)
        for content in contents_of(course):
            complete(student, content)
    return course


def issued_records(in_schema) -> list[AuditEvent]:
    with in_schema():
        return list(AuditEvent.objects.filter(action="certificate.issued").order_by("id"))


def test_the_issue_task_emits_and_audits_once(client_a, client_b, make_user, in_a):
    # given: an endpoint of A hearing certificate.issued (and one of B, which must hear nothing)
    listen(client_a, "certificate.issued")
    listen(client_b, "certificate.issued")
    student = make_user(client_a)
    course = completed_course(in_a, student)
    # when: the issue task runs, then runs again (a duplicate delivery of the task)
    assert course_certificate_issue_run(client_a.schema_name, student.id, course.id) is not None
    assert course_certificate_issue_run(client_a.schema_name, student.id, course.id) is not None
    # then: one certificate, one event carrying its facts, one audit record
    with in_a():
        (certificate,) = Certificate.objects.filter(user=student)
    code = f"{client_a.id}-{certificate.code}"
    ((event, data),) = emitted(client_a)
    assert event == "certificate.issued"
    assert data == {
        "certificate_id": certificate.id,
        "kind": "course",
        "course_id": course.id,
        "assessment_id": None,
        "user_id": student.id,
        "title": "Ethics",
        "score": None,
        "verification_code": code,
        "verification_url": f"https://learn.example.test/certificates/verify/{code}/",
        "issued_at": data["issued_at"],
    }
    assert data["issued_at"].startswith(certificate.issued_at.date().isoformat())
    assert emitted(client_b) == []
    (record,) = issued_records(in_a)
    assert record.target_type == "certificate" and record.target_id == str(certificate.id)
    assert record.data["verification_code"] == code and record.data["user_id"] == student.id
    assert record.actor_user_id is None  # issued by the worker, not by a person


def test_no_listener_still_audits_and_the_catch_up_announces_each_new_certificate(client_a, student_a, in_a):
    # given: two courses completed before certificates existed (no task ran), nobody listening
    api, student = student_a
    first = completed_course(in_a, student, title="One")
    second = completed_course(in_a, student, title="Two")
    # when: the learner lists certificates (the catch-up issues both)
    assert len(api.get(f"/api/clients/{client_a.id}/user-available-certificates/").json()) == 2
    # then: no delivery, two audit records naming the learner as actor
    assert emitted(client_a) == []
    records = issued_records(in_a)
    assert sorted(r.data["course_id"] for r in records) == sorted([first.id, second.id])
    assert {r.actor_user_id for r in records} == {student.id}
    # when: someone listens now and the list is read again: nothing new is issued or announced
    listen(client_a, "certificate.issued")
    assert len(api.get(f"/api/clients/{client_a.id}/user-available-certificates/").json()) == 2
    assert emitted(client_a) == [] and len(issued_records(in_a)) == 2


def test_the_catch_up_emits_one_event_per_certificate(client_a, student_a, in_a):
    listen(client_a, "certificate.issued")
    api, student = student_a
    courses = [completed_course(in_a, student, title=f"C{n}") for n in range(3)]
    api.get(f"/api/clients/{client_a.id}/user-available-certificates/")
    events = emitted(client_a)
    assert [event for event, _ in events] == ["certificate.issued"] * 3
    assert sorted(data["course_id"] for _, data in events) == sorted(c.id for c in courses)
    with in_a():
        ids = sorted(Certificate.objects.filter(user=student).values_list("id", flat=True))
    assert sorted(data["certificate_id"] for _, data in events) == ids
    assert sorted(int(r.target_id) for r in issued_records(in_a)) == ids


def test_revoking_is_audited_with_the_admin_and_reason(client_a, make_user, admin_a, in_a):
    student = make_user(client_a)
    course = completed_course(in_a, student)
    course_certificate_issue_run(client_a.schema_name, student.id, course.id)
    with in_a():
        certificate = Certificate.objects.get(user=student)
    admin_api, admin = admin_a
    path = f"/admin-dashboard/api/clients/{client_a.id}/certificates/{certificate.id}/revoke/"
    assert admin_api.post(path, {"reason": "  "}).status_code == 400
    assert admin_api.post(path, {"reason": "Plagiarised"}).status_code == 200
    assert admin_api.post(path, {"reason": "again"}).json()["code"] == "already_revoked"  # no second record
    with in_a():
        (record,) = AuditEvent.objects.filter(action="certificate.revoked")
    assert record.actor_user_id == admin.id and record.actor_email == admin.email
    assert record.actor_client_id == client_a.id and record.actor_role == "admin"
    assert record.target_type == "certificate" and record.target_id == str(certificate.id)
    assert record.data == {"user_id": student.id, "kind": "course", "title": "Ethics", "reason": "Plagiarised"}
