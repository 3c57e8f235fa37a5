"""No input crashes the server: NUL bytes, lone surrogates, integers beyond 64 bits, deep
or huge JSON and odd bodies are 400 field errors (413 for size), and nothing is written.

Each case answered 500 (or, for ids beyond bigint, an unhelpful 404) before
``core.untrusted_input`` was applied by ``api.parser`` and ``api.middleware``.
"""

import json

import pytest
from django.test import Client as HttpClient
from django_tenants.utils import schema_context

from conftest import Response
from core.untrusted_input import (
    INTEGER_RANGE_MESSAGE,
    NOT_FINITE_MESSAGE,
    NUL_MESSAGE,
    SURROGATE_MESSAGE,
    TOO_DEEP_MESSAGE,
)

BEYOND_BIGINT = "9223372036854775808"


def raw(token: str | None, method: str, path: str, body: bytes | str = b"", content_type="application/json"):
    """A request with exactly this body (the JSON helpers cannot send a lone surrogate)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = getattr(HttpClient(), method.lower())(path, data=body, content_type=content_type, headers=headers)
    return Response(response.status_code, response.headers, response.content)


def assert_field_error(response, field: str, message: str, status: int = 400) -> None:
    assert response.status_code == status, response.raw
    body = response.json()
    assert body[field] == [message], body
    assert isinstance(body["detail"], str) and message in body["detail"]


def forum_threads(client_a) -> list:
    from tenant_apps.forum.models import Thread

    with schema_context(client_a.schema_name):
        return list(Thread.objects.values_list("title", flat=True))


# --- strings: NUL and lone surrogates ---------------------------------------------------


def test_nul_in_a_json_field_is_a_field_error_and_writes_nothing(client_a, as_user):
    student, _ = as_user(client_a)

    response = student.post(
        f"/community-forum/api/clients/{client_a.id}/threads/", {"title": "hi\x00there", "body": "text"}
    )

    assert_field_error(response, "title", NUL_MESSAGE)
    assert forum_threads(client_a) == []


def test_lone_surrogate_in_json_is_a_field_error_and_writes_nothing(client_a, as_user):
    student, _ = as_user(client_a)

    response = raw(
        student.token,
        "POST",
        f"/community-forum/api/clients/{client_a.id}/threads/",
        '{"title": "ok", "body": "\\ud800 alone"}',
    )

    assert_field_error(response, "body", SURROGATE_MESSAGE)
    assert forum_threads(client_a) == []


def test_nul_in_the_login_email_is_a_field_error(api, client_a):
    response = api.post(f"/accounts/clients/{client_a.id}/user/login/", {"email": "a\x00@x.test", "password": "x"})

    assert_field_error(response, "email", NUL_MESSAGE)


def test_nul_in_a_signup_name_is_a_field_error_and_nothing_is_pending(api, client_a):
    from tenant_apps.accounts.models import OneTimeCode

    response = api.post(
        f"/accounts/clients/{client_a.id}/user/signup/",
        {
            "first_name": "Ad\x00a",
            "last_name": "L",
            "email": "ada@x.test",
            "password": "Str0ng-Passw0rd!",
            "confirm_password": "Str0ng-Passw0rd!",
        },
    )

    assert_field_error(response, "first_name", NUL_MESSAGE)
    with schema_context(client_a.schema_name):
        assert not OneTimeCode.objects.filter(email="ada@x.test").exists()


def test_nul_in_a_json_key_or_nested_value_names_its_path(client_a, as_user):
    student, _ = as_user(client_a)
    url = f"/assessment/api/client/{client_a.id}/assessment-submission/any/final/"

    nested = student.put(url, {"response_sheet": {"1": ["ok", "b\x00d"]}})
    key = student.put(url, {"response_sheet": {"k\x00": 1}})

    assert_field_error(nested, "response_sheet.1.1", NUL_MESSAGE)
    assert_field_error(key, "response_sheet.k\\x00", NUL_MESSAGE)


def test_nul_in_a_query_value_is_a_field_error(client_a, as_user):
    student, _ = as_user(client_a)

    response = student.get(f"/community-forum/api/clients/{client_a.id}/threads/?search=%00")

    assert_field_error(response, "search", NUL_MESSAGE)


def test_nul_in_an_id_or_slug_path_part_is_a_field_error(client_a, as_user):
    student, _ = as_user(client_a)

    details = student.get(f"/assessment/api/client/{client_a.id}/assessment-details/ab%00c/")
    final = student.put(f"/assessment/api/client/{client_a.id}/assessment-submission/ab%00c/final/")

    assert_field_error(details, "assessment_id", NUL_MESSAGE)
    assert_field_error(final, "assessment_id", NUL_MESSAGE)


def test_nul_in_a_form_field_is_a_field_error_and_stores_no_file(client_a, as_user, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tenant_apps.engagement.models import CheatSheet

    settings.MEDIA_ROOT = str(tmp_path)
    admin, _ = as_user(client_a, role="admin")
    upload = SimpleUploadedFile("sheet.pdf", b"%PDF-1.4 test", content_type="application/pdf")

    response = HttpClient().post(
        f"/api/clients/{client_a.id}/cheat-sheets/",
        {"title": "SQL\x00", "file": upload},
        headers={"Authorization": f"Bearer {admin.token}"},
    )

    assert response.status_code == 400, response.content
    assert response.json()["title"] == [NUL_MESSAGE]
    with schema_context(client_a.schema_name):
        assert not CheatSheet.objects.exists()
    assert list(tmp_path.rglob("*.pdf")) == []


# --- integers and numbers ---------------------------------------------------------------


def test_page_beyond_bigint_is_a_field_error(client_a, as_user):
    student, _ = as_user(client_a)

    response = student.get(f"/community-forum/api/clients/{client_a.id}/threads/?page={BEYOND_BIGINT}")

    assert_field_error(response, "page", INTEGER_RANGE_MESSAGE)


def test_a_page_whose_offset_overflows_is_a_field_error(client_a, as_user):
    from api.pagination import MAX_PAGE

    student, _ = as_user(client_a)

    response = student.get(f"/community-forum/api/clients/{client_a.id}/threads/?page={MAX_PAGE + 1}")

    assert_field_error(response, "page", f"Must be between 1 and {MAX_PAGE}.")


def test_a_page_past_the_end_is_an_empty_list(client_a, as_user):
    student, _ = as_user(client_a)

    response = student.get(f"/community-forum/api/clients/{client_a.id}/threads/?page=9223372036854775")

    assert response.status_code == 200 and response.json() == []
    assert response.headers["X-Total-Count"] == "0"


@pytest.mark.parametrize("path_id", [BEYOND_BIGINT, "99999999999999999999999999", "-" + BEYOND_BIGINT + "1"])
def test_an_id_beyond_bigint_in_the_path_is_a_field_error(client_a, as_user, path_id):
    student, _ = as_user(client_a)

    response = student.get(f"/community-forum/api/clients/{client_a.id}/threads/{path_id}/")

    assert_field_error(response, "thread_id", INTEGER_RANGE_MESSAGE)


def test_an_id_beyond_bigint_in_the_query_is_a_field_error(client_a, as_user):
    student, _ = as_user(client_a)

    response = student.get(f"/community-forum/api/clients/{client_a.id}/threads/?author={BEYOND_BIGINT}")

    assert_field_error(response, "author", INTEGER_RANGE_MESSAGE)


def test_an_id_beyond_bigint_in_the_body_is_a_field_error_and_writes_nothing(client_a, as_user):
    from tenant_apps.engagement.models import CheatSheetDownload

    student, _ = as_user(client_a)

    response = raw(
        student.token,
        "POST",
        f"/api/clients/{client_a.id}/free-cheat-sheet-download/",
        '{"cheat_sheet_id": 99999999999999999999}',
    )

    assert_field_error(response, "cheat_sheet_id", INTEGER_RANGE_MESSAGE)
    with schema_context(client_a.schema_name):
        assert not CheatSheetDownload.objects.exists()


@pytest.mark.parametrize("number", ["1e999", "-1e999"])
def test_a_number_beyond_float_is_a_field_error(client_a, as_user, number):
    student, _ = as_user(client_a)

    response = raw(
        student.token,
        "PUT",
        f"/assessment/api/client/{client_a.id}/assessment-submission/any/final/",
        '{"response_sheet": {"score": ' + number + "}}",
    )

    assert_field_error(response, "response_sheet.score", NOT_FINITE_MESSAGE)


def test_nan_is_not_json(client_a, as_user):
    student, _ = as_user(client_a)

    response = raw(student.token, "POST", f"/community-forum/api/clients/{client_a.id}/threads/", '{"title": NaN}')

    assert response.status_code == 400
    assert response.json()["non_field_errors"] == ["Cannot parse request body: NaN is not valid JSON"]


# --- shape and size of bodies -----------------------------------------------------------


def test_json_nested_3000_deep_on_final_submit_is_a_400_and_the_submission_stays_open(client_a, as_user):
    from django.utils import timezone

    from tenant_apps.assessment.models import Submission
    from tenant_apps.assessment.tests.factories import assessment_full

    student, user = as_user(client_a)
    with schema_context(client_a.schema_name):
        full = assessment_full(slug="deep")
        Submission.objects.create(assessment=full["assessment"], user=user, started_at=timezone.now())
    deep = "[" * 3000 + "]" * 3000

    response = raw(
        student.token,
        "PUT",
        f"/assessment/api/client/{client_a.id}/assessment-submission/deep/final/",
        '{"response_sheet": {"a": ' + deep + "}}",
    )

    assert_field_error(response, "non_field_errors", TOO_DEEP_MESSAGE)
    with schema_context(client_a.schema_name):
        submission = Submission.objects.get(user=user)
        assert submission.status == "in_progress" and submission.submitted_at is None


def test_json_nested_3000_deep_anywhere_is_a_400(client_a, as_user):
    student, _ = as_user(client_a)

    response = raw(
        student.token,
        "POST",
        f"/community-forum/api/clients/{client_a.id}/threads/",
        '{"title": ' + "[" * 3000 + "]" * 3000 + "}",
    )

    assert_field_error(response, "non_field_errors", TOO_DEEP_MESSAGE)


def test_brackets_inside_strings_do_not_count_as_nesting(client_a, as_user):
    student, _ = as_user(client_a)
    title = '[[[{{{"\\' * 20

    response = student.post(f"/community-forum/api/clients/{client_a.id}/threads/", {"title": title, "body": "b"})

    assert response.status_code == 201, response.raw
    assert response.json()["title"] == title


def test_a_body_over_the_limit_is_a_413_before_anything_runs(client_a, as_user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    student, _ = as_user(client_a)

    response = student.post(
        f"/community-forum/api/clients/{client_a.id}/threads/", {"title": "big", "body": "x" * 2000}
    )

    assert response.status_code == 413
    assert response.json() == {"detail": "Request body too large (at most 1000 bytes).", "code": "request_too_large"}
    assert forum_threads(client_a) == []


def test_malformed_json_is_a_400_with_the_field_error_shape(client_a, as_user):
    student, _ = as_user(client_a)

    response = raw(student.token, "POST", f"/community-forum/api/clients/{client_a.id}/threads/", '{"title": ')

    assert response.status_code == 400
    body = response.json()
    assert body["non_field_errors"][0].startswith("Cannot parse request body: Expecting value")
    assert body["detail"] == body["non_field_errors"][0]


@pytest.mark.parametrize(
    "content_type", ["multipart/form-data", "multipart/form-data; boundary=x", "application/json", "text/plain"]
)
def test_empty_upload_bodies_are_field_errors(client_a, as_user, content_type, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    admin, _ = as_user(client_a, role="admin")

    image = raw(admin.token, "POST", "/images/folder/covers/", b"", content_type)
    sheet = raw(admin.token, "POST", f"/api/clients/{client_a.id}/cheat-sheets/", b"", content_type)

    assert_field_error(image, "file", "This field is required.")
    assert sheet.status_code == 400 and sheet.json()["file"] == ["This field is required."]
    assert list(tmp_path.rglob("*")) == []


def test_json_not_an_object_where_an_object_is_expected_is_a_field_error(client_a, as_user):
    student, _ = as_user(client_a)

    for body in ("[1]", '"x"', "1", "null"):
        response = raw(student.token, "POST", f"/community-forum/api/clients/{client_a.id}/threads/", body)
        assert response.status_code == 400, (body, response.raw)
        assert isinstance(response.json()["detail"], str)
    assert forum_threads(client_a) == []


def test_a_valid_body_still_goes_through(client_a, as_user):
    student, _ = as_user(client_a)

    response = student.post(
        f"/community-forum/api/clients/{client_a.id}/threads/", {"title": "Café ✓ 😀", "body": json.dumps([1, 2])}
    )

    assert response.status_code == 201, response.raw
    assert forum_threads(client_a) == ["Café ✓ 😀"]


# --- datetimes ----------------------------------------------------------------------------


@pytest.mark.parametrize("when", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
def test_a_datetime_outside_utc_years_1_to_9999_is_a_field_error_and_the_class_stays_readable(client_a, as_user, when):
    """It was stored (PostgreSQL holds year 0 and 10000), and every later read of the
    sessions list answered 500."""
    from django.utils import timezone

    from tenant_apps.live_classes.models import LiveClass

    admin, _ = as_user(client_a, role="admin")
    with schema_context(client_a.schema_name):
        live = LiveClass.objects.create(title="Intro", scheduled_time=timezone.now())
    before = live.scheduled_time

    response = admin.put(f"/live-class/api/clients/{client_a.id}/sessions/{live.id}/update/", {"scheduled_time": when})

    assert response.status_code == 400, response.raw
    assert response.json()["scheduled_time"] == ["Value error, Must be between 0001-01-01 and 9999-12-31 in UTC."]
    with schema_context(client_a.schema_name):
        assert LiveClass.objects.get(id=live.id).scheduled_time == before
    assert admin.get(f"/live-class/api/clients/{client_a.id}/sessions/").status_code == 200


def test_an_offset_postgresql_cannot_hold_is_stored_as_the_same_instant_in_utc(client_a, as_user):
    """Python allows offsets up to 23:59, PostgreSQL only to 15:59: the registration was a 500."""
    student, _ = as_user(client_a)

    response = student.post(
        f"/api/clients/{client_a.id}/workshop-registrations/",
        {"workshop_name": "Data Science 101", "workshop_date": "2030-09-06T01:21:28-23:28", "additional_info": {}},
    )

    assert response.status_code == 201, response.raw
    assert response.json()["workshop_date"] == "2030-09-07T00:49:28Z"
