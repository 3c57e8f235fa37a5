"""Certificates end to end: issued once when a course is completed (through the activity
API) or a certificate-granting assessment is passed, rendered to a real PDF with the
client's signatory, the verification code and a QR code of the verification URL,
verified publicly, revoked by an admin, downloaded through a signed link."""

from __future__ import annotations

import io
from collections.abc import Mapping
from decimal import Decimal

import pytest
import zxingcpp
from django.core.files.storage import default_storage
from pypdf import PdfReader

from tenant_apps.assessment.tests.factories import assessment_full, sheet
from tenant_apps.certificates.models import Certificate
from tenant_apps.dashboard.tests.helpers import complete, contents_of
from tenant_apps.lms.models import Enrollment
from tenant_apps.lms.tests.factories import course_build
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.PUBLIC_BASE_URL = "https://learn.example.test"


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Run what commits would run (on_commit callbacks: the task queue, synchronous in tests)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def listing(client) -> str:
    return f"/api/clients/{client.id}/user-available-certificates/"


def admin_base(client) -> str:
    return f"/admin-dashboard/api/clients/{client.id}/"


def finish_course(api, client, student, in_schema, committing, *, title="Data Science 101"):
    """Enroll and complete every content through the activity API; returns the course."""
    with in_schema():
        course = course_build(content_types=("Article", "VideoTutorial"), title=title)
        Enrollment.objects.create(course=course, user=student)
        contents = contents_of(course)
    for content in contents:
        with committing():
            answer = api.post(
                f"/activity/clients/{client.id}/courses/{course.id}/content/{content.id}/",
                {"activity_type": "complete"},
            )
        assert answer.status_code == 201, answer.json()
    return course


def fetch(path: str) -> tuple[int, Mapping[str, str], bytes]:
    """A GET through the whole stack that also reads streamed (file) answers."""
    from django.test import Client as DjangoClient

    response = DjangoClient().get(path)
    body = response.getvalue()  # streamed (FileResponse) or not
    return response.status_code, response.headers, body


def pdf_of(certificate: Certificate) -> PdfReader:
    with default_storage.open(certificate.file, "rb") as handle:
        return PdfReader(io.BytesIO(handle.read()))


def pdf_text(reader: PdfReader) -> str:
    return " ".join((page.extract_text() or "") for page in reader.pages)


def qr_texts(reader: PdfReader) -> list[str]:
    return [code.text for image in reader.pages[0].images for code in zxingcpp.read_barcodes(image.image)]


# --- issuing on completion -----------------------------------------------------------------------


def test_completing_a_course_issues_one_rendered_certificate(client_a, as_user, in_a, committing, admin_a):
    # given: the client's signatory
    admin_api, _ = admin_a
    settings_path = admin_base(client_a) + "certificate-settings/"
    patched = admin_api.patch(
        settings_path, {"certificate_signatory_name": "Grace Hopper", "certificate_signatory_title": "Dean"}
    )
    assert patched.status_code == 200
    assert admin_api.get(settings_path).json() == {
        "certificate_signatory_name": "Grace Hopper",
        "certificate_signatory_title": "Dean",
        "certificate_signature_url": "",
    }
    api, student = as_user(client_a, first_name="Ada", last_name="Lovelace")
    # when: every content is completed (the last completion queues the issue task)
    course = finish_course(api, client_a, student, in_a, committing)
    # and completed again (a repeated complete, and a repeated task)
    content = contents_of_in(in_a, course)[-1]
    with committing():
        again = api.post(
            f"/activity/clients/{client_a.id}/courses/{course.id}/content/{content.id}/", {"activity_type": "complete"}
        )
    assert again.status_code == 201
    from tenant_apps.certificates.tasks import course_certificate_issue_run

    assert course_certificate_issue_run(client_a.schema_name, student.id, course.id) is not None
    # then: exactly one certificate, rendered
    with in_a():
        (certificate,) = Certificate.objects.filter(user=student)
        assert certificate.course_id == course.id and certificate.kind == "course"
        assert certificate.file and certificate.rendered_at is not None
        reader = pdf_of(certificate)
    code = f"{client_a.id}-{certificate.code}"
    verify_url = f"https://learn.example.test/certificates/verify/{code}/"
    text = pdf_text(reader)
    for printed in ("Ada Lovelace", "Data Science 101", "Alpha Academy", code, "Grace Hopper", "Dean"):
        assert printed in text, printed
    assert reader.metadata is not None
    assert reader.metadata.title == "Certificate of Completion: Data Science 101"
    assert qr_texts(reader) == [verify_url]
    # and the list offers it with a working download link
    (row,) = api.get(listing(client_a)).json()
    assert row["status"] == "issued" and row["verification_code"] == code
    assert row["verification_url"] == f"http://testserver/certificates/verify/{code}/"
    assert row["download_url"].startswith(
        f"http://testserver/api/clients/{client_a.id}/certificates/{row['id']}/download/"
    )
    status, headers, body = fetch(row["download_url"].removeprefix("http://testserver"))
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == f'attachment; filename="certificate-{row["id"]}.pdf"'
    assert body.startswith(b"%PDF-") and code in pdf_text(PdfReader(io.BytesIO(body)))


def contents_of_in(in_schema, course):
    with in_schema():
        return contents_of(course)


def test_progress_short_of_completion_issues_nothing(client_a, as_user, in_a, committing):
    api, student = as_user(client_a)
    with in_a():
        course = course_build(content_types=("Article", "VideoTutorial"))
        Enrollment.objects.create(course=course, user=student)
        first = contents_of(course)[0]
    with committing() as callbacks:
        api.post(
            f"/activity/clients/{client_a.id}/courses/{course.id}/content/{first.id}/", {"activity_type": "complete"}
        )
    # the check ran after commit and queued nothing (the other callbacks are cache version bumps)
    assert [cb.__qualname__ for cb in callbacks if "bump" not in cb.__qualname__] == [
        "certificate_queue_for_content.<locals>.check_and_queue"
    ]
    with in_a():
        assert not Certificate.objects.exists()


def test_listing_catches_up_and_renders_pending(client_a, as_user, in_a, committing):
    """Completions recorded without the trigger (older data): listing issues the row and
    queues its PDF; the next listing offers the download."""
    api, student = as_user(client_a)
    with in_a():
        course = course_build(content_types=("Article",))
        Enrollment.objects.create(course=course, user=student)
        complete(student, contents_of(course)[0])
    with committing():
        (pending,) = api.get(listing(client_a)).json()
    assert pending["status"] == "pending" and pending["download_url"] is None
    (issued,) = api.get(listing(client_a)).json()
    assert issued["status"] == "issued" and issued["download_url"]


# --- assessments ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("mcq_right", "issued"), [(3, True), (0, False)])
def test_passing_an_assessment_that_grants_one_issues_it(mcq_right, issued, client_a, as_user, in_a, committing):
    # given: pass mark 60 %: 3 right MCQs and Paris are 4 of 6 marks (67 %), nothing right is 0 %
    api, student = as_user(client_a, first_name="Alan", last_name="Turing")
    with in_a():
        full = assessment_full(title="Python Basics", slug="python-basics")
        assessment = full["assessment"]
        assessment.certificate_available, assessment.pass_percentage = True, Decimal("60.00")
        assessment.save()
    asm = f"/assessment/api/client/{client_a.id}"
    assert api.get(f"{asm}/start-assessment/python-basics/").status_code == 200
    # when
    with committing():
        final = api.post(
            f"{asm}/assessment-submission/python-basics/final/",
            {"response_sheet": sheet(full, mcq_right=mcq_right, capital="Paris" if issued else "Rome", code="x")},
        )
    assert final.status_code == 200, final.json()
    # then
    with in_a():
        certificates = list(Certificate.objects.filter(user=student))
    assert len(certificates) == int(issued)
    if issued:
        (certificate,) = certificates
        assert certificate.kind == "assessment" and certificate.assessment_id == assessment.id
        text = pdf_text(pdf_of(certificate))
        assert "Alan Turing" in text and "Python Basics" in text and "CERTIFICATE OF ACHIEVEMENT" in text


def test_assessment_window_and_certificate_fields_are_validated(client_a, admin_a):
    admin_api, _ = admin_a
    path = f"/admin-dashboard/api/clients/{client_a.id}/assessments/"
    no_mark = admin_api.post(path, {"title": "Cert", "certificate_available": True})
    assert no_mark.status_code == 400 and "pass_percentage" in no_mark.json()
    backwards = admin_api.post(
        path, {"title": "Back", "start_time": "2026-05-02T10:00:00Z", "end_time": "2026-05-01T10:00:00Z"}
    )
    assert backwards.status_code == 400 and "end_time" in backwards.json()
    made = admin_api.post(
        path,
        {
            "title": "Cert",
            "certificate_available": True,
            "pass_percentage": 75,
            "start_time": "2026-05-01T10:00:00Z",
            "end_time": "2026-05-02T10:00:00Z",
        },
    )
    assert made.status_code == 201, made.json()
    body = made.json()
    assert (body["certificate_available"], body["pass_percentage"]) == (True, 75)
    assert (body["start_time"], body["end_time"]) == ("2026-05-01T10:00:00Z", "2026-05-02T10:00:00Z")


def test_a_closed_or_unopened_window_refuses_a_new_start(client_a, as_user, in_a):
    from datetime import timedelta

    from django.utils import timezone

    from tenant_apps.assessment.tests.factories import AssessmentFactory

    api, _ = as_user(client_a)
    now = timezone.now()
    with in_a():
        AssessmentFactory(slug="later", start_time=now + timedelta(days=1))
        AssessmentFactory(slug="over", end_time=now - timedelta(minutes=1))
    asm = f"/assessment/api/client/{client_a.id}/start-assessment"
    assert api.get(f"{asm}/later/").json()["code"] == "assessment_not_open"
    closed = api.get(f"{asm}/over/")
    assert closed.status_code == 400 and closed.json()["code"] == "assessment_closed"


# --- verification and revocation -----------------------------------------------------------------


def test_verify_revoke_and_isolation(client_a, client_b, as_user, in_a, committing, admin_a, api):
    # given: a rendered certificate at client A
    student_api, student = as_user(client_a, first_name="Ada", last_name="Lovelace")
    course = finish_course(student_api, client_a, student, in_a, committing, title="Ethics")
    (row,) = student_api.get(listing(client_a)).json()
    verify = f"/certificates/verify/{row['verification_code']}/"
    # when / then: anyone can verify it
    answer = api.get(verify)
    assert answer.status_code == 200
    assert answer.json() | {"issued_at": None} == {
        "status": "valid",
        "verification_code": row["verification_code"],
        "holder_name": "Ada Lovelace",
        "kind": "course",
        "title": "Ethics",
        "course_id": course.id,
        "assessment_id": None,
        "score": None,
        "issued_at": None,
        "revoked_at": None,
        "client_id": client_a.id,
        "client_name": "Alpha Academy",
    }
    page = api.get(verify, headers={"Accept": "text/html,application/xhtml+xml"})
    assert page.headers["Content-Type"].startswith("text/html") and "Valid certificate" in page.raw.decode()
    # unknown, malformed, another client's prefix, the public client's prefix: 404
    secret = row["verification_code"].split("-", 1)[1]
    for code in (
        f"{client_a.id}-{'x' * 24}",
        "nonsense",
        f"{client_b.id}-{secret}",
        f"1-{secret}",
        f"0{client_a.id}-{secret}",
    ):
        assert api.get(f"/certificates/verify/{code}/").status_code == 404, code

    # client B's admin cannot revoke or list A's certificates; a student cannot revoke
    admin_b_api, _ = as_user(client_b, role="admin")
    revoke = admin_base(client_a) + f"certificates/{row['id']}/revoke/"
    assert admin_b_api.post(revoke, {"reason": "x"}).status_code == 401
    assert admin_b_api.get(admin_base(client_a) + "certificates/").status_code == 401
    assert (
        admin_b_api.post(admin_base(client_b) + f"certificates/{row['id']}/revoke/", {"reason": "x"}).status_code == 404
    )
    assert student_api.post(revoke, {"reason": "x"}).status_code == 403
    # a download link of A does not open on B's path
    download = row["download_url"].removeprefix("http://testserver")
    assert api.get(download.replace(f"/clients/{client_a.id}/", f"/clients/{client_b.id}/")).status_code == 403

    # when: A's admin revokes it
    admin_api, admin = admin_a
    assert admin_api.post(revoke, {"reason": "  "}).status_code == 400
    assert admin_api.post(revoke, {}).status_code == 400
    revoked = admin_api.post(revoke, {"reason": "Plagiarised project"})
    # then
    assert revoked.status_code == 200, revoked.json()
    body = revoked.json()
    assert body["status"] == "revoked" and body["revoke_reason"] == "Plagiarised project"
    assert body["download_url"] is None and body["user_email"] == student.email
    assert admin_api.post(revoke, {"reason": "again"}).json()["code"] == "already_revoked"
    after = api.get(verify).json()
    assert after["status"] == "revoked" and after["revoked_at"] is not None
    assert "reason" not in str(after)  # the reason stays with the client
    assert "revoked on" in api.get(verify, headers={"Accept": "text/html"}).raw.decode()
    assert api.get(download).status_code == 404
    (listed,) = student_api.get(listing(client_a)).json()
    assert listed["status"] == "revoked" and listed["download_url"] is None
    with in_a():
        assert Certificate.objects.get(id=row["id"]).revoked_by_id == admin.id


def test_download_links_expire(client_a, as_user, in_a, committing, api, settings):
    student_api, student = as_user(client_a)
    finish_course(student_api, client_a, student, in_a, committing)
    (row,) = student_api.get(listing(client_a)).json()
    path = row["download_url"].removeprefix("http://testserver")
    assert fetch(path)[0] == 200
    settings.CERTIFICATE_URL_TTL = -1  # every link issued so far is older than that
    answer = api.get(path)
    assert answer.status_code == 403 and answer.json()["code"] == "download_link_invalid"
    assert api.get(path.replace("/download/", "/download/x")).status_code == 403


def test_admin_list_filters_and_query_budget(client_a, as_user, in_a, admin_a, warm):
    admin_api, _ = admin_a
    _, first = as_user(client_a)
    with in_a():
        for _ in range(5):
            course = course_build(content_types=("Article",))
            Certificate.objects.create(
                user=first, course=course, title=course.title, user_name="x", issued_at=course.created_at
            )
    path = admin_base(client_a) + "certificates/"
    with StatementCount(2):  # user + session, certificates with their holders
        assert len(admin_api.get(path).json()) == 5
    with StatementCount(2):
        assert len(admin_api.get(path + f"?user_id={first.id}&revoked=false").json()) == 5
    assert admin_api.get(path + "?revoked=true").json() == []
    assert admin_api.get(path + "?revoked=maybe").status_code == 400
    page = admin_api.get(path + "?page=1&page_size=2")
    assert len(page.json()) == 2 and page.headers["X-Total-Count"] == "5"


def test_admin_list_filters_by_holder_and_revocation(client_a, as_user, in_a, admin_a):
    """``CertificateFilter``: each filter keeps exactly the rows it names."""
    admin_api, _ = admin_a
    _, first = as_user(client_a)
    _, second = as_user(client_a)
    with in_a():
        kept, revoked, other = (
            Certificate.objects.create(
                user=user, course=course, title=course.title, user_name="x", issued_at=course.created_at
            )
            for user, course in (
                (first, course_build(content_types=("Article",))),
                (first, course_build(content_types=("Article",))),
                (second, course_build(content_types=("Article",))),
            )
        )
    path = admin_base(client_a) + "certificates/"
    assert admin_api.post(path + f"{revoked.id}/revoke/", {"reason": "Duplicate"}).status_code == 200

    def ids(query: str) -> set[int]:
        return {row["id"] for row in admin_api.get(path + query).json()}

    assert ids("") == {kept.id, revoked.id, other.id}
    assert ids(f"?user_id={first.id}") == {kept.id, revoked.id}
    assert ids("?revoked=true") == {revoked.id}
    assert ids("?revoked=false") == {kept.id, other.id}
    assert ids(f"?user_id={second.id}&revoked=true") == set()


def test_certificate_settings_are_admin_only_and_validated(client_a, as_user, admin_a):
    admin_api, _ = admin_a
    path = admin_base(client_a) + "certificate-settings/"
    student_api, _ = as_user(client_a)
    assert student_api.get(path).status_code == 403
    assert admin_api.patch(path, {"certificate_signature_url": "not a url"}).status_code == 400
    assert admin_api.put(path, {"certificate_signatory_name": "x" * 201}).status_code == 400
    assert admin_api.get(path).json()["certificate_signatory_name"] == ""


def test_signature_and_logo_from_own_media_are_drawn(client_a, as_user, in_a, committing, admin_a):
    """Images of this platform's /images/ store are drawn; the PDF then holds them."""
    from django.core.files.base import ContentFile

    from tests.test_media import PNG

    default_storage.save("images/brand/sign.png", ContentFile(PNG))
    admin_api, _ = admin_a
    admin_api.patch(
        admin_base(client_a) + "certificate-settings/",
        {
            "certificate_signatory_name": "Grace",
            "certificate_signature_url": "https://media.example.test/images/brand/sign.png",
        },
    )
    student_api, student = as_user(client_a)
    finish_course(student_api, client_a, student, in_a, committing)
    with in_a():
        reader = pdf_of(Certificate.objects.get(user=student))
    assert len(reader.pages[0].images) == 2  # the signature and the QR code
