"""Contract test: H's file uploads (docs/real-client.md, "Uploaded files").

H's take page posts proctoring screenshots as multipart ``file`` (a JPEG) and ``module``
(``assessment_screenshots``) to ``POST /api/clients/{id}/upload/`` and keeps ``id``, ``url``,
``filename``, ``module``, ``created_at`` (``url`` must start with ``http``; ``storage_path`` is
preferred when present); its issue-report dialog posts ``report_issue`` attachments. Its result
and course pages ask ``GET /api/clients/{id}/upload/?module=certificate`` for ``{files[{url,
module}]}``.
"""

import base64

import pytest
from django.core.files.base import ContentFile
from django.test import Client as DjangoClient
from django_tenants.utils import schema_context

from storage.models import ClientFile
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def url(client) -> str:
    return f"/api/clients/{client.id}/upload/"


def post(client, token, data: dict):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return DjangoClient().post(url(client), data, headers=headers)


def screenshot(name="assessment-session-proof-1.jpg", content=JPEG, module="assessment_screenshots") -> dict:
    return {"file": ContentFile(content, name=name), "module": module}


def test_a_screenshot_upload_as_h_sends_it(client_a, as_user):
    # given
    api, user = as_user(client_a)

    # when
    response = post(client_a, api.token, screenshot())

    # then: 201 with what H keeps, the key under the client's schema, the bytes served by the link
    assert response.status_code == 201, response.json()
    body = response.json()
    assert isinstance(body["id"], int) and body["module"] == "assessment_screenshots"
    assert body["filename"] == "assessment-session-proof-1.jpg" and body["content_type"] == "image/jpeg"
    assert body["size"] == len(JPEG) and body["url"].startswith("http")
    assert body["storage_path"] == body["key"]
    assert body["key"].startswith(f"uploads/{client_a.schema_name}/assessment_screenshots/{user.id}/")
    assert body["key"].endswith(".jpg") and "session-proof" not in body["key"]
    served = DjangoClient().get(body["url"])
    assert served.status_code == 200 and served.getvalue() == JPEG
    assert served.headers["Content-Type"] == "image/jpeg" and served.headers["X-Content-Type-Options"] == "nosniff"
    # and the listing gives it back with a fresh link
    listed = api.get(f"{url(client_a)}?module=assessment_screenshots").json()["files"]
    assert [(f["id"], f["key"], f["module"]) for f in listed] == [(body["id"], body["key"], body["module"])]
    assert DjangoClient().get(listed[0]["url"]).getvalue() == JPEG


def test_report_issue_takes_pdf_and_images(client_a, as_user):
    api, _ = as_user(client_a)
    for name, content, kind in (("bug.pdf", PDF, "application/pdf"), ("bug.png", PNG, "image/png")):
        response = post(client_a, api.token, screenshot(name=name, content=content, module="report_issue"))
        assert response.status_code == 201, response.json()
        assert response.json()["content_type"] == kind
    assert len(api.get(f"{url(client_a)}?module=report_issue").json()["files"]) == 2


def test_certificate_templates_are_listed_empty(client_a, as_user):
    # H's result and course pages look for uploaded templates; none are built here
    api, _ = as_user(client_a)
    post(client_a, api.token, screenshot())
    response = api.get(f"{url(client_a)}?module=certificate")
    assert response.status_code == 200 and response.json() == {"files": []}
    response = post(client_a, api.token, screenshot(name="t.png", content=PNG, module="certificate"))
    assert response.status_code == 400 and "module" in response.json()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"module": "assessment_screenshots"}, "file"),
        ({"file": ContentFile(JPEG, name="a.jpg")}, "module"),
        ({"file": ContentFile(JPEG, name="a.jpg"), "module": "avatars"}, "module"),
        ({"file": ContentFile(b"", name="a.jpg"), "module": "assessment_screenshots"}, "file"),
        ({"file": ContentFile(b"not an image at all", name="a.jpg"), "module": "assessment_screenshots"}, "file"),
        ({"file": ContentFile(PDF, name="a.pdf"), "module": "assessment_screenshots"}, "file"),
        ({"file": ContentFile(b"<svg onload=alert(1)>", name="a.png"), "module": "report_issue"}, "file"),
    ],
)
def test_bad_uploads_are_400_and_store_nothing(client_a, as_user, media, data, field):
    api, _ = as_user(client_a)
    response = post(client_a, api.token, data)
    assert response.status_code == 400, response.content
    assert field in str(response.json())
    with schema_context(client_a.schema_name):
        assert not ClientFile.objects.exists()
    assert not list(media.rglob("*.*"))


def test_a_file_over_the_limit_is_400(client_a, as_user, settings):
    settings.UPLOAD_MAX_BYTES = 64
    api, _ = as_user(client_a)
    response = post(client_a, api.token, screenshot(content=JPEG + b"\x00" * 64))
    assert response.status_code == 400 and "file" in response.json()


def test_a_json_body_is_400(client_a, as_user):
    api, _ = as_user(client_a)
    response = api.post(url(client_a), {"file": "x", "module": "assessment_screenshots"})
    assert response.status_code == 400


def test_a_bad_module_filter_or_limit_is_400(client_a, as_user):
    api, _ = as_user(client_a)
    assert api.get(f"{url(client_a)}?module=avatars").status_code == 400
    assert api.get(f"{url(client_a)}?limit=0").status_code == 400
    assert api.get(f"{url(client_a)}?limit=x").status_code == 400


def test_members_see_their_own_files_and_staff_everyones(client_a, as_user):
    learner, _ = as_user(client_a)
    other, _ = as_user(client_a)
    admin, _ = as_user(client_a, role="admin")
    mine = post(client_a, learner.token, screenshot()).json()["id"]
    theirs = post(client_a, other.token, screenshot()).json()["id"]
    assert [f["id"] for f in learner.get(url(client_a)).json()["files"]] == [mine]
    assert [f["id"] for f in other.get(url(client_a)).json()["files"]] == [theirs]
    assert [f["id"] for f in admin.get(url(client_a)).json()["files"]] == [theirs, mine]


def test_another_client_cannot_upload_list_or_follow_links(client_a, client_b, as_user):
    learner, _ = as_user(client_a)
    stranger, _ = as_user(client_b)
    link = post(client_a, learner.token, screenshot()).json()["url"]
    # another client's token on this client's path
    assert post(client_a, stranger.token, screenshot()).status_code == 401
    assert stranger.get(url(client_a)).status_code == 401
    # its own path lists nothing of this client
    assert stranger.get(url(client_b)).json() == {"files": []}
    # a link of this client under the other client's path, a forged and no token
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert DjangoClient().get(f"/api/clients/{client_b.id}/upload/files/{token}/").status_code == 403
    assert DjangoClient().get(f"/api/clients/{client_a.id}/upload/files/{token}x/").status_code == 403
    assert post(client_a, None, screenshot()).status_code == 401


def test_a_visiting_platform_admin_cannot_upload(client_a, platform_admin):
    api, _ = platform_admin
    response = post(client_a, api.token, screenshot())
    assert response.status_code == 403, response.content


def test_an_expired_link_is_403(client_a, as_user, settings):
    api, _ = as_user(client_a)
    link = post(client_a, api.token, screenshot()).json()["url"]
    settings.UPLOAD_URL_TTL = -1
    assert DjangoClient().get(link).status_code == 403


def test_the_listing_is_one_statement_whatever_its_length(client_a, client_b, as_user):
    counts = []
    for client, size in ((client_a, 1), (client_b, 6)):
        api, _ = as_user(client)
        for _ in range(size):
            post(client, api.token, screenshot())
        with StatementCount() as counted:
            response = api.get(url(client))
        assert len(response.json()["files"]) == size
        counts.append(counted.count)
    assert counts[0] == counts[1], counts


def test_erasing_a_student_deletes_their_files(client_a, as_user, media, django_capture_on_commit_callbacks):
    learner, user = as_user(client_a)
    kept, _ = as_user(client_a)
    admin, _ = as_user(client_a, role="admin")
    gone = post(client_a, learner.token, screenshot()).json()
    stays = post(client_a, kept.token, screenshot()).json()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"/admin-dashboard/api/clients/{client_a.id}/manage-student/{user.id}/erase/")
    assert response.status_code == 200, response.json()
    assert response.json()["summary"]["storage.clientfile.deleted"] == 1
    assert not (media / gone["key"]).exists() and (media / stays["key"]).exists()
    with schema_context(client_a.schema_name):
        assert list(ClientFile.objects.values_list("id", flat=True)) == [stays["id"]]
