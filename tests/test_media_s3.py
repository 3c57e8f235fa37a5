"""One S3 round trip: the same media and cheat-sheet code against an S3-compatible
server (moto's) on 127.0.0.1, through django-storages' S3Storage."""

import boto3
import pytest
import requests
from django.core.files.base import ContentFile
from django.test import Client as DjangoClient
from django_tenants.utils import schema_context
from moto.server import ThreadedMotoServer

from tenant_apps.engagement.tests.factories import CheatSheetFactory
from tests.test_media import PNG, fetch, upload

pytestmark = pytest.mark.django_db

BUCKET = "lms-media-test"


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_storage(s3_server, settings):
    options = {
        "bucket_name": BUCKET,
        "endpoint_url": s3_server,
        "region_name": "us-east-1",
        "access_key": "testing",
        "secret_key": "testing",
        "default_acl": None,
        "file_overwrite": False,
        "querystring_auth": True,
        "querystring_expire": 600,
        "signature_version": "s3v4",
    }
    s3 = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    s3.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    yield s3
    for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        s3.delete_object(Bucket=BUCKET, Key=item["Key"])


def test_upload_list_serve_and_presigned_cheat_sheet(s3_storage, client_a, make_user, token_for, as_user):
    token = token_for(make_user(client_a, role="admin"), client_a)
    assert upload(token, "banners", "hero.png", PNG).status_code == 201
    assert [o["Key"] for o in s3_storage.list_objects_v2(Bucket=BUCKET)["Contents"]] == ["images/banners/hero.png"]
    status, headers, body = fetch("/images/banners/hero.png")
    assert status == 200 and body == PNG and headers["Content-Type"] == "image/png"
    assert fetch("/images/banners/missing.png")[0] == 404
    api = DjangoClient(headers={"Authorization": f"Bearer {token}"})
    listing = api.get("/images/folder/banners/").json()
    assert [(i["name"], i["size"]) for i in listing["images"]] == [("hero.png", len(PNG))]
    assert api.get("/images/folders/").json() == {"folders": [{"name": "banners", "image_count": 1}]}

    # cheat sheets on S3 hand out the bucket's own presigned URL
    s3_storage.put_object(Bucket=BUCKET, Key="cheat-sheets/sql.pdf", Body=b"%PDF sql")
    with schema_context(client_a.schema_name):
        sheet = CheatSheetFactory(file_path="cheat-sheets/sql.pdf")
    student, _ = as_user(client_a)
    link = student.post(f"/api/clients/{client_a.id}/free-cheat-sheet-download/", {"cheat_sheet_id": sheet.id}).json()
    assert "X-Amz-Signature=" in link["download_url"] and "X-Amz-Expires=600" in link["download_url"]
    assert requests.get(link["download_url"], timeout=5).content == b"%PDF sql"


def test_an_uploaded_screenshot_on_s3(s3_storage, client_a, as_user):
    # H's proctoring screenshot (storage/uploads.py): the key under the client's schema, the
    # bucket's own presigned URL as the link, a fresh one on the listing
    learner, user = as_user(client_a)
    jpeg = b"\xff\xd8\xff\xe0" + b"\x00" * 64
    response = DjangoClient().post(
        f"/api/clients/{client_a.id}/upload/",
        {"file": ContentFile(jpeg, name="proof.jpg"), "module": "assessment_screenshots"},
        headers={"Authorization": f"Bearer {learner.token}"},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    [stored] = s3_storage.list_objects_v2(Bucket=BUCKET)["Contents"]
    assert stored["Key"] == body["storage_path"]
    assert stored["Key"].startswith(f"uploads/{client_a.schema_name}/assessment_screenshots/{user.id}/")
    assert "X-Amz-Signature=" in body["url"] and "X-Amz-Expires=3600" in body["url"]
    assert requests.get(body["url"], timeout=5).content == jpeg
    [listed] = learner.get(f"/api/clients/{client_a.id}/upload/").json()["files"]
    assert requests.get(listed["url"], timeout=5).content == jpeg
