"""Attacks on the clients' uploaded files (``/api/clients/{id}/upload/``; the ``attack2``
review): what any member can make the server read and keep.

- A multipart body was read to its end, into a temporary file, whatever its declared length,
  before the view looked at the file's size: any student could send gigabytes per request.
  Multipart bodies now have their own limit (``MULTIPART_MAX_BYTES``), a 413 before anything
  is read.
- Nothing bounded how many files a member keeps: each upload is at most 5 MB, but a student
  could repeat it without end. A member may now upload at most ``UPLOAD_DAILY_FILES`` files
  and ``UPLOAD_DAILY_BYTES`` bytes in 24 hours (a 400 on ``file``).
- What was already sound stays so (guards): a polyglot (a GIF whose bytes go on as HTML) is
  served as an image that browsers neither sniff nor run; the name sent never reaches a key.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import Client as DjangoClient
from django.utils import timezone
from django_tenants.utils import schema_context

from storage.models import ClientFile
from tests.test_real_client_uploads import JPEG, PNG, post, screenshot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def test_a_multipart_body_past_its_limit_is_413_before_it_is_read(client_a, as_user, media, settings):
    # given: a multipart limit of 64 KB, a body of about 200 KB (the file itself within the
    # upload limit, so the view would have stored it)
    settings.MULTIPART_MAX_BYTES = 64 * 1024
    api, _ = as_user(client_a)
    big = JPEG + b"\x00" * (200 * 1024)
    # when
    response = post(client_a, api.token, screenshot(content=big))
    # then
    assert response.status_code == 413, response.content
    assert response.json()["code"] == "request_too_large"
    with schema_context(client_a.schema_name):
        assert not ClientFile.objects.exists()
    assert not list(media.rglob("*.*"))


def test_the_default_multipart_limit_leaves_room_for_every_upload_route(settings):
    largest = max(settings.UPLOAD_MAX_BYTES, settings.MEDIA_MAX_IMAGE_BYTES, settings.CHEAT_SHEET_MAX_BYTES)
    assert largest < settings.MULTIPART_MAX_BYTES <= largest + 1024 * 1024


def test_a_multipart_body_within_its_limit_still_uploads(client_a, as_user, settings):
    settings.MULTIPART_MAX_BYTES = 64 * 1024
    api, _ = as_user(client_a)
    response = post(client_a, api.token, screenshot(content=JPEG + b"\x00" * 1024))
    assert response.status_code == 201, response.content


def test_a_member_has_a_daily_number_of_files(client_a, as_user, media, settings):
    # given: 3 files a day
    settings.UPLOAD_DAILY_FILES = 3
    api, user = as_user(client_a)
    other, _ = as_user(client_a)
    for _ in range(3):
        assert post(client_a, api.token, screenshot()).status_code == 201
    # when: a fourth
    response = post(client_a, api.token, screenshot())
    # then: refused, nothing more stored; another member is not affected
    assert response.status_code == 400, response.content
    assert "file" in response.json()
    with schema_context(client_a.schema_name):
        assert ClientFile.objects.filter(owner=user).count() == 3
    assert len(list(media.rglob("*.jpg"))) == 3
    assert post(client_a, other.token, screenshot()).status_code == 201
    # and a day later the member may upload again
    with schema_context(client_a.schema_name):
        ClientFile.objects.filter(owner=user).update(created_at=timezone.now() - timedelta(hours=25))
    assert post(client_a, api.token, screenshot()).status_code == 201


def test_a_member_has_a_daily_number_of_bytes(client_a, as_user, settings):
    settings.UPLOAD_DAILY_BYTES = 2 * len(JPEG) + 10
    api, _ = as_user(client_a)
    assert post(client_a, api.token, screenshot()).status_code == 201
    assert post(client_a, api.token, screenshot()).status_code == 201
    response = post(client_a, api.token, screenshot())
    assert response.status_code == 400 and "file" in response.json()
    # a smaller file that still fits is taken
    settings.UPLOAD_DAILY_BYTES = 2 * len(JPEG) + len(PNG)
    assert post(client_a, api.token, screenshot(name="s.png", content=PNG)).status_code == 201


def test_a_polyglot_is_served_as_an_image_nobody_runs(client_a, as_user):
    # a GIF header followed by a page: stored and served as image/gif, never as HTML
    api, _ = as_user(client_a)
    polyglot = b"GIF89a/*<html><script>alert(document.cookie)</script></html>*/"
    response = post(client_a, api.token, {"file": ContentFile(polyglot, name="x.html"), "module": "report_issue"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["content_type"] == "image/gif" and body["key"].endswith(".gif")
    served = DjangoClient().get(body["url"])
    assert served.headers["Content-Type"] == "image/gif"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.headers["Content-Security-Policy"] == "default-src 'none'"
    assert "html" not in served.headers.get("Content-Disposition", "")


@pytest.mark.parametrize(
    "name", ["../../../etc/passwd.png", "..\\..\\x.png", "a/../../b.png", "\x00.png", "%2e%2e/x.png"]
)
def test_the_name_sent_never_reaches_the_key(client_a, as_user, media, name):
    api, user = as_user(client_a)
    response = post(client_a, api.token, screenshot(name=name, content=PNG))
    assert response.status_code in (201, 400), response.content
    if response.status_code == 201:
        key = response.json()["key"]
        assert key.startswith(f"uploads/{client_a.schema_name}/assessment_screenshots/{user.id}/")
        assert ".." not in key and "\\" not in key
        assert all(path.resolve().is_relative_to(media.resolve()) for path in media.rglob("*"))


@pytest.mark.parametrize("module", ["../x", "assessment_screenshots/../../x", " report_issue/..", "REPORT_ISSUE"])
def test_a_module_is_one_of_the_list_as_sent(client_a, as_user, module):
    api, _ = as_user(client_a)
    response = post(client_a, api.token, screenshot(module=module))
    assert response.status_code == 400 and "module" in response.json()
